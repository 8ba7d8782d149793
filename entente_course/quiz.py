"""Quizzes: a plain YAML bank per lesson, graded in pure Python and shown as an accessible widget.

A bank (``data/quizzes/NN.yaml``; the format is described in ``data/quizzes/README.md``) is checked as
it is read: a malformed question (a ``why`` on a right choice, a wrong choice without one, a numeric
question without a computing function, an unknown kind or level) is refused with a message naming the
file and the question, before a student ever sees it.

Each student sees the choices of a question in an order of their own, stable across re-runs and kernel
restarts: it is drawn from a random student id kept in the progress file and the question id
(``ENTENTE_QUIZ_SEED`` fixes it for an instructor or a test). Grading never depends on the order.
"""

from __future__ import annotations

import functools
import html
import importlib
import math
import os
import random
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import progress
from .data import data_dir
from .status import Status

__all__ = [
    "KINDS",
    "LEVELS",
    "Bank",
    "Choice",
    "Feedback",
    "Question",
    "QuizError",
    "bank",
    "bank_files",
    "banks",
    "grade",
    "load_bank",
    "order",
    "show",
    "student_id",
]

LOCATOR = re.compile(r"^(?P<source>[a-z0-9][a-z0-9.-]*)(?: (?P<where>¶\d+|post \d+))?$")
LEVELS = ("recall", "understand", "apply", "analyse")
KINDS = ("one", "all", "number")
NUMBERS_MODULE = "entente_course.answers.quiz_numbers"
_QUESTION_KEYS = {
    "id",
    "level",
    "kind",
    "question",
    "choices",
    "answer",
    "compute",
    "tolerance",
    "unit",
    "explanation",
    "source",
}


class QuizError(ValueError):
    """A quiz bank is malformed, or a grade was asked for a choice it does not offer; names file and question."""


@dataclass(frozen=True)
class Choice:
    """One choice as written in the bank; ``why`` (what it gets wrong) is set on wrong choices only."""

    text: str
    why: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    level: str
    kind: str
    question: str
    choices: tuple[Choice, ...]
    answer: tuple[str, ...]  # texts of the right choices; empty for kind number
    explanation: str
    source: str
    compute: str | None = None
    tolerance: float = 0.0
    unit: str | None = None

    def choice(self, text: str) -> Choice | None:
        return next((c for c in self.choices if c.text == text), None)

    def expected(self) -> float:
        """The right number for a numeric question, computed from the data now."""
        function = _number_function(self.compute or "")
        if function is None:
            raise QuizError(f"question '{self.id}': there is no function '{self.compute}' in {NUMBERS_MODULE}")
        return float(function())


@dataclass(frozen=True)
class Feedback:
    """What a student sees after checking one answer. ``attempt`` is False when nothing was graded
    (no choice made, text that is not a number): such a message is no try and is not recorded."""

    correct: bool
    text: str
    attempt: bool = True

    @property
    def status(self) -> Status:
        return Status.PASS if self.correct else Status.WRONG if self.attempt else Status.NOT_ANSWERED


@dataclass(frozen=True)
class Bank:
    lesson: str
    title: str
    questions: tuple[Question, ...]
    file: str

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        known = ", ".join(q.id for q in self.questions)
        raise QuizError(f"{self.file}: there is no question '{question_id}'. The questions are: {known}")

    def key(self, question: Question) -> str:
        """The question's name in the progress file and in the order's seed."""
        return f"{self.lesson}.{question.id}"

    def grade(self, question_id: str, choice: Any) -> Feedback:
        """Grade one answer without any widget: a choice's text (kind one), a list of texts (kind all) or a
        number or the text of one (kind number)."""
        question = self.question(question_id)
        if question.kind == "number":
            return _grade_number(question, choice)
        if isinstance(choice, str):
            chosen = [choice]
        elif isinstance(choice, (list, tuple, set, frozenset)) or choice is None:
            chosen = list(choice or [])
        else:
            raise QuizError(f"{self.file}, question '{question_id}': {choice!r} is not one of its choices")
        for text in chosen:
            if not isinstance(text, str) or question.choice(text) is None:
                raise QuizError(f"{self.file}, question '{question_id}': {text!r} is not one of its choices")
        if not chosen:
            return Feedback(False, "Choose an answer first.", attempt=False)
        if question.kind == "one":
            if len(chosen) > 1:
                return Feedback(False, "Choose only one answer.", attempt=False)
            return _grade_one(question, chosen[0])
        return _grade_all(question, chosen)

    def score(self, answers: dict[str, Any]) -> tuple[int, int]:
        """How many of ``answers`` (question id → answer) are right, out of the bank's questions."""
        right = sum(self.grade(qid, answer).correct for qid, answer in answers.items())
        return right, len(self.questions)


