"""The answer keys of lessons 01-05 teach: hints in levels, named mistakes that are real slips, a hint on offer.

A `Mistake` whose wrong answer equals the right one would never fire (or would fire on a right answer), so
each one is checked against the key it belongs to.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from entente_course import checks

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ("01", "02", "03", "04", "05")
EXERCISES = {i: e for i, e in checks.exercises().items() if i[:2] in LESSONS}


def test_the_lessons_have_their_exercises():
    assert {i[:2] for i in EXERCISES} == set(LESSONS)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_hints_come_in_levels_and_the_last_is_a_skeleton(exercise_id):
    hints = EXERCISES[exercise_id].hints
    assert len(hints) >= 2, f"{exercise_id}: at least two hint levels"
    assert "___" in hints[-1], f"{exercise_id}: the last hint is a skeleton with ___ blanks"


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_each_named_mistake_is_wrong_and_recognised(exercise_id):
    spec = EXERCISES[exercise_id]
    assert spec.mistakes, f"{exercise_id}: name at least one typical slip"
    for mistake in spec.mistakes:
        result = checks.evaluate(exercise_id, mistake.compute())
        assert not result.correct, f"{exercise_id}: the slip '{mistake.message[:40]}…' gives the right answer"
        assert mistake.message in result.message


@pytest.mark.parametrize("number", LESSONS)
def test_the_first_exercise_offers_a_hint_and_the_setup_links_the_cheat_sheet(number):
    path = next((ROOT / "solutions").glob(f"{number}_*.ipynb"))
    markdown = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
    first = min(i for i in EXERCISES if i.startswith(number))
    assert any(f'hint("{first}")' in source for source in markdown), f"{path.name}: say how to ask for a hint"
    assert any("](../docs/cheatsheet.md)" in s for s in markdown if s.startswith("## Setup"))
    setup = next(
        c.source
        for c in nbformat.read(path, as_version=4).cells
        if c.cell_type == "code" and c.source.startswith("from entente_course import")
    )
    assert re.search(r"\bhint\b", setup), f"{path.name}: the setup imports hint"
