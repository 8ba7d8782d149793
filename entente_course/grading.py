"""Grade a folder of submitted lesson notebooks: a CSV of results and a feedback file per student.

Each submission runs top to bottom (nbclient, asynchronously, ``jobs`` at a time) on a warm sandbox kernel
of its own from :mod:`entente_course.pool` (no network, no new processes, writes only in its own temporary
folder, capped memory), with a deadline for the whole notebook and a cap on its output. Each kernel runs
exactly one submission and is then shut down: no state passes from one student to another.

What a notebook scored is read from the executed notebook alone, as nbgrader does: each ``check`` call
displays its result as an output of type :data:`checks.MIME_TYPE`. Only a result shown by the cell
stamped for that exercise (``metadata.entente.exercise``, written by ``entente build``) counts, the
last one winning; a result displayed anywhere else is ignored (docs/decisions.md §11).

Layouts: ``SUBMISSIONS/alice.ipynb`` (the student is the file's stem) or
``SUBMISSIONS/alice/anything.ipynb`` (the student is the folder's name); both may be mixed.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import runpy
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.reader import NotJSONError

from . import checks
from .pool import ERROR, OK, TIMEOUT, TOO_MUCH_OUTPUT, Pool, run
from .status import Status

__all__ = [
    "ERROR",
    "INVALID",
    "OK",
    "TIMEOUT",
    "TOO_MUCH_OUTPUT",
    "UNKNOWN_LESSON",
    "WRONG_LESSON",
    "ExerciseResult",
    "Row",
    "Submission",
    "expected_exercises",
    "find_submissions",
    "grade",
    "identify_lesson",
    "load_exercises",
    "read_submission",
]

# Notebook statuses (an exercise's are Status's four): how a run ended (from pool), or why it did not run.
INVALID, WRONG_LESSON, UNKNOWN_LESSON = "invalid", "wrong lesson", "unknown lesson"
CHECK_STATUSES = {Status.PASS, Status.WRONG, Status.NOT_ANSWERED}

TITLE = re.compile(r"^#\s+(\d{2})\b")
CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](\d{2}\.\d+)["']""")  # only to identify unstamped notebooks
FILENAME = re.compile(r"^(\d{2})(?:[_ .-]|$)")
MESSAGE_LIMIT = 600


@dataclass(frozen=True)
class Submission:
    """One submitted notebook and whose it is."""

    student: str
    path: Path
    name: str  # the path relative to the submissions folder, as shown in the CSV


@dataclass(frozen=True)
class ExerciseResult:
    """One exercise's result for one notebook, with the sentence the student gets."""

    status: str
    message: str
    hints: int = 0


@dataclass
class Row:
    """One graded notebook: a row of the CSV."""

    student: str
    notebook: str
    lesson: str
    status: str
    detail: str = ""
    results: dict[str, ExerciseResult] = field(default_factory=dict)
    total: int = 0

    @property
    def passed(self) -> int:
        return sum(r.status == Status.PASS for r in self.results.values())


