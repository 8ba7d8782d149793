"""The README's two commands are true: CI runs the same test command, and the course command opens lesson 00."""

from __future__ import annotations

import re
import shlex
import shutil
import urllib.request
from pathlib import Path

import pytest

from .jupyter_server import free_port, running

ROOT = Path(__file__).resolve().parent.parent


def readme_command(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(
        rf"^### {re.escape(heading)}\n.*?```(?:sh|bash|shell)\n(.+?)\n```", text, re.MULTILINE | re.DOTALL
    )
    assert match, f"README has no command under '### {heading}'"
    return match.group(1).strip()


def ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [
        line.strip() for line in lines if line.strip() and not line.lstrip().startswith(("#", "set ", "cd ", "export "))
    ]


def test_ci_runs_the_readme_test_command():
    assert ci_commands() == [readme_command("Run the tests")]


def test_the_test_command_installs_the_browser_and_runs_pytest():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert readme_command("Run the tests") == "make test"
    target = re.search(r"^test:(.*)\n\t(.+)$", makefile, re.MULTILINE)
    assert target is not None
    assert "browser" in target.group(1) and "pytest" in target.group(2)


def test_course_command_opens_jupyterlab_on_lesson_00(tmp_path):
    command = readme_command("Run the course")
    assert command == "make course"
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    port, token = free_port(), "entente-readme-test"
    lab_args = f"--no-browser --port={port} --ServerApp.port_retries=0 --ip=127.0.0.1 --IdentityProvider.token={token}"
    with running(
        [*shlex.split(command), f"LAB_ARGS={lab_args}"], cwd=ROOT, port=port, token=token, log=tmp_path / "course.log"
    ) as base:
        with urllib.request.urlopen(
            f"{base}/api/contents/lessons/00_start_here.ipynb?content=0&token={token}"
        ) as response:
            assert response.status == 200
        opened = urllib.request.urlopen(f"{base}/?token={token}")
        assert opened.status == 200
        assert opened.url.startswith(f"{base}/lab/tree/lessons/00_start_here.ipynb"), opened.url
        assert b"JupyterLab" in opened.read()


def test_readme_binder_links_are_the_cli_links_for_one_placeholder():
    """Every lesson has a launch link, all built for the one marked placeholder, as `entente links` builds them."""
    from entente_course import links

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    placeholder = "YOUR-ORG/entente"
    assert f"**Placeholder:** `{placeholder}`" in text
    found = set(re.findall(r"\((https://mybinder\.org/v2/gh/[^)]+)\)", text))
    owners = [re.match(r"https://mybinder\.org/v2/gh/([^/]+/[^/]+)/", url) for url in found]
    assert all(owners) and {m.group(1) for m in owners if m} == {placeholder}
    expected = {links.binder(placeholder, notebook, branch="HEAD") for notebook in links.lessons(ROOT)}
    assert expected <= found
