"""Benchmark ``entente grade``: 100 generated submissions of one lesson, graded, timed beside a floor.

``python tools/bench_grading.py [--lesson 03] [--count 100] [--jobs N] [--timeout 15]`` writes submissions
of the lesson (solved, blank, partly solved, raising, looping forever) into a temporary folder, grades
them as ``entente grade`` does and prints the total, the cost per submission and the *floor*: starting one
sandbox kernel and importing the course, the least a fresh kernel per notebook costs (median of three).
Target: 100 submissions in at most 3 minutes on 2 cores. Exits 1 if the target is missed, or if a
submission's row is not what its kind must give. Not a test: the time depends on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import nbformat

from entente_course import grading, notebooks
from entente_course.pool import Pool

ROOT = notebooks.repository_root()
TARGET_SECONDS = 180
KINDS = {"solved": 40, "blank": 25, "partial": 20, "raising": 10, "looping": 5}  # out of 100


def submissions(lesson: str, count: int, folder: Path) -> dict[str, str]:
    """Write ``count`` submissions of ``lesson`` into ``folder``; return each one's kind by file name."""
    (solution_path,) = sorted((ROOT / "solutions").glob(f"{lesson}_*.ipynb"))
    solved = nbformat.read(solution_path, as_version=4)
    blank = nbformat.read(ROOT / "lessons" / solution_path.name, as_version=4)
    answer_cells = [i for i, cell in enumerate(blank.cells) if cell.get("metadata", {}).get("entente")]
    kinds = [kind for kind, share in KINDS.items() for _ in range(round(share * count / 100))][:count]
    kinds += ["solved"] * (count - len(kinds))
    made = {}
    for number, kind in enumerate(kinds):
        notebook = copy.deepcopy(blank if kind == "blank" else solved)
        if kind == "partial":  # the first half of the exercises answered, the rest left blank
            for index in answer_cells[len(answer_cells) // 2 :]:
                notebook.cells[index] = copy.deepcopy(blank.cells[index])
        elif kind == "raising":
            notebook.cells[answer_cells[0]].source = (
                "raise ValueError('a slip')\n" + notebook.cells[answer_cells[0]].source
            )
        elif kind == "looping":
            notebook.cells[answer_cells[0]].source = "while True:\n    pass\n" + notebook.cells[answer_cells[0]].source
        name = f"student{number:03d}.ipynb"
        nbformat.write(notebook, folder / name)
        made[name] = kind
    return made


def expected_ok(kind: str, row: grading.Row) -> bool:
    """Whether a row is what a submission of this kind must give."""
    passed = {"solved": row.total, "blank": 0, "raising": row.total - 1, "looping": 0}
    status = {"solved": "ok", "blank": "ok", "partial": "ok", "raising": "error", "looping": "timeout"}[kind]
    if kind == "partial":
        return row.status == status and 0 < row.passed < row.total
    return row.status == status and row.passed == passed[kind]


async def _one_floor() -> float:
    started = time.perf_counter()
    pool = Pool(1, 1, None, fork=False)  # a cold kernel, as one per notebook costs
    try:
        await pool.open()
        kernel = await pool.take()
        await pool.give_back(kernel)
    finally:
        await pool.close()
    return time.perf_counter() - started


def floor() -> float:
    """Starting one sandbox kernel that has imported the course, and stopping it (median of three)."""
    return statistics.median(asyncio.run(_one_floor()) for _ in range(3))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/bench_grading.py", description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="03")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per notebook (default: 15)")
    args = parser.parse_args(argv)
    os.environ.setdefault("ENTENTE_PROGRESS", str(Path(tempfile.mkdtemp()) / "progress.json"))
    with tempfile.TemporaryDirectory(prefix="entente-bench-") as temporary:
        folder = Path(temporary)
        kinds = submissions(args.lesson, args.count, folder)
        grading.expected_exercises(args.lesson)  # the answer keys load before the clock starts
        floor_seconds = floor()
        started = time.perf_counter()
        rows = grading.grade(grading.find_submissions(folder), lesson=args.lesson, timeout=args.timeout, jobs=args.jobs)
        total = time.perf_counter() - started
    wrong = [
        (row.notebook, kinds[row.notebook], row.status, row.passed)
        for row in rows
        if not expected_ok(kinds[row.notebook], row)
    ]
    statuses = Counter(row.status for row in rows)
    exercises = Counter(str(r.status) for row in rows for r in row.results.values())
    print(
        f"lesson {args.lesson}: {len(rows)} submissions {dict(Counter(kinds.values()))}, {args.jobs} jobs, "
        f"timeout {args.timeout:g} s, {os.cpu_count()} cores"
    )
    print(f"notebook statuses: {dict(statuses)}; exercise results: {dict(exercises)}")
    print(
        f"total: {total:.1f} s; per submission: {total / len(rows):.2f} s of wall time, "
        f"{total * args.jobs / len(rows):.2f} s of a worker's time"
    )
    print(
        f"floor (start one sandbox kernel with the course imported, then stop it; median of 3): {floor_seconds:.2f} s"
    )
    looping = sum(kind == "looping" for kind in kinds.values())
    print(
        f"of which the {looping} looping submissions wait out their timeout: "
        f"{looping * args.timeout / args.jobs:.1f} s of the total at the least"
    )
    met = total <= TARGET_SECONDS * len(rows) / 100
    print(
        f"target: {len(rows)} submissions in ≤ {TARGET_SECONDS * len(rows) / 100:.0f} s -> {'met' if met else 'MISSED'}"
    )
    for item in wrong:
        print("unexpected row:", *item)
    return 0 if met and not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
