#!/usr/bin/env python3
"""Regenerate the discussion prompts and model answers in docs/instructor.md from solutions/.

The solution notebooks are the source of truth; the guide's copy sits between
``<!-- BEGIN GENERATED discuss -->`` and ``<!-- END GENERATED discuss -->`` and is rebuilt from each
notebook's ``## Discuss`` section (model answers become block quotes). Everything else in the guide is
hand-written.

Usage:
    python tools/make_instructor_guide.py           # rewrite the generated part in place
    python tools/make_instructor_guide.py --check   # exit 1 if the guide is out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "instructor.md"
BLOCK = re.compile(r"(<!-- BEGIN GENERATED discuss -->\n).*?(<!-- END GENERATED discuss -->)", re.DOTALL)
SOLUTION = re.compile(r"<!-- BEGIN SOLUTION -->\n(.*?)\n?<!-- END SOLUTION -->", re.DOTALL)


def quoted(match: re.Match) -> str:
    """A model answer as a block quote, indented under its numbered prompt."""
    return "\n".join(f"   > {line}" if line else "   >" for line in match.group(1).strip().splitlines())


def discuss_section(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    title = notebook.cells[0].source.splitlines()[0].lstrip("# ").strip()
    cells = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    start = next(i for i, source in enumerate(cells) if source.startswith("## Discuss"))
    body = [cells[start].removeprefix("## Discuss").strip()]
    for source in cells[start + 1 :]:
        if source.startswith("## "):
            break
        body.append(source.strip())
    text = SOLUTION.sub(quoted, "\n\n".join(body))
    return f"### {title}\n\nFrom the Discuss section of `solutions/{path.name}`.\n\n{text}\n"


def generated() -> str:
    return "\n".join(discuss_section(p) for p in sorted((ROOT / "solutions").glob("*.ipynb")))


def main(argv: list[str]) -> int:
    guide = GUIDE.read_text(encoding="utf-8")
    if not BLOCK.search(guide):
        print("docs/instructor.md has no generated discuss block", file=sys.stderr)
        return 2
    updated = BLOCK.sub(lambda m: m.group(1) + "\n" + generated() + "\n" + m.group(2), guide)
    if "--check" in argv:
        if updated != guide:
            print("docs/instructor.md is out of date: run python tools/make_instructor_guide.py")
            return 1
        print("docs/instructor.md is up to date")
        return 0
    GUIDE.write_text(updated, encoding="utf-8")
    print("docs/instructor.md regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
