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
    spec = charts.counts_by_year(exercises, title="Joint exercises per year", description="Bars per year.",
                                 color="domain").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert sum(r["count"] for r in rows) == len(exercises)
    assert spec["encoding"]["x"]["title"] == "Year"


def test_side_by_side_counts_per_group():
    claims = data.load("claims")
    spec = charts.side_by_side(claims, title="Claims", description="Claims per author.", category="type",
                               group="author").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert sum(r["count"] for r in rows) == len(claims)


def test_a_chart_without_description_is_refused():
    with pytest.raises(ValueError, match="description"):
        charts.finish(alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), title="x", description="")
