"""Grade a folder of submitted lesson notebooks: a CSV of results and a feedback file per student.

Each submission is copied into its own temporary folder and executed there by a *separate* Python
process (``grade_runner.py``), which starts a fresh kernel with nbclient. So
student code never runs in the grader's process, a crash or an endless loop costs one submission
only, and the files a notebook writes land in its own temporary folder, which is then deleted.

What a notebook scored is what ``checks.check`` recorded while it ran: with ``ENTENTE_RESULTS`` set,
``check`` appends ``{"exercise": id, "status": ...}`` to that file. The grader adds what only the
executed notebook shows: an exercise whose cells raised is an ``error``.

Layouts: ``SUBMISSIONS/alice.ipynb`` (the student is the file's stem) or
``SUBMISSIONS/alice/anything.ipynb`` (the student is the folder's name); both may be mixed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import checks, grade_runner
from .offline import write_kernelspec

__all__ = ["ExerciseResult", "Row", "Submission", "expected_exercises", "find_submissions", "grade",
           "identify_lesson", "load_exercises", "write_csv", "write_feedback"]

# Notebook-level statuses.
OK, ERROR, TIMEOUT = grade_runner.OK, grade_runner.ERROR, grade_runner.TIMEOUT
INVALID, WRONG_LESSON, UNKNOWN_LESSON = "invalid", "wrong lesson", "unknown lesson"
# Exercise-level statuses: checks' own three, plus the grader's "error".
PASS, WRONG, NOT_ANSWERED, EXERCISE_ERROR = checks.PASS, checks.WRONG, checks.NOT_ANSWERED, "error"

TITLE = re.compile(r"^#\s+(\d{2})\b")
CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](\d{2}\.\d+)["']""")
FILENAME = re.compile(r"^(\d{2})(?:[_ .-]|$)")
MESSAGE_START = re.compile(r"Exercise (\d{2}\.\d+):")
SANDBOX_KERNEL = "entente-sandbox"
GRACE_SECONDS = 30  # beyond the timeout and kernel startup, before killing a runner that did not stop
RUNNER = Path(__file__).resolve().with_name("grade_runner.py")
MESSAGE_LIMIT = 600


