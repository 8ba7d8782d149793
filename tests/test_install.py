"""Self-study: the wheel carries the course, ``entente start`` copies it out, and an update never loses work.

The slow tests build the wheel, install it in a fresh virtual environment in a temporary folder, and use
only that environment's ``entente`` and kernel. The fast tests check the update rules and the one-line
errors in this process.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pathlib
import re
import shutil
import urllib.request
from pathlib import Path

import nbformat
import pytest

from entente_course import cli, start

from .fresh_env import ROOT, Env, build_wheel, wheel_names
from .jupyter_server import free_port, running

LESSONS = sorted(path.name for path in (ROOT / "lessons").glob("*.ipynb"))
SOLUTIONS = sorted(path.name for path in (ROOT / "solutions").glob("*.ipynb"))


def one_line_error(capsys, argv: list[str], fragment: str) -> str:
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("entente start: error:"), captured.err
    assert fragment in err and "Traceback" not in captured.out + captured.err
    return err


# --- fast: the rules, the flags and the errors -----------------------------------------------------


def test_lab_flags_are_those_of_make_course(monkeypatch):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = re.search(r"^LAB_FLAGS\s*=\s*(.+)$", makefile, re.MULTILINE)
    assert found, "the Makefile has no LAB_FLAGS"
    flags = found.group(1)
    assert flags.split("$(if")[0].split() == start.LAB_FLAGS
    assert "--allow-root" in flags
    command = start.lab_command(Path("/course"), "00 first.ipynb")
    assert (
        "--ServerApp.root_dir=/course" in command
        and "--LabApp.default_url=/lab/tree/lessons/00%20first.ipynb" in command
    )
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in start.lab_command(Path("/course"), "x.ipynb")
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in start.lab_command(Path("/course"), "x.ipynb")


def notebook_bytes(text: str) -> bytes:
    return nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])).encode()


def test_update_rules(tmp_path):
    folder = tmp_path / "course"
    first = {
        "lessons/00_a.ipynb": notebook_bytes("a1"),
        "lessons/01_b.ipynb": notebook_bytes("b1"),
        "lessons/02_c.ipynb": notebook_bytes("c1"),
        "README.md": b"readme 1",
    }
    done = start.sync(folder, first, "1.0")
    assert sorted(done.added) == sorted(first) and not done.updated and not done.kept
    assert {path: (folder / path).read_bytes() for path in first} == first
    manifest = json.loads((folder / start.MANIFEST).read_text())["files"]
    assert manifest["lessons/00_a.ipynb"] == hashlib.sha256(first["lessons/00_a.ipynb"]).hexdigest()

    mine = notebook_bytes("a1 and my own notes")
    (folder / "lessons/00_a.ipynb").write_bytes(mine)
    assert start.sync(folder, first, "1.0").kept == {}, "nothing newer: the student's change is simply kept"
    (folder / "lessons/02_c.ipynb").unlink()

    second = {
        "lessons/00_a.ipynb": notebook_bytes("a2"),
        "lessons/01_b.ipynb": notebook_bytes("b2"),
        "lessons/02_c.ipynb": notebook_bytes("c1"),
        "lessons/03_d.ipynb": notebook_bytes("d2"),
        "README.md": b"readme 1",
    }
    done = start.sync(folder, second, "2.0")
    assert (folder / "lessons/00_a.ipynb").read_bytes() == mine
    assert done.kept == {"lessons/00_a.ipynb": "lessons/00_a (new in 2.0).ipynb"}
    assert (folder / "lessons/00_a (new in 2.0).ipynb").read_bytes() == second["lessons/00_a.ipynb"]
    assert (
        done.updated == ["lessons/01_b.ipynb"]
        and (folder / "lessons/01_b.ipynb").read_bytes() == second["lessons/01_b.ipynb"]
    )
    assert sorted(done.added) == ["lessons/02_c.ipynb", "lessons/03_d.ipynb"], "a deleted lesson comes back"
    lines = done.lines(folder)
    assert [line for line in lines if "00_a" in line] == [
        "Kept your changed lessons/00_a.ipynb; the new version is beside it: lessons/00_a (new in 2.0).ipynb"
    ]

    again = start.sync(folder, second, "2.0")
    assert (again.added, again.updated, again.kept) == ([], [], {}), "a second run changes nothing"
    third = {**second, "lessons/00_a.ipynb": notebook_bytes("a3")}
    third.pop("lessons/03_d.ipynb")
    done = start.sync(folder, third, "3.0")
    assert done.kept == {"lessons/00_a.ipynb": "lessons/00_a (new in 3.0).ipynb"}
    assert (folder / "lessons/00_a.ipynb").read_bytes() == mine
    assert done.retired == ["lessons/03_d.ipynb"] and (folder / "lessons/03_d.ipynb").exists()


def test_a_file_of_the_students_by_a_lesson_name_is_kept(tmp_path):
    folder = tmp_path / "course"
    (folder / "lessons").mkdir(parents=True)
    (folder / "lessons/00_a.ipynb").write_text("my own file")
    done = start.sync(folder, {"lessons/00_a.ipynb": notebook_bytes("a1")}, "1.0")
    assert (folder / "lessons/00_a.ipynb").read_text() == "my own file"
    assert done.kept == {"lessons/00_a.ipynb": "lessons/00_a (new in 1.0).ipynb"}


def test_start_copies_the_lessons_of_this_installation(tmp_path, capsys):
    assert cli.main(["start", str(tmp_path / "mine"), "--copy-only"]) == 0
    assert sorted(p.name for p in (tmp_path / "mine" / "lessons").glob("*.ipynb")) == LESSONS
    assert not (tmp_path / "mine" / "solutions").exists()
    assert LESSONS[0] in (tmp_path / "mine" / "README.md").read_text()
    assert "The course is in" in capsys.readouterr().out


def test_start_copies_only_the_documents_the_lessons_link_to(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "entente_course"
    course = package / "_course"
    (course / "lessons").mkdir(parents=True)
    (course / "docs").mkdir()
    lesson = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("See the [cheat sheet](../docs/cheat.md).")])
    nbformat.write(lesson, course / "lessons" / "00_first.ipynb")
    (course / "docs" / "cheat.md").write_text("df.head()")
    (course / "docs" / "instructor.md").write_text("model answers")
    monkeypatch.setattr(start, "PACKAGE", package)
    files = start.course_files()
    assert sorted(files) == ["README.md", "docs/cheat.md", "lessons/00_first.ipynb"]
    assert "lessons/00_first.ipynb" in files["README.md"].decode()


def test_start_and_release_have_help(capsys):
    for command, options in (
        ("start", ["FOLDER", "--copy-only", "--with-solutions", "default: ~/entente"]),
        ("release", ["OUT", "--binder", "--hub", "--repo", "--branch", "no solutions"]),
    ):
        with pytest.raises(SystemExit) as exit_:
            cli.main([command, "--help"])
        assert exit_.value.code == 0
        text = capsys.readouterr().out
        assert all(option in text for option in options), (command, text)


def test_a_folder_that_is_a_file(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    one_line_error(capsys, ["start", str(tmp_path / "notes.txt"), "--copy-only"], "is a file, not a folder")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_no_write_permission(tmp_path, capsys, monkeypatch):
    """Tests run as root, whom permission bits do not stop; so the OS's refusal is simulated at mkdir."""

    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(pathlib.Path, "mkdir", refuse)
    err = one_line_error(capsys, ["start", str(tmp_path / "course"), "--copy-only"], "cannot write in")
    assert "Permission denied" in err and "choose a folder you can write to" in err


