"""What the course holds, lesson by lesson: the one place that knows both the exercises and the quizzes.

:mod:`entente_course.progress` is a leaf that summarises a catalogue it is given; this module builds the
course's catalogue from the registered exercises and the quiz banks, and hands it to ``progress.show()``
so a lesson's ``progress.show()`` cell needs no argument.
"""

from __future__ import annotations

import pandas as pd

from . import progress
from .checks import exercises
from .quiz import QuizError, bank_files, load_bank

__all__ = ["catalogue", "progress_table"]


def catalogue() -> dict[str, dict[str, list[str]]]:
    """``{lesson: {"exercise": [ids], "quiz": ["<lesson>.<question id>", ...]}}`` for every lesson."""
    lessons: dict[str, dict[str, list[str]]] = {}
    for exercise_id in exercises():
        lessons.setdefault(exercise_id.split(".")[0], {"exercise": [], "quiz": []})["exercise"].append(exercise_id)
    for file in bank_files():
        try:
            bank = load_bank(file)
        except QuizError as error:  # one broken bank must not hide the progress made elsewhere
            print(f"(Skipped a quiz bank that could not be read: {error})")
            continue
        entry = lessons.setdefault(bank.lesson, {"exercise": [], "quiz": []})
        entry["quiz"].extend(bank.key(question) for question in bank.questions)
    return lessons


def progress_table() -> pd.DataFrame:
    """The student's progress through the whole course, one row per lesson."""
    return progress.show(catalogue())


progress.provide_catalogue(catalogue)
