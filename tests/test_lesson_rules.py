"""The teaching rules every lesson keeps: an honest stated time, short plain cells, the cheat sheet linked.

One test per rule and lesson (parametrized over `solutions/*.ipynb`), so a failure names the lesson, and
its message names the cell.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from .scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
NOTEBOOKS = SOLUTIONS + sorted((ROOT / "lessons").glob("*.ipynb"))
MAX_LINES = 12
MAX_LITERAL_ITEMS = 5
CHART_TAG = "chart-lesson"

lesson_time = load_script("tools/lesson_time.py")


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _code_cells(path: Path):
    """(index, source, tags, parsed module) of each code cell; IPython syntax (%magic, !cmd) is transformed first."""
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            source = TransformerManager().transform_cell(cell.source)
            yield (
                index,
                cell.source,
                cell.metadata.get("tags", []),
                ast.parse(source, filename=f"{path.name} cell {index}"),
            )


def _makes_chart(node: ast.AST) -> bool:
    """True when an expression calls a `charts` builder or `alt.Chart` somewhere in its chain."""
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and isinstance(sub.value, ast.Name)
            and (sub.value.id == "charts" or (sub.value.id in ("alt", "altair") and sub.attr == "Chart"))
        ):
            return True
    return False


@pytest.mark.parametrize("path", SOLUTIONS, ids=_id)
def test_stated_time_is_the_computed_time(path):
    result = lesson_time.lesson_time(path)
    assert result.stated is not None, f"{path.name}: the card needs the phrase 'Estimated time: N minutes'"
    assert 30 <= result.stated <= 60, f"{path.name}: states {result.stated} minutes; a lesson fits 30–60 minutes"
    assert abs(result.stated - result.minutes) <= 10, (
        f"{path.name}: states {result.stated} minutes but tools/lesson_time.py computes {result.minutes} "
        f"({lesson_time.report(result)})"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_code_cells_are_short_and_plain(path):
    problems = []
    for index, source, tags, tree in _code_cells(path):
        where = f"{path.name} cell {index}"
        if lesson_time.code_lines(source) > MAX_LINES:
            problems.append(f"{where}: {lesson_time.code_lines(source)} lines ({MAX_LINES} at most)")
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                problems.append(f"{where}: defines {node.name!r} (helpers belong in entente_course)")
            items = (
                len(node.keys)
                if isinstance(node, ast.Dict)
                else len(node.elts)
                if isinstance(node, (ast.List, ast.Set, ast.Tuple))
                else 0
            )
            if items > MAX_LITERAL_ITEMS:
                problems.append(
                    f"{where}, line {getattr(node, 'lineno', '?')}: a literal of {items} items (data belongs in data/, "
                    f"{MAX_LITERAL_ITEMS} items at most)"
                )
            raw = (
                isinstance(node, ast.Attribute)
                and node.attr == "Chart"
                and isinstance(node.value, ast.Name)
                and node.value.id in ("alt", "altair")
            ) or (
                isinstance(node, ast.ImportFrom)
                and node.module == "altair"
                and any(a.name == "Chart" for a in node.names)
            )
            if raw and CHART_TAG not in tags:
                problems.append(f"{where}: raw alt.Chart outside a cell tagged {CHART_TAG} (use a charts builder)")
    assert not problems, "\n".join(dict.fromkeys(problems))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_every_chart_template_ends_with_the_line_that_shows_it(path):
    problems = []
    for index, _source, tags, tree in _code_cells(path):
        charts = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign) and _makes_chart(node.value)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        if not charts and CHART_TAG not in tags:
            continue
        last = tree.body[-1] if tree.body else None
        shown = isinstance(last, ast.Expr) and (
            not charts or (isinstance(last.value, ast.Name) and last.value.id in charts)
        )
        if not shown:
            name = sorted(charts)[0] if charts else "chart"
            problems.append(
                f"{path.name} cell {index}: a chart cell must end with the bare line `{name}` that shows it"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", SOLUTIONS, ids=_id)
def test_setup_section_links_the_cheat_sheet(path):
    notebook = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    setup = re.search(r"^## Setup\b(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert setup, f"{path.name}: no '## Setup' section"
    assert "](../docs/cheatsheet.md" in setup.group(1), (
        f"{path.name}: the Setup section must link the cheat sheet: [cheat sheet](../docs/cheatsheet.md)"
    )


def test_the_cheat_sheet_exists():
    assert (ROOT / "docs" / "cheatsheet.md").is_file()


def test_the_time_tool_counts_what_a_lesson_holds(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "data" / "quizzes").mkdir(parents=True)
    (tmp_path / "data" / "quizzes" / "09.yaml").write_text(
        "questions:\n  - id: a\n    choices: [x, y]\n  - id: b\n    choices: [{text: x}, {text: y, why: z}]\n"
    )
    words = " ".join(["word"] * 400)
    chart = nbformat.v4.new_code_cell("chart = ...\nchart")
    chart.metadata["tags"] = [CHART_TAG]
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(f"# 09 · T\n\n**Estimated time:** 40 minutes\n\n{words}"),
            nbformat.v4.new_code_cell("# one two three\nx = 1\n\n\ny = 2"),
            nbformat.v4.new_code_cell("check('09.1', x)"),
            chart,
            nbformat.v4.new_markdown_cell(
                "Why?\n\n<!-- BEGIN SOLUTION -->\nnot counted words here\n<!-- END SOLUTION -->"
            ),
            nbformat.v4.new_markdown_cell("## Discuss\n\n1. One?\n2. Two?"),
            nbformat.v4.new_code_cell('quiz.show("09")'),
        ]
    )
    path = tmp_path / "solutions" / "09_t.ipynb"
    nbformat.write(notebook, path)
    result = lesson_time.lesson_time(path)
    assert (result.stated, result.checked, result.charts, result.written, result.quiz_questions) == (40, 1, 1, 3, 2)
    assert result.code_cells == 2 and result.longest_cell == 1 and result.longest_lines == 3
    assert result.words == 6 + 400 + 3 + 1 + 5  # card, filler, comment, "Why?", the Discuss cell
    expected = (
        result.words / 200
        + 2 * lesson_time.CODE_CELL_MINUTES
        + lesson_time.CHECKED_MINUTES
        + lesson_time.CHART_MINUTES
        + 3 * lesson_time.WRITTEN_MINUTES
        + 2 * lesson_time.QUIZ_MINUTES
    )
    assert result.minutes == round(expected)