def test_a_read_only_file_system(tmp_path, capsys, monkeypatch):
    """Root cannot write to a read-only mount either: the error the OS gives then (EROFS), at a file write."""

    def read_only(self, data):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(pathlib.Path, "write_bytes", read_only)
    one_line_error(capsys, ["start", str(tmp_path / "course"), "--copy-only"], "Read-only file system")


def test_an_installation_without_lessons(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(start, "PACKAGE", tmp_path / "site-packages" / "entente_course")
    one_line_error(capsys, ["start", str(tmp_path / "course"), "--copy-only"], "has no lessons")
    assert not (tmp_path / "course").exists()


def test_with_solutions_from_an_installation_without_them(tmp_path, capsys, monkeypatch):
    package = tmp_path / "site-packages" / "entente_course"
    shutil.copytree(ROOT / "lessons", package / "_course" / "lessons")
    monkeypatch.setattr(start, "PACKAGE", package)
    one_line_error(capsys, ["start", str(tmp_path / "course"), "--with-solutions"], "no worked solutions")


def test_a_damaged_manifest(tmp_path, capsys):
    (tmp_path / start.MANIFEST).write_text("{not json")
    one_line_error(capsys, ["start", str(tmp_path), "--copy-only"], "is damaged")


def test_readme_says_how_to_study_on_your_own():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Study on your own\n(.+?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert section, "README has no '## Study on your own' section"
    commands = re.findall(r"```sh\n(.+?)\n```", section.group(1), re.DOTALL)
    lines = [line.strip() for block in commands for line in block.splitlines() if line.strip()]
    assert lines == ["pip install entente-course", "entente start"]
    assert "`pip install .`" in section.group(1), "the README says how to install from a clone"


# --- slow: a fresh environment made from the built wheel -------------------------------------------


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Env, Path]:
    base = tmp_path_factory.mktemp("self-study")
    wheel = build_wheel(ROOT, base / "wheel")
    env = Env(base)
    env.pip_install(wheel)
    return env, wheel


@pytest.mark.slow
def test_the_wheel_carries_lessons_solutions_and_data(installed):
    _, wheel = installed
    names = set(wheel_names(wheel))
    assert {f"entente_course/_course/lessons/{name}" for name in LESSONS} <= names
    assert {f"entente_course/_course/solutions/{name}" for name in SOLUTIONS} <= names
    assert "entente_course/_data/datapackage.json" in names


@pytest.mark.slow
def test_start_copy_only_then_lesson_00_runs_in_the_environments_kernel(installed):
    env, _ = installed
    package = env.package_file()
    assert env.venv in package.parents and ROOT not in package.parents
    folder = env.base / "my course"
    result = env.run("entente", "start", folder, "--copy-only")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (folder / "lessons").glob("*.ipynb")) == LESSONS
    assert (folder / "README.md").is_file() and not (folder / "solutions").exists()
    for name in LESSONS:
        assert (folder / "lessons" / name).read_bytes() == (ROOT / "lessons" / name).read_bytes()
    env.execute(folder / "lessons" / LESSONS[0], env.base / "executed.ipynb")


