"""Cross-references across the datasets: every source, locator and link points to something real."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from entente_course import data

ROOT = Path(__file__).resolve().parent.parent
LOCATED_TABLES = ["claims", "figures", "exercises", "mechanisms", "arms_transfers", "events"]


@pytest.fixture(scope="module")
def sources():
    return data.load("sources").set_index("id")


@pytest.mark.parametrize("table", [t for t in data.tables() if t != "sources" and "source" in data.load(t).columns])
def test_every_source_id_exists(table, sources):
    frame = data.load(table)
    unknown = set(frame["source"].dropna()) - set(sources.index)
    assert not unknown, f"{table}: unknown source ids {sorted(unknown)}"


@pytest.mark.parametrize("table", LOCATED_TABLES)
def test_text_locators_point_to_existing_paragraphs(table, sources):
    frame = data.load(table)
    for row in frame.itertuples():
        if pd.isna(row.locator) or sources.loc[row.source, "kind"] not in ("source-text", "notice"):
            continue
        match = re.fullmatch(r"(¶|post )(\d+)", row.locator)
        assert match, f"{table} {row[1]}: locator {row.locator!r} is not ¶N or post N"
        if match.group(1) == "post ":
            assert row.source == "gabuev-2019-thread", f"{table} {row[1]}: only the thread has posts"
        assert 1 <= int(match.group(2)) <= sources.loc[row.source, "paragraphs"], (
            f"{table} {row[1]}: {row.source} {row.locator}"
        )


def test_claims_cite_source_texts_and_their_links_resolve(sources):
    claims = data.load("claims")
    assert set(sources.loc[claims["source"], "kind"]) == {"source-text"}
    keys = {name: set(data.load(name).iloc[:, 0].astype(str)) for name in data.tables()}
    for row in claims.dropna(subset=["related"]).itertuples():
        for link in row.related.split():
            table, _, key = link.partition(":")
            assert table in keys and key in keys[table], f"claim {row.id}: broken link {link}"


def test_event_tests_name_existing_claims():
    claim_ids = set(data.load("claims")["id"])
    for row in data.load("events").dropna(subset=["tests"]).itertuples():
        assert set(row.tests.split()) <= claim_ids, f"event {row.id}: {row.tests}"


def test_every_author_is_covered_claim_by_claim():
    claims = data.load("claims")
    for source in ("gabuev-2018", "gabuev-2019-thread", "gady-2018-ewi", "korolev-2017", "fridman"):
        assert (claims["source"] == source).sum() >= 10, source
    assert set(claims["type"]) == {
        "thesis",
        "driver",
        "constraint",
        "evidence",
        "forecast",
        "recommendation",
        "rebuttal",
    }
    theses = claims[claims["type"] == "thesis"]
    assert theses["source"].is_unique and len(theses) == 5, "one thesis per text"
    codes = data.load("claim_codes")
    for column in ("type", "implication"):
        assert set(codes.loc[codes["column"] == column, "code"]) == set(claims[column]), column


def test_vostok_disagreement_is_kept_with_both_figures():
    figures = data.load("figures")
    vostok = figures[figures["what"].str.contains("Vostok", case=False) & figures["unit"].eq("troops")]
    assert {3200, 3500} <= set(vostok["value"].astype(int))


def test_glossary_has_at_least_thirty_terms():
    assert len(data.load("glossary")) >= 30


def test_joint_vetoes_recomputed_from_vetoing_members():
    vetoes = data.load("vetoes")
    recomputed = vetoes["vetoed_by"].str.contains("China") & vetoes["vetoed_by"].str.contains("Russia|USSR")
    assert (vetoes["joint"] == recomputed).all()


def test_data_readme_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_data_readme.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "table,date", [("events", "date"), ("exercises", "start_date"), ("mechanisms", "date"), ("sources", "date")]
)
def test_dates_agree_with_their_precision_and_year(table, date):
    """A date is blank exactly when its precision is; a stored date is the first day of what is known."""
    frame = data.load(table)
    for row in frame.itertuples():
        where = f"data/{table}.csv, row id {row.id}"
        when, precision = getattr(row, date), row.date_precision
        assert pd.isna(when) == pd.isna(precision), f"{where}: {date} and date_precision must be blank together"
        if pd.isna(when):
            continue
        if "year" in frame.columns:
            assert row.year == when.year, f"{where}: year {row.year} is not the year of {when.date()}"
        if precision in ("month", "year"):
            assert when.day == 1, f"{where}: a {precision}-precision date is stored as the first day"
        if precision == "year":
            assert when.month == 1, f"{where}: a year-precision date is stored as 1 January"
