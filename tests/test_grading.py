"""``entente grade``: every kind of submission gets exactly its row, and none can disturb another.

The fixtures (``tests/fixtures/grading/``, made by ``make_fixtures.py``) are submissions of a tiny
practice lesson "99" whose exercises live in ``lesson99.py``, loaded with ``--exercises``.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from entente_course import grading

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "grading"
SUBMISSIONS = FIXTURES / "submissions"
# Short, yet far above what a fixture needs (importing the course takes seconds on a busy CI machine)
# and far below erin's sleep of 10,000 seconds.
TIMEOUT = 20

EXPECTED = [
    # student, notebook, lesson, status, 99.1, 99.2, 99.3, passed, total
    ["alice", "alice/99_practice.ipynb", "99", "ok", "pass", "pass", "pass", "3", "3"],
    ["bob", "bob.ipynb", "99", "ok", "not answered", "not answered", "not answered", "0", "3"],
    ["carol", "carol.ipynb", "99", "ok", "pass", "wrong", "not answered", "1", "3"],
    ["dave", "dave.ipynb", "99", "error", "pass", "error", "pass", "2", "3"],
    ["erin", "erin.ipynb", "99", "timeout", "pass", "not answered", "not answered", "1", "3"],
    ["frank", "frank/99_practice.ipynb", "99", "invalid", "", "", "", "0", "3"],
    ["grace", "grace.ipynb", "01", "wrong lesson", "", "", "", "0", "3"],
    ["heidi", "heidi.ipynb", "99", "ok", "not answered", "not answered", "not answered", "0", "3"],
    ["mallory", "mallory.ipynb", "99", "error", "pass", "error", "error", "1", "3"],
]
MALLORY_FILES = [Path("/tmp/entente-mallory-was-here.txt"), Path("/tmp/entente-mallory-process.txt")]


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stale_outputs(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A blank submission carrying outputs from an earlier session: they must count for nothing."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and "check(" in cell.source:
            exercise_id = cell.source.split('"')[1]
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"✅ Exercise {exercise_id}: correct.\n"),
                            nbformat.v4.new_output("error", ename="ValueError", evalue="old", traceback=[])]
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the fixtures once, as the instructor would, from a folder the submissions cannot see."""
    base = tmp_path_factory.mktemp("grading")
    for path in MALLORY_FILES:
        path.unlink(missing_ok=True)
    submissions = base / "submissions"
    shutil.copytree(SUBMISSIONS, submissions)
    nbformat.write(stale_outputs(nbformat.read(SUBMISSIONS / "bob.ipynb", as_version=4)), submissions / "heidi.ipynb")
    (submissions / "alice" / ".ipynb_checkpoints").mkdir()
    shutil.copy(SUBMISSIONS / "bob.ipynb", submissions / "alice" / ".ipynb_checkpoints" / "99_practice-checkpoint.ipynb")
    before = fingerprint(submissions), fingerprint(FIXTURES)
    out = base / "out" / "grades.csv"
    env = dict(os.environ, ENTENTE_STRICT="1")  # the instructor's strict mode must not leak into grading
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "entente_course.cli", "grade", str(submissions), "--out", str(out), "--lesson", "99",
         "--timeout", str(TIMEOUT), "--jobs", "3", "--exercises", str(FIXTURES / "lesson99.py")],
        cwd=base, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - started
    return {"result": result, "out": out, "base": base, "elapsed": elapsed, "before": before,
            "after": (fingerprint(submissions), fingerprint(FIXTURES))}


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
    assert sorted(p.name for p in folder.iterdir()) == [f"{row[0]}.md" for row in EXPECTED]
    carol = (folder / "carol.md").read_text(encoding="utf-8")
    assert "Score: 1 of 3" in carol
    assert "99.2" in carol and "'alliance' is not the answer" in carol
    assert "not answered yet" in carol
    dave = (folder / "dave.md").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in dave
    assert "ran out of time" in (folder / "erin.md").read_text(encoding="utf-8")
    assert "not valid JSON" in (folder / "frank.md").read_text(encoding="utf-8")
    assert "lesson 01" in (folder / "grace.md").read_text(encoding="utf-8")


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
    assert grading.identify_lesson(notebook(("md", "# 03 · Gady: don't underestimate the ties"),
                                            ("code", 'check("01.1", answer)'))) == "03"
    assert grading.identify_lesson(notebook(("md", "Intro"), ("code", 'check("04.1", a)\ncheck("04.2", b)'),
                                            ("code", "check('05.1', c)"))) == "04"
    assert grading.identify_lesson(notebook(("md", "# My notes")), "02_gabuev_2019_thread.ipynb") == "02"
    assert grading.identify_lesson(notebook(("md", "# My notes"), ("md", "# 07 · later heading"))) is None
    assert grading.identify_lesson(notebook(("code", "x = 1")), "alice.ipynb") is None


