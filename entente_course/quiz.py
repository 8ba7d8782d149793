"""Quizzes: a plain YAML bank per lesson, graded in pure Python and shown as ipywidgets.

A bank (``data/quizzes/NN.yaml``; the format is described in ``data/quizzes/README.md``) is checked
as it is read: a question with no correct answer, a duplicate id or a missing explanation is rejected
with a message that names the file and the question, before a student ever sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .data import data_dir

__all__ = ["Bank", "Feedback", "Question", "QuizError", "bank", "bank_files", "banks", "grade", "load_bank", "show"]

LOCATOR = re.compile(r"^(?P<source>[a-z0-9][a-z0-9.-]*)(?: (?P<where>¶\d+|post \d+))?$")


class QuizError(ValueError):
    """A quiz bank is malformed; the message names the file and the question."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    choices: tuple[str, ...]
    answer: str
    explanation: str
    source: str


@dataclass(frozen=True)
class Feedback:
    """What a student sees after checking one answer."""

    correct: bool
    explanation: str
    source: str

    @property
    def text(self) -> str:
        verdict = "✓ Correct." if self.correct else "✗ Not quite."
        return f"{verdict} {self.explanation} (Source: {self.source})"


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

    def grade(self, question_id: str, choice: str) -> Feedback:
        """Grade one answer without any widget: is ``choice`` the right one, and why."""
        question = self.question(question_id)
        if choice not in question.choices:
            raise QuizError(f"{self.file}, question '{question_id}': {choice!r} is not one of its choices")
        return Feedback(choice == question.answer, question.explanation, question.source)

    def score(self, answers: dict[str, str]) -> tuple[int, int]:
        """How many of ``answers`` (question id → choice) are right, out of the bank's questions."""
        right = sum(self.grade(qid, choice).correct for qid, choice in answers.items())
        return right, len(self.questions)


def _fail(file: str, where: str, message: str) -> QuizError:
    return QuizError(f"{file}, {where}: {message}")


def _text(entry: dict, key: str, file: str, where: str) -> str:
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _fail(file, where, f"'{key}' is missing or empty")
    if not isinstance(value, (str, int, float)):
        raise _fail(file, where, f"'{key}' should be text, not {type(value).__name__}")
    return str(value).strip()


def _question(entry: object, number: int, file: str) -> Question:
    where = f"question {number}"
    if not isinstance(entry, dict):
        raise _fail(file, where, "each question is a mapping with id, question, choices, answer, explanation, source")
    qid = _text(entry, "id", file, where)
    where = f"question '{qid}'"
    choices = entry.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        raise _fail(file, where, "'choices' must be a list of at least two answers")
    choices = tuple(str(c).strip() for c in choices)
    if len(set(choices)) != len(choices):
        raise _fail(file, where, "two choices are the same")
    answer = entry.get("answer")
    if answer is None or str(answer).strip() == "":
        raise _fail(file, where, "there is no correct answer ('answer' is missing)")
    answer = str(answer).strip()
    if answer not in choices:
        raise _fail(file, where, f"the answer {answer!r} is not one of the choices")
    source = _text(entry, "source", file, where)
    if not LOCATOR.match(source):
        raise _fail(file, where, f"'source' should be a source id with an optional locator, like 'gabuev-2018 ¶9', not {source!r}")
    return Question(qid, _text(entry, "question", file, where), choices, answer,
                    _text(entry, "explanation", file, where), source)


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
    """Every bank in ``data/quizzes/``, by lesson."""
    return {b.lesson: b for b in map(load_bank, bank_files())}


def grade(lesson: str, question_id: str, choice: str) -> Feedback:
    """Grade one answer to one question of a lesson's quiz."""
    return bank(lesson).grade(question_id, choice)


def show(lesson: str):
    """Display a lesson's quiz as widgets: each question with its choices, a Check button and feedback."""
    import ipywidgets as widgets

    from . import progress

    quiz = bank(lesson)
    boxes = [widgets.HTML(f"<h3>Quiz: {_escape(quiz.title)}</h3>")]
    for number, question in enumerate(quiz.questions, start=1):
        choices = widgets.RadioButtons(options=list(question.choices), value=None,
                                       layout=widgets.Layout(width="auto"))
        button = widgets.Button(description="Check", button_style="primary", tooltip="Check your answer")
        feedback = widgets.HTML()
        feedback.add_class("entente-quiz-feedback")

        def on_click(_button, question=question, choices=choices, feedback=feedback):
            if choices.value is None:
                feedback.value = "<p>Choose an answer first.</p>"
                return
            result = quiz.grade(question.id, choices.value)
            colour = "#1b7837" if result.correct else "#b2182b"
            feedback.value = f'<p style="color:{colour}">{_escape(result.text)}</p>'
            progress.record("quiz", f"{quiz.lesson}.{question.id}", "pass" if result.correct else "wrong")

        button.on_click(on_click)
        box = widgets.VBox([widgets.HTML(f"<p><b>{number}.</b> {_escape(question.question)}</p>"),
                            choices, button, feedback])
        box.add_class("entente-quiz-question")
        boxes.append(box)
    return widgets.VBox(boxes)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
