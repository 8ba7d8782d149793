"""The answer keys of lessons 06-08: hints in levels, named mistakes, and mistakes that are really wrong."""

import pytest

from entente_course import checks

KEYS = [k for k in checks.exercises() if k[:2] in ("06", "07", "08")]


def test_each_lesson_has_at_least_three_checked_exercises():
    for lesson in ("06", "07", "08"):
        assert sum(k.startswith(lesson + ".") for k in KEYS) >= 3, lesson


@pytest.mark.parametrize("key", KEYS)
def test_hints_come_in_levels_and_the_last_has_blanks(key):
    spec = checks.exercises()[key]
    assert len(spec.hints) >= 2
    assert "___" in spec.hints[-1], "the last hint level is a skeleton with blanks"


@pytest.mark.parametrize("key", KEYS)
def test_every_named_mistake_is_a_wrong_answer_that_gets_its_message(key):
    spec = checks.exercises()[key]
    assert spec.mistakes, f"{key} names no typical mistake"
    for mistake in spec.mistakes:
        wrong = mistake.compute()
        assert not checks.verdict(spec.expected(), wrong, tolerance=spec.tolerance, ordered=spec.ordered)[0]
        assert mistake.message in checks.evaluate(key, wrong).message
