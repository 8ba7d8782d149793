"""``entente release OUT``: the student edition of the course for a class, a git repository ready to push.

Binder and nbgitpuller hand students a whole repository, so a class needs one without the worked
solutions, the model answers or the instructor's guide. The release holds the lessons (generated afresh
from ``solutions/``, then checked for any solution marker left behind), the data, the package, ``binder/``
(which installs the release's own package), a student README with a launch link per lesson, and a
``pyproject.toml`` whose wheel carries the lessons and no solutions. A marker file tells a later release
that the folder is an earlier one, to be updated with a new commit rather than refused.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from . import links, notebooks
from .start import folder_files, linked_docs

__all__ = ["MARKER", "PLACEHOLDER", "ReleaseError", "Settings", "recorded", "release", "release_files"]

MARKER = ".entente-release.json"
PLACEHOLDER = "YOUR-ORG/YOUR-REPO"
AUTHOR = ("Entente course release", "release@entente-course.invalid")
FORCE_INCLUDE = "[tool.hatch.build.targets.wheel.force-include]"
_SOLUTION_MARKER = re.compile(r"(?i)(BEGIN|END)\s+SOLUTION")
_INSTALLS_ITSELF = re.compile(r"^(-e\s+)?\.(\[[\w,-]*\])?$")
_GITIGNORE = ".ipynb_checkpoints/\n__pycache__/\n.venv/\n*.egg-info/\nbuild/\ndist/\n"


class ReleaseError(Exception):
    """Something stops ``entente release``; the message is one line, for the command line."""


@dataclass(frozen=True)
class Settings:
    """Where the release will be served from, for its README's links (and ``entente links --root``)."""

    binder: str | None = None
    hub: str | None = None
    repo: str | None = None
    branch: str = "main"


