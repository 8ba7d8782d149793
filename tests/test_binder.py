"""Binder's build, reproduced: a fresh virtual environment made only from binder/, then lesson 00 run in it.

repo2docker reads binder/runtime.txt for the Python version and installs binder/requirements.txt from the
repository root (it ignores pyproject.toml when binder/ exists). This test does the same.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from .fresh_env import Env

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def binder_python() -> str:
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime.startswith("python-"), "binder/runtime.txt must pin the Python version, like python-3.11"
    version = runtime.removeprefix("python-")
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return sys.executable
    found = shutil.which(f"python{version}")
    if not found:
        pytest.fail(f"binder/runtime.txt asks for Python {version}, which is not installed here")
    return found


def test_binder_environment_runs_lesson_00(tmp_path):
    env = Env(tmp_path, python=binder_python())
    env.pip_install("-r", "binder/requirements.txt", cwd=ROOT)
    versions = env.run("python", "-c", "import altair; print(altair.__version__)").stdout.split()
    assert versions[0].startswith("5.5")
    assert str(env.package_file()).startswith(str(ROOT)), "binder/requirements.txt must install this repository"

    lesson = tmp_path / "00_start_here.ipynb"
    shutil.copy(ROOT / "lessons" / "00_start_here.ipynb", lesson)
    executed = env.execute(lesson, tmp_path / "executed.ipynb")
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert any("application/vnd.vegalite.v5+json" in o.get("data", {}) for o in outputs), "no chart drawn"
