"""Launch links for the lessons: nbgitpuller links for a JupyterHub, launch links for Binder.

A class on a JupyterHub gets the course with nbgitpuller: one link per lesson clones the repository on
first use and fast-forwards it later, then opens the lesson. A class on mybinder.org gets a Binder link
that builds the environment from ``binder/`` and opens the lesson. Both forms are built here, with the
query values percent-encoded, so a notebook or branch name with spaces or slashes still works.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

from .notebooks import repository_root

__all__ = ["LinkError", "binder", "lessons", "nbgitpuller", "repo_folder"]

BINDER = "https://mybinder.org/v2/gh"
_GITHUB_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class LinkError(ValueError):
    """An argument cannot make a working link (the message is one line, for the command line)."""


def lessons(root: Path | None = None) -> list[str]:
    """The student notebooks, by file name, in lesson order (the ``NN_`` prefix sorts them)."""
    folder = (Path(root) if root else repository_root()) / "lessons"
    names = sorted(path.name for path in folder.glob("*.ipynb"))
    if not names:
        raise LinkError(f"no lesson notebooks in {folder}")
    return names


def _encode(value: str) -> str:
    return quote(value, safe="")


def _http_url(value: str, what: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LinkError(f"{what} must be a full http(s) address, like https://example.org, not {value!r}")
    return value.rstrip("/")


def repo_folder(repo: str) -> str:
    """The folder ``git clone`` makes for ``repo``: its last path component without ``.git``."""
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    name = name.removesuffix(".git")
    if not name:
        raise LinkError(f"cannot tell the repository's folder name from {repo!r}")
    return name


def nbgitpuller(
    hub: str, repo: str, notebook: str, *, branch: str = "main", depth0: bool = False, targetpath: str | None = None
) -> str:
    """The nbgitpuller link that clones ``repo`` on ``hub`` and opens ``lessons/notebook`` in JupyterLab.

    nbgitpuller names the clone after the URL's last component *including* a ``.git`` suffix, so for
    such URLs the link sets ``targetpath`` explicitly: the folder then matches the ``urlpath`` it opens.
    ``depth0`` asks for a full clone, which a repository served over plain ("dumb") HTTP needs.
    """
    hub = _http_url(hub, "--hub")
    repo = _http_url(repo, "--repo")
    if not branch:
        raise LinkError("--branch must not be empty")
    folder = targetpath or repo_folder(repo)
    query = [("repo", repo), ("branch", branch), ("urlpath", f"lab/tree/{folder}/lessons/{notebook}")]
    if targetpath or folder != repo.rsplit("/", 1)[-1]:
        query.append(("targetpath", folder))
    if depth0:
        query.append(("depth", "0"))
    encoded = "&".join(f"{key}={_encode(value)}" for key, value in query)
    return f"{hub}/hub/user-redirect/git-pull?{encoded}"


def binder(github: str, notebook: str, *, branch: str = "main") -> str:
    """The mybinder.org link that builds GitHub repository ``ORG/REPO`` and opens ``lessons/notebook``."""
    parts = github.strip("/").split("/")
    if len(parts) != 2 or not all(_GITHUB_NAME.match(part) for part in parts):
        raise LinkError(f"--binder takes a GitHub repository as ORG/REPO, not {github!r}")
    if not branch:
        raise LinkError("--branch must not be empty")
    org, repo = parts
    return f"{BINDER}/{org}/{repo.removesuffix('.git')}/{_encode(branch)}?urlpath={quote(f'lab/tree/lessons/{notebook}', safe='/')}"
