"""The cheat sheet's examples run on the course's own tables (a sheet that lies teaches the wrong thing)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHEET = (ROOT / "docs" / "cheatsheet.md").read_text(encoding="utf-8")
CODE = re.compile(r"`([^`]+)`")


def examples() -> list[str]:
    """Every code span of the sheet that uses a course table or helper, minus templates with "…"."""
    names = re.compile(r"\b(exercises|tiv|trade|claims|mechanisms|russia|data|charts|alt)\b[.\[(]")
    body = SHEET.split("## Tables", 1)[1]
    return [e for e in dict.fromkeys(CODE.findall(body)) if names.search(e) and "…" not in e]


def test_the_sheet_has_examples():
    assert len(examples()) >= 25


@pytest.mark.parametrize("example", examples())
def test_every_example_runs(example):
    import altair as alt

    from entente_course import charts, check, data, hint, quiz  # noqa: F401

    namespace = {"alt": alt, "data": data, "charts": charts, "check": check, "hint": hint}
    for load in CODE.findall(SHEET.split("## Tables")[0]):
        if "=" in load:
            exec(load, namespace)
    code = example.replace("\\|", "|")
    if code.startswith(("check(", "hint(")):
        return  # feedback calls: they need an answer, and lesson 00 runs them
    if code.startswith("answer = "):
        code = code[len("answer = ") :]
    exec(compile(code, "<cheat sheet>", "exec" if "=" in code.split("(")[0] else "eval"), namespace)
