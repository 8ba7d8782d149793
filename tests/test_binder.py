"""Binder's build, reproduced: a fresh virtual environment made only from binder/, then lesson 00 run in it.

repo2docker reads binder/runtime.txt for the Python version and installs binder/requirements.txt from the
repository root (it ignores pyproject.toml when binder/ exists). This test does the same.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

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
    venv = tmp_path / "binder-env"
    subprocess.run([binder_python(), "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            "binder/requirements.txt",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-3000:]

    versions = subprocess.run(
        [
            str(python),
            "-c",
            "import altair, entente_course, jupyterlab; print(altair.__version__, entente_course.__file__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert versions[0].startswith("5.5") and versions[1].startswith(str(ROOT))

    lesson = tmp_path / "00_start_here.ipynb"
    shutil.copy(ROOT / "lessons" / "00_start_here.ipynb", lesson)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("JUPYTER", "VIRTUAL_ENV"))}
    env.update(
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
        ENTENTE_PROGRESS=str(tmp_path / "progress.json"),
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    )
    run = subprocess.run(
        [
            str(python),
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.kernel_name=python3",
            "--output",
            "executed.ipynb",
            str(lesson),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    executed = nbformat.read(tmp_path / "executed.ipynb", as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs and not any(o.output_type == "error" for o in outputs)
    assert any("application/vnd.vegalite.v5+json" in o.get("data", {}) for o in outputs), "no chart drawn"