@pytest.mark.slow
def test_start_defaults_to_home_and_adds_solutions(installed):
    env, _ = installed
    result = env.run("entente", "start", "--copy-only", "--with-solutions")
    assert result.returncode == 0, result.stderr
    folder = env.home / "entente-course"
    assert str(folder) in result.stdout
    assert sorted(p.name for p in (folder / "solutions").glob("*.ipynb")) == SOLUTIONS


@pytest.mark.slow
def test_start_opens_jupyterlab_on_the_first_lesson(installed):
    env, _ = installed
    port, token = free_port(), "entente-start-test"
    lab = f"--no-browser --port={port} --ServerApp.port_retries=0 --ip=127.0.0.1 --IdentityProvider.token={token}"
    folder = env.base / "lab course"
    with running(
        [str(env.bin / "entente"), "start", str(folder), "--lab-args", lab],
        cwd=env.base,
        port=port,
        token=token,
        log=env.base / "lab.log",
        env=env.environ(),
    ) as base:
        opened = urllib.request.urlopen(f"{base}/?token={token}")
        assert opened.url.startswith(f"{base}/lab/tree/lessons/{LESSONS[0]}"), opened.url
        with urllib.request.urlopen(f"{base}/api/contents/lessons/{LESSONS[0]}?content=0&token={token}") as response:
            assert response.status == 200


def upgraded_source(base: Path, changed: list[str]) -> Path:
    """A copy of the course, version 99.0, with ``changed`` lessons edited and one lesson added."""
    source = base / "upgrade-source"
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for name in ("entente_course", "data", "lessons", "solutions", "docs"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    shutil.copy(ROOT / "README.md", source / "README.md")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (source / "pyproject.toml").write_text(re.sub(r'(?m)^version = ".*"$', 'version = "99.0"', pyproject))
    for name in changed:
        notebook = nbformat.read(source / "lessons" / name, as_version=4)
        notebook.cells.append(nbformat.v4.new_markdown_cell("A paragraph new in version 99.0."))
        nbformat.write(notebook, source / "lessons" / name)
    shutil.copy(source / "lessons" / LESSONS[0], source / "lessons" / "99_new_lesson.ipynb")
    return source


@pytest.mark.slow
def test_an_upgrade_keeps_the_students_change_and_writes_the_new_version_beside_it(installed):
    env, _ = installed
    folder = env.base / "upgraded course"
    assert env.run("entente", "start", folder, "--copy-only").returncode == 0
    mine, untouched = LESSONS[-1], LESSONS[0]
    notebook = nbformat.read(folder / "lessons" / mine, as_version=4)
    notebook.cells.insert(1, nbformat.v4.new_markdown_cell("My own notes on this lesson."))
    nbformat.write(notebook, folder / "lessons" / mine)
    my_bytes = (folder / "lessons" / mine).read_bytes()

    source = upgraded_source(env.base, [mine, untouched])
    env.pip_install("--no-deps", "--force-reinstall", build_wheel(source, env.base / "wheel-99"))
    result = env.run("entente", "start", folder, "--copy-only")
    assert result.returncode == 0, result.stderr

    beside = f"{Path(mine).stem} (new in 99.0).ipynb"
    assert (folder / "lessons" / mine).read_bytes() == my_bytes, "the student's change is lost"
    assert (folder / "lessons" / beside).read_bytes() == (source / "lessons" / mine).read_bytes()
    assert (folder / "lessons" / untouched).read_bytes() == (source / "lessons" / untouched).read_bytes()
    assert (folder / "lessons" / "99_new_lesson.ipynb").is_file()
    said = [line for line in result.stdout.splitlines() if mine in line]
    assert said == [f"Kept your changed lessons/{mine}; the new version is beside it: lessons/{beside}"], result.stdout

    before = sorted(p.name for p in (folder / "lessons").iterdir())
    again = env.run("entente", "start", folder, "--copy-only")
    assert again.returncode == 0 and "Kept" not in again.stdout, again.stdout
    assert sorted(p.name for p in (folder / "lessons").iterdir()) == before
    assert (folder / "lessons" / mine).read_bytes() == my_bytes


@pytest.mark.slow
def test_an_installed_package_without_its_lessons_says_so(installed):
    env, _ = installed
    lessons = env.package_file().parent / "_course" / "lessons"
    aside = lessons.with_name("lessons-aside")
    lessons.rename(aside)
    try:
        result = env.run("entente", "start", env.base / "nothing", "--copy-only")
    finally:
        aside.rename(lessons)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "has no lessons" in result.stderr, result.stderr
    assert not (env.base / "nothing").exists()
