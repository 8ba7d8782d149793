"""A fresh virtual environment outside the repository, as a learner or Binder would have it, for the slow tests.

Nothing of this repository leaks in: no PYTHONPATH, no Jupyter or Entente settings of the test session, a
home folder of its own, and the environment's own ``bin/`` first on PATH, so ``jupyter`` and the ``python3``
kernel are the environment's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


class Env:
    """A virtual environment in ``base/venv`` with a home folder ``base/home``."""

    def __init__(self, base: Path, python: str = sys.executable):
        self.base, self.venv, self.home = base, base / "venv", base / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        subprocess.run([python, "-m", "venv", str(self.venv)], check=True, timeout=300)

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def environ(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("JUPYTER", "VIRTUAL_ENV", "ENTENTE", "IPYTHON", "PYTHON"))
        }
        env.update(HOME=str(self.home), PATH=f"{self.bin}{os.pathsep}{env.get('PATH', '')}", BROWSER="true")
        return env

    def run(self, *command: str | Path, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
        """Run ``command`` (its first word looked up in the environment's bin/) from ``cwd`` (default: base)."""
        first = self.bin / str(command[0])
        argv = [str(first if first.exists() else command[0]), *map(str, command[1:])]
        return subprocess.run(
            argv, cwd=cwd or self.base, env=self.environ(), capture_output=True, text=True, timeout=timeout
        )

    def pip_install(self, *args: str | Path, cwd: Path | None = None) -> None:
        result = self.run(
            "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-compile",
            *args,
            cwd=cwd,
            timeout=1200,
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]

    def package_file(self) -> Path:
        """Where this environment imports ``entente_course`` from."""
        result = self.run(
            "python", "-c", "import importlib.util; print(importlib.util.find_spec('entente_course').origin)"
        )
        assert result.returncode == 0, result.stderr
        return Path(result.stdout.strip())

    def execute(self, notebook: Path, out: Path) -> nbformat.NotebookNode:
        """Run ``notebook`` top to bottom in this environment's own ``python3`` kernel, from its own folder."""
        result = self.run(
            "python",
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.kernel_name=python3",
            "--ExecutePreprocessor.timeout=300",
            "--output",
            str(out),
            str(notebook),
            cwd=notebook.parent,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        executed = nbformat.read(out, as_version=4)
        outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs]
        assert outputs, f"{notebook.name} ran but showed nothing"
        errors = [o for o in outputs if o.output_type == "error"]
        assert not errors, f"{notebook.name}: {errors[0].ename}: {errors[0].evalue}"
        return executed


def build_wheel(source: Path, out: Path) -> Path:
    """Build the wheel of the course in ``source`` into ``out`` (the way ``pip install`` of the folder would)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    wheels = sorted(out.glob("entente_course-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()
