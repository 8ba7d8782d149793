"""The code is linted, formatted and type-checked: ruff and mypy over the package, tools and tests; nbQA
runs ruff over the notebooks' code. Configuration: ``pyproject.toml``; how to run them: CONTRIBUTING.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["entente_course", "tools", "tests", "conftest.py"]
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", *CODE],
        ["ruff", "format", "--check", *CODE],
        ["mypy"],
        ["nbqa", "ruff", "solutions", "lessons"],
    ],
    ids=["ruff check", "ruff format", "mypy", "nbqa ruff"],
)
def test_clean(command):
    tool = BIN / command[0]
    program = [str(tool)] if tool.exists() else [sys.executable, "-m", command[0]]
    result = subprocess.run([*program, *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (
        f"{' '.join(command)} found problems:\n{result.stdout[-4000:]}{result.stderr[-2000:]}"
    )
