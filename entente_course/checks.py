"""Immediate, kind feedback on a lesson's exercises.

Each exercise is registered once (in ``entente_course/answers/lessonNN.py``) with a function that
*computes* its expected answer from the course data, so an answer key can never drift from ``data/``.
``check("01.2", answer)`` prints feedback and never raises for a student: an untouched placeholder
(``...``) is "not answered yet", a wrong type gets a sentence, not a traceback.

Strict mode (``ENTENTE_STRICT=1``, or ``ENTENTE_STRICT_DIRS`` naming folders that contain the running
notebook) turns anything but a correct answer into :class:`WrongAnswer`, so the solution notebooks
prove themselves in the tests.
"""

from __future__ import annotations

import importlib
import math
import numbers
import os
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .status import Status

__all__ = ["MIME_TYPE", "Exercise", "Mistake", "Result", "WrongAnswer", "check", "evaluate", "exercise", "exercises",
           "hint", "hints_used", "is_strict", "verdict"]

NOT_ANSWERED = Status.NOT_ANSWERED
PASS = Status.PASS
WRONG = Status.WRONG


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
    """The outcome of one check: ``status`` is ``pass``, ``wrong`` or ``not answered``."""

    exercise: str
    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == PASS


_REGISTRY: dict[str, Exercise] = {}


def exercise(id: str, question: str, *, hints: Iterable[str] = (), hint: str | None = None,
             tolerance: float = 1e-6, ordered: bool = False,
             mistakes: Iterable[Mistake] = ()) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
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


def _same_number(a: Any, b: Any, tolerance: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=tolerance)


def _same_item(a: Any, b: Any, tolerance: float) -> bool:
    if _is_number(a) and _is_number(b):
        return _same_number(a, b, tolerance)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return a == b


def _norm(item: Any) -> Any:
    if isinstance(item, str):
        return item.strip().casefold()
    if _is_number(item) and float(item).is_integer():
        return int(item)
    return item


def _examples(items: Iterable[Any]) -> str:
    items = sorted(map(str, items))
    shown = ", ".join(repr(i) for i in items[:3])
    return shown + (", …" if len(items) > 3 else "")


def _as_listlike(answer: Any) -> list | None:
    if isinstance(answer, (str, bytes, Mapping, pd.DataFrame)):
        return None
    if isinstance(answer, (list, tuple, set, frozenset, pd.Series, pd.Index)) or hasattr(answer, "tolist"):
        return list(answer.tolist() if hasattr(answer, "tolist") else answer)
    return None


