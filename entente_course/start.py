"""``entente start``: copy the course out of the installed package into a folder of one's own, and open it.

A self-learner installs the package (``pip install entente-course``), which carries the lessons, the
worked solutions and the documents they link to. ``entente start`` copies them into a folder the student
owns and opens JupyterLab there. Running it again after an upgrade never loses work: a small manifest in
the folder records the hash of every file as it was copied, so a file that still has that hash is an old
version (replaced), and a file that does not was changed by the student (kept; the new version is written
beside it). The rules, and how they differ from nbgitpuller's, are in ``docs/decisions.md``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "LAB_FLAGS",
    "MANIFEST",
    "StartError",
    "Sync",
    "course_files",
    "default_folder",
    "find",
    "folder_files",
    "lab_command",
    "linked_docs",
    "sync",
]

MANIFEST = ".entente-course.json"
PACKAGE = Path(__file__).resolve().parent
# Offline-friendly JupyterLab, the same flags as the Makefile's LAB_FLAGS (a test keeps them equal).
LAB_FLAGS = [
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]
_DOC_LINK = re.compile(r"\]\(\.\./(docs/[^)\s#]+)")


class StartError(Exception):
    """Something stops ``entente start``; the message is one line, for the command line."""


def default_folder() -> Path:
    """Where the course goes when no folder is named: ``~/entente-course``."""
    return Path.home() / "entente-course"


def version() -> str:
    """The installed course's version (it names the new copy of a lesson the student has changed)."""
    try:
        return metadata.version("entente-course")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def find(name: str) -> Path | None:
    """The folder ``name`` (lessons, solutions, docs) of this installation, or None if it has none.

    Like ``data.data_dir``: a source tree (an editable install or a clone) keeps it beside the package;
    an installed wheel keeps it inside the package, in ``_course/``.
    """
    candidates = [PACKAGE / "_course" / name]
    if (PACKAGE.parent / "pyproject.toml").is_file():  # a source tree, not site-packages
        candidates.insert(0, PACKAGE.parent / name)
    return next((folder for folder in candidates if folder.is_dir() and any(folder.iterdir())), None)


def folder_files(folder: Path, prefix: str) -> dict[str, bytes]:
    """Every file under ``folder`` (no checkpoints or caches), keyed ``prefix/relative/path``."""
    skip = {".ipynb_checkpoints", "__pycache__"}
    return {
        f"{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not skip.intersection(path.relative_to(folder).parts)
    }


def linked_docs(notebooks: dict[str, bytes]) -> set[str]:
    """The documents (``docs/…``) the lessons link to, such as the cheat sheet: the only docs a student needs."""
    return {match for text in notebooks.values() for match in _DOC_LINK.findall(text.decode("utf-8", "replace"))}


def course_files(*, with_solutions: bool = False) -> dict[str, bytes]:
    """Every file ``entente start`` puts in the student's folder, by relative path."""
    lessons = find("lessons")
    if lessons is None or not list(lessons.glob("*.ipynb")):
        raise StartError(
            f"this installation of entente-course has no lessons (looked in {PACKAGE.parent / 'lessons'} "
            f"and {PACKAGE / '_course' / 'lessons'}); reinstall it from the course's wheel or repository"
        )
    files = folder_files(lessons, "lessons")
    if with_solutions:
        solutions = find("solutions")
        if solutions is None:
            raise StartError(
                "this installation of entente-course has no worked solutions (a class's student "
                "edition leaves them out); run it without --with-solutions"
            )
        files |= folder_files(solutions, "solutions")
    docs = find("docs")
    for doc in sorted(linked_docs(files)):
        if docs is not None and (docs.parent / doc).is_file():
            files[doc] = (docs.parent / doc).read_bytes()
    first = min(name for name in files if name.startswith("lessons/") and name.endswith(".ipynb"))
    files["README.md"] = _readme(first.removeprefix("lessons/"), with_solutions).encode("utf-8")
    return files


def _readme(first: str, with_solutions: bool) -> str:
    solutions = (
        "- `solutions/`: the same lessons with worked answers. Try an exercise yourself first.\n"
        if with_solutions
        else ""
    )
    return f"""# Entente: your copy of the course

A Jupyter course on China–Russia military ties, copied here by `entente start`.

- `lessons/`: the notebooks, in order. Start with `lessons/{first}`.
{solutions}- `.entente-course.json`: what `entente start` copied (do not edit it; it tells your changes from old versions).

**Open the course again:** run `entente start` followed by this folder's path (just `entente start` for
`~/entente-course`); it opens JupyterLab here on the first lesson.

**Update it** after `pip install --upgrade entente-course`: run `entente start` again. New lessons are
added and lessons you have not changed are updated. A lesson you changed is never touched: the new
version is written beside it, named like `NAME (new in VERSION).ipynb`.

Your progress (exercises and quizzes) is saved in `~/.entente/progress.json`, not in this folder.
"""


