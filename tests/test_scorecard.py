"""The forecast scorecard: every forecast has a verdict that keeps the rules and cites dated, sourced rows."""

import pandas as pd
import pytest

from entente_course import data, scorecard


def _edit(path, change):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    changed = change(frame)
    (frame if changed is None else changed).to_csv(path, index=False)


def test_the_committed_verdicts_keep_every_rule():
    assert scorecard.problems() == []


def test_every_forecast_in_the_claims_is_a_row_with_a_verdict():
    claims = data.load("claims")
    table = scorecard.scorecard()
    assert set(table["id"]) == set(claims.loc[claims["type"] == "forecast", "id"])
    assert table["verdict"].notna().all() and table["reason"].str.len().gt(20).all()
    assert set(table["verdict"]) <= set(scorecard.VERDICTS)


def test_the_forecasts_the_issue_names_are_on_the_scorecard():
    table = scorecard.scorecard().set_index("id")
    mattis = table[(table["source"] == "gady-2018-ewi") & (table["locator"] == "¶2")]
    assert len(mattis) == 1 and "Mattis" in mattis["forecast"].iloc[0]
    gabuev = table[(table["source"] == "gabuev-2018")]["forecast"].str.cat(sep=" ")
    for topic in ("S-400", "air defence identification zone", "cyber"):
        assert topic in gabuev


def test_an_undated_hedged_forecast_is_open_not_a_miss():
    table = scorecard.scorecard().set_index("id")
    korolev = table.loc["korolev-2017-c28"]  # "only minor steps", not yet guaranteed, no date
    assert korolev["hedged"] and pd.isna(korolev["horizon"]) and korolev["verdict"] == "open"
    undated_or_hedged = table[table["hedged"] | table["horizon"].isna()]
    assert "miss" not in set(undated_or_hedged["verdict"])


def test_evidence_lists_dated_sourced_rows_for_each_decided_verdict():
    table = scorecard.scorecard()
    cited = scorecard.evidence()
    decided = table[table["verdict"].isin(["hit", "partly", "miss"])]
    assert set(decided["id"]) <= set(cited["claim"])
    assert cited["date"].str.len().gt(0).all() and cited["source"].notna().all()
    patrols = scorecard.evidence("gabuev-2019-thread-c05")
    assert (patrols["table"] == "exercises").all() and len(patrols) >= 5


def test_summary_counts_each_forecast_once():
    assert scorecard.summary().to_numpy().sum() == len(scorecard.scorecard())


def test_a_hedged_miss_is_reported(data_copy):
    def change(frame):
        frame.loc[frame["claim"] == "korolev-2017-c28", "verdict"] = "miss"

    _edit(data_copy / "forecast_verdicts.csv", change)
    assert any("korolev-2017-c28: a miss must be unhedged" in p for p in scorecard.problems())


def test_a_hit_without_evidence_and_a_missing_verdict_are_reported(data_copy):
    def change(frame):
        frame.loc[frame["claim"] == "gabuev-2019-thread-c05", "evidence"] = ""
        return frame[frame["claim"] != "fridman-c21"]

    _edit(data_copy / "forecast_verdicts.csv", change)
    found = scorecard.problems()
    assert "gabuev-2019-thread-c05: a hit must name the rows that decide it" in found
    assert "fridman-c21: a forecast without a verdict" in found


@pytest.mark.parametrize(
    "ref, message",
    [
        ("events:no-such-event", "which does not exist"),
        ("figures:gabuev-2018-f01", "only events, exercises, mechanisms, arms_transfers can decide"),
    ],
)
def test_bad_citations_are_reported(data_copy, ref, message):
    def change(frame):
        frame.loc[frame["claim"] == "gady-2018-ewi-c38", "evidence"] = ref

    _edit(data_copy / "forecast_verdicts.csv", change)
    assert any(p.startswith("gady-2018-ewi-c38") and message in p for p in scorecard.problems())


def test_a_citation_after_the_checked_date_is_reported(data_copy):
    def change(frame):
        frame.loc[frame["claim"] == "gady-2018-ewi-c38", "checked_to"] = "2020-12-31"

    _edit(data_copy / "forecast_verdicts.csv", change)
    assert any(
        "gady-2018-ewi-c38: cites events:treaty-extension-2021, dated after 2020-12-31" in p
        for p in scorecard.problems()
    )
