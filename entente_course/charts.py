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

__all__ = ["PALETTE", "counts_by_year", "side_by_side", "timeline", "finish"]

# Okabe & Ito (2008), the palette designed to stay distinct under the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"


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


def timeline(frame: pd.DataFrame, *, title: str, description: str, date: str = "date",
             label: str = "event", group: str = "category", tooltip: list[str] | None = None) -> alt.Chart:
    """Dated events as points on a time axis, one row per ``group``, details on hover."""
    columns = list(dict.fromkeys([date, label, group, *(tooltip or [])]))
    chart = alt.Chart(frame[columns]).mark_point().encode(
        x=alt.X(f"{date}:T", title="Date"),
        y=alt.Y(f"{group}:N", title=None),
        color=alt.Color(f"{group}:N", legend=None),
        shape=alt.Shape(f"{group}:N", legend=None),
        tooltip=[alt.Tooltip(f"{date}:T", title="Date"), alt.Tooltip(f"{label}:N", title="What happened"),
                 *[alt.Tooltip(f"{c}:N") for c in (tooltip or [])]],
    ).properties(height=40 * max(frame[group].nunique(), 3))
    return finish(chart, title=title, description=description)


def counts_by_year(frame: pd.DataFrame, *, title: str, description: str, year: str = "year",
                   color: str | None = None, y_title: str = "Number") -> alt.Chart:
    """How many rows fall in each year (stacked by ``color`` if given), counted before charting."""
    keys = [year] + ([color] if color else [])
    counts = frame.groupby(keys, observed=True).size().reset_index(name="count")
    encoding: dict[str, Any] = {
        "x": alt.X(f"{year}:O", title="Year"),
        "y": alt.Y("count:Q", title=y_title, axis=alt.Axis(tickMinStep=1)),
        "tooltip": [alt.Tooltip(f"{year}:O", title="Year"), alt.Tooltip("count:Q", title=y_title)],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=color.replace("_", " ").capitalize())
        encoding["tooltip"].append(alt.Tooltip(f"{color}:N"))
    return finish(alt.Chart(counts).mark_bar().encode(**encoding), title=title, description=description)


def side_by_side(frame: pd.DataFrame, *, title: str, description: str, category: str, group: str,
                 value: str | None = None, x_title: str = "Number") -> alt.Chart:
    """Horizontal bars of ``value`` (or a count) per ``category``, one panel row per ``group``."""
    if value is None:
        frame = frame.groupby([group, category], observed=True).size().reset_index(name="count")
        value = "count"
    else:
        frame = frame[[group, category, value]]
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=x_title),
        y=alt.Y(f"{category}:N", title=None),
        color=alt.Color(f"{category}:N", legend=None),
        row=alt.Row(f"{group}:N", title=None),
        tooltip=[alt.Tooltip(f"{group}:N"), alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", title=x_title)],
    )
    return finish(chart, title=title, description=description)
