"""Tables show their text whole: no lesson output cuts a claim, a definition or a note with "...".

The package sets pandas' display options on import (entente_course/display.py); this test executes every
student lesson as a student would and reads each table it shows (text/html and text/plain).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from entente_course import display
from entente_course.kernels import KERNEL_NAME

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
CUT = ("...", "…")
# In pandas' plain-text layout a cut cell ends in "..." right after text, then column space or line end.
PLAIN_CUT = re.compile(r"\S(\.\.\.|…)(?= {2}|$)", re.MULTILINE)


class _Cells(HTMLParser):
    """Collects the text of every <td>/<th> of an HTML table."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._open = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.cells[-1] += data


def cut_cells(output: dict) -> list[str]:
    """The cells of a table output that pandas has cut short (a lone "..." marks hidden rows, not a cut)."""
    data = output.get("data", {})
    html = data.get("text/html", "")
    if "<table" in html:
        parser = _Cells()
        parser.feed(html)
        return [c.strip() for c in parser.cells if c.strip().endswith(CUT) and c.strip() not in CUT]
    plain = data.get("text/plain", "")
    if re.search(r"^(Name: .*)?dtype: ", plain, re.MULTILINE):  # a Series shown as text
        return [line.strip() for line in plain.splitlines() if PLAIN_CUT.search(line)]
    return []


def test_the_detector_sees_pandas_default_cut():
    frame = pd.DataFrame({"claim": ["On 23 July two Russian Tu-95 and two Chinese H-6K bombers flew a joint patrol"]})
    with pd.option_context("display.max_colwidth", 50):
        cut = {"data": {"text/html": frame._repr_html_(), "text/plain": repr(frame)}}
        series = {"data": {"text/plain": repr(frame["claim"])}}
    assert cut_cells(cut) and cut_cells(series)
    display.configure()
    whole = {"data": {"text/html": frame._repr_html_(), "text/plain": repr(frame)}}
    assert cut_cells(whole) == [] and cut_cells({"data": {"text/plain": repr(frame["claim"])}}) == []


def test_importing_the_package_shows_text_whole():
    import entente_course  # noqa: F401

    assert pd.get_option("display.max_colwidth") is None
    assert pd.get_option("display.html.table_schema") is False


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_no_lesson_table_cuts_a_text_cell(path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        timeout=300,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    found = [
        f"{path.name} cell {index}: {text[:60]!r}"
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        for text in cut_cells(output)
    ]
    assert not found, "table cells cut short:\n" + "\n".join(found)
