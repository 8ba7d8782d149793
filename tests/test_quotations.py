"""Quotations in the course are verbatim: every quoted passage of six or more words is in a source text.

The source texts are not part of this repository (the course links to them); the course authors keep
them in ``../shared/sources`` beside the repository, which is where CI has them. Only prose is checked:
markdown cells, quiz banks and the text fields of the tables (read as CSV, so a field quoted because it
holds a comma is not mistaken for a quotation). Python string literals are code, not quotations.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(os.environ.get("ENTENTE_SOURCE_TEXTS", ROOT.parent / "shared" / "sources"))
CODE = re.compile(r"```.*?```|`[^`]*`", re.DOTALL)
CURLY = re.compile(r"“([^“”]*)”")


def quotations(text: str) -> list[str]:
    """Passages in quotation marks, pairing straight quotes in order; code spans are not prose."""
    text = CODE.sub(" ", text)
    found = CURLY.findall(text)
    if text.count('"') % 2:
        raise ValueError("unbalanced straight quotation marks")
    return found + text.split('"')[1::2]


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("—", "-").replace("–", "-")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"- ", "-", text)
    return text.lower().strip(" .,;:…")


@pytest.fixture(scope="module")
def corpus() -> str:
    texts = sorted(SOURCES.glob("*.txt"))
    if not texts:
        if os.environ.get("CI"):
            pytest.fail(f"the source texts are missing from {SOURCES}")
        pytest.skip(f"the source texts are not beside the repository ({SOURCES}); CI always has them")
    return " ".join(normalise(p.read_text(encoding="utf-8")) for p in texts)


def prose() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                found.append((f"{path.name} cell {index}", cell.source))
    for path in sorted((ROOT / "data" / "quizzes").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        for question in bank["questions"]:
            for key in ("question", "explanation"):
                found.append((f"{path.name} {question['id']} {key}", str(question[key])))
            for choice in question.get("choices") or []:
                if isinstance(choice, dict):  # the bank format: a text, and a why for a wrong choice
                    found += [
                        (f"{path.name} {question['id']} choice {key}", str(choice[key]))
                        for key in ("text", "why")
                        if choice.get(key)
                    ]
                else:
                    found.append((f"{path.name} {question['id']} choice", str(choice)))
    for path in sorted((ROOT / "data").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as stream:
            for number, row in enumerate(csv.DictReader(stream), start=2):
                found += [(f"{path.name} row {number} {key}", value) for key, value in row.items() if value]
    return found


def test_every_quotation_is_verbatim(corpus):
    wrong = []
    for where, text in prose():
        try:
            quoted = quotations(text)
        except ValueError as error:
            wrong.append(f"{where}: {error}")
            continue
        for quote in quoted:
            if len(quote.split()) >= 6 and normalise(quote).strip("'") not in corpus:
                wrong.append(f"{where}: {quote[:100]}")
    assert not wrong, "quotations not found verbatim in the source texts:\n" + "\n".join(wrong)
