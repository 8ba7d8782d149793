"""Immediate, kind feedback on a lesson's exercises.

Each exercise is registered once (in ``entente_course/answers/lessonNN.py``) with a function that
*computes* its expected answer from the course data, so an answer key can never drift from ``data/``.
``check("01.2", answer)`` prints feedback and never raises for a student: an untouched placeholder
(``...``) is "not answered yet", a wrong type gets a sentence, not a traceback. The kind of an answer
(and of each item and key in it) is judged before its value, so feedback never misleads; a named
:class:`Mistake` is reported only for the wrong answer it computes. ``hint("01.2")`` shows the next hint
level and the progress file keeps how many each exercise took.

Strict mode (``ENTENTE_STRICT=1``, or ``ENTENTE_STRICT_DIRS`` naming folders that contain the running
notebook) turns anything but a correct answer into :class:`WrongAnswer`, so the solution notebooks
prove themselves in the tests.
"""

from __future__ import annotations

import functools
import importlib
import math
import numbers
import os
import pkgutil
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import data, progress
from .status import Status

__all__ = [
    "MIME_TYPE",
    "Exercise",
    "Mistake",
    "Result",
    "WrongAnswer",
    "check",
    "evaluate",
    "exercise",
    "exercises",
    "hint",
    "hints_used",
    "is_strict",
    "verdict",
]

NOT_ANSWERED = Status.NOT_ANSWERED
PASS = Status.PASS
WRONG = Status.WRONG
ERROR = Status.ERROR


class WrongAnswer(AssertionError):
    """Raised in strict mode when an answer is not correct."""


@dataclass(frozen=True)
class Mistake:
    """A typical slip: ``compute`` gives the wrong answer that slip produces, ``message`` says what went wrong."""

    message: str
    compute: Callable[[], Any]


@dataclass(frozen=True)
class Exercise:
    """One auto-checked exercise: its id (``"01.2"``), the question, and how to compute the answer.

    ``hints`` are levels, shown one per call of :func:`hint` (1: what to think about; 2: which operation;
    3: a skeleton with blanks). ``mistakes`` name likely wrong answers and what to say about them.
    """

    id: str
    question: str
    expected: Callable[[], Any]
    hints: tuple[str, ...] = ()
    tolerance: float = 1e-6
    ordered: bool = field(default=False)
    mistakes: tuple[Mistake, ...] = ()


@dataclass(frozen=True)
class Result:
    """The outcome of one check: ``status`` is pass, wrong, not answered or error."""

    exercise: str
    status: Status
    message: str

    @property
    def correct(self) -> bool:
        return self.status == PASS


_REGISTRY: dict[str, Exercise] = {}


