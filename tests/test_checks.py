"""Exercise checks: kind feedback for students, strict failures for the solutions."""

from __future__ import annotations

import pandas as pd
import pytest

from entente_course import checks
from entente_course.checks import check, evaluate, verdict


@pytest.fixture
def toy_exercise():
    """Register a throwaway exercise computed from the real data, and remove it afterwards."""
    from entente_course import data

    checks.exercises()  # make sure the lesson modules are registered first

    @checks.exercise("99.1", "How many source texts?", hint="Filter sources by kind.")
    def _count():
        sources = data.load("sources")
        return int((sources["kind"] == "source-text").sum())

    yield _count()
    checks._REGISTRY.pop("99.1")


def test_correct_answer_passes(toy_exercise, capsys, progress_file):
    assert evaluate("99.1", toy_exercise).correct
    check("99.1", toy_exercise)
    assert "correct" in capsys.readouterr().out
    assert '"99.1"' in progress_file.read_text()


def test_placeholder_is_not_answered_and_does_not_raise(toy_exercise, capsys, monkeypatch):
    monkeypatch.setenv("ENTENTE_STRICT", "0")
    check("99.1", ...)
    assert "not answered yet" in capsys.readouterr().out


def test_wrong_number_says_which_way(toy_exercise):
    result = evaluate("99.1", toy_exercise + 3)
    assert result.status == "wrong" and "too high" in result.message and 'hint("99.1")' in result.message


def test_wrong_type_gets_a_sentence_not_a_traceback(toy_exercise, capsys):
    check("99.1", "seven")
    out = capsys.readouterr().out
    assert "should be a number" in out and "Traceback" not in out


def test_unknown_exercise_is_explained(capsys):
    check("42.42", 1)
    assert "no exercise called '42.42'" in capsys.readouterr().out


def test_strict_mode_raises_on_wrong_and_unanswered(toy_exercise, monkeypatch):
    monkeypatch.setenv("ENTENTE_STRICT", "1")
    with pytest.raises(checks.WrongAnswer):
        check("99.1", toy_exercise + 1)
    with pytest.raises(checks.WrongAnswer):
        check("99.1", ...)
    check("99.1", toy_exercise)


def test_strict_dirs_apply_only_inside_them(tmp_path, monkeypatch):
    monkeypatch.delenv("ENTENTE_STRICT", raising=False)
    inside = tmp_path / "solutions"
    inside.mkdir()
    monkeypatch.setenv("ENTENTE_STRICT_DIRS", str(inside))
    monkeypatch.chdir(tmp_path)
    assert not checks.is_strict()
    monkeypatch.chdir(inside)
    assert checks.is_strict()


@pytest.mark.parametrize("expected, answer, ok, phrase", [
    (3, 3.0, True, ""),
    (0.25, 0.2500000001, True, ""),
    (True, 1, False, "True or False"),
    ("Entente", " entente ", True, ""),
    ({"a", "b"}, ["b", "a"], True, ""),
    ({"a", "b"}, ["a", "c"], False, "1 item(s) missing"),
    (["a", "b"], ("b", "a"), True, ""),
    ({2005: 1, 2007: 2}, pd.Series({2005: 1, 2007: 2}), True, ""),
    ({2005: 1, 2007: 2}, {2005: 1, 2007: 3}, False, "values for '2007'"),
    ({2005: 1}, [1], False, "mapping"),
    (pd.DataFrame({"x": [1, 2]}), pd.DataFrame({"x": [1, 2], "y": [0, 0]}), True, ""),
    (pd.DataFrame({"x": [1, 2]}), pd.DataFrame({"z": [1, 2]}), False, "lacks the column"),
    (7, None, False, "should be a number"),
])
def test_verdict_compares_kinds_of_answer(expected, answer, ok, phrase):
    correct, message = verdict(expected, answer)
    assert correct is ok
    assert phrase in message


def test_ordered_lists_must_be_in_order():
    assert verdict(["a", "b"], ["b", "a"], ordered=True) == (False, "You have the right items, but not in the right order.")


def test_every_lesson_exercise_computes_an_answer_from_data():
    registered = checks.exercises()
    assert registered, "no exercises registered"
    for exercise_id, spec in registered.items():
        assert spec.expected() is not None, exercise_id
