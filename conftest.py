"""Test-session setup shared by the unit tests and the nbval notebook runs.

Every notebook kernel started by nbval is the ``entente-offline`` kernel (no network), writes progress
to a temporary file, and runs in strict mode when the notebook lives in ``solutions/``. Each test worker
gives its kernels an IPython directory of their own, so concurrent kernels never share (and lock) the
user's IPython history database.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from entente_course.kernels import KERNEL_NAME as OFFLINE_KERNEL
from entente_course.kernels import write_kernelspec

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    scratch = Path(tempfile.mkdtemp(prefix="entente-tests-"))
    write_kernelspec(scratch / "jupyter", OFFLINE_KERNEL, "offline", "Python 3 (offline)")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(scratch / "jupyter"), os.environ.get("JUPYTER_PATH")])
    )
    os.environ["ENTENTE_STRICT_DIRS"] = str(ROOT / "solutions")
    os.environ["ENTENTE_PROGRESS"] = str(scratch / "progress.json")
    os.environ["ENTENTE_CACHE"] = str(scratch / "cache")
    os.environ["IPYTHONDIR"] = str(scratch / "ipython")
    os.environ.pop("ENTENTE_STRICT", None)
    if hasattr(config.option, "nbval_kernel_name") and not config.option.nbval_kernel_name:
        config.option.nbval_kernel_name = OFFLINE_KERNEL


# The grading fixtures are deliberately broken submissions, not lessons to execute.
collect_ignore_glob = ["tests/fixtures/*", "**/.ipynb_checkpoints/*"]
