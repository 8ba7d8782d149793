"""``entente grade``: every kind of submission gets exactly its row, and none can disturb another.

The fixtures (``tests/fixtures/grading/``, made by ``make_fixtures.py``) are submissions of a tiny
practice lesson "99" whose exercises live in ``lesson99.py``, loaded with ``--exercises``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from entente_course import gradebook, grading, notebooks
from entente_course.checks import MIME_TYPE
from entente_course.status import Status

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "grading"
SUBMISSIONS = FIXTURES / "submissions"
# Short, yet far above what a fixture needs (importing the course takes seconds on a busy CI machine)
# and far below erin's sleep of 10,000 seconds.
TIMEOUT = 20

EXPECTED = [
    # student, notebook, lesson, status, 99.1, 99.2, 99.3, passed, total
    ["alice", "alice/99_practice.ipynb", "99", "ok", "pass", "pass", "pass", "3", "3"],
    ["bob", "bob.ipynb", "99", "ok", "not answered", "not answered", "not answered", "0", "3"],
    ["carol", "carol.ipynb", "99", "ok", "pass", "wrong", "not answered", "1", "3"],  # unstamped
    ["dave", "dave.ipynb", "99", "error", "pass", "error", "pass", "2", "3"],
    ["erin", "erin.ipynb", "99", "timeout", "pass", "not answered", "not answered", "1", "3"],
    ["frank", "frank/99_practice.ipynb", "99", "invalid", "", "", "", "0", "3"],
    ["grace", "grace.ipynb", "01", "wrong lesson", "", "", "", "0", "3"],
    ["heidi", "heidi.ipynb", "99", "ok", "not answered", "not answered", "not answered", "0", "3"],  # stale outputs
    ["ivan", "ivan.ipynb", "99", "error", "pass", "error", "not answered", "1", "3"],  # memory
    ["judy", "judy.ipynb", "99", "error", "pass", "error", "pass", "2", "3"],  # network
    ["kevin", "kevin.ipynb", "99", "too much output", "pass", "not answered", "not answered", "1", "3"],
    ["mallory", "mallory.ipynb", "99", "error", "pass", "error", "error", "1", "3"],
    ["oscar", "oscar.ipynb", "99", "ok", "pass", "wrong", "not answered", "1", "3"],  # forged results ignored
    ["peggy", "peggy.ipynb", "99", "invalid", "", "", "", "0", "3"],  # JSON, but not a valid notebook
]
MALLORY_FILES = [Path("/tmp/entente-mallory-was-here.txt"), Path("/tmp/entente-mallory-process.txt")]


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def grade_with_peak(submissions: Path, out: Path, jobs: int) -> subprocess.CompletedProcess:
    """`entente grade`, as the instructor runs it, then the grader process's own peak memory on stderr.

    The peak is VmHWM from /proc: on Linux ``getrusage``'s ``ru_maxrss`` survives fork and exec, so it would
    report the test worker's own peak (seen: 409 MB late in a full run) rather than the grader's.
    """
    env = dict(os.environ, ENTENTE_STRICT="1")  # the instructor's strict mode must not leak into grading
    wrapper = (
        "import sys\nfrom entente_course import cli\ncode = cli.main(sys.argv[1:])\n"
        "peak = next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
        "print('peak-kb', peak, file=sys.stderr)\nsys.exit(code)"
    )
    command = [sys.executable, "-c", wrapper, "grade", str(submissions), "--out", str(out), "--lesson", "99"]
    command += ["--timeout", str(TIMEOUT), "--jobs", str(jobs), "--exercises", str(FIXTURES / "lesson99.py")]
    return subprocess.run(command, cwd=submissions.parent, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the fixtures once, as the instructor would, from a folder the submissions cannot see."""
    base = tmp_path_factory.mktemp("grading")
    for path in MALLORY_FILES:
        path.unlink(missing_ok=True)
    submissions = base / "submissions"
    shutil.copytree(SUBMISSIONS, submissions)
    (submissions / "alice" / ".ipynb_checkpoints").mkdir()
    shutil.copy(
        SUBMISSIONS / "bob.ipynb", submissions / "alice" / ".ipynb_checkpoints" / "99_practice-checkpoint.ipynb"
    )
    before = fingerprint(submissions), fingerprint(FIXTURES)
    out = base / "out" / "grades.csv"
    started = time.monotonic()
    result = grade_with_peak(submissions, out, jobs=3)
    elapsed = time.monotonic() - started
    return {
        "result": result,
        "out": out,
        "base": base,
        "elapsed": elapsed,
        "before": before,
        "after": (fingerprint(submissions), fingerprint(FIXTURES)),
    }