def exercise(
    id: str,
    question: str,
    *,
    hints: Iterable[str] = (),
    hint: str | None = None,
    tolerance: float = 1e-6,
    ordered: bool = False,
    mistakes: Iterable[Mistake] = (),
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register the decorated function as the way to compute exercise ``id``'s answer.

    ``ordered=True`` means a list answer must also be in the right order; ``tolerance`` is the
    absolute slack allowed for numbers. ``hint`` (one level) is kept for custom exercise files.
    """
    levels = tuple(hints) or ((hint,) if hint else ())

    def register(compute: Callable[[], Any]) -> Callable[[], Any]:
        if id in _REGISTRY:
            raise ValueError(f"exercise {id} is registered twice")
        _REGISTRY[id] = Exercise(id, question, compute, levels, tolerance, ordered, tuple(mistakes))
        return compute

    return register


def exercises() -> dict[str, Exercise]:
    """Every registered exercise, by id (importing the lesson modules on first use)."""
    from . import answers as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return dict(sorted(_REGISTRY.items()))


def is_strict() -> bool:
    """Whether a wrong answer should raise (used by the tests of the solution notebooks)."""
    if os.environ.get("ENTENTE_STRICT", "") == "1":
        return True
    here = Path.cwd().resolve()
    for folder in filter(None, os.environ.get("ENTENTE_STRICT_DIRS", "").split(os.pathsep)):
        if here == Path(folder).resolve() or Path(folder).resolve() in here.parents:
            return True
    return False


# --- comparing answers -------------------------------------------------------------------------
#
# Feedback must never mislead, so the *kind* of an answer (and of each item and key in it) is checked
# before its value: text that looks like a number, a row id where a source id is wanted, a number from
# the wrong column where a year is wanted each get a sentence saying so, not "2 items missing".


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "True or False"
    if isinstance(value, numbers.Number):
        return "a number"
    if isinstance(value, str):
        return "a piece of text (a string)"
    if isinstance(value, pd.DataFrame):
        return "a table (a DataFrame)"
    if isinstance(value, (pd.Series, Mapping)):
        return "a mapping from labels to values (a dict or a Series)"
    if isinstance(value, (set, frozenset)):
        return "a collection of items (a set or a list)"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _is_whole(value: Any) -> bool:
    return _is_number(value) and math.isfinite(float(value)) and float(value).is_integer()


def _is_year(value: Any) -> bool:
    return _is_whole(value) and 1900 <= float(value) <= 2100


_NUMERIC_TEXT = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$")
_PARAGRAPH = re.compile(r"^\s*(?:¶|§|paragraph|para\.?|p\.)?\s*(\d+)\s*$", re.IGNORECASE)
_LOCATOR = re.compile(r"^¶\d+$")


def _looks_numeric(value: Any) -> bool:
    return isinstance(value, str) and bool(_NUMERIC_TEXT.match(value))


def _paragraph(value: Any) -> str | None:
    """``"¶4"`` for 4, ``"4"``, ``"¶ 4"``, ``"paragraph 4"``, ``"¶4"``; None for anything else."""
    if _is_whole(value):
        return f"¶{int(value)}"
    if isinstance(value, str) and (match := _PARAGRAPH.match(value)):
        return f"¶{int(match.group(1))}"
    return None


def _are_paragraphs(items: Iterable[Any]) -> bool:
    items = list(items)
    return bool(items) and all(isinstance(i, str) and _LOCATOR.match(i) for i in items)


def _as_paragraphs(items: Iterable[Any]) -> list[Any]:
    """Where paragraphs are wanted, 4, "4" and "paragraph 4" all mean "¶4": no student needs to type ¶."""
    return [_paragraph(i) or i for i in items]


def _same_number(a: Any, b: Any, tolerance: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=tolerance)


def _same_item(a: Any, b: Any, tolerance: float) -> bool:
    if _is_number(a) and _is_number(b):
        return _same_number(a, b, tolerance)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return bool(a == b)


def _norm(item: Any) -> Any:
    if isinstance(item, str):
        return item.strip().casefold()
    if _is_whole(item):
        return int(item)
    return item


def _examples(items: Iterable[Any]) -> str:
    """Up to three of ``items`` as the student would write them: '2' for text, 2 for a number."""
    plain = [
        int(i) if _is_whole(i) else float(i) if _is_number(i) else str(i) if isinstance(i, str) else i for i in items
    ]
    items = sorted(plain, key=str)
    shown = ", ".join(repr(i) for i in items[:3])
    return shown + (", …" if len(items) > 3 else "")


def _as_listlike(answer: Any) -> list | None:
    if isinstance(answer, (str, bytes, Mapping, pd.DataFrame)):
        return None
    if isinstance(answer, (list, tuple, set, frozenset, pd.Series, pd.Index)) or hasattr(answer, "tolist"):
        items = answer.tolist() if hasattr(answer, "tolist") else answer
        return list(items) if isinstance(items, (list, tuple, set, frozenset)) else None
    return None


def _singular(table: str) -> str:
    return table.removesuffix("s").replace("_", " ")


@functools.lru_cache(maxsize=4)
def _ids_by_table(folder: str, stamp: int) -> dict[str, frozenset[str]]:
    """Every table's row ids (read once per state of the data folder: ``folder`` and ``stamp`` key the cache)."""
    ids = {}
    for table in data.tables():
        frame = data.load(table)
        if "id" in frame.columns:
            ids[table] = frozenset(frame["id"].astype(str))
    return ids


def _id_table(items: Iterable[Any]) -> str | None:
    """The data table whose ``id`` column holds every one of ``items`` (None if none does)."""
    items = {str(i) for i in items}
    if not items:
        return None
    try:
        folder = data.data_dir()
        stamp = max((p.stat().st_mtime_ns for p in folder.rglob("*.csv")), default=0)
        tables = _ids_by_table(str(folder), stamp)
    except Exception:  # noqa: BLE001 - a hint about ids is a courtesy; broken data must not break a check
        return None
    return next((table for table, ids in tables.items() if items <= ids), None)


def _column_holding(table: str, items: Iterable[Any]) -> str | None:
    """A column of ``table`` (other than id) that holds every one of ``items``."""
    items = {str(i) for i in items}
    try:
        frame = data.load(table)
    except Exception:  # noqa: BLE001
        return None
    return next((c for c in frame.columns if c != "id" and items <= set(frame[c].astype(str))), None)


def _row_id_problem(want: list, got: list, noun: str) -> str | None:
    """A sentence when the answer gives row ids of one table where the question wants other ids."""
    wanted = {_norm(w) for w in want}
    extra = [g for g in got if isinstance(g, str) and _norm(g) not in wanted]
    if not extra:
        return None
    got_table = _id_table(extra)
    want_table = _id_table(want)
    if got_table is None or got_table == want_table:
        return None
    what = f"{_singular(want_table)} ids" if want_table else "other labels"
    column = _column_holding(got_table, want)
    where = f" (each row's {column} column)" if column else ""
    return (
        f"These {noun}s look like row ids of the {got_table} table ({_examples(extra)}); the question wants "
        f"{what}{where}."
    )


def _kind_problem(want: list, got: list, noun: str) -> str | None:
    """What is wrong with the *kind* of the items of an answer, before their values are compared."""
    if not want or not got:
        return None
    if all(_is_number(w) for w in want):
        wanted = "whole numbers" if all(_is_whole(w) for w in want) else "numbers"
        texts = [g for g in got if isinstance(g, str)]
        if texts and all(_looks_numeric(t) or _paragraph(t) for t in texts):
            plain = _paragraph(texts[0])[1:] if _paragraph(texts[0]) else texts[0].strip()  # type: ignore[index]
            return (
                f"These {noun}s are text ({_examples(texts)}); the question wants {wanted}: "
                f"write {plain}, not {texts[0]!r}."
            )
        if texts:
            return f"Some {noun}s are text ({_examples(texts)}); the question wants {wanted}."
        if all(_is_year(w) for w in want):
            odd = [g for g in got if _is_number(g) and not _is_year(g)]
            if odd:
                return (
                    f"Some {noun}s ({_examples(odd)}) look like values, not years; the question wants years, "
                    f"such as 2015. Did you take them from another column?"
                )
        return None
    if all(isinstance(w, str) for w in want):
        if not _are_paragraphs(want):
            found = [g for g in got if _is_number(g)]
            if found:
                return f"These {noun}s are numbers ({_examples(found)}); the question wants text, in quotes."
        return _row_id_problem(want, got, noun)
    return None


def _compare_number(expected: Any, answer: Any, tolerance: float) -> tuple[bool, str]:
    if _looks_numeric(answer):
        return False, f"This is text ({answer!r}); the question wants a number: write {answer.strip()}, without quotes."
    if not _is_number(answer):
        items = _as_listlike(answer) if not isinstance(answer, Mapping) else None
        if isinstance(answer, pd.Series) or (items is not None and len(items) == 1):
            return False, (
                f"This answer should be one number, but you gave {_kind(answer)} holding "
                f"{len(answer)} value(s). Take the number out of it (for a Series: .iloc[0])."
            )
        return False, f"This answer should be a number, but you gave {_kind(answer)}: {answer!r:.60}."
    if math.isnan(float(answer)):
        return False, "Your answer is NaN ('not a number'): usually a calculation over no rows. Check your filter."
    if _same_number(answer, expected, tolerance):
        return True, ""
    if _is_year(expected):
        if not _is_year(answer):
            return False, (
                f"{answer} looks like a value, not a year: the question asks for a year, such as 2015. "
                f"Did you read the number from another column?"
            )
        return False, f"Your year, {int(answer)}, is too {'late' if answer > expected else 'early'}."
    direction = "too high" if float(answer) > float(expected) else "too low"
    return False, f"Your number, {answer}, is {direction}."


def _compare_text(expected: str, answer: Any, tolerance: float) -> tuple[bool, str]:
    if _are_paragraphs([expected]) and _paragraph(answer) is not None:
        ok = _paragraph(answer) == expected
        return ok, "" if ok else f"{answer!r} is not the paragraph we found in the data."
    if not isinstance(answer, str):
        return False, f"This answer should be a piece of text (in quotes), but you gave {_kind(answer)}."
    ok = _same_item(answer, expected, tolerance)
    if ok:
        return True, ""
    return False, _row_id_problem(
        [expected], [answer], "answer"
    ) or f"'{answer}' is not the answer we computed from the data."


def _compare_sets(want: list, got: list, noun: str) -> tuple[list, str | None]:
    """Compare as sets, kind first: returns ``got`` (paragraphs spelled as wanted) and what is wrong, if anything."""
    if _are_paragraphs(want):
        got = _as_paragraphs(got)
    problem = _kind_problem(want, got, noun)
    if problem:
        return got, problem
    want_set, got_set = {_norm(i) for i in want}, {_norm(i) for i in got}
    return got, None if want_set == got_set else _set_difference(want_set, got_set, noun)


def _compare_mapping(expected: Any, answer: Any, tolerance: float) -> tuple[bool, str]:
    if not isinstance(answer, (Mapping, pd.Series)):
        return False, f"This answer should be {_kind(expected)}, but you gave {_kind(answer)}."
    want, got = dict(expected.items()), dict(answer.items())
    keys, problem = _compare_sets(list(want), list(got), "label")
    if problem:
        return False, problem
    got_by_key = {_norm(k): v for k, v in zip(keys, got.values())}
    values = [got_by_key[_norm(k)] for k in want]
    if _are_paragraphs(want.values()):
        values = _as_paragraphs(values)
    problem = _kind_problem(list(want.values()), values, "value")
    if problem:
        return False, problem
    wrong = [k for (k, v), given in zip(want.items(), values) if not _same_item(given, v, tolerance)]
    if wrong:
        return False, f"The labels are right, but the values for {_examples(wrong)} are not."
    return True, ""


def _compare_items(expected: Any, answer: Any, ordered: bool) -> tuple[bool, str]:
    items = _as_listlike(answer)
    if items is None:
        return False, f"This answer should be {_kind(expected)}, but you gave {_kind(answer)}."
    items, problem = _compare_sets(list(expected), items, "item")
    if problem:
        return False, problem
    if ordered and [_norm(i) for i in items] != [_norm(i) for i in expected]:
        return False, "You have the right items, but not in the right order."
    return True, ""


def _compare_table(expected: pd.DataFrame, answer: Any, tolerance: float) -> tuple[bool, str]:
    if not isinstance(answer, pd.DataFrame):
        return False, f"This answer should be a table (a DataFrame), but you gave {_kind(answer)}."
    missing = [c for c in expected.columns if c not in answer.columns]
    if missing:
        return False, f"Your table lacks the column(s) {_examples(missing)}."
    if len(answer) != len(expected):
        return False, f"Your table has {len(answer)} rows; the answer has {len(expected)}."
    try:
        pd.testing.assert_frame_equal(
            answer[list(expected.columns)].reset_index(drop=True),
            expected.reset_index(drop=True),
            check_dtype=False,
            check_exact=False,
            atol=tolerance,
        )
    except AssertionError:
        return False, "Your table has the right shape, but some values differ. Check your filters and sort order."
    return True, ""


def verdict(expected: Any, answer: Any, *, tolerance: float = 1e-6, ordered: bool = False) -> tuple[bool, str]:
    """Compare ``answer`` with ``expected``; return (correct?, a sentence for the student). Never raises."""
    try:
        if isinstance(expected, bool):
            if not isinstance(answer, bool):
                return False, f"This answer should be True or False, but you gave {_kind(answer)}."
            return answer == expected, "" if answer == expected else "Not quite: look again at the evidence."
        if _is_number(expected):
            return _compare_number(expected, answer, tolerance)
        if isinstance(expected, str):
            return _compare_text(expected, answer, tolerance)
        if isinstance(expected, pd.DataFrame):
            return _compare_table(expected, answer, tolerance)
        if isinstance(expected, (Mapping, pd.Series)):
            return _compare_mapping(expected, answer, tolerance)
        if isinstance(expected, (list, tuple, set, frozenset)):
            return _compare_items(expected, answer, ordered)
        ok = bool(answer == expected)
    except Exception:  # noqa: BLE001 - an answer of a shape nobody foresaw gets a sentence, never a traceback
        return False, f"This answer should be {_kind(expected)}; yours ({_kind(answer)}) cannot be compared with it."
    return ok, "" if ok else "That is not the answer we computed from the data."


def _set_difference(want: set, got: set, noun: str) -> str:
    parts = []
    if want - got:
        parts.append(f"{len(want - got)} {noun}(s) missing")
    if got - want:
        parts.append(f"{len(got - want)} {noun}(s) that should not be there, such as {_examples(got - want)}")
    return "Not quite: " + "; ".join(parts) + "."


# --- the student-facing call ---------------------------------------------------------------------


MIME_TYPE = "application/vnd.entente.check+json"


def _record(result: Result) -> None:
    """Remember the outcome in the student's progress file (the grader reads the displayed result instead)."""
    progress.record("exercise", result.exercise, result.status)


def _show(result: Result) -> None:
    """Display the result once: the text a student reads, and the same result as data for the grader."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    if not InteractiveShell.initialized():  # plain Python (a script, a test): the words are enough
        print(result.message)
        return
    payload = {
        "exercise": result.exercise,
        "status": str(result.status),
        "message": result.message,
        "hints": hints_used(result.exercise),
    }
    display({"text/plain": result.message, MIME_TYPE: payload}, raw=True)


def evaluate(exercise_id: str, answer: Any) -> Result:
    """Judge ``answer`` to exercise ``exercise_id`` without printing or recording anything."""
    known = exercises()
    if exercise_id not in known:
        return Result(
            str(exercise_id), WRONG, f"There is no exercise called {exercise_id!r}. Check the number in the cell above."
        )
    spec = known[exercise_id]
    if answer is Ellipsis:  # hints come before any answer: a beginner should never have to guess first
        ask = f' Not sure where to start? Run hint("{spec.id}").' if spec.hints else ""
        return Result(
            spec.id,
            NOT_ANSWERED,
            f"Exercise {spec.id}: not answered yet. Replace the ... with your answer and run the cell again.{ask}",
        )
    try:
        expected = spec.expected()
    except Exception as error:  # noqa: BLE001 - the course's fault, not the student's: say so plainly
        return Result(
            spec.id,
            ERROR,
            f"Exercise {spec.id}: the course could not compute its own answer "
            f"({type(error).__name__}: {error}). This is not your mistake; please report it.",
        )
    correct, feedback = verdict(expected, answer, tolerance=spec.tolerance, ordered=spec.ordered)
    if correct:
        return Result(spec.id, PASS, f"✓ Exercise {spec.id}: correct. Well done!")
    message = _mistake(spec, answer)
    if message:
        feedback = message
    more = f'\nStuck? Run hint("{spec.id}") for a hint.' if spec.hints else ""
    return Result(spec.id, WRONG, f"✗ Exercise {spec.id}: not yet. {feedback}{more}")


def _mistake(spec: Exercise, answer: Any) -> str | None:
    """The message of the first named mistake whose wrong answer equals ``answer`` (only ever for a wrong one)."""
    for mistake in spec.mistakes:
        try:
            slip = mistake.compute()
        except Exception:  # noqa: BLE001 - a broken mistake must not hide the ordinary feedback
            continue
        if verdict(slip, answer, tolerance=spec.tolerance, ordered=spec.ordered)[0]:
            return mistake.message
    return None


_HINTS_SHOWN: dict[str, int] = {}


def hints_used(exercise_id: str) -> int:
    """How many hint levels of ``exercise_id`` this session has shown (the progress file keeps the most ever)."""
    return _HINTS_SHOWN.get(exercise_id, 0)


def hint(exercise_id: str) -> None:
    """Show the next hint level of ``exercise_id`` each time it is called; say so when there are no more."""
    known = exercises()
    if exercise_id not in known:
        print(f"There is no exercise called {exercise_id!r}. Check the number in the cell above.")
        return
    levels = known[exercise_id].hints
    shown = _HINTS_SHOWN.get(exercise_id, 0)
    if not levels:
        print(f"Exercise {exercise_id} has no hints.")
    elif shown >= len(levels):
        again = "\n".join(f"Hint {n} of {len(levels)}: {text}" for n, text in enumerate(levels, start=1))
        print(f"No more hints for {exercise_id}: you have seen all {len(levels)}. Here they are again:\n{again}")
    else:
        _HINTS_SHOWN[exercise_id] = shown + 1
        print(f"Hint {shown + 1} of {len(levels)} for {exercise_id}: {levels[shown]}")
        progress.record_hints(exercise_id, shown + 1)


def check(exercise_id: str, answer: Any) -> None:
    """Check ``answer`` to exercise ``exercise_id`` and show what to do next.

    Returns nothing, so the notebook shows only the feedback; use :func:`evaluate` for the result.
    """
    result = evaluate(exercise_id, answer)
    _show(result)
    if result.exercise in _REGISTRY:
        _record(result)
    if is_strict() and not result.correct:
        raise WrongAnswer(result.message)