def test_read_submission_says_why_a_file_cannot_be_graded(tmp_path):
    cases = {"empty.ipynb": "", "list.ipynb": "[1, 2]", "cells.ipynb": '{"cells": "no"}'}
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        result, problem = grading.read_submission(tmp_path / name)
        assert result is None and problem, name
    nbformat.write(notebook(("md", "# 01 · x")), tmp_path / "good.ipynb")
    result, problem = grading.read_submission(tmp_path / "good.ipynb")
    assert result is not None and problem == ""


def test_find_submissions_supports_both_layouts(tmp_path):
    for name in ["zoe.ipynb", "yann/01_gabuev_2018.ipynb", "yann/extra.ipynb", "xena/.ipynb_checkpoints/a.ipynb",
                 ".hidden.ipynb"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = [(s.student, s.name) for s in grading.find_submissions(tmp_path)]
    assert found == [("yann", "yann/01_gabuev_2018.ipynb"), ("yann", "yann/extra.ipynb"), ("zoe", "zoe.ipynb")]


def test_scoring_from_a_report():
    nb = notebook(("md", "# 99 · x"), ("code", "answer = 1"), ("code", 'check("99.1", answer)'),
                  ("code", "answer = 1/0"), ("code", 'check("99.2", answer)'), ("code", 'check("99.3", answer)'))
    report = {"cells": {
        "1": {"executed": True, "error": None, "stdout": ""},
        "2": {"executed": True, "error": None, "stdout": "❌ Exercise 99.1: not yet. Too high.\nHint: look.\n"},
        "3": {"executed": True, "error": "ZeroDivisionError: division by zero", "stdout": ""},
        "4": {"executed": True, "error": None, "stdout": "❌ Exercise 99.2: not yet.\n"},
        "5": {"executed": False, "error": None, "stdout": ""},
    }}
    records = [{"exercise": "99.1", "status": "pass"}, {"exercise": "99.1", "status": "wrong"},
               {"exercise": "99.2", "status": "wrong"}, {"exercise": "42.1", "status": "pass"}, {"nonsense": 1}]
    results = grading._score(nb, ["99.1", "99.2", "99.3", "99.4"], report, records)
    assert {k: r.status for k, r in results.items()} == {
        "99.1": "wrong", "99.2": "error", "99.3": "not answered", "99.4": "not answered"}
    assert results["99.1"].message == "❌ Exercise 99.1: not yet. Too high.\nHint: look."
    assert "ZeroDivisionError" in results["99.2"].message
    assert "stopped before" in results["99.3"].message
    assert "deleted" in results["99.4"].message


def test_csv_is_written_atomically(tmp_path, monkeypatch):
    target = tmp_path / "grades.csv"
    target.write_text("the old grades\n")
    row = grading.Row("a", "a.ipynb", "99", "ok", results={"99.1": grading.ExerciseResult("pass", "")}, total=1)

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(grading.os, "replace", fail)
    with pytest.raises(OSError):
        grading.write_csv([row], target, ["99.1"])
    assert target.read_text() == "the old grades\n"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]
    monkeypatch.undo()
    grading.write_csv([row], target, ["99.1"])
    assert target.read_text() == "student,notebook,lesson,status,99.1,passed,total\na,a.ipynb,99,ok,pass,1,1\n"


def test_feedback_file_names_are_safe():
    assert grading.safe_name("../../etc/passwd") == "etc_passwd"
    assert grading.safe_name("Zoë Smith") == "Zo_Smith"
    assert grading.safe_name("...") == "student"
