"""Entente: a Jupyter course on China–Russia military ties.

Notebooks need one line: ``from entente_course import data, quiz, charts, check``.
"""

# jsonschema (which Altair needs) first: measured in a Jupyter kernel here, its start-up (building a
# URI grammar with lark) runs more than twice as slow once pandas is loaded, and costs every lesson
# about two seconds. Importing it before pandas avoids that; nothing else depends on the order.
import jsonschema  # noqa: F401  # isort: skip

from . import charts, course, data, display, progress, quiz
from .checks import check, hint

display.configure()

__all__ = ["charts", "check", "course", "data", "hint", "progress", "quiz"]
__version__ = "0.1.0"