def _right(question: Question) -> str:
    return f"✓ Correct. {question.explanation} (Source: {question.source})"


def _grade_one(question: Question, text: str) -> Feedback:
    if text in question.answer:
        return Feedback(True, _right(question))
    return Feedback(False, f"✗ Not quite. {question.choice(text).why} Try again.")  # type: ignore[union-attr]


def _grade_all(question: Question, chosen: list[str]) -> Feedback:
    extra = [t for t in dict.fromkeys(chosen) if t not in question.answer]
    missing = [t for t in question.answer if t not in chosen]
    if not extra and not missing:
        return Feedback(True, _right(question))
    lines = ["✗ Not quite."]
    if extra:
        lines.append(f"{len(extra)} of your choices should not be there:")
        lines += [f"• “{t}”: {question.choice(t).why}" for t in extra]  # type: ignore[union-attr]
    if missing:
        some = "one more right choice" if len(missing) == 1 else f"{len(missing)} more right choices"
        lines.append(f"You are missing {some}.")
    lines.append("Try again.")
    return Feedback(False, "\n".join(lines))


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _as_number(answer: Any) -> float | None:
    """The number a student typed or passed: 12, 12.5, "12", "1,234", " 12 "; None for anything else."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        return float(answer)
    if isinstance(answer, str):
        text = answer.strip().replace("\u2212", "-")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if _NUMBER.match(text):
            return float(text)
    return None


def _format(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")


def _grade_number(question: Question, answer: Any) -> Feedback:
    value = _as_number(answer)
    if value is None or not math.isfinite(value):
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return Feedback(False, "Type a number first.", attempt=False)
        return Feedback(
            False,
            f"{str(answer)[:40]!r} is not a number. Type only the number, in digits "
            f"(like 12 or 3.5), without words or units.",
            attempt=False,
        )
    try:
        expected = question.expected()
    except Exception as error:  # noqa: BLE001 - the course's fault, not the student's: say so, no traceback
        return Feedback(
            False,
            f"The course could not compute this answer ({type(error).__name__}: {error}). "
            f"This is not your mistake; please report it.",
            attempt=False,
        )
    if abs(value - expected) <= question.tolerance + 1e-9 * max(1.0, abs(expected)):
        unit = f" {question.unit}" if question.unit else ""
        return Feedback(
            True, f"✓ Correct: {_format(expected)}{unit}. {question.explanation} (Source: {question.source})"
        )
    direction = "too high" if value > expected else "too low"
    return Feedback(False, f"✗ Not quite: {_format(value)} is {direction}. Try again.")


# --- reading and checking a bank ----------------------------------------------------------------


def _fail(file: str, where: str, message: str) -> QuizError:
    return QuizError(f"{file}, {where}: {message}")


def _text(entry: dict, key: str, file: str, where: str) -> str:
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _fail(file, where, f"'{key}' is missing or empty")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _fail(file, where, f"'{key}' should be text, not {type(value).__name__}")
    return str(value).strip()


def _number_function(name: str) -> Callable[[], Any] | None:
    """The function ``name`` of the quiz-numbers module, or None when there is no such function."""
    try:
        module = importlib.import_module(NUMBERS_MODULE)
    except ImportError:
        return None
    function = getattr(module, name, None) if name and not name.startswith("_") else None
    return function if callable(function) else None


def _choices(entry: dict, answer: tuple[str, ...], file: str, where: str) -> tuple[Choice, ...]:
    raw = entry.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        raise _fail(file, where, "'choices' must be a list of at least two choices")
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or set(item) - {"text", "why"}:
            raise _fail(
                file,
                where,
                f"choice {number} should be a mapping with 'text' (and 'why' for a wrong choice), not {item!r}",
            )
    texts = [_text(item, "text", file, f"{where}, choice {number}") for number, item in enumerate(raw, start=1)]
    if len(set(texts)) != len(texts):
        raise _fail(file, where, "two choices are the same")
    for text in answer:
        if text not in texts:
            raise _fail(file, where, f"the answer {text!r} is not one of the choices")
    choices = []
    for text, item in zip(texts, raw):
        why = item.get("why")
        if text in answer and why is not None:
            raise _fail(
                file,
                where,
                f"the right choice {text!r} has a 'why'; only wrong choices explain "
                f"what they get wrong (the 'explanation' is for the right answer)",
            )
        if text not in answer and (not isinstance(why, str) or not why.strip()):
            raise _fail(
                file, where, f"the wrong choice {text!r} has no 'why': say in a sentence or two what it gets wrong"
            )
        choices.append(Choice(text, why.strip() if isinstance(why, str) else None))
    return tuple(choices)


def _answer(entry: dict, kind: str, file: str, where: str) -> tuple[str, ...]:
    raw = entry.get("answer")
    if raw is None or raw == "" or raw == []:
        raise _fail(file, where, "there is no correct answer ('answer' is missing)")
    if kind == "one":
        if isinstance(raw, list):
            raise _fail(file, where, "kind 'one' has one answer (a text); for several right choices use kind: all")
        return (str(raw).strip(),)
    items = raw if isinstance(raw, list) else [raw]
    return tuple(dict.fromkeys(str(item).strip() for item in items))


def _number_fields(entry: dict, file: str, where: str) -> tuple[str, float, str | None]:
    for key in ("choices", "answer"):
        if key in entry:
            raise _fail(file, where, f"a numeric question has no '{key}': its answer is computed by 'compute'")
    compute = entry.get("compute")
    if not isinstance(compute, str) or not compute.strip():
        raise _fail(file, where, f"a numeric question needs 'compute': the name of a function in {NUMBERS_MODULE}")
    compute = compute.strip()
    if _number_function(compute) is None:
        raise _fail(file, where, f"'compute' names {compute!r}, which is not a function in {NUMBERS_MODULE}")
    tolerance = entry.get("tolerance", 0)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 <= tolerance < math.inf:
        raise _fail(file, where, f"'tolerance' should be a number of 0 or more, not {tolerance!r}")
    unit = entry.get("unit")
    if unit is not None and not isinstance(unit, str):
        raise _fail(file, where, f"'unit' should be text, not {unit!r}")
    return compute, float(tolerance), unit.strip() if unit else None


def _question(entry: object, number: int, file: str) -> Question:
    where = f"question {number}"
    if not isinstance(entry, dict):
        raise _fail(
            file, where, "each question is a mapping with id, level, question, choices, answer, explanation and source"
        )
    qid = _text(entry, "id", file, where)
    where = f"question '{qid}'"
    unknown = set(entry) - _QUESTION_KEYS
    if unknown:
        raise _fail(
            file,
            where,
            f"unknown field(s) {', '.join(sorted(map(str, unknown)))}; a question may have "
            f"{', '.join(sorted(_QUESTION_KEYS))}",
        )
    kind = entry.get("kind", "one")
    if kind not in KINDS:
        raise _fail(file, where, f"unknown kind {kind!r}; the kinds are {', '.join(KINDS)}")
    level = entry.get("level")
    if level not in LEVELS:
        raise _fail(file, where, f"unknown level {level!r}; the levels are {', '.join(LEVELS)}")
    compute, tolerance, unit = None, 0.0, None
    if kind == "number":
        compute, tolerance, unit = _number_fields(entry, file, where)
        answer: tuple[str, ...] = ()
        choices: tuple[Choice, ...] = ()
    else:
        for key in ("compute", "tolerance", "unit"):
            if key in entry:
                raise _fail(file, where, f"'{key}' is for numeric questions (kind: number) only")
        answer = _answer(entry, kind, file, where)
        choices = _choices(entry, answer, file, where)
    source = _text(entry, "source", file, where)
    if not LOCATOR.match(source):
        raise _fail(
            file,
            where,
            f"'source' should be a source id with an optional locator, like 'gabuev-2018 ¶9', not {source!r}",
        )
    return Question(
        qid,
        level,
        kind,
        _text(entry, "question", file, where),
        choices,
        answer,
        _text(entry, "explanation", file, where),
        source,
        compute,
        tolerance,
        unit,
    )


def load_bank(path: str | Path) -> Bank:
    """Read and check one bank file."""
    path = Path(path)
    file = f"data/quizzes/{path.name}" if path.parent.name == "quizzes" else str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QuizError(f"{file}: the quiz bank does not exist") from None
    except yaml.YAMLError as error:
        raise QuizError(f"{file}: not valid YAML ({error})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list) or not raw["questions"]:
        raise QuizError(f"{file}: a bank needs 'lesson', 'title' and a non-empty list of 'questions'")
    lesson = _text(raw, "lesson", file, "the header")
    questions = tuple(_question(entry, n, file) for n, entry in enumerate(raw["questions"], start=1))
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise _fail(file, f"question '{question.id}'", "this id is used twice")
        seen.add(question.id)
    return Bank(lesson, _text(raw, "title", file, "the header"), questions, file)


def bank(lesson: str) -> Bank:
    """The bank of lesson ``lesson`` (``"01"``)."""
    return load_bank(data_dir() / "quizzes" / f"{lesson}.yaml")


def bank_files() -> list[Path]:
    """The bank files in ``data/quizzes/``, in lesson order."""
    return sorted((data_dir() / "quizzes").glob("*.yaml"))


def banks() -> dict[str, Bank]:
    """Every bank in ``data/quizzes/``, by lesson; a question id used in two banks is refused."""
    found: dict[str, Bank] = {}
    owner: dict[str, str] = {}
    for item in map(load_bank, bank_files()):
        for question in item.questions:
            if question.id in owner:
                raise _fail(
                    item.file,
                    f"question '{question.id}'",
                    f"this id is also used in {owner[question.id]}; ids are unique across all banks",
                )
            owner[question.id] = item.file
        found[item.lesson] = item
    return found


def grade(lesson: str, question_id: str, choice: Any) -> Feedback:
    """Grade one answer to one question of a lesson's quiz."""
    return bank(lesson).grade(question_id, choice)