def find_submissions(folder: Path) -> list[Submission]:
    """Every ``*.ipynb`` under ``folder`` (hidden folders such as ``.ipynb_checkpoints`` skipped)."""
    found = []
    for path in sorted(folder.rglob("*.ipynb")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        student = relative.parts[0] if len(relative.parts) > 1 else path.stem
        found.append(Submission(student, path, relative.as_posix()))
    return found


def read_submission(path: Path) -> tuple[nbformat.NotebookNode | None, str]:
    """The notebook, or ``None`` and why it cannot be graded (not JSON, not a valid notebook)."""
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
    except (OSError, UnicodeDecodeError) as error:
        return None, f"the file cannot be read ({error})"
    except (json.JSONDecodeError, NotJSONError):
        return None, "not valid JSON (often a download or upload cut short)"
    except nbformat.ValidationError as error:
        return None, f"not a valid Jupyter notebook ({str(error.message)[:200]})"
    except Exception as error:  # nbformat raises other kinds for odd files; all mean "cannot grade this"
        return None, f"not a readable notebook ({type(error).__name__}: {error})"[:300]
    return notebook, ""


def identify_lesson(notebook: nbformat.NotebookNode, filename: str = "") -> str | None:
    """Which lesson a notebook is: its stamp; for an unstamped one its title, the exercises it checks, its name."""
    stamped = notebook.metadata.get("entente", {}).get("lesson")
    if isinstance(stamped, str) and re.fullmatch(r"\d{2}", stamped):
        return stamped
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            heading = next((line for line in cell.source.splitlines() if line.startswith("# ")), None)
            if heading is not None:
                match = TITLE.match(heading)
                if match:
                    return match.group(1)
                break  # the first title is the title; a later "# 03" heading is not
    checked = [
        m.group(1)[:2] for cell in notebook.cells if cell.cell_type == "code" for m in CHECK_CALL.finditer(cell.source)
    ]
    if checked:
        return Counter(checked).most_common(1)[0][0]
    match = FILENAME.match(Path(filename).name)
    return match.group(1) if match else None


_LOADED: set[Path] = set()


def load_exercises(path: Path) -> None:
    """Register the exercises defined in an extra file (a custom assignment), once per process."""
    path = Path(path).resolve()
    if path not in _LOADED:
        runpy.run_path(str(path))
        _LOADED.add(path)


def exercise_key(exercise_id: str) -> tuple[str, int]:
    lesson, _, number = exercise_id.partition(".")
    return lesson, int(number) if number.isdigit() else 0


def expected_exercises(lesson: str) -> list[str]:
    """The ids of lesson ``lesson``'s registered exercises, in order (``01.2`` before ``01.10``)."""
    return sorted((i for i in checks.exercises() if i.startswith(f"{lesson}.")), key=exercise_key)


# --- scoring an executed notebook ----------------------------------------------------------------


def _stamp(cell: nbformat.NotebookNode) -> str | None:
    value = cell.get("metadata", {}).get("entente", {}).get("exercise")
    return value if isinstance(value, str) else None


def _records(cell: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """The check results a cell displayed, in order, that have the shape ``check`` gives them."""
    found = []
    for output in cell.get("outputs", []):
        record = output.get("data", {}).get(checks.MIME_TYPE) if output.get("output_type") != "stream" else None
        if (
            isinstance(record, dict)
            and isinstance(record.get("exercise"), str)
            and record.get("status") in CHECK_STATUSES
            and isinstance(record.get("message"), str)
        ):
            found.append(record)
    return found


def _error(cell: nbformat.NotebookNode) -> str | None:
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    return f"{errors[0].get('ename', 'Error')}: {errors[0].get('evalue', '')}" if errors else None


def score(notebook: nbformat.NotebookNode, expected: list[str]) -> dict[str, ExerciseResult]:
    """Each expected exercise's result, from the outputs of the executed ``notebook``.

    A stamped notebook's results count only from the cell stamped for their exercise; an unstamped
    one (downloaded before stamps existed) counts a result from the cell that showed it.
    """
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    stamped = any(_stamp(cell) for cell in code)
    check_cell: dict[str, nbformat.NotebookNode] = {}
    section_error: dict[str, str] = {}  # an error in the exercise's cells before its check cell
    pending: str | None = None
    for cell in code:
        ids = [_stamp(cell)] if stamped else [r["exercise"] for r in _records(cell)]
        if not any(ids):
            pending = pending or _error(cell)
            continue
        for exercise_id in filter(None, ids):
            check_cell[exercise_id] = cell
            if pending:
                section_error[exercise_id] = pending
        pending = None
    results = {}
    for exercise_id in expected:
        cell = check_cell.get(exercise_id)
        if cell is None:
            results[exercise_id] = ExerciseResult(
                Status.NOT_ANSWERED,
                "No cell checks this exercise (was its check cell deleted, or did the notebook stop before it?).",
            )
            continue
        records = [r for r in _records(cell) if r["exercise"] == exercise_id]
        last = records[-1] if records else None
        status = Status(last["status"]) if last else Status.NOT_ANSWERED
        error = _error(cell) or (section_error.get(exercise_id) if status != Status.PASS else None)
        if error:
            results[exercise_id] = ExerciseResult(Status.ERROR, f"The code for this exercise raised {error}")
        elif cell.get("execution_count") is None:
            results[exercise_id] = ExerciseResult(
                Status.NOT_ANSWERED, "Not reached: the notebook stopped before this cell."
            )
        elif last is None:
            results[exercise_id] = ExerciseResult(
                Status.NOT_ANSWERED,
                f'Its cell ran but checked nothing (was the check("{exercise_id}", …) line removed?).',
            )
        else:
            hints = last.get("hints")
            results[exercise_id] = ExerciseResult(
                status, last["message"][:MESSAGE_LIMIT].strip(), hints if isinstance(hints, int) else 0
            )
    return results


# --- grading them all ------------------------------------------------------------------------------


def _prepare(submission: Submission, lesson: str | None) -> Row | tuple[nbformat.NotebookNode, str]:
    """A finished row for a notebook that cannot run, else the notebook and its lesson."""
    notebook, problem = read_submission(submission.path)
    total = len(expected_exercises(lesson)) if lesson else 0
    if notebook is None:
        return Row(submission.student, submission.name, lesson or "", INVALID, problem, total=total)
    found = identify_lesson(notebook, submission.path.name)
    if lesson and found and found != lesson:
        return Row(
            submission.student,
            submission.name,
            found,
            WRONG_LESSON,
            f"this is lesson {found}; the assignment is lesson {lesson}",
            total=total,
        )
    if not (lesson or found):
        return Row(
            submission.student,
            submission.name,
            "",
            UNKNOWN_LESSON,
            "no lesson stamp, no title '# NN · …', no check(\"NN.k\", …) cell and no NN_ file name; use --lesson",
        )
    return notebook, str(lesson or found)


async def _grade_all(
    submissions: list[Submission], lesson: str | None, timeout: float, jobs: int, setup: Path | None
) -> list[Row]:
    prepared = [_prepare(s, lesson) for s in submissions]
    pool = Pool(jobs, sum(not isinstance(p, Row) for p in prepared), setup)
    running = asyncio.Semaphore(jobs)
    await pool.open()

    async def one(submission: Submission, item: Row | tuple[nbformat.NotebookNode, str]) -> Row:
        if isinstance(item, Row):
            return item
        notebook, assignment = item
        expected = expected_exercises(assignment)
        async with running:
            try:
                kernel = await pool.take()
            except Exception as error:  # noqa: BLE001
                return Row(
                    submission.student,
                    submission.name,
                    assignment,
                    ERROR,
                    f"its kernel did not start ({type(error).__name__}: {error})",
                    total=len(expected),
                )
            try:
                status, detail = await run(notebook, kernel, timeout)
            finally:
                await pool.give_back(kernel)
        return Row(
            submission.student, submission.name, assignment, status, detail, score(notebook, expected), len(expected)
        )

    try:
        return list(await asyncio.gather(*(one(s, p) for s, p in zip(submissions, prepared))))
    finally:
        await pool.close()


def grade(
    submissions: list[Submission],
    *,
    lesson: str | None = None,
    timeout: float = 120,
    jobs: int | None = None,
    setup: Path | None = None,
) -> list[Row]:
    """Grade every submission (``jobs`` at a time, default one per core), in the order given."""
    from . import data

    for table in data.tables():  # validated once here, so no kernel has to (they read the note it leaves)
        data.validate(table)
    return asyncio.run(_grade_all(submissions, lesson, timeout, max(1, jobs or os.cpu_count() or 1), setup))
