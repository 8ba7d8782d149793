"""The one vocabulary for how an attempt went, shared by checks, quizzes, progress and grading.

A ``str`` enum, so a status compares equal to its plain word (``Status.PASS == "pass"``) and is written
to JSON and CSV as that word: progress files and grade sheets from earlier versions still read.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Status"]


class Status(str, Enum):
    PASS = "pass"
    WRONG = "wrong"
    NOT_ANSWERED = "not answered"
    ERROR = "error"

    def __str__(self) -> str:
        return self.value
