"""The students' own forecasts: resolution from the data, kind messages for bad input, Brier scores."""

import json
import math

import pandas as pd
import pytest

from entente_course import forecasts


# Hand-worked Brier examples: the mean of (p - outcome)^2, p as a share.
@pytest.mark.parametrize(
    "probabilities, outcomes, expected",
    [
        ([70, 20], [1, 0], (0.3**2 + 0.2**2) / 2),  # 0.065
        ([100, 0], [1, 0], 0.0),  # sure and right
        ([100, 0], [0, 1], 1.0),  # sure and wrong
        ([50, 50, 50], [1, 0, 1], 0.25),  # always 50 %
        ([90, 60, 10, 30], [1, 1, 0, 1], (0.01 + 0.16 + 0.01 + 0.49) / 4),  # 0.1675
    ],
)
def test_brier_matches_hand_worked_examples(probabilities, outcomes, expected):
    assert forecasts.brier(probabilities, outcomes) == pytest.approx(expected)


def test_brier_of_nothing_is_not_a_number_and_lengths_must_match():
    assert math.isnan(forecasts.brier([], []))
    with pytest.raises(ValueError):
        forecasts.brier([50], [1, 0])


def test_where_conditions_are_parsed():
    assert forecasts.parse_where("kind=patrol; name~extending the 2001 treaty") == [
        ("kind", "=", "patrol"),
        ("name", "~", "extending the 2001 treaty"),
    ]
    assert forecasts.parse_where(None) == []
    with pytest.raises(ValueError, match="column=value"):
        forecasts.parse_where("kind")


def test_questions_are_eight_with_ids_and_deadlines():
    table = forecasts.questions()
    assert list(table.columns) == ["id", "question", "deadline"]
    assert len(table) == 8 and table["id"].is_unique


def test_each_outcome_is_the_count_of_matching_rows_in_the_window():
    resolved = forecasts.resolve().set_index("id")
    exercises = pd.read_csv(forecasts.data.data_dir() / "exercises.csv", parse_dates=["start_date"])
    naval = exercises[
        (exercises["kind"] == "patrol")
        & (exercises["domain"] == "naval")
        & (exercises["start_date"] <= "2022-12-31")
        & (exercises["start_date"] >= "2018-10-01")
    ]
    assert resolved.loc["naval-patrol-2022", "matches"] == len(naval)
    assert resolved.loc["naval-patrol-2022", "outcome"] == int(len(naval) >= 1)
    assert set(resolved.loc["naval-patrol-2022", "rows"].split("; ")) == set(naval["id"])
    assert set(resolved["outcome"]) <= {0, 1}


