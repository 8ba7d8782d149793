"""Write what ``entente grade`` found: the grade book (CSV) and one feedback note per student.

Files are written atomically (a reader sees the old file or the new one) with the user's usual mode
(the umask decides, as for any file they save). The feedback folder keeps a manifest of the files the
grader wrote there, so a rerun replaces its own earlier notes, never leaves a stale one beside the new
ones, and never deletes a file it did not write (or one edited since).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from pathlib import Path

from . import checks
from .grading import ERROR, INVALID, TIMEOUT, TOO_MUCH_OUTPUT, UNKNOWN_LESSON, WRONG_LESSON, Row, exercise_key
from .grading import expected_exercises as _expected

__all__ = ["MANIFEST", "columns", "feedback_text", "safe_name", "write_csv", "write_feedback"]

MANIFEST = ".entente-grade-manifest.json"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a grade book is an ordinary file
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def columns(rows: list[Row], lesson: str | None = None) -> list[str]:
    """The exercise columns: every exercise of the assignment, or of every lesson graded, in order."""
    lessons = {lesson} if lesson else {row.lesson for row in rows if row.lesson and row.status != WRONG_LESSON}
    ids = {i for name in lessons for i in _expected(name)}
    ids |= {i for row in rows for i in row.results}
    return sorted(ids, key=exercise_key)


def write_csv(rows: list[Row], path: Path, exercise_ids: list[str] | None = None) -> None:
    """The grade book: student, notebook, lesson, status, one column per exercise, passed, total."""
    exercise_ids = columns(rows) if exercise_ids is None else exercise_ids
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "notebook", "lesson", "status", *exercise_ids, "passed", "total"])
    for row in rows:
        cells = [row.results[i].status if i in row.results else "" for i in exercise_ids]
        writer.writerow([row.student, row.notebook, row.lesson, row.status, *cells, row.passed, row.total])
    write_atomically(Path(path), buffer.getvalue())


def safe_name(student: str) -> str:
    """A file name for a student's feedback (no separators or oddities from folder names)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._") or "student"


_EXPLAIN = {
    INVALID: "could not be graded: it is {detail}. Download it again from JupyterLab (File → Download) and resubmit.",
    WRONG_LESSON: "was not graded: {detail}. Check you submitted the right notebook.",
    UNKNOWN_LESSON: "was not graded: the grader could not tell which lesson it is ({detail}).",
    TIMEOUT: "ran out of time: it was {detail}. Look for a loop that never ends; results before it are kept.",
    TOO_MUCH_OUTPUT: "was {detail}. Look for a print in a loop; results before it are kept.",
    ERROR: "ran, but {detail}. The results below say which exercise was affected.",
}


def feedback_text(student: str, rows: list[Row]) -> str:
    """A short markdown note for one student: each notebook, each exercise, what to do next."""
    known = checks.exercises()
    lines = [f"# Feedback for {student}", ""]
    for row in rows:
        lines += [f"## {row.notebook} (lesson {row.lesson or '?'}): {row.status}", ""]
        if row.status in _EXPLAIN:
            lines += [f"This notebook {_EXPLAIN[row.status].format(detail=row.detail or 'unknown')}", ""]
        if row.results:
            lines += [f"Score: {row.passed} of {row.total} exercises passed.", ""]
            for exercise_id, result in row.results.items():
                question = known[exercise_id].question if exercise_id in known else ""
                hints = f" (after {result.hints} hint{'s' if result.hints > 1 else ''})" if result.hints else ""
                lines.append(f"- **{exercise_id}** {question} — **{result.status}**{hints}")
                lines += [f"  > {text}" for text in result.message.splitlines() if text.strip()]
            lines.append("")
    if len(rows) > 1:
        lines.append(f"Total: {sum(r.passed for r in rows)} of {sum(r.total for r in rows)} exercises passed.")
    return "\n".join(lines).rstrip() + "\n"


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def write_feedback(rows: list[Row], folder: Path) -> list[Path]:
    """One ``<student>.md`` per student in ``folder``; the notes an earlier run wrote and this one did not go."""
    folder = Path(folder)
    try:
        earlier = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        earlier = earlier if isinstance(earlier, dict) else {}
    except (OSError, ValueError):
        earlier = {}
    by_student: dict[str, list[Row]] = {}
    for row in rows:
        by_student.setdefault(row.student, []).append(row)
    written: dict[str, str] = {}
    for student, student_rows in by_student.items():
        path = folder / f"{safe_name(student)}.md"
        write_atomically(path, feedback_text(student, student_rows))
        written[path.name] = _digest(path) or ""
    for name, digest in earlier.items():
        stale = folder / str(name)
        if name not in written and stale.parent == folder and _digest(stale) == digest:
            stale.unlink()  # ours, and unchanged since we wrote it
    write_atomically(folder / MANIFEST, json.dumps(written, indent=1, sort_keys=True) + "\n")
    return [folder / name for name in written]