# --- finding and reading submissions -------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """One submitted notebook and whose it is."""

    student: str
    path: Path
    name: str  # the path relative to the submissions folder, as shown in the CSV


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
    """The notebook, or ``None`` and why it cannot be graded (not JSON, not a notebook)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, f"the file cannot be read ({error})"
    try:
        raw = json.loads(text)
    except ValueError as error:
        return None, f"not valid JSON ({error})"
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        return None, "valid JSON, but not a Jupyter notebook (no list of cells)"
    try:
        notebook = nbformat.reads(text, as_version=4)
        for cell in notebook.cells:
            if not isinstance(cell.get("source"), str) or cell.get("cell_type") not in ("code", "markdown", "raw"):
                raise ValueError("a cell has no text or an unknown type")
    except Exception as error:  # nbformat raises many kinds; all mean "cannot grade this file"
        return None, f"not a readable notebook ({error})"
    return notebook, ""


def identify_lesson(notebook: nbformat.NotebookNode, filename: str = "") -> str | None:
    """Which lesson a notebook is: its title (``# NN · …``), else the exercises it checks, else its name."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            heading = next((line for line in cell.source.splitlines() if line.startswith("# ")), None)
            if heading is not None:
                match = TITLE.match(heading)
                if match:
                    return match.group(1)
                break  # the first title is the title; a later "# 03" heading is not
    checked = [m.group(1)[:2] for cell in notebook.cells if cell.cell_type == "code"
               for m in CHECK_CALL.finditer(cell.source)]
    if checked:
        return Counter(checked).most_common(1)[0][0]
    match = FILENAME.match(Path(filename).name)
    return match.group(1) if match else None


# --- what a lesson expects -------------------------------------------------------------------------

_LOADED: set[Path] = set()


def load_exercises(path: Path) -> None:
    """Register the exercises defined in an extra file (a custom assignment), once per process."""
    path = Path(path).resolve()
    if path not in _LOADED:
        runpy.run_path(str(path))
        _LOADED.add(path)


def _exercise_key(exercise_id: str) -> tuple[str, int]:
    lesson, _, number = exercise_id.partition(".")
    return lesson, int(number) if number.isdigit() else 0


def expected_exercises(lesson: str) -> list[str]:
    """The ids of lesson ``lesson``'s registered exercises, in order (``01.2`` before ``01.10``)."""
    return sorted((i for i in checks.exercises() if i.startswith(f"{lesson}.")), key=_exercise_key)


# --- running one notebook (from the grader) --------------------------------------------------------


def _kernel_environment(private: Path) -> dict[str, str]:
    """The environment of the child and its kernel: results and progress go to private files."""
    env = {k: v for k, v in os.environ.items() if k not in ("ENTENTE_STRICT", "ENTENTE_STRICT_DIRS")}
    env["ENTENTE_RESULTS"] = str(private / "results.jsonl")
    env["ENTENTE_PROGRESS"] = str(private / "progress.json")
    env["IPYTHONDIR"] = str(private / "ipython")  # the instructor's startup files do not run
    env["JUPYTER_RUNTIME_DIR"] = str(private / "runtime")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # The kernel is sandboxed (entente_course.sandbox): no network, no processes, writes only in `private`.
    env["ENTENTE_SANDBOX"] = str(private)
    env["ENTENTE_GRADE_KERNEL"] = SANDBOX_KERNEL
    env["JUPYTER_PATH"] = str(private / "jupyter")
    env["TMPDIR"] = str(private / "tmp")
    return env


def _install_sandbox_kernel(private: Path) -> None:
    (private / "tmp").mkdir()
    write_kernelspec(private / "jupyter", SANDBOX_KERNEL, "entente_course.sandbox", "Python 3 (grading sandbox)")


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _execute(submission: Submission, timeout: float, setup: Path | None) -> tuple[dict, list[dict]]:
    """Run one submission in its own temporary folder; return the runner's report and the check records."""
    with tempfile.TemporaryDirectory(prefix="entente-grade-") as temporary:
        private = Path(temporary)
        workdir = private / "work"
        workdir.mkdir()
        _install_sandbox_kernel(private)
        notebook = workdir / "submission.ipynb"
        shutil.copyfile(submission.path, notebook)
        report = private / "report.json"
        command = [sys.executable, str(RUNNER), str(notebook), str(workdir), str(report), str(timeout)]
        if setup is not None:
            command += ["--setup", str(setup)]
        with open(private / "runner.log", "wb") as log:
            process = subprocess.Popen(command, cwd=private, env=_kernel_environment(private), stdin=subprocess.DEVNULL,
                                       stdout=log, stderr=log, start_new_session=True)
            try:
                process.wait(timeout=timeout + grade_runner.STARTUP_SECONDS + GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                _kill_group(process.pid)
                process.wait()
            pgid_file = private / "kernel.pgid"
            if pgid_file.exists() and pgid_file.read_text().strip().isdigit():
                _kill_group(int(pgid_file.read_text()))  # normally already gone; never leave one behind
        try:
            outcome = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            tail = (private / "runner.log").read_text(encoding="utf-8", errors="replace")[-300:].strip()
            outcome = {"status": ERROR, "cells": {},
                       "detail": f"the grader's runner stopped without a report (exit {process.returncode}) {tail}".strip()}
        records = []
        results = private / "results.jsonl"
        if results.exists():
            for line in results.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    records.append(record)
    return outcome, records


# --- turning a run into results --------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseResult:
    """One exercise's result for one notebook, with the sentence the student gets."""

    status: str
    message: str


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
        return sum(r.status == PASS for r in self.results.values())


def _message(exercise_id: str, stdout: str) -> str:
    """The feedback ``check`` printed for ``exercise_id`` (its last attempt in the cell)."""
    block: list[str] | None = None
    found: list[str] = []
    for line in stdout.splitlines():
        match = MESSAGE_START.search(line)
        if match:
            block = [line] if match.group(1) == exercise_id else None
            if block is not None:
                found = block
        elif block is not None:
            block.append(line)
    return "\n".join(found).strip()[:MESSAGE_LIMIT]


def _score(notebook: nbformat.NotebookNode, expected: list[str], outcome: dict,
           records: list[dict]) -> dict[str, ExerciseResult]:
    """Each expected exercise's result from the check records and the executed cells."""
    recorded = {}
    for record in records:
        if record.get("exercise") in expected and record.get("status") in (PASS, WRONG, NOT_ANSWERED):
            recorded[record["exercise"]] = record["status"]
    cells = outcome.get("cells", {})
    check_cell: dict[str, int] = {}
    section_error: dict[str, str] = {}  # an error in the exercise's cells before its check cell
    pending_error = None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        ran = cells.get(str(index), {})
        ids = CHECK_CALL.findall(cell.source)
        if not ids:
            pending_error = pending_error or ran.get("error")
            continue
        for exercise_id in ids:
            check_cell[exercise_id] = index
            if pending_error:
                section_error[exercise_id] = pending_error
        pending_error = None
    results = {}
    for exercise_id in expected:
        status = recorded.get(exercise_id, NOT_ANSWERED)
        index = check_cell.get(exercise_id)
        ran = cells.get(str(index), {}) if index is not None else {}
        error = ran.get("error") or (section_error.get(exercise_id) if status != PASS else None)
        if index is None:
            results[exercise_id] = ExerciseResult(status if status == PASS else NOT_ANSWERED,
                                                  "No cell checks this exercise (was its check cell deleted?).")
        elif error:
            results[exercise_id] = ExerciseResult(EXERCISE_ERROR, f"The code for this exercise raised {error}")
        elif not ran.get("executed"):
            results[exercise_id] = ExerciseResult(NOT_ANSWERED, "Not reached: the notebook stopped before this cell.")
        else:
            printed = _message(exercise_id, ran.get("stdout", ""))
            results[exercise_id] = ExerciseResult(status, printed or f"Exercise {exercise_id}: {status}.")
    return results


def grade_one(submission: Submission, *, lesson: str | None, timeout: float,
              setup: Path | None = None) -> Row:
    """Grade one submission: identify it, run it in a separate process, score it."""
    notebook, problem = read_submission(submission.path)
    if notebook is None:
        expected = expected_exercises(lesson) if lesson else []
        return Row(submission.student, submission.name, lesson or "", INVALID, problem, total=len(expected))
    found = identify_lesson(notebook, submission.path.name)
    if lesson and found and found != lesson:
        return Row(submission.student, submission.name, found, WRONG_LESSON,
                   f"this is lesson {found}; the assignment is lesson {lesson}",
                   total=len(expected_exercises(lesson)))
    assignment = lesson or found
    if assignment is None:
        return Row(submission.student, submission.name, "", UNKNOWN_LESSON,
                   "no title '# NN · …', no check(\"NN.k\", …) cell and no NN_ file name; use --lesson")
    expected = expected_exercises(assignment)
    outcome, records = _execute(submission, timeout, setup)
    return Row(submission.student, submission.name, assignment, outcome.get("status", ERROR),
               outcome.get("detail", ""), _score(notebook, expected, outcome, records), len(expected))


def grade(submissions: list[Submission], *, lesson: str | None = None, timeout: float = 120,
          jobs: int = 1, setup: Path | None = None) -> list[Row]:
    """Grade every submission (``jobs`` at a time), in the order given."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda s: grade_one(s, lesson=lesson, timeout=timeout, setup=setup), submissions))


# --- writing the results ---------------------------------------------------------------------------


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def columns(rows: list[Row], lesson: str | None = None) -> list[str]:
    """The exercise columns: every exercise of the assignment, or of every lesson graded, in order."""
    lessons = {lesson} if lesson else {row.lesson for row in rows if row.lesson and row.status != WRONG_LESSON}
    ids = {i for name in lessons for i in expected_exercises(name)}
    ids |= {i for row in rows for i in row.results}
    return sorted(ids, key=_exercise_key)


def write_csv(rows: list[Row], path: Path, exercise_ids: list[str] | None = None) -> None:
    """The grade book: student, notebook, lesson, status, one column per exercise, passed, total."""
    exercise_ids = columns(rows) if exercise_ids is None else exercise_ids
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "notebook", "lesson", "status", *exercise_ids, "passed", "total"])
    for row in rows:
        cells = [row.results[i].status if i in row.results else "" for i in exercise_ids]
        writer.writerow([row.student, row.notebook, row.lesson, row.status, *cells, row.passed, row.total])
    _write_atomically(Path(path), buffer.getvalue())


def safe_name(student: str) -> str:
    """A file name for a student's feedback (no separators or oddities from folder names)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._") or "student"


_EXPLAIN = {
    INVALID: "could not be graded: it is {detail}. Download it again from JupyterLab (File → Download) and resubmit.",
    WRONG_LESSON: "was not graded: {detail}. Check you submitted the right notebook.",
    UNKNOWN_LESSON: "was not graded: the grader could not tell which lesson it is ({detail}).",
    TIMEOUT: "ran out of time: it was {detail}. Look for a loop that never ends; results before it are kept.",
    ERROR: "ran, but {detail}. The results below say which exercise was affected.",
}


def feedback_text(student: str, rows: list[Row]) -> str:
    """A short markdown note for one student: each notebook, each exercise, what to do next."""
    known = checks.exercises()
    lines = [f"# Feedback for {student}", ""]
    for row in rows:
        lines.append(f"## {row.notebook} (lesson {row.lesson or '?'}): {row.status}")
        lines.append("")
        if row.status in _EXPLAIN:
            lines += [f"This notebook {_EXPLAIN[row.status].format(detail=row.detail or 'unknown')}", ""]
        if row.results:
            lines += [f"Score: {row.passed} of {row.total} exercises passed.", ""]
            for exercise_id, result in row.results.items():
                question = known[exercise_id].question if exercise_id in known else ""
                lines.append(f"- **{exercise_id}** {question} — **{result.status}**")
                lines += [f"  > {text}" for text in result.message.splitlines() if text.strip()]
            lines.append("")
    if len(rows) > 1:
        lines.append(f"Total: {sum(r.passed for r in rows)} of {sum(r.total for r in rows)} exercises passed.")
    return "\n".join(lines).rstrip() + "\n"


def write_feedback(rows: list[Row], folder: Path) -> list[Path]:
    """One ``<student>.md`` per student in ``folder``."""
    by_student: dict[str, list[Row]] = {}
    for row in rows:
        by_student.setdefault(row.student, []).append(row)
    written = []
    for student, student_rows in by_student.items():
        path = Path(folder) / f"{safe_name(student)}.md"
        _write_atomically(path, feedback_text(student, student_rows))
        written.append(path)
    return written


