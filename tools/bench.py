"""Benchmark: execute every notebook and report wall time and executed size beside a floor.

``python tools/bench.py`` (``make bench``) runs each lesson and solution notebook in a fresh kernel, the way nbval
does, and compares the total with the *floor*: a one-cell notebook that only imports pandas, altair,
ipywidgets and entente_course, run in the same way. Targets: total ≤ 1.5 × floor × number of notebooks,
and every executed notebook ≤ 1 MB. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from entente_course.notebooks import repository_root

FLOOR_SOURCE = "import pandas, altair, ipywidgets, entente_course"
SIZE_LIMIT = 1_000_000
TIME_FACTOR = 1.5


def execute(notebook: nbformat.NotebookNode, cwd: Path, *, strict: bool) -> tuple[float, int]:
    """Run ``notebook`` in a fresh kernel from ``cwd``; return (seconds, executed size in bytes)."""
    os.environ["ENTENTE_STRICT"] = "1" if strict else "0"
    started = time.perf_counter()
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up warnings would bury the table
    elapsed = time.perf_counter() - started
    return elapsed, len(nbformat.writes(notebook).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=repository_root(), help="the course folder")
    args = parser.parse_args(argv)
    os.environ.setdefault("ENTENTE_PROGRESS", str(Path(tempfile.mkdtemp()) / "progress.json"))

    # The floor is the median of three runs: one kernel start varies by a second on a busy machine.
    floors = [
        execute(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)]), args.root, strict=False)
        for _ in range(3)
    ]
    floor_time, floor_size = statistics.median(t for t, _ in floors), floors[0][1]
    paths = sorted((args.root / "lessons").glob("*.ipynb")) + sorted((args.root / "solutions").glob("*.ipynb"))
    print(f"{'notebook':<42} {'seconds':>8} {'size (KB)':>10}")
    print(f"{'floor (imports only; median of 3)':<42} {floor_time:>8.2f} {floor_size / 1000:>10.1f}")
    total, too_big = 0.0, []
    for path in paths:
        seconds, size = execute(nbformat.read(path, as_version=4), path.parent, strict=path.parent.name == "solutions")
        total += seconds
        if size > SIZE_LIMIT:
            too_big.append(path)
        print(f"{path.parent.name + '/' + path.name:<42} {seconds:>8.2f} {size / 1000:>10.1f}")
    budget = TIME_FACTOR * floor_time * len(paths)
    print(f"{'total':<42} {total:>8.2f}")
    print(
        f"target: total ≤ {TIME_FACTOR} × floor × {len(paths)} notebooks = {budget:.2f} s -> "
        f"{'met' if total <= budget else 'MISSED'} ({total / (floor_time * len(paths)):.2f} × floor per notebook)"
    )
    print(
        f"target: every executed notebook ≤ 1 MB -> {'met' if not too_big else 'MISSED: ' + ', '.join(map(str, too_big))}"
    )
    return 0 if total <= budget and not too_big else 1


if __name__ == "__main__":
    sys.exit(main())
