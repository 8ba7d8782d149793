"""Execute one submitted notebook in a fresh kernel: the grader's child process (see ``grading``).

``entente grade`` runs this file *by path* (``python …/grade_runner.py NOTEBOOK WORKDIR REPORT
TIMEOUT``), not as ``entente_course.grade_runner``: importing the package would load pandas and
Altair for nothing, once per submission. So this file imports only the standard library, nbformat
and nbclient, and nothing from the course package.

It writes a JSON report: the notebook's status (``ok``, ``error``, ``timeout``) and, per code cell
(indexed as in the submitted notebook), whether it ran, its first error and what it printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run by path, Python puts this folder first on sys.path, where data.py or quiz.py would shadow any
# library module of the same name; drop it before importing anything else.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

import nbformat  # noqa: E402

OK, ERROR, TIMEOUT = "ok", "error", "timeout"
STARTUP_SECONDS = 60  # for the kernel to start; not counted in the notebook's own time
STDOUT_LIMIT = 4000


class _Deadline(Exception):
    """The notebook's time is up before a cell could start."""


def _cell_report(cell: nbformat.NotebookNode) -> dict:
    errors = [f"{o.get('ename', 'Error')}: {o.get('evalue', '')}" for o in cell.outputs if o.output_type == "error"]
    stdout = "".join(o.get("text", "") if o.output_type == "stream" else o.get("data", {}).get("text/plain", "") + "\n"
                     for o in cell.outputs
                     if (o.output_type == "stream" and o.get("name") == "stdout") or o.output_type == "display_data")
    return {"executed": cell.execution_count is not None or bool(cell.outputs),
            "error": errors[0] if errors else None, "stdout": stdout[-STDOUT_LIMIT:]}


def run(notebook_path: Path, workdir: Path, report_path: Path, timeout: float, setup: Path | None = None) -> dict:
    """Execute the notebook with ``workdir`` as the kernel's folder; write and return the report.

    The whole notebook shares one deadline, counted from when its kernel is ready, so a loop in any
    cell (or many slow cells) ends the run at ``timeout`` seconds. ``setup`` is a Python file run in
    the kernel first (extra exercises for a custom assignment).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:  # the student's own outputs must not count: only this run's do
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    offset = 0
    if setup is not None:
        notebook.cells.insert(0, nbformat.v4.new_code_cell(f"import runpy\nrunpy.run_path({str(setup)!r})\ndel runpy"))
        offset = 1
    deadline = math.inf

    def remaining(_cell) -> int:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _Deadline
        return max(1, math.ceil(left))

    kernel = os.environ.get("ENTENTE_GRADE_KERNEL", "python3")  # the grader sets its sandboxed kernel
    client = NotebookClient(notebook, kernel_name=kernel, allow_errors=True, timeout_func=remaining,
                            startup_timeout=STARTUP_SECONDS, shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(workdir)}})

    def kernel_ready(**_kwargs) -> None:
        nonlocal deadline
        deadline = time.monotonic() + timeout
        # Tell the grader the kernel's process group, so it can kill the kernel if it must kill us.
        pgid = getattr(getattr(client.km, "provisioner", None), "pgid", None)
        if pgid:
            (report_path.parent / "kernel.pgid").write_text(str(pgid))

    client.on_notebook_start = kernel_ready
    status, detail = OK, ""
    try:
        client.execute()
    except (CellTimeoutError, _Deadline):
        status, detail = TIMEOUT, f"stopped after {timeout:g} seconds (an endless loop, or too slow)"
    except DeadKernelError:
        status, detail = ERROR, "the kernel died (the notebook crashed Python or exited)"
    except Exception as error:  # a kernel that will not start, a broken notebook: report, never crash
        status, detail = ERROR, f"could not be executed: {type(error).__name__}: {error}"
    cells = {str(index): _cell_report(cell) for index, cell in enumerate(notebook.cells[offset:])
             if cell.cell_type == "code"}
    if status == OK and any(c["error"] for c in cells.values()):
        status, detail = ERROR, "a cell raised an error"
    report = {"status": status, "detail": detail, "cells": cells}
    report_path.write_text(json.dumps(report), encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="grade_runner.py", description="Execute one notebook for entente grade.")
    parser.add_argument("notebook", type=Path)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("report", type=Path)
    parser.add_argument("timeout", type=float)
    parser.add_argument("--setup", type=Path, default=None)
    args = parser.parse_args(argv)
    run(args.notebook, args.workdir, args.report, args.timeout, args.setup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