def recorded(root: Path | None) -> Settings | None:
    """The settings an earlier ``entente release`` recorded in ``root``, or None if ``root`` is not a release."""
    try:
        saved = json.loads((Path(root or ".") / MARKER).read_text(encoding="utf-8"))
        return Settings(
            **{key: saved.get(key) for key in ("binder", "hub", "repo")}, branch=saved.get("branch") or "main"
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def _title(notebook: nbformat.NotebookNode, name: str) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return name


def _lessons(source: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """The student notebooks, made afresh from ``solutions/``, and their titles; refuse any leftover marker."""
    files, titles = {}, {}
    for path in sorted((source / "solutions").glob("*.ipynb")):
        student = notebooks.student_version(nbformat.read(path, as_version=4), f"solutions/{path.name}")
        text = nbformat.writes(student) + "\n"
        if match := _SOLUTION_MARKER.search(text):
            raise ReleaseError(
                f"lessons/{path.name} would still hold a solution marker ('{match.group(0)}'); "
                f"fix solutions/{path.name} so every block is '# BEGIN SOLUTION' … '# END SOLUTION' "
                "or '<!-- BEGIN SOLUTION -->' … '<!-- END SOLUTION -->'"
            )
        files[f"lessons/{path.name}"] = text.encode("utf-8")
        titles[path.name] = _title(student, path.stem)
    if not files:
        raise ReleaseError(
            f"no solution notebooks in {source / 'solutions'}; run entente release in the course's repository"
        )
    return files, titles


def _pyproject(text: str, docs: bool) -> str:
    """The course's pyproject.toml with a wheel that ships data, lessons (and linked docs) only; no tool settings
    but the build's (the release has no tests to configure)."""
    if FORCE_INCLUDE not in text:
        raise ReleaseError(f"pyproject.toml has no {FORCE_INCLUDE} table to rewrite")
    out: list[str] = []
    for chunk in re.split(r"(?m)^(?=\[)", text):
        header = chunk.split("\n", 1)[0].strip()
        if header.startswith("[tool.") and not header.startswith("[tool.hatch"):  # test and lint settings
            continue
        if header == FORCE_INCLUDE:
            while out and re.search(r"(?m)^#[^\n]*\n\s*\Z", out[-1]):  # the comment that described the old table
                out[-1] = re.sub(r"(?m)^#[^\n]*\n\s*\Z", "", out[-1])
            table = ['"data" = "entente_course/_data"', '"lessons" = "entente_course/_course/lessons"']
            if docs:
                table.append('"docs" = "entente_course/_course/docs"')
            chunk = (
                "# The student edition: the wheel ships the tables, the lessons and the documents they link to.\n"
                f"{FORCE_INCLUDE}\n" + "\n".join(table) + "\n\n"
            )
        out.append(chunk)
    return "".join(out).rstrip() + "\n"


def _binder(source: Path) -> dict[str, bytes]:
    files = folder_files(source / "binder", "binder")
    requirements = files.get("binder/requirements.txt", b"").decode("utf-8")
    lines = [line.split("#", 1)[0].strip() for line in requirements.splitlines()]
    if not any(_INSTALLS_ITSELF.match(line) for line in lines):
        raise ReleaseError("binder/requirements.txt must install the course's own package (a line '-e .' or '.')")
    return files


def _link_cells(name: str, settings: Settings) -> str:
    binder = links.binder(settings.binder or PLACEHOLDER, name, branch=settings.branch)
    cells = f"[Binder]({binder})"
    if settings.hub and settings.repo:
        cells += f" · [JupyterHub]({links.nbgitpuller(settings.hub, settings.repo, name, branch=settings.branch)})"
    return cells


def _readme(description: str, titles: dict[str, str], settings: Settings) -> str:
    rows = "\n".join(
        f"| {title} | `lessons/{name}` | {_link_cells(name, settings)} |" for name, title in titles.items()
    )
    placeholder = (
        ""
        if settings.binder
        else (
            f"\n> **For the instructor:** `{PLACEHOLDER}` stands for this repository's GitHub path. Run\n"
            "> `entente release OUT --binder ORG/REPO` again once you know it, to fill in the links.\n"
        )
    )
    hub = (
        "\n**On your class's JupyterHub.** Use the JupyterHub link. The first time, it copies the course into\n"
        "your home folder and opens the lesson; later, it brings in your instructor's updates and never\n"
        "overwrites a notebook you have changed. Your work stays in your home folder.\n"
        if settings.hub and settings.repo
        else ""
    )
    return f"""# Entente: the student edition

{description}

Each lesson reads one analyst's argument, maps it claim by claim, and tests it against shared, sourced
datasets. Its exercises check themselves, and its quiz explains every answer and cites the text.
This repository holds what you need: the lesson notebooks (`lessons/`), the datasets (`data/`) and the
small Python package the notebooks import (`entente_course/`).

## Lessons

Take them in order; lesson 00 shows how notebooks, exercises and quizzes work.
{placeholder}
| lesson | notebook | launch |
|---|---|---|
{rows}

## How to launch a lesson

**On Binder (nothing to install).** Click the lesson's Binder link. The first start can take a few
minutes while Binder prepares the course. A Binder session is temporary: it ends after a while without
activity and your files go with it, so **download your notebook** (File → Download) before you leave,
and upload it again to continue.
{hub}
**On your own computer** (Python 3.10 or newer). In a copy of this repository, run:

```sh
pip install .
entente start
```

`entente start` copies the lessons into `~/entente-course` (or the folder you name after it) and opens
JupyterLab on the first lesson. Run it again to reopen the course; it never overwrites a lesson you
have changed.

## How to submit your work

1. Answer in the notebook: replace each `...` with your code and run the cell; write your own answer
   where a cell says *Your answer here.* Each checked exercise tells you at once whether it is right.
2. Before you hand it in, run the whole notebook from the top: **Kernel → Restart Kernel and Run All
   Cells**, then save it (**File → Save Notebook**).
3. Download it (**File → Download**) and hand in the `.ipynb` file the way your instructor asks. Keep the
   lesson's file name and its first heading: they tell the grader which lesson it is.
"""


def _field(pyproject: str, name: str) -> str:
    """One string field of ``[project]`` (the course's own pyproject, read as written)."""
    match = re.search(rf'(?m)^{name}\s*=\s*"(.*)"\s*$', pyproject)
    return match.group(1) if match else ""


def release_files(source: Path, settings: Settings) -> dict[str, bytes]:
    """Every file of the student edition, by relative path (the marker and ``.git`` apart)."""
    for needed in ("solutions", "data", "entente_course", "binder", "pyproject.toml"):
        if not (source / needed).exists():
            raise ReleaseError(f"{source} has no {needed}; run entente release in the course's repository")
    lessons, titles = _lessons(source)
    files = dict(lessons)
    docs = sorted(doc for doc in linked_docs(lessons) if (source / doc).is_file())
    files |= {doc: (source / doc).read_bytes() for doc in docs}
    files |= folder_files(source / "data", "data")
    files |= {
        path: content
        for path, content in folder_files(source / "entente_course", "entente_course").items()
        if not path.endswith(".pyc") and not path.startswith(("entente_course/_data/", "entente_course/_course/"))
    }
    files |= _binder(source)
    pyproject = (source / "pyproject.toml").read_text(encoding="utf-8")
    files["pyproject.toml"] = _pyproject(pyproject, bool(docs)).encode("utf-8")
    files["README.md"] = _readme(_field(pyproject, "description"), titles, settings).encode("utf-8")
    files[".gitignore"] = _GITIGNORE.encode("utf-8")
    return files


def _git(out: Path, *args: str, author: tuple[str, str] = AUTHOR) -> str:
    command = [
        "git",
        "-c",
        f"user.name={author[0]}",
        "-c",
        f"user.email={author[1]}",
        "-c",
        "commit.gpgsign=false",
        *args,
    ]
    try:
        result = subprocess.run(command, cwd=out, capture_output=True, text=True, check=True)
    except FileNotFoundError:
        raise ReleaseError("git is not installed; install it to make a release") from None
    except subprocess.CalledProcessError as error:
        last = (error.stderr or error.stdout).strip().splitlines()[-1:] or ["no message"]
        raise ReleaseError(f"git {args[0]} failed in {out}: {last[0]}") from None
    return result.stdout


def _source_commit(source: Path) -> str | None:
    """The course repository's commit, marked ``+uncommitted`` when its files differ from it."""
    try:
        return (
            subprocess.run(
                ["git", "describe", "--always", "--dirty=+uncommitted"],
                cwd=source,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.CalledProcessError):
        return None


def _has_commits(out: Path) -> bool:
    try:
        _git(out, "rev-parse", "--verify", "--quiet", "HEAD")
        return True
    except ReleaseError:
        return False


def _check_out(out: Path, source: Path, branch: str) -> str:
    """What ``out`` is: ``new`` (missing or empty), ``clone`` (a fresh clone of an empty repository) or
    ``release`` (an earlier release, on ``branch``, with nothing uncommitted); refuse anything else."""
    if out.exists() and not out.is_dir():
        raise ReleaseError(f"{out} is a file; name a new or empty folder for the release")
    resolved = out.resolve()
    if resolved == source.resolve() or source.resolve() in resolved.parents:
        raise ReleaseError(f"{out} is inside the course repository {source}; choose a folder outside it")
    entries = {entry.name for entry in out.iterdir()} if out.exists() else set()
    if not entries:
        return "new"
    if entries == {".git"} and (out / ".git").is_dir() and not _has_commits(out):
        return "clone"
    if MARKER not in entries or ".git" not in entries:
        raise ReleaseError(
            f"{out} already holds other files and is not an earlier release (no {MARKER}); choose a new or empty folder"
        )
    current = _git(out, "branch", "--show-current").strip()
    if current != branch:
        raise ReleaseError(
            f"{out} is on branch {current or '(none)'}, not {branch}; release with --branch "
            f"{current or 'NAME'} or switch branches there first"
        )
    if _git(out, "status", "--porcelain").strip():
        raise ReleaseError(f"{out} has changes that are not committed; commit or discard them, then release again")
    return "release"


def release(
    out: Path, settings: Settings = Settings(), *, source: Path | None = None, author: tuple[str, str] = AUTHOR
) -> str:
    """Write (or update) the student edition in ``out`` and commit it; return one line saying what happened."""
    source = Path(source) if source else notebooks.repository_root()
    if settings.binder:
        links.binder(settings.binder, "x.ipynb", branch=settings.branch)  # raises LinkError for a bad ORG/REPO
    if settings.hub or settings.repo:
        if not (settings.hub and settings.repo):
            raise ReleaseError("--hub and --repo go together (the JupyterHub and the Git URL students clone from)")
        links.nbgitpuller(settings.hub, settings.repo, "x.ipynb", branch=settings.branch)
    files = release_files(source, settings)
    state = _check_out(out, source, settings.branch)
    update = state == "release"
    commit = _source_commit(source)
    version = _field((source / "pyproject.toml").read_text(encoding="utf-8"), "version") or "0+unknown"
    files[MARKER] = (
        json.dumps(
            {"course": "entente-course", "version": version, "source_commit": commit, **asdict(settings)}, indent=1
        )
        + "\n"
    ).encode("utf-8")
    try:
        out.mkdir(parents=True, exist_ok=True)
        for entry in out.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        for path, content in files.items():
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(content)
    except OSError as error:
        raise ReleaseError(f"cannot write in {error.filename or out} ({error.strerror or error})") from None
    if state == "new":
        _git(out, "init", "--quiet")
    if not update:
        _git(out, "symbolic-ref", "HEAD", f"refs/heads/{settings.branch}")
    _git(out, "add", "--all")
    if update and not _git(out, "status", "--porcelain").strip():
        return f"{out} is already up to date (no new commit)."
    origin = f" from {commit}" if commit else ""
    message = (
        f"Update the Entente student edition to {version}{origin}"
        if update
        else f"Entente student edition {version}{origin}"
    )
    _git(out, "commit", "--quiet", "-m", message, author=author)
    lessons = sum(1 for path in files if path.startswith("lessons/"))
    done = "Updated" if update else "Wrote"
    return f"{done} the student edition in {out} ({lessons} lessons, branch {settings.branch}, commit: {message!r})."