def test_every_submission_gets_exactly_its_row(graded):
    assert graded["result"].returncode == 0, graded["result"].stderr
    with open(graded["out"], newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["student", "notebook", "lesson", "status", "99.1", "99.2", "99.3", "passed", "total"]
    assert rows[1:] == EXPECTED


def test_the_endless_notebook_is_stopped(graded):
    # erin sleeps for hours; the whole run stays within a few timeouts' worth of time
    assert graded["elapsed"] < 8 * TIMEOUT


def test_feedback_per_student(graded):
    folder = graded["out"].parent / "feedback"
    assert sorted(p.name for p in folder.iterdir()) == [gradebook.MANIFEST, *(f"{row[0]}.md" for row in EXPECTED)]
    carol = (folder / "carol.md").read_text(encoding="utf-8")
    assert "Score: 1 of 3" in carol
    assert "99.2" in carol and "'alliance' is not the answer" in carol
    assert "not answered yet" in carol
    dave = (folder / "dave.md").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in dave
    assert "ran out of time" in (folder / "erin.md").read_text(encoding="utf-8")
    assert "not valid JSON" in (folder / "frank.md").read_text(encoding="utf-8")
    assert "lesson 01" in (folder / "grace.md").read_text(encoding="utf-8")
    assert "MemoryError" in (folder / "ivan.md").read_text(encoding="utf-8")
    assert "network is disabled" in (folder / "judy.md").read_text(encoding="utf-8")
    assert "more than 5 MB of output" in (folder / "kevin.md").read_text(encoding="utf-8")
    assert "not a valid Jupyter notebook" in (folder / "peggy.md").read_text(encoding="utf-8")


def test_the_huge_output_is_not_kept(graded, tmp_path):
    # kevin prints 100 MB; the grader stops his kernel at the 5 MB cap and never holds the rest. Graded on
    # his own, so the grader's peak memory is his notebook's doing and no other submission's.
    alone = tmp_path / "submissions"
    alone.mkdir()
    shutil.copy(SUBMISSIONS / "kevin.ipynb", alone)
    result = grade_with_peak(alone, tmp_path / "out" / "grades.csv", jobs=1)
    assert result.returncode == 0, result.stderr
    peak_kb = int(result.stderr.split("peak-kb")[1].split()[0])
    assert peak_kb < 300_000, f"the grader peaked at {peak_kb / 1000:.0f} MB"  # about 160 MB here
    assert len((graded["out"].parent / "feedback" / "kevin.md").read_bytes()) < 10_000


def test_grades_and_feedback_have_the_usual_file_mode(graded):
    usual = 0o666 & ~current_umask()
    for path in [graded["out"], *(graded["out"].parent / "feedback").iterdir()]:
        assert path.stat().st_mode & 0o777 == usual, path


def test_submissions_cannot_touch_files_outside_their_own_run(graded):
    assert graded["after"] == graded["before"]  # the submissions and fixtures are unchanged
    base = graded["base"]
    assert not list(base.rglob("scratch.txt"))  # dave's file stayed in his temporary folder
    assert sorted(p.name for p in (base / "out").iterdir()) == ["feedback", "grades.csv"]
    assert not list((base / "out").glob(".*"))  # no temporary file left from the atomic write
    assert not any(path.exists() for path in MALLORY_FILES)  # the sandbox refused mallory's escapes
    mallory = (base / "out" / "feedback" / "mallory.md").read_text(encoding="utf-8")
    assert "SandboxViolation" in mallory


# --- the parts, without a kernel ----------------------------------------------------------------


def notebook(*cells: tuple[str, str]) -> nbformat.NotebookNode:
    make = {"md": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    return nbformat.v4.new_notebook(cells=[make[kind](source) for kind, source in cells])


def test_identify_lesson_by_title_then_checks_then_file_name():
    assert (
        grading.identify_lesson(
            notebook(("md", "# 03 · Gady: don't underestimate the ties"), ("code", 'check("01.1", answer)'))
        )
        == "03"
    )
    assert (
        grading.identify_lesson(
            notebook(("md", "Intro"), ("code", 'check("04.1", a)\ncheck("04.2", b)'), ("code", "check('05.1', c)"))
        )
        == "04"
    )
    assert grading.identify_lesson(notebook(("md", "# My notes")), "02_gabuev_2019_thread.ipynb") == "02"
    assert grading.identify_lesson(notebook(("md", "# My notes"), ("md", "# 07 · later heading"))) is None
    assert grading.identify_lesson(notebook(("code", "x = 1")), "alice.ipynb") is None


def test_read_submission_says_why_a_file_cannot_be_graded(tmp_path):
    cases = {
        "empty.ipynb": "",
        "list.ipynb": "[1, 2]",
        "cells.ipynb": '{"cells": "no"}',
        "no-source.ipynb": '{"cells": [{"cell_type": "markdown", "metadata": {}}], "metadata": {}, '
        '"nbformat": 4, "nbformat_minor": 5}',
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        result, problem = grading.read_submission(tmp_path / name)
        assert result is None and problem, name
    nbformat.write(notebook(("md", "# 01 · x")), tmp_path / "good.ipynb")
    result, problem = grading.read_submission(tmp_path / "good.ipynb")
    assert result is not None and problem == ""


def test_find_submissions_supports_both_layouts(tmp_path):
    for name in [
        "zoe.ipynb",
        "yann/01_gabuev_2018.ipynb",
        "yann/extra.ipynb",
        "xena/.ipynb_checkpoints/a.ipynb",
        ".hidden.ipynb",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = [(s.student, s.name) for s in grading.find_submissions(tmp_path)]
    assert found == [("yann", "yann/01_gabuev_2018.ipynb"), ("yann", "yann/extra.ipynb"), ("zoe", "zoe.ipynb")]


def shown(exercise_id: str, status: str, message: str = "") -> nbformat.NotebookNode:
    """An output as ``check`` displays it."""
    payload = {
        "exercise": exercise_id,
        "status": status,
        "message": message or f"Exercise {exercise_id}: {status}",
        "hints": 0,
    }
    return nbformat.v4.new_output("display_data", data={"text/plain": payload["message"], MIME_TYPE: payload})


def ran(cell: nbformat.NotebookNode, *outputs: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cell.execution_count, cell.outputs = 1, list(outputs)
    return cell


def test_scoring_an_executed_notebook():
    nb = notebooks.stamp(
        notebook(
            ("md", "# 99 · x"),
            ("code", "answer = 1"),
            ("code", 'check("99.1", answer)'),
            ("code", "answer = 1/0"),
            ("code", 'check("99.2", answer)'),
            ("code", 'check("99.3", answer)'),
            ("code", 'check("99.5", answer)'),
        ),
        "99",
    )
    ran(nb.cells[1])
    ran(
        nb.cells[2],
        shown("99.1", "pass"),
        shown("99.1", "wrong", "✗ Exercise 99.1: not yet. Too high.\nStuck?"),
        shown("42.1", "pass"),
    )
    ran(
        nb.cells[3], nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])
    )
    ran(nb.cells[4], shown("99.2", "wrong"))
    ran(nb.cells[6])  # ran, but its check line was removed
    results = grading.score(nb, ["99.1", "99.2", "99.3", "99.4", "99.5"])
    assert {k: r.status for k, r in results.items()} == {
        "99.1": "wrong",
        "99.2": "error",
        "99.3": "not answered",
        "99.4": "not answered",
        "99.5": "not answered",
    }
    assert results["99.1"].message == "✗ Exercise 99.1: not yet. Too high.\nStuck?"  # the last result wins
    assert "ZeroDivisionError" in results["99.2"].message
    assert "stopped before" in results["99.3"].message
    assert "deleted" in results["99.4"].message
    assert "removed" in results["99.5"].message


def test_a_result_shown_outside_its_exercise_cell_is_ignored():
    nb = notebooks.stamp(
        notebook(
            ("md", "# 99 · x"),
            ("code", 'check("99.1", answer)'),
            ("code", 'check("99.2", answer)'),
            ("code", "print('anything')"),
        ),
        "99",
    )
    ran(nb.cells[1], shown("99.1", "wrong"))
    ran(nb.cells[2], shown("99.1", "pass"), shown("99.2", "not answered"))  # 99.1's pass shown in 99.2's cell
    ran(nb.cells[3], shown("99.1", "pass"), shown("99.2", "pass"))  # forged after the fact
    results = grading.score(nb, ["99.1", "99.2"])
    assert {k: r.status for k, r in results.items()} == {"99.1": "wrong", "99.2": "not answered"}
    # a result of the wrong shape never counts, even in the right cell
    ran(
        nb.cells[1],
        nbformat.v4.new_output(
            "display_data", data={MIME_TYPE: {"exercise": "99.1", "status": "top marks", "message": "x"}}
        ),
    )
    assert grading.score(nb, ["99.1"])["99.1"].message.startswith("Its cell ran but checked nothing")


def test_an_unstamped_notebook_counts_the_cell_that_showed_the_result():
    nb = notebook(
        ("md", "# 99 · x"), ("code", 'check("99.1", answer)'), ("code", "answer = 2"), ("code", 'check("99.2", answer)')
    )
    ran(nb.cells[1], shown("99.1", "pass"))
    ran(nb.cells[2])
    ran(nb.cells[3], shown("99.2", "wrong"))
    assert {k: r.status for k, r in grading.score(nb, ["99.1", "99.2"]).items()} == {"99.1": "pass", "99.2": "wrong"}


def test_no_state_passes_between_submissions_in_one_worker(tmp_path):
    """A sets a global and imports a module of its own; B, graded next by the same single worker, sees neither."""
    a = notebooks.stamp(
        notebook(
            ("md", "# 99 · A"),
            ("code", "from entente_course import check"),
            (
                "code",
                "import pathlib, sys\npathlib.Path('spy_module.py').write_text('x = 1')\n"
                "sys.path.insert(0, '.')\nimport spy_module\nsecret = 42\nanswer = 5",
            ),
            ("code", 'check("99.1", answer)'),
        ),
        "99",
    )
    b = notebooks.stamp(
        notebook(
            ("md", "# 99 · B"),
            ("code", "from entente_course import check"),
            (
                "code",
                "import sys\nleaked = [name for name in ('secret', 'spy_module') "
                "if name in globals() or name in sys.modules]\nprint('leaked:', leaked)\n"
                "answer = 5 if not leaked else 0",
            ),
            ("code", 'check("99.1", answer)'),
        ),
        "99",
    )
    nbformat.write(a, tmp_path / "a.ipynb")
    nbformat.write(b, tmp_path / "b.ipynb")
    grading.load_exercises(FIXTURES / "lesson99.py")
    rows = grading.grade(
        grading.find_submissions(tmp_path), lesson="99", timeout=TIMEOUT, jobs=1, setup=FIXTURES / "lesson99.py"
    )
    assert [(r.student, r.status, r.results["99.1"].status) for r in rows] == [
        ("a", "ok", Status.PASS),
        ("b", "ok", Status.PASS),
    ]


def test_identify_lesson_by_its_stamp_first():
    stamped = notebook(("md", "# 03 · a retitled copy"))
    stamped.metadata["entente"] = {"lesson": "05"}
    assert grading.identify_lesson(stamped, "03_x.ipynb") == "05"
    stamped.metadata["entente"] = {"lesson": 5}  # not a stamp entente build writes: the fallback rules decide
    assert grading.identify_lesson(stamped, "03_x.ipynb") == "03"


def test_a_rerun_replaces_its_own_feedback_and_nothing_else(tmp_path):
    folder = tmp_path / "feedback"
    folder.mkdir()
    (folder / "notes.md").write_text("the instructor's own notes")
    first = [grading.Row(name, f"{name}.ipynb", "99", "ok") for name in ("ann", "ben", "cat")]
    gradebook.write_feedback(first, folder)
    (folder / "cat.md").write_text("edited by the instructor after the first run")
    gradebook.write_feedback(first[:1], folder)  # ben and cat are not in the second run
    assert sorted(p.name for p in folder.iterdir()) == [gradebook.MANIFEST, "ann.md", "cat.md", "notes.md"]
    assert (folder / "notes.md").read_text() == "the instructor's own notes"
    assert json.loads((folder / gradebook.MANIFEST).read_text()).keys() == {"ann.md"}


def test_csv_is_written_atomically(tmp_path, monkeypatch):
    target = tmp_path / "grades.csv"
    target.write_text("the old grades\n")
    row = grading.Row("a", "a.ipynb", "99", "ok", results={"99.1": grading.ExerciseResult("pass", "")}, total=1)

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(gradebook.os, "replace", fail)
    with pytest.raises(OSError):
        gradebook.write_csv([row], target, ["99.1"])
    assert target.read_text() == "the old grades\n"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]
    monkeypatch.undo()
    gradebook.write_csv([row], target, ["99.1"])
    assert target.read_text() == "student,notebook,lesson,status,99.1,passed,total\na,a.ipynb,99,ok,pass,1,1\n"


def test_feedback_file_names_are_safe():
    assert gradebook.safe_name("../../etc/passwd") == "etc_passwd"
    assert gradebook.safe_name("Zoë Smith") == "Zo_Smith"
    assert gradebook.safe_name("...") == "student"
