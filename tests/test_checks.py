"""Exercise checks: kind feedback for students, strict failures for the solutions."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from entente_course import checks
from entente_course.checks import Mistake, check, evaluate, hint, verdict
from entente_course.status import Status


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch):
    """Each test starts as a new kernel would: no hint shown yet."""
    monkeypatch.setattr(checks, "_HINTS_SHOWN", {})


@pytest.fixture
def register():
    """Register throwaway exercises for one test, and remove them afterwards."""
    checks.exercises()
    added = []

    def add(exercise_id, expected, **options):
        checks.exercise(exercise_id, "A toy question?", **options)(lambda: expected)
        added.append(exercise_id)

    yield add
    for exercise_id in added:
        checks._REGISTRY.pop(exercise_id)


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
    out = capsys.readouterr().out
    assert "not answered yet" in out and 'Not sure where to start? Run hint("99.1").' in out


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


@pytest.mark.parametrize(
    "expected, answer, ok, phrase",
    [
        (3, 3.0, True, ""),
        (0.25, 0.2500000001, True, ""),
        (True, 1, False, "True or False"),
        ("Entente", " entente ", True, ""),
        ({"a", "b"}, ["b", "a"], True, ""),
        ({"a", "b"}, ["a", "c"], False, "1 item(s) missing"),
        (["a", "b"], ("b", "a"), True, ""),
        ({2005: 1, 2007: 2}, pd.Series({2005: 1, 2007: 2}), True, ""),
        ({2005: 1, 2007: 2}, {2005: 1, 2007: 3}, False, "values for 2007"),
        ({2005: 1}, [1], False, "mapping"),
        (pd.DataFrame({"x": [1, 2]}), pd.DataFrame({"x": [1, 2], "y": [0, 0]}), True, ""),
        (pd.DataFrame({"x": [1, 2]}), pd.DataFrame({"z": [1, 2]}), False, "lacks the column"),
        (7, None, False, "should be a number"),
    ],
)
def test_verdict_compares_kinds_of_answer(expected, answer, ok, phrase):
    correct, message = verdict(expected, answer)
    assert correct is ok
    assert phrase in message


def test_ordered_lists_must_be_in_order():
    assert verdict(["a", "b"], ["b", "a"], ordered=True) == (
        False,
        "You have the right items, but not in the right order.",
    )


def test_every_lesson_exercise_computes_an_answer_from_data():
    registered = checks.exercises()
    assert registered, "no exercises registered"
    for exercise_id, spec in registered.items():
        assert spec.expected() is not None, exercise_id


# --- feedback that never misleads: the kind of each item and key first, then the value ----------


@pytest.mark.parametrize(
    "expected, answer, phrase",
    [
        # 03.1 as seen: paragraph numbers given as text
        (
            [2, 3, 5],
            ["2", "3", "5"],
            "These items are text ('2', '3', '5'); the question wants whole numbers: write 2, not '2'.",
        ),
        ([2, 3], ["¶2", "¶3"], "the question wants whole numbers: write 2, not '¶2'"),
        ([2, 3], ["two", "three"], "Some items are text ('three', 'two'); the question wants whole numbers."),
        (2, "2", "This is text ('2'); the question wants a number: write 2, without quotes."),
        # 01.3 as seen: a delivery value where a year was asked
        (2015, 1834.5, "1834.5 looks like a value, not a year"),
        ([2014, 2015], [2014, 1834], "Some items (1834) look like values, not years"),
        (2015, 2013, "Your year, 2013, is too early."),
        (2015, 2016, "Your year, 2016, is too late."),
        # 03.5 as seen: row ids where source ids are wanted
        (
            {"gabuev-2018": 1000, "gady-2018-ewi": 3200},
            {"gabuev-2018-f01": 1000, "gady-2018-ewi-f07": 3200},
            "These labels look like row ids of the figures table ('gabuev-2018-f01', 'gady-2018-ewi-f07'); the question "
            "wants source ids (each row's source column).",
        ),
        (["gabuev-2018"], ["gabuev-2018-c01"], "row ids of the claims table"),
        ("gabuev-2018", "gabuev-2018-f01", "row ids of the figures table"),
        (
            {2005: 1, 2007: 2},
            {"2005": 1, "2007": 2},
            "These labels are text ('2005', '2007'); the question wants whole numbers",
        ),
        ({"a": 2, "b": 3}, {"a": "2", "b": "3"}, "These values are text"),
        (
            ["gabuev-2018", "gady-2018-ewi"],
            [1, 2],
            "These items are numbers (1, 2); the question wants text, in quotes.",
        ),
        (7, float("nan"), "NaN"),
        (7, pd.Series([7]), "Take the number out of it"),
    ],
)
def test_the_kind_of_an_answer_is_named_before_its_value(expected, answer, phrase):
    correct, message = verdict(expected, answer)
    assert not correct
    assert phrase in message
    for misleading in ("missing", "should not be there", "too high", "too low", "int("):
        assert misleading not in message, message


@pytest.mark.parametrize(
    "expected, answer",
    [
        (["¶4", "¶5"], [4, "5"]),
        (["¶4", "¶5"], ["paragraph 4", "¶ 5"]),
        ("¶4", 4),
        ("¶4", "4"),
        ("¶4", "Paragraph 4"),
        ({"¶4": "driver"}, {4: "driver"}),
        ({"gabuev-2018": "¶4"}, {"gabuev-2018": 4}),
        (2015, np.int64(2015)),  # no "wrap it in int(...)": any kind of whole number is a whole number
        (2015, 2015.0),
        ([3, 4], np.array([3, 4])),
        ({2005: 1}, pd.Series({2005: np.int64(1)})),
    ],
)
def test_paragraphs_and_numbers_are_accepted_in_any_spelling(expected, answer):
    assert verdict(expected, answer) == (True, "")


def test_a_paragraph_is_not_mistaken_for_another():
    assert not verdict(["¶4", "¶5"], [4, 6])[0]
    assert verdict("¶4", 5) == (False, "5 is not the paragraph we found in the data.")


def test_an_answer_of_a_shape_nobody_foresaw_gets_a_sentence():
    correct, message = verdict({"a", "b"}, [["a"], ["b"]])
    assert not correct and "cannot be compared" in message or "missing" in message


# --- hints in levels, named mistakes, and an answer key that fails ----------------------------------


def test_hints_come_in_levels_and_say_when_there_are_no_more(register, capsys, progress_file):
    register("99.2", 4, hints=["Think about the years.", "Use value_counts (cheat sheet: Counting).", "___.sum()"])
    for level in (1, 2, 3):
        hint("99.2")
        assert capsys.readouterr().out.startswith(f"Hint {level} of 3 for 99.2:")
    hint("99.2")
    out = capsys.readouterr().out
    assert out.startswith("No more hints for 99.2: you have seen all 3.") and "Think about the years." in out
    assert checks.hints_used("99.2") == 3
    assert json.loads(progress_file.read_text())["exercise"]["99.2"]["hints"] == 3


def test_an_exercise_without_hints_says_so(register, capsys):
    register("99.3", 4)
    hint("99.3")
    assert "has no hints" in capsys.readouterr().out
    assert "Stuck?" not in evaluate("99.3", 5).message


def test_a_named_mistake_is_reached_by_its_answer_and_never_by_the_right_one(register):
    register(
        "99.4",
        [2005, 2006, 2007],
        hints=["a", "b"],
        mistakes=[
            Mistake("Your range stops one year short: between() includes both ends.", lambda: [2005, 2006]),
            Mistake("A broken mistake is skipped.", lambda: 1 / 0),
        ],
    )
    slipped = evaluate("99.4", [2006, 2005])
    assert slipped.status == Status.WRONG and "stops one year short" in slipped.message
    right = evaluate("99.4", [2005, 2006, 2007])
    assert right.status == Status.PASS and "short" not in right.message
    other = evaluate("99.4", [2005])
    assert "short" not in other.message and "2 item(s) missing" in other.message


def test_an_answer_key_that_fails_is_an_error_not_a_traceback(register):
    checks.exercises()
    checks.exercise("99.5", "Broken?")(lambda: 1 / 0)
    try:
        result = evaluate("99.5", 3)
    finally:
        checks._REGISTRY.pop("99.5")
    assert result.status == Status.ERROR and "not your mistake" in result.message


def test_every_registered_mistake_is_reached_and_never_by_the_right_answer():
    """Over the whole registry, so every mistake a lesson adds is covered."""
    for exercise_id, spec in checks.exercises().items():
        expected = spec.expected()
        right = evaluate(exercise_id, expected)
        assert right.status == Status.PASS, f"{exercise_id}: its own answer does not pass ({right.message})"
        for mistake in spec.mistakes:
            assert mistake.message not in right.message
            slip = mistake.compute()
            assert not verdict(expected, slip, tolerance=spec.tolerance, ordered=spec.ordered)[0], (
                f"{exercise_id}: the mistake {mistake.message!r} computes the right answer"
            )
            reached = evaluate(exercise_id, slip)
            assert reached.status == Status.WRONG
            same = [
                m.message
                for m in spec.mistakes
                if verdict(m.compute(), slip, tolerance=spec.tolerance, ordered=spec.ordered)[0]
            ]
            assert same and same[0] in reached.message, f"{exercise_id}: {mistake.message!r} is never shown"


def test_every_exercise_has_at_least_two_hint_levels():
    thin = {exercise_id: len(spec.hints) for exercise_id, spec in checks.exercises().items() if len(spec.hints) < 2}
    assert not thin, f"exercises with fewer than two hint levels (id: levels): {thin}"


def test_no_hint_asks_to_wrap_an_answer_in_int():
    # check() takes any whole number (numpy's and 2015.0 too), so the advice is never needed and misleads.
    told = [
        exercise_id
        for exercise_id, spec in checks.exercises().items()
        if any("wrap it in int" in level.casefold() for level in spec.hints)
    ]
    assert not told, f"hints that say 'Wrap it in int(...)': {told}"


def test_a_third_hint_level_is_a_skeleton_with_blanks():
    bare = [
        exercise_id
        for exercise_id, spec in checks.exercises().items()
        if len(spec.hints) >= 3 and "___" not in spec.hints[2]
    ]
    assert not bare, f"level-3 hints without a ___ blank: {bare}"