# --- the order each student sees ---------------------------------------------------------------

_SESSION_ID: list[str] = []


def student_id() -> str:
    """A random id for this student, made on first use and kept in the progress file (no personal data).

    ``ENTENTE_QUIZ_SEED`` replaces it. If the file cannot be written the id lasts for this session only.
    """
    fixed = os.environ.get("ENTENTE_QUIZ_SEED")
    if fixed:
        return fixed
    saved = progress.get_section("student")
    if isinstance(saved, dict) and isinstance(saved.get("id"), str) and saved["id"].strip():
        return saved["id"]
    if not _SESSION_ID:
        _SESSION_ID.append(secrets.token_hex(8))
    progress.put_section("student", {"id": _SESSION_ID[0]})
    return _SESSION_ID[0]


def order(item: Bank, question: Question, student: str | None = None) -> tuple[str, ...]:
    """The texts of ``question``'s choices in the order ``student`` (default: this student) sees them."""
    texts = [c.text for c in question.choices]
    random.Random(f"{student or student_id()}:{item.key(question)}").shuffle(texts)
    return tuple(texts)


# --- the widget ---------------------------------------------------------------------------------


def _counts(item: Bank) -> dict[str, dict]:
    saved = progress.read()["quiz"]
    return {q.id: dict(saved.get(item.key(q), {})) for q in item.questions}