def test_a_rule_resolves_no_when_no_row_matches(data_copy):
    frame = pd.read_csv(data_copy / "forecast_questions.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "where"] = "kind=patrol; domain=space"
    frame.to_csv(data_copy / "forecast_questions.csv", index=False)
    first = forecasts.resolve().iloc[0]
    assert (first["matches"], first["outcome"], first["rows"]) == (0, 0, "")


def test_a_rule_naming_an_unknown_column_says_which_question(data_copy):
    frame = pd.read_csv(data_copy / "forecast_questions.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "where"] = "colour=blue"
    frame.to_csv(data_copy / "forecast_questions.csv", index=False)
    with pytest.raises(ValueError, match=frame.loc[0, "id"]):
        forecasts.resolve()


def test_save_reports_bad_input_kindly_and_keeps_the_good(progress_file, capsys):
    ids = list(forecasts.questions()["id"])
    forecasts.save({ids[0]: 70, ids[1]: "seventy", ids[2]: 130, ids[3]: True, "bombers": 50})
    out = capsys.readouterr().out
    assert forecasts.saved() == {ids[0]: 70.0}
    assert f"'{ids[1]}' should be a number from 0 to 100" in out
    assert f"'{ids[2]}' is 130: give a probability from 0 to 100" in out
    assert f"'{ids[3]}' should be a number" in out
    assert "'bombers' is not a question id" in out
    assert "Not given yet" in out and ids[4] in out and ids[1] not in out.split("Not given yet")[1]
    assert json.loads(progress_file.read_text())["forecasts"] == {ids[0]: 70.0}
    assert all(len(line) < 400 for line in out.splitlines())


def test_save_warns_when_the_scale_looks_like_shares(progress_file, capsys):
    ids = list(forecasts.questions()["id"])
    forecasts.save({ids[0]: 0.7, ids[1]: 0.2})
    assert "scale is 0–100" in capsys.readouterr().out


def test_save_refuses_something_that_is_not_a_dict(progress_file, capsys):
    forecasts.save([70, 20])  # type: ignore[arg-type]
    assert "should be a dictionary" in capsys.readouterr().out


def test_score_compares_with_fifty_percent_and_the_authors_on_the_same_questions(progress_file, capsys):
    resolved = forecasts.resolve().set_index("id")["outcome"]
    questions = forecasts.data.load("forecast_questions").set_index("id")
    mine = {qid: 80 for qid in resolved.index[:-1]}  # the last question left out
    table = forecasts.score(mine).set_index(["forecaster", "questions"])
    assert "Not scored (no forecast given): " + resolved.index[-1] in capsys.readouterr().out
    given = resolved.index[:-1]
    expected_mine = sum((0.8 - resolved[q]) ** 2 for q in given) / len(given)
    assert table.loc[("you", "every question you forecast"), "brier"] == pytest.approx(expected_mine)
    assert table.loc[("always 50 %", "the same questions"), "brier"] == pytest.approx(0.25)
    authored = [q for q in given if pd.notna(questions.loc[q, "expectation"])]
    assert table.loc[("the authors' stated expectations", "the same questions"), "number"] == len(authored)
    expected_authors = sum((questions.loc[q, "expectation"] / 100 - resolved[q]) ** 2 for q in authored) / len(authored)
    assert table.loc[("the authors' stated expectations", "the same questions"), "brier"] == pytest.approx(
        expected_authors
    )


def test_score_reads_the_saved_forecasts(progress_file, capsys):
    ids = list(forecasts.questions()["id"])
    forecasts.save({qid: 50 for qid in ids})
    table = forecasts.score()
    assert table.loc[0, "number"] == len(ids) and table.loc[0, "brier"] == pytest.approx(0.25)


def test_score_without_forecasts_says_what_to_do(progress_file, capsys):
    forecasts.score()
    assert "forecasts.save(my_forecasts)" in capsys.readouterr().out


def test_calibration_groups_forecasts_and_chart_has_title_axes_and_description(progress_file):
    resolved = forecasts.resolve().set_index("id")["outcome"]
    mine = {qid: (90 if i % 2 else 10) for i, qid in enumerate(resolved.index)}
    table = forecasts.calibration_table(mine)
    assert table["questions"].sum() == len(mine)
    high = [q for q, p in mine.items() if p == 90]
    assert table.set_index("range").loc["80–100 %", "happened"] == pytest.approx(
        100 * sum(resolved[q] for q in high) / len(high)
    )
    spec = forecasts.calibration_chart(mine).to_dict()
    assert spec["title"] and spec["description"]
    titles = json.dumps(spec)
    assert "Your forecast" in titles and "How often the answer was yes" in titles


def test_authors_expectations_quote_their_words_at_their_locator():
    numbered = forecasts.data.data_dir().parent.parent / "shared" / "sources" / "numbered"
    if not numbered.exists():
        pytest.skip(f"the numbered source texts are not beside the repository ({numbered})")
    rows = forecasts.data.load("forecast_questions").dropna(subset=["expectation"])
    assert len(rows) >= 1
    for row in rows.itertuples():
        text = (numbered / f"{row.expectation_source}.md").read_text(encoding="utf-8")
        prefix = row.expectation_locator + (" " if row.expectation_locator.startswith("¶") else ": ")
        paragraph = next(line for line in text.splitlines() if line.startswith(prefix))
        assert row.expectation_words in paragraph, row.id


def test_blanks_left_in_the_template_are_not_given_and_never_overwrite(progress_file, capsys):
    ids = list(forecasts.questions()["id"])
    forecasts.save({ids[0]: 60})
    forecasts.save({qid: ... for qid in ids})
    out = capsys.readouterr().out
    assert "Nothing saved" in out and "should be a number" not in out
    assert forecasts.saved() == {ids[0]: 60.0}
    forecasts.save({ids[0]: 70, ids[1]: ...})
    assert "Not given yet (these will not be scored): " + ids[1] in capsys.readouterr().out
