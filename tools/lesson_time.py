"""How long a lesson takes a student, computed from what is in it rather than guessed.

A lesson's time is the sum of: its words (markdown and code comments) read at 200 words a minute, a fixed
time per code cell that is not an exercise, and a fixed time per exercise by kind (checked exercise, written prompt, chart the
student writes, quiz question). Model answers (solution blocks) are left out: the student writes them,
which the exercise minutes cover. The stated time is parsed from the lesson card's phrase
"Estimated time: N minutes" (bold markers allowed).

Usage: python tools/lesson_time.py [NOTEBOOK ...]   (default: every solutions/*.ipynb)
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

WORDS_PER_MINUTE = 200  # a careful reading speed for expository text a student must understand
CODE_CELL_MINUTES = 1.0  # any other code cell: run it and read what it shows (a table, a chart, a number)
CHECKED_MINUTES = 4.0  # a check( cell: write one to three lines of pandas, run check, read feedback, retry once
WRITTEN_MINUTES = 3.0  # a written question or discussion prompt: think, then write a few sentences
CHART_MINUTES = 8.0  # a chart-lesson cell: copy the pattern, change the encodings, fix one mistake
QUIZ_MINUTES = 1.0  # read a question and its choices, choose, check, read the explanation

STATED = re.compile(r"Estimated time:\**\s*(\d+)\s*minutes", re.IGNORECASE)
MD_SOLUTION = re.compile(r"<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->", re.DOTALL)
CODE_SOLUTION = re.compile(r"^[ \t]*# BEGIN SOLUTION.*?^[ \t]*# END SOLUTION[^\n]*", re.DOTALL | re.MULTILINE)
NUMBERED_ITEM = re.compile(r"^\s*\d+\.\s+\S", re.MULTILINE)
WORD = re.compile(r"[A-Za-z0-9À-ÿ'’]+")


@dataclass
class LessonTime:
    """What the tool found in one lesson and the minutes it computes from it."""

    path: Path
    words: int = 0
    code_cells: int = 0  # code cells that are not exercises (no check(, no chart-lesson tag)
    checked: int = 0
    written: int = 0
    charts: int = 0
    quiz_questions: int = 0
    stated: int | None = None
    longest_cell: int = 0  # index of the longest code cell
    longest_lines: int = 0  # its non-blank lines
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def minutes(self) -> int:
        """The computed time, rounded to whole minutes."""
        return round(sum(self.parts.values()))


def comment_words(source: str) -> int:
    """Words in the comments of a code cell (what a student reads there besides code)."""
    count = 0
    for line in CODE_SOLUTION.sub("", source).splitlines():
        if "#" in line:
            count += len(WORD.findall(line.split("#", 1)[1]))
    return count


def code_lines(source: str) -> int:
    """Non-blank lines of a code cell: the length the cell rules limit."""
    return sum(1 for line in source.splitlines() if line.strip())


def written_prompts(markdown_cells: list[str]) -> int:
    """Written questions: numbered items of the Discuss section, plus model-answer blocks elsewhere."""
    count = 0
    in_discuss = False
    for source in markdown_cells:
        for part in re.split(r"^(?=## )", source, flags=re.MULTILINE):
            if part.startswith("## "):
                in_discuss = part[3:].strip().lower().startswith("discuss")
            if in_discuss:
                count += len(NUMBERED_ITEM.findall(MD_SOLUTION.sub("", part)))
            else:
                count += len(MD_SOLUTION.findall(part))
    return count


def quiz_questions(root: Path, number: str) -> int:
    """Questions in data/quizzes/NN.yaml, old bank format (plain choices) or new (choices with why)."""
    path = root / "data" / "quizzes" / f"{number}.yaml"
    if not path.exists():
        return 0
    bank = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    questions = bank if isinstance(bank, list) else bank.get("questions") or []
    return len(questions)


def lesson_time(path: Path) -> LessonTime:
    """Count what a lesson notebook holds and compute its minutes."""
    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    result = LessonTime(path)
    markdown = []
    for index, cell in enumerate(notebook.get("cells", [])):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            markdown.append(source)
            result.words += len(WORD.findall(MD_SOLUTION.sub("", source)))
            match = STATED.search(source)
            if match and result.stated is None:
                result.stated = int(match.group(1))
        elif cell.get("cell_type") == "code":
            result.words += comment_words(source)
            if "check(" in source:
                result.checked += 1
            elif "chart-lesson" in cell.get("metadata", {}).get("tags", []):
                result.charts += 1
            else:
                result.code_cells += 1
            if code_lines(source) > result.longest_lines:
                result.longest_cell, result.longest_lines = index, code_lines(source)
    result.written = written_prompts(markdown)
    uses_quiz = any("quiz.show(" in "".join(c.get("source", "")) for c in notebook.get("cells", []))
    result.quiz_questions = quiz_questions(path.resolve().parent.parent, path.name[:2]) if uses_quiz else 0
    result.parts = {
        "reading": result.words / WORDS_PER_MINUTE,
        "code cells": result.code_cells * CODE_CELL_MINUTES,
        "checked exercises": result.checked * CHECKED_MINUTES,
        "written prompts": result.written * WRITTEN_MINUTES,
        "charts written": result.charts * CHART_MINUTES,
        "quiz questions": result.quiz_questions * QUIZ_MINUTES,
    }
    return result


def report(result: LessonTime) -> str:
    """One line per lesson: computed and stated minutes, the longest code cell, and the breakdown."""
    stated = f"{result.stated} min" if result.stated is not None else 'missing ("Estimated time: N minutes")'
    parts = ", ".join(f"{name} {value:.0f}" for name, value in result.parts.items())
    return (
        f"{result.path.name}: computed {result.minutes} min, stated {stated}, longest code cell "
        f"{result.longest_cell} ({result.longest_lines} lines) | {result.words} words, {result.code_cells} "
        f"code cells, {result.checked} checked, {result.written} written, {result.charts} charts, "
        f"{result.quiz_questions} quiz | {parts}"
    )


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "solutions").glob("*.ipynb"))
    for path in paths:
        if not path.exists():
            print(f"lesson_time: no notebook at {path}", file=sys.stderr)
            return 1
        try:
            result = lesson_time(path)
        except (ValueError, yaml.YAMLError) as error:  # JSON and YAML parse errors
            print(f"lesson_time: cannot read {path} or its quiz bank: {error}", file=sys.stderr)
            return 1
        print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
