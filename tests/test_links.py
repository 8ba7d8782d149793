"""``entente links``: nbgitpuller and Binder links, checked by parsing them back."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import nbformat
import pytest

from entente_course import cli, links

NOTEBOOKS = ["00_start_here.ipynb", "01_gabuev_2018.ipynb", "03 gady notes.ipynb"]


@pytest.fixture
def course(tmp_path):
    """A course folder with three lesson notebooks (one with a space in its name)."""
    (tmp_path / "lessons").mkdir()
    for name in reversed(NOTEBOOKS):
        nbformat.write(nbformat.v4.new_notebook(), tmp_path / "lessons" / name)
    (tmp_path / "lessons" / "README.md").write_text("not a notebook")
    return tmp_path


def run_links(capsys, *args) -> tuple[int, list[tuple[str, str]], str]:
    code = cli.main(["links", *args])
    out, err = capsys.readouterr()
    pairs = [tuple(line.rsplit(maxsplit=1)) for line in out.splitlines()]
    return code, pairs, err


def query(url: str) -> dict[str, str]:
    parsed = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values()), url
    return {k: v[0] for k, v in parsed.items()}


def test_one_nbgitpuller_link_per_lesson_in_order(course, capsys):
    repo = "https://github.com/entente-course/entente"
    code, pairs, _ = run_links(capsys, "--hub", "https://hub.example.edu", "--repo", repo, "--root", str(course))
    assert code == 0
    assert [name for name, _ in pairs] == NOTEBOOKS
    for name, url in pairs:
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
        assert query(url) == {"repo": repo, "branch": "main", "urlpath": f"lab/tree/entente/lessons/{name}"}
        assert "depth" not in query(url) and "targetpath" not in query(url)
        # the form in COURSE.md: every value percent-encoded, slashes included
        assert (
            f"repo={repo.replace(':', '%3A').replace('/', '%2F')}&branch=main&urlpath=lab%2Ftree%2Fentente%2Flessons%2F"
            in url
        )
    assert pairs[2][1].endswith("03%20gady%20notes.ipynb")


def test_depth0_branch_and_dot_git_repositories(course, capsys):
    repo = "http://git.example.edu/courses/entente.git"
    code, pairs, _ = run_links(
        capsys,
        "--hub",
        "https://example.edu/jupyter/",
        "--repo",
        repo,
        "--branch",
        "spring 2025",
        "--dumb-http",
        "--root",
        str(course),
    )
    assert code == 0
    url = pairs[1][1]
    assert url.startswith("https://example.edu/jupyter/hub/user-redirect/git-pull?")
    params = query(url)
    assert params["repo"] == repo and params["branch"] == "spring 2025" and params["depth"] == "0"
    # nbgitpuller would clone into "entente.git"; the link names the folder it opens
    assert params["targetpath"] == "entente"
    assert params["urlpath"] == "lab/tree/entente/lessons/01_gabuev_2018.ipynb"


def test_targetpath_moves_the_clone_and_the_opened_path(course, capsys):
    code, pairs, _ = run_links(
        capsys,
        "--hub",
        "https://hub.example.edu",
        "--repo",
        "https://github.com/o/entente",
        "--targetpath",
        "course",
        "--depth0",
        "--root",
        str(course),
    )
    assert code == 0
    params = query(pairs[0][1])
    assert params["targetpath"] == "course"
    assert params["urlpath"] == "lab/tree/course/lessons/00_start_here.ipynb"
    assert params["depth"] == "0"


def test_binder_links(course, capsys):
    code, pairs, _ = run_links(capsys, "--binder", "entente-course/entente", "--root", str(course))
    assert code == 0
    assert [name for name, _ in pairs] == NOTEBOOKS
    for name, url in pairs:
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc, parts.path) == (
            "https",
            "mybinder.org",
            "/v2/gh/entente-course/entente/main",
        )
        assert query(url) == {"urlpath": f"lab/tree/lessons/{name}"}
    assert (
        pairs[0][1]
        == "https://mybinder.org/v2/gh/entente-course/entente/main?urlpath=lab/tree/lessons/00_start_here.ipynb"
    )


def test_binder_branch_with_a_slash_is_one_path_segment(course):
    url = links.binder("org/repo", "01_gabuev_2018.ipynb", branch="feature/new-lesson")
    segments = urlsplit(url).path.split("/")
    assert segments[:5] == ["", "v2", "gh", "org", "repo"] and len(segments) == 6
    assert unquote(segments[5]) == "feature/new-lesson"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--hub", "hub.example.edu", "--repo", "https://github.com/o/r"], "full http(s) address"),
        (["--hub", "https://hub.example.edu", "--repo", "github.com/o/r"], "--repo must be"),
        (["--hub", "https://hub.example.edu"], "--hub needs --repo"),
        (["--binder", "just-a-name"], "ORG/REPO"),
        (["--binder", "o/r", "--depth0"], "go with --hub"),
        (["--binder", "o/r", "--branch", ""], "--branch"),
    ],
)
def test_bad_arguments_get_one_line(course, capsys, args, fragment):
    code, pairs, err = run_links(capsys, *args, "--root", str(course))
    assert code == 2 and pairs == []
    assert len(err.strip().splitlines()) == 1 and fragment in err


def test_no_lessons_is_an_error(tmp_path, capsys):
    code, _, err = run_links(capsys, "--binder", "o/r", "--root", str(tmp_path))
    assert code == 2 and "no lesson notebooks" in err


def test_hub_and_binder_are_exclusive(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["links", "--hub", "https://h", "--binder", "o/r"])
    assert exit_.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_repo_folder():
    assert links.repo_folder("https://github.com/o/entente") == "entente"
    assert links.repo_folder("https://github.com/o/entente.git/") == "entente"
    with pytest.raises(links.LinkError):
        links.repo_folder("https://github.com/")
