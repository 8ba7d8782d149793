"""The course's Altair look: one theme, the offline renderer, titles and descriptions on every chart."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from entente_course import charts, data


def test_theme_and_offline_renderer_are_enabled():
    assert alt.theme.active == "entente"
    assert alt.renderers.active == "mimetype"
    assert alt.Chart(pd.DataFrame({"x": [1]})).mark_point().to_dict()["config"]["range"]["category"] == charts.PALETTE


def test_timeline_has_title_description_and_small_data():
    events = data.load("events")
    chart = charts.timeline(events, title="Events", description="Dated events the texts discuss.")
    spec = chart.to_dict()
    assert spec["title"] == "Events" and spec["description"].startswith("Dated events")
    assert len(next(iter(spec["datasets"].values()))) == len(events)


def test_counts_by_year_aggregates_before_charting():
    exercises = data.load("exercises")
    spec = charts.counts_by_year(
        exercises, title="Joint exercises per year", description="Bars per year.", color="domain"
    ).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert sum(r["count"] for r in rows) == len(exercises)
    assert spec["encoding"]["x"]["title"] == "Year"


def test_side_by_side_counts_per_group():
    claims = data.load("claims")
    spec = charts.side_by_side(
        claims, title="Claims", description="Claims per author.", category="type", group="author"
    ).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert sum(r["count"] for r in rows) == len(claims)


def test_a_chart_without_description_is_refused():
    with pytest.raises(ValueError, match="description"):
        charts.finish(alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), title="x", description="")


def _rows(spec: dict) -> list[dict]:
    """The rows of the first (main) dataset of a chart spec."""
    return next(iter(spec["datasets"].values()))


def test_counts_by_year_keeps_years_without_rows_and_draws_the_reference_line():
    exercises = data.load("exercises")
    years = range(2005, 2019)
    spec = charts.counts_by_year(
        exercises,
        title="Per year",
        description="Bars per year.",
        years=years,
        color="kind",
        reference=4,
        reference_label="four a year",
    ).to_dict()
    rows = _rows(spec)
    assert {r["year"] for r in rows} == set(years)  # 2006, 2008 and 2011 have no exercise, yet stay on the axis
    assert sum(r["count"] for r in rows if r["year"] == 2006) == 0
    assert sum(r["count"] for r in rows) == int(exercises["year"].between(2005, 2018).sum())
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == list(years)
    assert any(layer.get("mark", {}).get("type") == "rule" for layer in spec["layer"][1]["layer"])


def test_values_by_year_marks_a_year_and_highlights_one_group():
    milex = data.load("milex")
    three = milex[milex["country"].isin(["China", "Russia", "United States"])]
    spec = charts.values_by_year(
        three,
        value="usd_constant_2022_m",
        mark="line",
        color="country",
        highlight="Russia",
        marker_year=2014,
        marker_label="Crimea",
        title="Spending",
        description="Lines per country.",
        y_title="US$ millions",
    ).to_dict()
    line = spec["layer"][0]
    assert line["encoding"]["color"]["value"] == charts.MUTED
    assert "Russia" in line["encoding"]["color"]["condition"]["test"]
    labels = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "text"]
    assert labels and labels[0]["encoding"]["text"]["field"] == "country"  # each line named at its end
    assert spec["title"] == "Spending" and spec["description"] == "Lines per country."


def test_values_by_year_refuses_an_unknown_highlight_and_mark():
    trade = data.load("trade")
    with pytest.raises(ValueError, match="highlight"):
        charts.values_by_year(
            trade.assign(kind="total"),
            value="total_m",
            color="kind",
            highlight="Mars",
            title="t",
            description="d",
            y_title="y",
        )
    with pytest.raises(ValueError, match="mark"):
        charts.values_by_year(trade, value="total_m", mark="pie", title="t", description="d", y_title="y")


def test_counts_grid_counts_rows_per_group_and_year():
    exercises = data.load("exercises")
    spec = charts.counts_grid(
        exercises, row="region", title="Where", description="Dots per region and year.", row_title="Region"
    ).to_dict()
    assert sum(r["count"] for r in _rows(spec)) == len(exercises)
    assert spec["encoding"]["y"]["title"] == "Region"
