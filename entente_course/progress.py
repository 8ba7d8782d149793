"""The student's own record of what they have completed, kept in a small JSON file.

The file lives in the student's space (``$ENTENTE_PROGRESS``, or ``~/.entente/progress.json``) so it
survives a kernel restart. It is written atomically (a temporary file, then ``os.replace``) so a crash in
the middle of a write leaves the previous state intact.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

__all__ = ["get_section", "path", "put_section", "read", "record", "summary", "show"]

_RANK = {"not answered": 0, "wrong": 1, "pass": 2}


def path() -> Path:
    """Where the progress file is kept."""
    configured = os.environ.get("ENTENTE_PROGRESS")
    return Path(configured) if configured else Path.home() / ".entente" / "progress.json"


def read() -> dict:
    """The saved progress: ``{"exercise": {id: {...}}, "quiz": {id: {...}}, ...}``; empty if none or unreadable.

    Sections other than ``exercise`` and ``quiz`` (a student id, forecasts) are kept as they are.
    """
    try:
        saved = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if not isinstance(saved, dict):
        saved = {}
    state = dict(saved)
    for kind in ("exercise", "quiz"):
        state[kind] = dict(saved[kind]) if isinstance(saved.get(kind), dict) else {}
    return state


def get_section(name: str, default=None):
    """A section of the progress file other than the exercise and quiz records (``default`` if absent)."""
    return read().get(name, default)


def put_section(name: str, value) -> bool:
    """Save a JSON-ready ``value`` as section ``name``; False (nothing lost) if the file cannot be written."""
    if name in ("exercise", "quiz"):
        raise ValueError(f"'{name}' is kept by record(), not put_section()")
    try:
        state = read()
        state[name] = value
        _write(state)
    except OSError:
        return False
    return True


def _write(state: dict) -> None:
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".progress-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(state, stream, indent=1, sort_keys=True)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def record(kind: str, item: str, status: str) -> None:
    """Note that exercise or quiz question ``item`` was attempted with ``status`` (``pass``/``wrong``/…).

    A pass is never downgraded by a later wrong attempt: progress only moves forward. Progress is a
    convenience, so a read-only home folder must not break a lesson: failures to save are ignored.
    """
    if kind not in ("exercise", "quiz"):
        raise ValueError(f"progress kind must be 'exercise' or 'quiz', not {kind!r}")
    try:
        state = read()
        previous = state[kind].get(item, {})
        best = status if _RANK.get(status, 0) >= _RANK.get(previous.get("status"), -1) else previous["status"]
        state[kind][item] = {
            "status": best,
            "attempts": int(previous.get("attempts", 0)) + (status != "not answered"),
            "updated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        _write(state)
    except OSError:
        pass


def summary() -> pd.DataFrame:
    """One row per lesson: exercises and quiz questions done, out of how many the course has."""
    from .checks import exercises
    from .quiz import QuizError, bank_files, load_bank

    state = read()
    rows: dict[str, dict] = {}
    for exercise_id in exercises():
        lesson = exercise_id.split(".")[0]
        row = rows.setdefault(lesson, {"lesson": lesson, "exercises done": 0, "exercises": 0,
                                       "quiz done": 0, "quiz questions": 0})
        row["exercises"] += 1
        row["exercises done"] += state["exercise"].get(exercise_id, {}).get("status") == "pass"
    for file in bank_files():
        try:
            bank = load_bank(file)
        except QuizError as error:  # one broken bank must not hide the progress made elsewhere
            print(f"(Skipped a quiz bank that could not be read: {error})")
            continue
        lesson = bank.lesson
        row = rows.setdefault(lesson, {"lesson": lesson, "exercises done": 0, "exercises": 0,
                                       "quiz done": 0, "quiz questions": 0})
        for question in bank.questions:
            row["quiz questions"] += 1
            row["quiz done"] += state["quiz"].get(f"{lesson}.{question.id}", {}).get("status") == "pass"
    return pd.DataFrame(sorted(rows.values(), key=lambda r: r["lesson"]))


def show() -> pd.DataFrame:
    """The progress table, for a notebook cell: what you have completed, lesson by lesson."""
    table = summary()
    if table.empty:
        return table
    return table.set_index("lesson")
