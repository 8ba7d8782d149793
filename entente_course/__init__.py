"""Entente: a Jupyter course on China–Russia military ties.

Notebooks need one line: ``from entente_course import data, quiz, charts, check``.
"""

from . import charts, data, quiz
from .checks import check

__all__ = ["charts", "check", "data", "quiz"]
__version__ = "0.1.0"
