"""``entente release``: a student-only course for a class, with no solution, model answer or instructor file.

Every solution block of ``solutions/`` (code and markdown) is looked for in every file of the release and
of a wheel built from it. The slow test installs the release's own ``binder/requirements.txt`` in a fresh
environment and runs lesson 00 there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import zipfile
from pathlib import Path

import nbformat
import pytest

from entente_course import cli, links, notebooks, release

from .fresh_env import ROOT, Env, build_wheel, wheel_names

SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
BINDER = "entente-class/spring"
CODE_BLOCK = re.compile(r"^[ \t]*# BEGIN SOLUTION[ \t]*\n(.*?)\n[ \t]*# END SOLUTION[ \t]*$", re.MULTILINE | re.DOTALL)
MARKDOWN_BLOCK = re.compile(r"<!-- BEGIN SOLUTION -->(.*?)<!-- END SOLUTION -->", re.DOTALL)
MARKER = re.compile(r"(?i)(BEGIN|END)\s+SOLUTION")
MARKER_LINE = re.compile(r"(?im)^\s*(#|<!--)\s*(BEGIN|END)\s+SOLUTION\s*(-->)?\s*$")


def solution_texts() -> list[tuple[str, str]]:
    """(notebook, text) of every solution block that the student version does not show on purpose.

    A block's text that also stands in the lesson outside any block (lesson 00 shows one answer as an
    example) is part of the lesson, not a model answer. Markdown blocks count whole and by paragraph.
    """
    found = []
    for path in SOLUTIONS:
        solution = nbformat.read(path, as_version=4)
        student = "\n".join(cell.source for cell in notebooks.student_version(solution).cells)
        for cell in solution.cells:
            if cell.cell_type == "code":
                texts = [textwrap.dedent(block).strip() for block in CODE_BLOCK.findall(cell.source)]
            else:
                texts = []
                for block in MARKDOWN_BLOCK.findall(cell.source):
                    texts += [block.strip()] + [part.strip() for part in block.split("\n\n") if len(part.strip()) >= 60]
            found += [(path.name, text) for text in texts if text and text not in student]
    return found


def readable(name: str, content: bytes) -> str | None:
    """A file's text to search (a notebook's cell sources; None for a binary file)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if name.endswith(".ipynb"):
        return "\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells)
    return text


def release_texts(out: Path) -> dict[str, str]:
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(out).parts[:1]:
            text = readable(path.name, path.read_bytes())
            assert text is not None, f"{path} is not a text file"
            files[path.relative_to(out).as_posix()] = text
    return files


def without_identity(monkeypatch, home: Path) -> None:
    """A machine where git knows no user name or e-mail."""
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "no-gitconfig"))


