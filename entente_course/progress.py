"""The student's own record of what they have completed, kept in a small JSON file.

The file lives in the student's space (``$ENTENTE_PROGRESS``, or ``~/.entente/progress.json``) so it
survives a kernel restart. It is written atomically (a temporary file, then ``os.replace``) so a crash in
the middle of a write leaves the previous state intact.

This module is a leaf: it imports nothing else from the course. It reads and records, and it summarises
a catalogue it is *given* (which exercises and quiz questions each lesson has); the course's own
catalogue is passed by :mod:`entente_course.course`. A file of the right JSON but the wrong shape is
read as far as it makes sense and never breaks a check or a quiz.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from .status import Status

__all__ = [
    "Catalogue",
    "get_section",
    "path",
    "provide_catalogue",
    "put_section",
    "read",
    "record",
    "record_hints",
    "show",
    "summary",
]

KINDS = ("exercise", "quiz")
_RANK = {Status.NOT_ANSWERED: 0, Status.ERROR: 0, Status.WRONG: 1, Status.PASS: 2}

# lesson -> {"exercise": ids, "quiz": ids of the form "<lesson>.<question id>"}
Catalogue = Mapping[str, Mapping[str, Iterable[str]]]


def path() -> Path:
    """Where the progress file is kept."""
    configured = os.environ.get("ENTENTE_PROGRESS")
    return Path(configured) if configured else Path.home() / ".entente" / "progress.json"


def _count(value: Any) -> int:
    """A non-negative whole number from whatever the file holds (``"two"`` or ``-1`` read as 0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return 0
    return max(0, int(min(value, 10**9)))


def _status(value: Any) -> Status | None:
    try:
        return Status(value)
    except ValueError:
        return None


def _entry(raw: Any) -> dict | None:
    """One saved record, repaired: ``"pass"`` alone reads as a pass; nonsense reads as nothing."""
    if isinstance(raw, str):
        raw = {"status": raw}
    if not isinstance(raw, dict):
        return None
    status = _status(raw.get("status"))
    if status is None:
        return None
    entry: dict[str, Any] = {
        "status": status.value,
        "attempts": _count(raw.get("attempts")),
        "hints": _count(raw.get("hints")),
    }
    if isinstance(raw.get("first_try"), bool):
        entry["first_try"] = raw["first_try"]
    if isinstance(raw.get("updated"), str):
        entry["updated"] = raw["updated"]
    return entry


def read() -> dict:
    """The saved progress: ``{"exercise": {id: {...}}, "quiz": {id: {...}}, ...}``; empty if none or unreadable.

    Sections other than ``exercise`` and ``quiz`` (a student id, forecasts) are kept as they are.
    """
    try:
        saved = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        saved = {}
    if not isinstance(saved, dict):
        saved = {}
    state = dict(saved)
    for kind in KINDS:
        records = saved[kind] if isinstance(saved.get(kind), dict) else {}
        state[kind] = {str(item): entry for item, raw in records.items() if (entry := _entry(raw)) is not None}
    return state


def get_section(name: str, default: Any = None) -> Any:
    """A section of the progress file other than the exercise and quiz records (``default`` if absent)."""
    return read().get(name, default)


def put_section(name: str, value: Any) -> bool:
    """Save a JSON-ready ``value`` as section ``name``; False (nothing lost) if the file cannot be written."""
    if name in KINDS:
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


def _update(kind: str, item: str, change: Callable[[dict], dict]) -> dict | None:
    """Apply ``change`` to one record and save; None if the file cannot be written (progress is a convenience)."""
    if kind not in KINDS:
        raise ValueError(f"progress kind must be 'exercise' or 'quiz', not {kind!r}")
    try:
        state = read()
        previous = state[kind].get(item) or {"status": Status.NOT_ANSWERED.value, "attempts": 0, "hints": 0}
        entry = change(dict(previous))
        entry["updated"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        state[kind][item] = entry
        _write(state)
    except OSError:
        return None
    return entry


def record(kind: str, item: str, status: str) -> dict | None:
    """Note that exercise or quiz question ``item`` was attempted with ``status`` (``pass``/``wrong``/…).

    A pass is never downgraded by a later wrong attempt: progress only moves forward. ``first_try`` keeps
    whether the first real attempt was right; a placeholder (not answered) is no attempt. A read-only home
    folder must not break a lesson: failures to save are ignored. Returns the saved record (or None).
    """
    new = _status(status) or Status.ERROR

    def change(entry: dict) -> dict:
        old = Status(entry["status"])
        entry["status"] = (new if _RANK[new] >= _RANK[old] else old).value
        if new is not Status.NOT_ANSWERED:
            if entry["attempts"] == 0 and "first_try" not in entry:
                entry["first_try"] = new is Status.PASS
            entry["attempts"] += 1
        return entry

    return _update(kind, item, change)


def record_hints(exercise_id: str, shown: int) -> dict | None:
    """Note that ``shown`` hint levels of ``exercise_id`` have been seen (the most ever seen is kept)."""

    def change(entry: dict) -> dict:
        entry["hints"] = max(entry["hints"], _count(shown))
        return entry

    return _update("exercise", exercise_id, change)


def summary(catalogue: Catalogue) -> pd.DataFrame:
    """One row per lesson of ``catalogue``: exercises and quiz questions done, out of how many there are."""
    state = read()
    rows = []
    for lesson in sorted(catalogue):
        items = catalogue[lesson]
        exercises = [state["exercise"].get(i, {}) for i in items.get("exercise", ())]
        questions = [state["quiz"].get(i, {}) for i in items.get("quiz", ())]
        rows.append(
            {
                "lesson": lesson,
                "exercises done": sum(e.get("status") == Status.PASS for e in exercises),
                "exercises": len(exercises),
                "hints used": sum(e.get("hints", 0) for e in exercises),
                "quiz done": sum(q.get("status") == Status.PASS for q in questions),
                "quiz right first try": sum(q.get("first_try") is True for q in questions),
                "quiz questions": len(questions),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "lesson",
            "exercises done",
            "exercises",
            "hints used",
            "quiz done",
            "quiz right first try",
            "quiz questions",
        ],
    )


_CATALOGUE: list[Callable[[], Catalogue]] = []


def provide_catalogue(source: Callable[[], Catalogue]) -> None:
    """Say where :func:`show` finds the course's catalogue when it is not given one (the course does this)."""
    _CATALOGUE[:] = [source]


def show(catalogue: Catalogue | None = None) -> pd.DataFrame:
    """The progress table, for a notebook cell: what you have completed, lesson by lesson."""
    if catalogue is None:
        if not _CATALOGUE:
            raise RuntimeError("progress.show() needs a catalogue: import entente_course first")
        catalogue = _CATALOGUE[0]()
    table = summary(catalogue)
    if table.empty:
        return table
    return table.set_index("lesson")