def verdict(expected: Any, answer: Any, *, tolerance: float = 1e-6, ordered: bool = False) -> tuple[bool, str]:
    """Compare ``answer`` with ``expected``; return (correct?, a sentence for the student)."""
    if isinstance(expected, bool):
        if not isinstance(answer, bool):
            return False, f"This answer should be True or False, but you gave {_kind(answer)}."
        return answer == expected, "" if answer == expected else "Not quite: look again at the evidence."
    if _is_number(expected):
        if not _is_number(answer):
            return False, f"This answer should be a number, but you gave {_kind(answer)}: {answer!r}."
        if _same_number(answer, expected, tolerance):
            return True, ""
        direction = "too high" if float(answer) > float(expected) else "too low"
        return False, f"Your number, {answer}, is {direction}."
    if isinstance(expected, str):
        if not isinstance(answer, str):
            return False, f"This answer should be a piece of text (in quotes), but you gave {_kind(answer)}."
        ok = _same_item(answer, expected, tolerance)
        return ok, "" if ok else f"'{answer}' is not the answer we computed from the data."
    if isinstance(expected, pd.DataFrame):
        if not isinstance(answer, pd.DataFrame):
            return False, f"This answer should be a table (a DataFrame), but you gave {_kind(answer)}."
        missing = [c for c in expected.columns if c not in answer.columns]
        if missing:
            return False, f"Your table lacks the column(s) {_examples(missing)}."
        if len(answer) != len(expected):
            return False, f"Your table has {len(answer)} rows; the answer has {len(expected)}."
        try:
            pd.testing.assert_frame_equal(answer[list(expected.columns)].reset_index(drop=True),
                                          expected.reset_index(drop=True), check_dtype=False,
                                          check_exact=False, atol=tolerance)
        except AssertionError:
            return False, "Your table has the right shape, but some values differ. Check your filters and sort order."
        return True, ""
    if isinstance(expected, (Mapping, pd.Series)):
        if not isinstance(answer, (Mapping, pd.Series)):
            return False, f"This answer should be {_kind(expected)}, but you gave {_kind(answer)}."
        want, got = dict(expected.items()), dict(answer.items())
        want_keys, got_keys = {_norm(k) for k in want}, {_norm(k) for k in got}
        if want_keys != got_keys:
            return False, _set_difference(want_keys, got_keys, "label")
        got_by_key = {_norm(k): v for k, v in got.items()}
        wrong = [k for k, v in want.items() if not _same_item(got_by_key[_norm(k)], v, tolerance)]
        if wrong:
            return False, f"The labels are right, but the values for {_examples(wrong)} are not."
        return True, ""
    if isinstance(expected, (list, tuple, set, frozenset)):
        items = _as_listlike(answer)
        if items is None:
            return False, f"This answer should be {_kind(expected)}, but you gave {_kind(answer)}."
        want_items, got_items = {_norm(i) for i in expected}, {_norm(i) for i in items}
        if want_items != got_items:
            return False, _set_difference(want_items, got_items, "item")
        if ordered and [_norm(i) for i in items] != [_norm(i) for i in expected]:
            return False, "You have the right items, but not in the right order."
        return True, ""
    ok = answer == expected
    return bool(ok), "" if ok else "That is not the answer we computed from the data."


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
    from . import progress

    progress.record("exercise", result.exercise, result.status)


def _show(result: Result) -> None:
    """Display the result once: the text a student reads, and the same result as data for the grader."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    if not InteractiveShell.initialized():  # plain Python (a script, a test): the words are enough
        print(result.message)
        return
    payload = {"exercise": result.exercise, "status": str(result.status), "message": result.message,
               "hints": hints_used(result.exercise)}
    display({"text/plain": result.message, MIME_TYPE: payload}, raw=True)


def evaluate(exercise_id: str, answer: Any) -> Result:
    """Judge ``answer`` to exercise ``exercise_id`` without printing or recording anything."""
    known = exercises()
    if exercise_id not in known:
        return Result(str(exercise_id), WRONG,
                      f"There is no exercise called {exercise_id!r}. Check the number in the cell above.")
    spec = known[exercise_id]
    if answer is Ellipsis:
        return Result(spec.id, NOT_ANSWERED,
                      f"Exercise {spec.id}: not answered yet. Replace the ... with your answer and run the cell again.")
    correct, feedback = verdict(spec.expected(), answer, tolerance=spec.tolerance, ordered=spec.ordered)
    if correct:
        return Result(spec.id, PASS, f"✓ Exercise {spec.id}: correct. Well done!")
    for mistake in spec.mistakes:
        if verdict(mistake.compute(), answer, tolerance=spec.tolerance, ordered=spec.ordered)[0]:
            feedback = mistake.message
            break
    more = f'\nStuck? Run hint("{spec.id}") for a hint.' if spec.hints else ""
    return Result(spec.id, WRONG, f"✗ Exercise {spec.id}: not yet. {feedback}{more}")


_HINTS_SHOWN: dict[str, int] = {}


def hints_used(exercise_id: str) -> int:
    """How many hint levels of ``exercise_id`` this session has shown."""
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
        print(f"That was the last hint for {exercise_id} ({len(levels)} of {len(levels)}).")
    else:
        _HINTS_SHOWN[exercise_id] = shown + 1
        print(f"Hint {shown + 1} of {len(levels)} for {exercise_id}: {levels[shown]}")


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