def git(out: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=out, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("release")
    out = base / "entente-class"
    with pytest.MonkeyPatch.context() as monkeypatch:
        without_identity(monkeypatch, base / "home")
        assert cli.main(["release", str(out), "--binder", BINDER]) == 0
    return out


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- what is in it, and what is not ----------------------------------------------------------------


def test_the_release_holds_the_student_course_and_nothing_else(released):
    top = {path.name for path in released.iterdir()}
    expected = {
        ".git",
        ".gitignore",
        release.MARKER,
        "README.md",
        "pyproject.toml",
        "binder",
        "data",
        "entente_course",
        "lessons",
    }
    docs = {path.relative_to(released).as_posix() for path in released.glob("docs/**/*") if path.is_file()}
    assert top == expected | ({"docs"} if docs else set())
    assert sorted(p.name for p in (released / "lessons").glob("*.ipynb")) == [p.name for p in SOLUTIONS]
    for path in SOLUTIONS:
        assert (released / "lessons" / path.name).read_bytes() == (ROOT / "lessons" / path.name).read_bytes()
    # only the documents the lessons link to, such as the cheat sheet
    linked = set(re.findall(r"\]\(\.\./(docs/[^)\s#]+)", "\n".join(release_texts(released / "lessons").values())))
    assert docs == {doc for doc in linked if (ROOT / doc).is_file()}
    names = [path.relative_to(released).as_posix().lower() for path in released.rglob("*") if ".git" not in path.parts]
    assert not [name for name in names if "solution" in name or "instructor" in name or "decisions" in name]
    assert sorted(p.name for p in (released / "data").glob("*.csv")) == sorted(
        p.name for p in (ROOT / "data").glob("*.csv")
    )


def test_no_solution_marker_and_no_model_answer_in_the_release_or_its_wheel(released, tmp_path):
    texts = {f"release: {name}": text for name, text in release_texts(released).items()}
    wheel = build_wheel(released, tmp_path / "wheel")
    assert not [name for name in wheel_names(wheel) if "solution" in name.lower()]
    assert any(name.startswith("entente_course/_course/lessons/") for name in wheel_names(wheel))
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            text = readable(name, archive.read(name))
            if text is not None:
                texts[f"wheel: {name}"] = text
    answers = solution_texts()
    assert len(answers) > len(SOLUTIONS), "the solutions should hold model answers to look for"
    for where, text in texts.items():
        # The package's own build code names the markers inside strings; no file has one on a line of its own,
        # and no notebook, document or table names one at all.
        assert not MARKER_LINE.search(text), f"{where} holds a solution marker line"
        if not where.endswith(".py"):
            assert not MARKER.search(text), f"{where} holds a solution marker"
        leaked = [(notebook, answer[:80]) for notebook, answer in answers if answer in text]
        assert not leaked, f"{where} holds model-answer text from solutions/: {leaked[:3]}"


def test_the_wheel_of_the_release_ships_no_solutions(released):
    pyproject = (released / "pyproject.toml").read_text(encoding="utf-8")
    assert "solutions" not in pyproject
    assert [line for line in pyproject.splitlines() if line.startswith("[tool.")] == [
        "[tool.hatch.build.targets.wheel]",
        "[tool.hatch.build.targets.wheel.force-include]",
    ]
    assert '"lessons" = "entente_course/_course/lessons"' in pyproject
    import tomllib

    assert tomllib.loads(pyproject)["project"]["name"] == "entente-course"


def test_binder_installs_the_releases_own_package(released):
    requirements = (released / "binder" / "requirements.txt").read_text(encoding="utf-8")
    lines = [line.split("#")[0].strip() for line in requirements.splitlines()]
    assert "-e ." in lines or "." in lines
    assert (released / "binder" / "runtime.txt").read_text() == (ROOT / "binder" / "runtime.txt").read_text()


def test_it_is_one_commit_made_without_a_git_identity(released):
    assert git(released, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(released, "status", "--porcelain") == ""
    assert git(released, "branch", "--show-current").strip() == "main"
    assert git(released, "log", "-1", "--format=%an <%ae>").strip() == f"{release.AUTHOR[0]} <{release.AUTHOR[1]}>"
    tracked = set(git(released, "ls-files").split("\n")) - {""}
    assert "README.md" in tracked and release.MARKER in tracked and not any(".pyc" in name for name in tracked)


def test_the_readme_and_entente_links_root_give_the_same_launch_links(released, capsys):
    code, out, err = run(capsys, "links", "--root", str(released))
    assert code == 0, err
    pairs = [line.split() for line in out.splitlines()]
    names = [p.name for p in SOLUTIONS]
    assert [name for name, _ in pairs] == names
    readme = (released / "README.md").read_text(encoding="utf-8")
    for name, url in pairs:
        assert url == links.binder(BINDER, name, branch="main")
        assert f"[Binder]({url})" in readme
    for heading in ("## Lessons", "## How to launch a lesson", "## How to submit your work"):
        assert heading in readme
    assert "pip install ." in readme and "entente start" in readme and "File → Download" in readme
    for path in SOLUTIONS:  # each lesson by its own title
        title = nbformat.read(released / "lessons" / path.name, as_version=4).cells[0].source.splitlines()[0]
        assert title.removeprefix("# ") in readme


def test_hub_links_are_recorded_too(tmp_path, capsys, monkeypatch):
    without_identity(monkeypatch, tmp_path / "home")
    out = tmp_path / "hub-class"
    assert (
        run(
            capsys,
            "release",
            str(out),
            "--hub",
            "https://hub.example.edu",
            "--repo",
            "https://github.com/o/hub-class",
            "--branch",
            "spring",
        )[0]
        == 0
    )
    code, printed, _ = run(capsys, "links", "--root", str(out))
    assert code == 0
    first = printed.splitlines()[0].split()[1]
    assert first.startswith("https://hub.example.edu/hub/user-redirect/git-pull?") and "branch=spring" in first
    assert f"[JupyterHub]({first})" in (out / "README.md").read_text(encoding="utf-8")
    assert git(out, "branch", "--show-current").strip() == "spring"


# --- updating, and refusing ------------------------------------------------------------------------


def course_copy(base: Path) -> Path:
    source = base / "course"
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for name in ("entente_course", "data", "lessons", "solutions", "docs", "binder"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    return source


def test_releasing_again_updates_it_with_a_new_commit(released, tmp_path, capsys, monkeypatch):
    without_identity(monkeypatch, tmp_path / "home")
    out = tmp_path / "entente-class"
    shutil.copytree(released, out)
    code, printed, err = run(capsys, "release", str(out), "--binder", BINDER)
    assert code == 0, err
    assert "already up to date" in printed and git(out, "rev-list", "--count", "HEAD").strip() == "1"

    source = course_copy(tmp_path)
    changed = SOLUTIONS[-1].name
    notebook = nbformat.read(source / "solutions" / changed, as_version=4)
    notebook.cells.append(
        nbformat.v4.new_markdown_cell(
            "A new closing note.\n\n<!-- BEGIN SOLUTION -->\nA new model answer, for instructors only.\n<!-- END SOLUTION -->"
        )
    )
    nbformat.write(notebook, source / "solutions" / changed)
    (out / "lessons" / "stale.txt").write_text("left over")
    git(out, "add", "lessons/stale.txt")
    git(
        out,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "commit",
        "-qm",
        "a file the course no longer has",
    )
    code, printed, err = run(capsys, "release", str(out), "--binder", BINDER, "--root", str(source))
    assert code == 0, err
    assert printed.startswith(f"Updated the student edition in {out}")
    assert git(out, "rev-list", "--count", "HEAD").strip() == "3"
    assert git(out, "status", "--porcelain") == ""
    lesson = (out / "lessons" / changed).read_text(encoding="utf-8")
    assert "A new closing note." in lesson and "A new model answer" not in lesson
    assert not (out / "lessons" / "stale.txt").exists()


def test_a_fresh_clone_of_an_empty_repository_takes_the_release(tmp_path, capsys, monkeypatch):
    without_identity(monkeypatch, tmp_path / "home")
    out = tmp_path / "clone"
    out.mkdir()
    git(out, "init", "--quiet")
    code, _, err = run(capsys, "release", str(out))
    assert code == 0, err
    assert git(out, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(out, "branch", "--show-current").strip() == "main"


@pytest.mark.parametrize(
    "case",
    [
        "foreign folder",
        "a file",
        "uncommitted changes",
        "inside the repository",
        "leftover marker",
        "another branch",
        "a repository with history",
    ],
)
def test_refusals_are_one_line(released, tmp_path, capsys, monkeypatch, case):
    without_identity(monkeypatch, tmp_path / "home")
    argv, fragment = None, None
    if case == "foreign folder":
        out = tmp_path / "thesis"
        out.mkdir()
        (out / "chapter1.md").write_text("mine")
        fragment = "not an earlier release"
    elif case == "a file":
        out = tmp_path / "notes.txt"
        out.write_text("mine")
        fragment = "is a file"
    elif case == "uncommitted changes":
        out = tmp_path / "entente-class"
        shutil.copytree(released, out)
        (out / "README.md").write_text("edited by hand")
        fragment = "not committed"
    elif case == "another branch":
        out = tmp_path / "entente-class"
        shutil.copytree(released, out)
        argv = ["release", str(out), "--branch", "spring"]
        fragment = "is on branch main, not spring"
    elif case == "a repository with history":
        out = tmp_path / "thesis"
        out.mkdir()
        git(out, "init", "--quiet")
        (out / "chapter1.md").write_text("mine")
        git(out, "add", ".")
        git(out, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "mine")
        (out / "chapter1.md").unlink()
        fragment = "not an earlier release"
    elif case == "inside the repository":
        out = ROOT / "lessons" / "release-here"
        fragment = "inside the course repository"
    else:
        source = course_copy(tmp_path)
        name = SOLUTIONS[0].name
        notebook = nbformat.read(source / "solutions" / name, as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell("#BEGIN  SOLUTION\nanswer = 42"))
        nbformat.write(notebook, source / "solutions" / name)
        out = tmp_path / "class"
        argv = ["release", str(out), "--root", str(source)]
        fragment = f"lessons/{name} would still hold a solution marker"
    before = sorted(p.name for p in out.parent.rglob("*")) if out.parent != ROOT / "lessons" else None
    code, printed, err = run(capsys, *(argv or ["release", str(out)]))
    assert code == 2 and printed == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("entente release: error:") and fragment in err, err
    assert not (ROOT / "lessons" / "release-here").exists()
    if before is not None:
        assert sorted(p.name for p in out.parent.rglob("*")) == before, "a refused release changed something"


def test_links_without_a_target_outside_a_release(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["links", "--root", str(tmp_path)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--hub or --binder" in err


# --- slow: the release's own Binder environment runs lesson 00 -------------------------------------


@pytest.mark.slow
def test_lesson_00_runs_from_the_release_with_its_binder_requirements(released, tmp_path_factory):
    runtime = (released / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    version = runtime.removeprefix("python-")
    python = shutil.which(f"python{version}")
    assert python, f"binder/runtime.txt asks for Python {version}, which is not installed here"
    base = tmp_path_factory.mktemp("release-binder")
    out = base / "entente-class"
    shutil.copytree(released, out)  # a clone of the pushed release, as repo2docker would have it
    env = Env(base, python)
    env.pip_install("-r", "binder/requirements.txt", cwd=out)
    package = env.package_file()
    assert out in package.parents, f"Binder's environment imports the course from {package}, not the release"
    probe = env.run("python", "-c", "from entente_course import start; print(start.find('solutions'))")
    assert probe.returncode == 0 and probe.stdout.strip() == "None", probe.stdout + probe.stderr
    first = sorted((out / "lessons").glob("*.ipynb"))[0]
    env.execute(first, base / "executed.ipynb")