def _score_line(item: Bank, records: dict[str, dict]) -> str:
    right = sum(r.get("first_try") is True for r in records.values())
    answered = sum(r.get("attempts", 0) > 0 for r in records.values())
    total = len(item.questions)
    return f"<p><b>Score: {right} of {total} right on the first try ({answered} of {total} answered)</b></p>"


def show(lesson: str) -> Any:
    """Display a lesson's quiz: each question a labelled group of choices, a Check button and spoken feedback."""
    import ipywidgets as widgets

    from ._quiz_widget import QuestionWidget

    item = bank(lesson)
    records = _counts(item)
    score = widgets.HTML(_score_line(item, records))
    score.add_class("entente-quiz-score")

    def answer(question: Question, given: Any) -> Feedback:
        try:
            result = item.grade(question.id, given)
        except QuizError:  # a choice the page no longer offers (the bank changed): no try, no traceback
            return Feedback(False, "Choose one of the choices shown, then press Check.", attempt=False)
        if result.attempt:
            saved = progress.record("quiz", item.key(question), result.status)
            entry = records[question.id]
            if saved is not None:
                records[question.id] = saved
            else:  # the file cannot be written: keep the score for this session
                entry.setdefault("first_try", result.correct if not entry.get("attempts") else False)
                entry["attempts"] = entry.get("attempts", 0) + 1
            score.value = _score_line(item, records)
        return result

    boxes: list[Any] = [widgets.HTML(f"<h3>Quiz: {html.escape(item.title)}</h3>")]
    for number, question in enumerate(item.questions, start=1):
        how = " (choose all that apply)" if question.kind == "all" else ""
        box = QuestionWidget(
            f"{number}. {question.question}{how}",
            question.kind,
            order(item, question),
            question.unit,
            functools.partial(answer, question),
        )
        box.add_class("entente-quiz-question")
        boxes.append(box)
    boxes.append(score)
    return widgets.VBox(boxes)
