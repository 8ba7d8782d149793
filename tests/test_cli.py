"""The ``entente`` command: help, one-line errors, and ``build --check`` catching drift."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from entente_course import cli, notebooks

ROOT = Path(__file__).resolve().parent.parent


class Run:
    """What one ``entente`` invocation returned and printed."""

    def __init__(self, code: int, out: str, err: str):
        self.returncode, self.stdout, self.stderr = code, out, err


@pytest.fixture
def entente(capsys):
    """Run ``entente ARGS`` in this process (fast); the installed script is tested once below."""

    def run(*args: str) -> Run:
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def test_the_installed_command_runs():
    script = Path(sys.executable).with_name("entente")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "entente_course.cli"]
    result = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    for name in ("build", "grade", "links"):
        assert name in result.stdout


@pytest.mark.parametrize(
    "command, options",
    [
        ("build", ["--check", "--root"]),
        ("grade", ["SUBMISSIONS_DIR", "--out", "--lesson", "--timeout", "--jobs", "--exercises", "feedback/"]),
        ("links", ["--hub", "--binder", "--repo", "--branch", "--depth0", "--dumb-http"]),
    ],
)
def test_each_command_has_help(capsys, command, options):
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for option in options:
        assert option in text


@pytest.mark.parametrize(
    "args, fragment",
    [
        ([], "required: COMMAND"),
        (["teach"], "invalid choice"),
        (["grade"], "required"),
        (["grade", "subs", "--out", "g.csv", "--timeout", "-1"], "--timeout"),
        (["grade", "subs", "--out", "g.csv", "--timeout", "soon"], "--timeout"),
        (["grade", "subs", "--out", "g.csv", "--lesson", "one"], "--lesson"),
        (["grade", "subs", "--out", "g.csv", "--jobs", "0"], "--jobs"),
        (["links"], "--hub"),
        (["build", "--frobnicate"], "unrecognized"),
    ],
)
def test_bad_arguments_get_one_line_errors(capsys, args, fragment):
    with pytest.raises(SystemExit) as exit_:
        cli.main(args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert fragment in err and "--help" in err


def test_grade_refuses_a_missing_folder_in_one_line(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path / "nope"), "--out", str(tmp_path / "g.csv")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "not a folder" in err


def test_grade_with_no_notebooks_says_so(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    assert cli.main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "g.csv")]) == 1
    assert "no .ipynb files" in capsys.readouterr().err
    assert not (tmp_path / "g.csv").exists()


# --- build -----------------------------------------------------------------------------------------


def test_build_check_is_clean_on_main(entente):
    result = entente("build", "--check")
    assert result.returncode == 0, result.stderr
    assert "in sync" in result.stdout


SOLUTION = nbformat.v4.new_notebook(
    cells=[
        nbformat.v4.new_markdown_cell("# 98 · A lesson for the drift test"),
        nbformat.v4.new_code_cell("from entente_course import check"),
        nbformat.v4.new_code_cell("# BEGIN SOLUTION\nanswer = 2 + 3\n# END SOLUTION"),
        nbformat.v4.new_code_cell('check("98.1", answer)'),
    ]
)


@pytest.fixture
def course_copy(tmp_path, entente) -> Path:
    """solutions/ and lessons/ copied to a temporary folder, regenerated there so they start in sync."""
    for folder in ("solutions", "lessons"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "solutions").mkdir(exist_ok=True)
    if not list((tmp_path / "solutions").glob("*.ipynb")):
        nbformat.write(SOLUTION, tmp_path / "solutions" / "98_drift.ipynb")
    assert entente("build", "--root", str(tmp_path)).returncode == 0
    return tmp_path


def first_code_cell(path: Path) -> int:
    notebook = nbformat.read(path, as_version=4)
    return next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")


def test_build_check_catches_an_edited_lesson_cell(course_copy, entente):
    assert entente("build", "--check", "--root", str(course_copy)).returncode == 0
    lesson = sorted((course_copy / "lessons").glob("*.ipynb"))[-1]
    index = first_code_cell(lesson)
    notebook = nbformat.read(lesson, as_version=4)
    notebook.cells[index].source += "\nprint('edited by hand')"
    nbformat.write(notebook, lesson)
    result = entente("build", "--check", "--root", str(course_copy))
    assert result.returncode == 1
    assert f"lessons/{lesson.name}, cell {index}" in result.stderr
    assert "entente build" in result.stderr
    # and `entente build` repairs it
    assert entente("build", "--root", str(course_copy)).returncode == 0
    assert entente("build", "--check", "--root", str(course_copy)).returncode == 0


def test_build_check_catches_committed_outputs_and_missing_lessons(course_copy, entente):
    lessons = sorted((course_copy / "lessons").glob("*.ipynb"))
    lesson = lessons[0]
    index = first_code_cell(lesson)
    notebook = nbformat.read(lesson, as_version=4)
    notebook.cells[index].execution_count = 1
    nbformat.write(notebook, lesson)
    if len(lessons) > 1:
        lessons[-1].unlink()
    result = entente("build", "--check", "--root", str(course_copy))
    assert result.returncode == 1
    assert f"lessons/{lesson.name}, cell {index}: has outputs or an execution count" in result.stderr
    if len(lessons) > 1:
        assert f"lessons/{lessons[-1].name}: is missing" in result.stderr


def test_build_turns_solutions_into_placeholders(tmp_path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(SOLUTION, tmp_path / "solutions" / "98_drift.ipynb")
    assert cli.main(["build", "--root", str(tmp_path)]) == 0
    student = nbformat.read(tmp_path / "lessons" / "98_drift.ipynb", as_version=4)
    assert student.cells[2].source == "answer = ...  # your code here"
    assert notebooks.build(tmp_path, check=True) == []
