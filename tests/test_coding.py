"""Coding claims: Cohen's kappa against a published worked example, edge cases, and the student's sheet."""

import math

import pytest

from entente_course import coding


def test_kappa_matches_the_published_fifty_item_example():
    # Wikipedia, "Cohen's kappa", section Examples: 50 grant proposals read by readers A and B.
    # Both yes 20, A yes / B no 5, A no / B yes 10, both no 15 -> p_o 0.7, p_e 0.5, kappa 0.4.
    a = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    p_o, p_e, value = coding.kappa(a, b)
    assert (p_o, p_e, value) == (pytest.approx(0.7), pytest.approx(0.5), pytest.approx(0.4))


def test_kappa_edge_cases():
    assert coding.kappa(["a", "b", "c"], ["a", "b", "c"])[2] == pytest.approx(1.0)  # perfect
    assert coding.kappa(["a", "b"], ["b", "a"])[2] == pytest.approx(-1.0)  # systematically opposite
    assert coding.kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"])[2] == pytest.approx(0.0)  # chance level
    assert math.isnan(coding.kappa(["a", "a"], ["a", "a"])[2])  # one label only: undefined
    with pytest.raises(ValueError):
        coding.kappa(["a"], ["a", "b"])
    with pytest.raises(ValueError):
        coding.kappa([], [])


def test_the_sheet_has_twelve_numbered_claims_without_labels_two_of_each_type():
    sheet = coding.sheet()
    assert list(sheet.index) == list(range(1, 13))
    assert "type" not in sheet.columns and "implication" not in sheet.columns
    course = coding.compare({n: "evidence" for n in sheet.index})["course"]
    assert set(course.value_counts()) == {2} and "thesis" not in set(course)
    assert coding.sheet().equals(sheet)  # the same sheet every time


def test_agreement_with_the_course_is_perfect_for_its_own_labels(capsys):
    course = coding.compare({n: "evidence" for n in coding.sheet().index})["course"].to_dict()
    result = coding.agreement(course)
    assert result["percent_agreement"] == pytest.approx(100) and result["kappa"] == pytest.approx(1.0)
    assert "1 is perfect agreement, 0 is no better than chance" in capsys.readouterr().out
    assert coding.disagreements(course).empty


def test_agreement_counts_disagreements_and_computes_kappa_by_hand(capsys):
    course = coding.compare({n: "evidence" for n in coding.sheet().index})["course"]
    mine = {n: ("evidence" if n <= 6 else label) for n, label in course.items()}  # half changed to evidence
    result = coding.agreement(mine)
    p_o, p_e, value = coding.kappa([mine[n] for n in course.index], list(course))
    assert result["kappa"] == pytest.approx(value) and result["percent_agreement"] == pytest.approx(100 * p_o)
    different = coding.disagreements(mine)
    assert set(different.index) == {n for n in course.index if n <= 6 and course[n] != "evidence"}
    assert different["course_rule"].notna().all()


def test_labels_can_come_in_batches_and_bad_ones_get_one_kind_line(capsys):
    coding.agreement([{1: "Driver", 2: "alliance"}, {13: "forecast"}])
    out = capsys.readouterr().out
    assert "Claim 2: 'alliance' is not a type; choose one of" in out
    assert "There is no claim number 13 on the sheet" in out
    assert "Not labelled yet (left out of the agreement): 2, 3" in out
    assert "of 1 claims" in out  # only claim 1 ('Driver', any case) is scored


def test_nothing_labelled_says_how_to_start(capsys):
    assert coding.agreement({}) == {}
    assert "for example {1: 'driver'" in capsys.readouterr().out
    with pytest.raises(TypeError, match="dictionaries"):
        coding.agreement([["driver"]])


def test_blanks_left_in_the_template_are_not_labelled_yet(capsys):
    coding.agreement([{1: "driver", 2: ...}, {5: ..., 6: ...}])
    out = capsys.readouterr().out
    assert "is not a type" not in out and "Not labelled yet (left out of the agreement): 2, 3" in out