@dataclass
class Sync:
    """What one ``entente start`` did to the folder; ``lines`` says it in words for the student."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # the student's file -> the new version beside it
    retired: list[str] = field(default_factory=list)

    def lines(self, folder: Path) -> list[str]:
        out = [
            f"Kept your changed {path}; the new version is beside it: {beside}" for path, beside in self.kept.items()
        ]
        out += [f"{path} is no longer part of the course; left as it is" for path in self.retired]
        counts = [f"{len(self.added)} files added", f"{len(self.updated)} updated"]
        if self.kept:
            counts.append(f"{len(self.kept)} of your changed files with a new version beside them")
        out.append(f"The course is in {folder} ({', '.join(counts)}).")
        return out


def _hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _read_manifest(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, AttributeError) as error:
        raise StartError(
            f"{folder / MANIFEST} is damaged ({error}); move it away and run entente start again "
            "(your files are kept either way)"
        ) from None
    return {str(key): str(value) for key, value in files.items()}


def _beside(folder: Path, path: str, new_version: str, content: bytes, manifest: dict[str, str]) -> str:
    """A free name beside ``path`` for the new version: ``NAME (new in VERSION).ext``, numbered if taken."""
    stem, dot, ext = path.rpartition(".") if "." in Path(path).name else (path, "", "")
    for number in range(1, 100):
        label = f"new in {new_version}" + (f", {number}" if number > 1 else "")
        candidate = f"{stem} ({label}){dot}{ext}"
        target = folder / candidate
        if not target.exists():
            return candidate
        current = _hash(target.read_bytes())
        if current == _hash(content) or current == manifest.get(candidate):  # ours, untouched: reuse it
            return candidate
    raise StartError(f"too many new versions of {path} in {folder}; tidy them up and run entente start again")


def sync(folder: Path, files: dict[str, bytes], new_version: str | None = None) -> Sync:
    """Bring ``folder`` up to ``files`` without losing a change the student made (the rules: module docstring)."""
    new_version = new_version or version()
    if folder.exists() and not folder.is_dir():
        raise StartError(f"{folder} is a file, not a folder; name a folder to copy the course into")
    manifest, result, recorded = _read_manifest(folder), Sync(), {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, content in files.items():
            target, new = folder / path, _hash(content)
            if not target.exists():
                _write(target, content)
                result.added.append(path)  # new, or deleted by the student: restored, as nbgitpuller does
                recorded[path] = new
            elif (current := _hash(target.read_bytes())) == new:
                recorded[path] = new
            elif current == manifest.get(path):  # the copy we made, untouched: an old version
                _write(target, content)
                result.updated.append(path)
                recorded[path] = new
            elif manifest.get(path) == new:  # changed by the student, and the course has nothing newer
                recorded[path] = new
            else:  # changed by the student (or theirs by that name), and the course has a new version
                beside = _beside(folder, path, new_version, content, manifest)
                _write(folder / beside, content)
                result.kept[path] = beside
                recorded[beside] = new
                recorded[path] = new  # offered once; their file still differs, so it stays "changed"
        result.retired = [
            path
            for path in manifest
            if path not in recorded and path not in files and (folder / path).exists() and " (new in " not in path
        ]
        recorded |= {
            path: manifest[path]
            for path in manifest
            if " (new in " in path and path not in recorded and (folder / path).exists()
        }
        _write(
            folder / MANIFEST,
            (
                json.dumps(
                    {"course": "entente-course", "version": new_version, "files": recorded}, indent=1, sort_keys=True
                )
                + "\n"
            ).encode("utf-8"),
        )
    except OSError as error:
        where = error.filename or folder
        raise StartError(
            f"cannot write in {where} ({error.strerror or error}); choose a folder you can write to"
        ) from None
    return result


def _write(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, target)


def lab_command(folder: Path, lesson: str, extra: Sequence[str] = ()) -> list[str]:
    """The JupyterLab command ``make course`` runs, for ``folder``, opening ``lessons/lesson``."""
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={folder}",
        f"--LabApp.default_url=/lab/tree/lessons/{quote(lesson)}",
        *LAB_FLAGS,
        *root,
        *extra,
    ]


def start(folder: Path, *, with_solutions: bool = False, copy_only: bool = False, lab_args: Sequence[str] = ()) -> int:
    """Copy (or update) the course in ``folder`` and, unless ``copy_only``, run JupyterLab there until it stops."""
    folder = folder.expanduser().absolute()
    # Solutions copied once stay part of the folder, so later runs keep them up to date too (if this
    # installation has them: a class's student edition does not).
    copied_before = any(path.startswith("solutions/") for path in _read_manifest(folder))
    with_solutions = with_solutions or (copied_before and find("solutions") is not None)
    files = course_files(with_solutions=with_solutions)
    for line in sync(folder, files).lines(folder):
        print(line)
    if copy_only:
        return 0
    first = min(Path(name).name for name in files if name.startswith("lessons/") and name.endswith(".ipynb"))
    print(f"Opening JupyterLab on lessons/{first} (stop it with Ctrl+C).", flush=True)
    try:
        return subprocess.call(lab_command(folder, first, list(lab_args)), cwd=folder)
    except KeyboardInterrupt:
        return 0
