"""One look for every chart in the course, and the few chart builders the lessons share.

Importing this module registers and enables the ``entente`` Altair theme (a colour-blind-safe palette,
readable type) and the ``mimetype`` renderer, which JupyterLab draws with its own Vega-Lite: no CDN, so
charts work offline. Every builder takes a ``title`` and a ``description``; the description becomes the
chart's accessible text for screen readers.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

__all__ = ["PALETTE", "counts_by_year", "counts_grid", "finish", "side_by_side", "timeline", "values_by_year"]

# Okabe & Ito (2008), the palette designed to stay distinct under the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
MARKER = PALETTE[5]  # vermilion: reference lines and marked years
MUTED = "#8A8A8A"  # the groups a highlighted chart does not single out (3.5:1 on white)


@alt.theme.register("entente", enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "font": FONT,
            "title": {"fontSize": 18, "anchor": "start", "offset": 12},
            "axis": {"labelFontSize": 13, "titleFontSize": 14, "grid": True, "gridOpacity": 0.4},
            "legend": {"labelFontSize": 13, "titleFontSize": 14, "orient": "bottom"},
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "range": {"category": PALETTE},
            "bar": {"color": PALETTE[0]},
            "point": {"color": PALETTE[0], "size": 80, "filled": True},
            "line": {"color": PALETTE[0], "strokeWidth": 2.5},
        }
    }


alt.renderers.enable("mimetype")


def finish(chart: Any, *, title: str, description: str) -> Any:
    """Give any chart its plain-words title and the description screen readers announce."""
    if not title or not description:
        raise ValueError("every course chart needs a title and a description for screen readers")
    return chart.properties(title=title, description=description)


def timeline(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    date: str = "date",
    label: str = "event",
    group: str = "category",
    tooltip: list[str] | None = None,
) -> alt.Chart:
    """Dated events as points on a time axis, one row per ``group``, details on hover."""
    columns = list(dict.fromkeys([date, label, group, *(tooltip or [])]))
    chart = (
        alt.Chart(frame[columns])
        .mark_point()
        .encode(
            x=alt.X(f"{date}:T", title="Date"),
            y=alt.Y(f"{group}:N", title=None),
            color=alt.Color(f"{group}:N", legend=None),
            shape=alt.Shape(f"{group}:N", legend=None),
            tooltip=[
                alt.Tooltip(f"{date}:T", title="Date"),
                alt.Tooltip(f"{label}:N", title="What happened"),
                *[alt.Tooltip(f"{c}:N") for c in (tooltip or [])],
            ],
        )
        .properties(height=40 * max(frame[group].nunique(), 3))
    )
    return finish(chart, title=title, description=description)


def _reference_line(value: float, label: str | None) -> alt.LayerChart | alt.Chart:
    """A dashed horizontal line at ``value`` (with ``label`` written at its left end)."""
    spot = pd.DataFrame({"value": [value], "label": [label or ""]})
    rule = alt.Chart(spot).mark_rule(strokeDash=[6, 4], color="black").encode(y="value:Q")
    if not label:
        return rule
    text = alt.Chart(spot).mark_text(align="left", dy=-8, x=4, fontSize=13).encode(y="value:Q", text="label:N")
    return rule + text


def _year_marker(year: int, label: str | None, year_type: str) -> alt.LayerChart | alt.Chart:
    """A vertical line at ``year`` (with ``label`` written at its top), in the marker colour."""
    spot = pd.DataFrame({"year": [year], "label": [label or ""]})
    rule = alt.Chart(spot).mark_rule(color=MARKER, strokeWidth=2).encode(x=f"year:{year_type}")
    if not label:
        return rule
    text = (
        alt.Chart(spot)
        .mark_text(align="left", dx=4, y=8, color=MARKER, fontSize=13)
        .encode(x=f"year:{year_type}", text="label:N")
    )
    return rule + text


def counts_by_year(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    year: str = "year",
    color: str | None = None,
    y_title: str = "Number",
    years: range | None = None,
    reference: float | None = None,
    reference_label: str | None = None,
    color_title: str | None = None,
) -> alt.TopLevelMixin:
    """How many rows fall in each year, counted before charting; stacked by ``color`` if given.

    ``years`` fixes the axis: every year of the range gets a bar, a year without rows a bar of 0, so a
    quiet year is seen rather than silently dropped. ``reference`` draws a dashed line at that count
    (for a claim such as "four or five a year"), labelled with ``reference_label``.
    """
    keys = [year] + ([color] if color else [])
    counts = frame.groupby(keys, observed=True).size()
    if years is not None:
        counts = counts[counts.index.get_level_values(0).isin(list(years))]
        if color:
            full = pd.MultiIndex.from_product([list(years), sorted(frame[color].dropna().unique())], names=keys)
        else:
            full = pd.Index(list(years), name=year)
        counts = counts.reindex(full, fill_value=0)
    counts = counts.reset_index(name="count")
    x_scale = alt.Scale(domain=list(years)) if years is not None else alt.Undefined
    encoding: dict[str, Any] = {
        "x": alt.X(f"{year}:O", title="Year", scale=x_scale),
        "y": alt.Y("count:Q", title=y_title, axis=alt.Axis(tickMinStep=1)),
        "tooltip": [alt.Tooltip(f"{year}:O", title="Year"), alt.Tooltip("count:Q", title=y_title)],
    }
    if color:
        label = color_title or color.replace("_", " ").capitalize()
        encoding["color"] = alt.Color(f"{color}:N", title=label)
        encoding["tooltip"].append(alt.Tooltip(f"{color}:N", title=label))
    chart = alt.Chart(counts).mark_bar().encode(**encoding)
    if reference is not None:
        chart = chart + _reference_line(reference, reference_label)
    return finish(chart, title=title, description=description)


def values_by_year(
    frame: pd.DataFrame,
    *,
    value: str,
    title: str,
    description: str,
    y_title: str,
    year: str = "year",
    mark: str = "bar",
    color: str | None = None,
    color_title: str | None = None,
    highlight: str | None = None,
    marker_year: int | None = None,
    marker_label: str | None = None,
    value_format: str = ",.0f",
) -> alt.TopLevelMixin:
    """A number per year as bars (``mark="bar"``) or lines (``mark="line"``, one per ``color`` group).

    ``marker_year`` draws a vertical line at a year the text names (labelled ``marker_label``);
    ``highlight`` keeps one ``color`` group in colour and greys the others, so the eye goes to it.
    """
    if mark not in ("bar", "line"):
        raise ValueError(f"mark must be 'bar' or 'line', not {mark!r}")
    year_type = "O" if mark == "bar" else "Q"
    columns = list(dict.fromkeys([year, value, *([color] if color else [])]))
    rows = frame[columns].dropna()
    x_axis = alt.Axis(format="d") if year_type == "Q" else alt.Undefined
    tooltip = [
        alt.Tooltip(f"{year}:{year_type}", title="Year", format="d" if year_type == "Q" else ""),
        alt.Tooltip(f"{value}:Q", title=y_title, format=value_format),
    ]
    encoding: dict[str, Any] = {
        "x": alt.X(f"{year}:{year_type}", title="Year", axis=x_axis),
        "y": alt.Y(f"{value}:Q", title=y_title),
    }
    if color:
        label = color_title or color.replace("_", " ").capitalize()
        colour: Any = alt.Color(f"{color}:N", title=label)
        if highlight is not None:
            if highlight not in set(rows[color]):
                raise ValueError(f"highlight {highlight!r} is not a value of the column {color!r}")
            # A legend would show every group in colour; each line is named at its end instead.
            colour = alt.condition(
                alt.datum[color] == highlight, alt.Color(f"{color}:N", legend=None), alt.value(MUTED)
            )
        encoding["color"] = colour
        encoding["detail"] = alt.Detail(f"{color}:N")
        tooltip.insert(0, alt.Tooltip(f"{color}:N", title=label))
    encoding["tooltip"] = tooltip
    base = alt.Chart(rows)
    chart = (base.mark_bar() if mark == "bar" else base.mark_line(point=True)).encode(**encoding)
    if highlight is not None:
        ends = rows.sort_values(year).groupby(color, observed=True).tail(1)
        chart = chart + alt.Chart(ends).mark_text(align="left", dx=6, fontSize=13).encode(
            x=encoding["x"], y=encoding["y"], text=f"{color}:N", color=colour
        )
    if marker_year is not None:
        chart = chart + _year_marker(marker_year, marker_label, year_type)
    return finish(chart, title=title, description=description)


def counts_grid(
    frame: pd.DataFrame,
    *,
    row: str,
    title: str,
    description: str,
    year: str = "year",
    row_title: str | None = None,
    size_title: str = "Number",
) -> alt.Chart:
    """A dot per ``row`` value and year, sized by how many rows fall there; rows ordered by first year."""
    counts = frame.groupby([row, year], observed=True).size().reset_index(name="count")
    label = row_title or row.replace("_", " ").capitalize()
    chart = (
        alt.Chart(counts)
        .mark_circle()
        .encode(
            x=alt.X(f"{year}:O", title="Year"),
            y=alt.Y(f"{row}:N", title=label, sort=alt.EncodingSortField(year, op="min")),
            size=alt.Size("count:Q", title=size_title, legend=alt.Legend(tickMinStep=1)),
            color=alt.Color(f"{row}:N", legend=None),
            tooltip=[
                alt.Tooltip(f"{row}:N", title=label),
                alt.Tooltip(f"{year}:O", title="Year"),
                alt.Tooltip("count:Q", title=size_title),
            ],
        )
    )
    return finish(chart, title=title, description=description)


def side_by_side(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    category: str,
    group: str,
    value: str | None = None,
    x_title: str = "Number",
) -> alt.Chart:
    """Horizontal bars of ``value`` (or a count) per ``category``, one panel row per ``group``."""
    if value is None:
        frame = frame.groupby([group, category], observed=True).size().reset_index(name="count")
        value = "count"
    else:
        frame = frame[[group, category, value]]
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=x_title),
            y=alt.Y(f"{category}:N", title=None),
            color=alt.Color(f"{category}:N", legend=None),
            row=alt.Row(f"{group}:N", title=None),
            tooltip=[alt.Tooltip(f"{group}:N"), alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", title=x_title)],
        )
    )
    return finish(chart, title=title, description=description)
