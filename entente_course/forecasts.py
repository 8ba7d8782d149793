"""The student's own forecasts: eight questions asked in lesson 00, scored with the Brier score in lesson 07.

A student placed in late 2018 gives a probability (0–100) for each question in ``data/forecast_questions``.
Each question is resolved by a rule that is data (a table, a filter on it and a date window), so the
package, not a person, decides what happened. The Brier score is the mean of (p − outcome)², with p the
forecast as a share (0–1) and outcome 1 for yes, 0 for no: 0 is perfect, 0.25 is what always saying 50 %
earns, 1 is always sure and always wrong.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import altair as alt
import pandas as pd

from . import charts, data, progress

__all__ = [
    "brier",
    "calibration_chart",
    "calibration_table",
    "parse_where",
    "questions",
    "resolve",
    "results",
    "save",
    "saved",
    "score",
]

SECTION = "forecasts"
# The column that dates the rows of each table a question may be resolved from.
DATE_COLUMN = {"exercises": "start_date", "events": "date", "mechanisms": "date", "vetoes": "date"}


def questions() -> pd.DataFrame:
    """The questions to forecast: id, question and deadline (what lesson 00 shows)."""
    table = data.load("forecast_questions")
    return table[["id", "question", "deadline"]].reset_index(drop=True)


# --- resolving from the data --------------------------------------------------------------------


def parse_where(where: str | None) -> list[tuple[str, str, str]]:
    """``"kind=patrol; name~extending"`` → ``[("kind", "=", "patrol"), ("name", "~", "extending")]``."""
    conditions = []
    text = "" if where is None or pd.isna(where) else str(where)
    for part in filter(None, (p.strip() for p in text.split(";"))):
        op = "~" if "~" in part and ("=" not in part or part.index("~") < part.index("=")) else "="
        column, _, value = part.partition(op)
        if not column.strip() or not value.strip():
            raise ValueError(f"cannot read the condition {part!r}: write column=value or column~text")
        conditions.append((column.strip(), op, value.strip()))
    return conditions


def _matching(table: pd.DataFrame, where: str | None, question_id: str) -> pd.Series:
    keep = pd.Series(True, index=table.index)
    for column, op, value in parse_where(where):
        if column not in table.columns:
            raise ValueError(f"forecast question {question_id}: the table has no column {column!r}")
        text = table[column].astype("string").str.casefold()
        keep &= text.str.contains(value.casefold(), regex=False) if op == "~" else text == value.casefold()
    return keep.fillna(False).astype(bool)


def _count(table: pd.DataFrame, dates: pd.Series, keep: pd.Series, start, end) -> int:
    return int((keep & (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))).sum())


def resolve() -> pd.DataFrame:
    """Each question's outcome from its rule: id, question, deadline, outcome (1 yes, 0 no), matches, rows.

    ``rows`` names the rows that decided it (the ids in the window), so a student can check them.
    """
    out = []
    for q in data.load("forecast_questions").itertuples(index=False):
        table = data.load(q.table)
        dates = pd.to_datetime(table[DATE_COLUMN[q.table]])
        keep = _matching(table, q.where, q.id)
        in_window = keep & (dates >= pd.Timestamp(q.window_start)) & (dates <= pd.Timestamp(q.deadline))
        matches = int(in_window.sum())
        if pd.notna(q.baseline_start):
            before = _count(table, dates, keep, q.baseline_start, q.baseline_end)
            outcome, rule = int(matches > before), f"{matches} rows in the window against {before} in the baseline"
        else:
            outcome, rule = int(matches >= q.min_count), f"{matches} rows in the window (at least {q.min_count} needed)"
        out.append(
            {
                "id": q.id,
                "question": q.question,
                "deadline": q.deadline,
                "outcome": outcome,
                "matches": matches,
                "rule": rule,
                "rows": "; ".join(map(str, table.loc[in_window, "id"])),
            }
        )
    return pd.DataFrame(out)


# --- the student's forecasts --------------------------------------------------------------------


def _problems(my_forecasts: Mapping, known: list[str]) -> tuple[dict[str, float], list[str]]:
    """The valid forecasts as numbers, and one kind sentence per bad entry."""
    valid, problems = {}, []
    for key, value in my_forecasts.items():
        if value is Ellipsis:  # a blank left in the template: not given yet
            continue
        if key not in known:
            problems.append(f"{key!r} is not a question id: the ids are {', '.join(known)}.")
        elif isinstance(value, bool) or not isinstance(value, numbers.Real):
            problems.append(
                f"The forecast for {key!r} should be a number from 0 to 100 (no quotes), but it is {value!r}."
            )
        elif math.isnan(float(value)) or not 0 <= float(value) <= 100:
            problems.append(f"The forecast for {key!r} is {value}: give a probability from 0 to 100 (70 means 70 %).")
        else:
            valid[key] = float(value)
    return valid, problems


def save(my_forecasts: dict) -> None:
    """Check and save the student's forecasts (id → 0–100) in the progress file; say what is wrong or missing.

    Returns nothing (the notebook shows only the messages). The valid forecasts are saved even when others are wrong, so fixing one line and running again is enough;
    a ``...`` left in the template counts as not given, and a call with no valid forecast saves nothing.
    """
    known = list(questions()["id"])
    if not isinstance(my_forecasts, Mapping):
        print(
            "my_forecasts should be a dictionary like {'air-patrols-2022': 70, ...}, "
            f"but it is {type(my_forecasts).__name__}."
        )
        return
    valid, problems = _problems(my_forecasts, known)
    for problem in problems:
        print(problem)
    missing = [k for k in known if k not in valid and my_forecasts.get(k, ...) is Ellipsis]
    if missing:
        print(f"Not given yet (these will not be scored): {', '.join(missing)}.")
    if not valid:
        print("Nothing saved: no forecast is a number from 0 to 100 yet (any forecasts saved before are kept).")
        return
    if valid and all(v <= 1 for v in valid.values()) and any(0 < v < 1 for v in valid.values()):
        print("All your numbers are 1 or less: the scale is 0–100, so 0.7 means 0.7 %, not 70 %.")
    if not progress.put_section(SECTION, valid):
        print("Your forecasts could not be written to the progress file; keep the cell so you can run it again.")
    else:
        print(f"Saved {len(valid)} of {len(known)} forecasts; forecasts.saved() shows them.")


def saved() -> dict[str, float]:
    """The forecasts saved in the progress file (an empty dict if none)."""
    stored = progress.get_section(SECTION, {})
    if not isinstance(stored, Mapping):
        return {}
    valid, _ = _problems(stored, list(questions()["id"]))
    return valid


# --- scoring --------------------------------------------------------------------------------------


def brier(forecasts: list[float], outcomes: list[int]) -> float:
    """The mean of (p − outcome)² with p a probability in percent (0–100) and outcome 1 or 0."""
    if len(forecasts) != len(outcomes):
        raise ValueError("brier() needs one outcome per forecast")
    if not forecasts:
        return math.nan
    return sum((p / 100 - o) ** 2 for p, o in zip(forecasts, outcomes)) / len(forecasts)


def results(my_forecasts: Mapping | None = None) -> pd.DataFrame:
    """One row per question: what happened, your forecast (blank if not given) and the author's expectation."""
    mine = saved() if my_forecasts is None else _problems(my_forecasts, list(questions()["id"]))[0]
    table = resolve().merge(
        data.load("forecast_questions")[["id", "expectation", "expectation_source", "expectation_locator"]], on="id"
    )
    table["your_forecast"] = table["id"].map(mine).astype("Float64")
    table["your_brier"] = (table["your_forecast"] / 100 - table["outcome"]) ** 2
    return table[
        [
            "id",
            "question",
            "deadline",
            "outcome",
            "your_forecast",
            "your_brier",
            "expectation",
            "expectation_source",
            "expectation_locator",
            "rows",
        ]
    ]


def score(my_forecasts: Mapping | None = None) -> pd.DataFrame:
    """Your Brier score beside always saying 50 % and the authors' stated expectations (lower is better).

    Uses the saved forecasts unless ``my_forecasts`` is given. Questions you did not forecast are
    reported and left out, and each comparison is made on the same questions.
    """
    table = results(my_forecasts)
    given = table[table["your_forecast"].notna()]
    missing = list(table.loc[table["your_forecast"].isna(), "id"])
    if given.empty:
        print(
            "No forecasts to score yet: fill in my_forecasts and run forecasts.save(my_forecasts) "
            "(lesson 00 shows how)."
        )
    elif missing:
        print(f"Not scored (no forecast given): {', '.join(missing)}.")
    authored = given[given["expectation"].notna()]
    rows = [
        ("you", "every question you forecast", len(given), brier(list(given["your_forecast"]), list(given["outcome"]))),
        ("always 50 %", "the same questions", len(given), brier([50.0] * len(given), list(given["outcome"]))),
        (
            "you",
            "only the questions an author gave a number for",
            len(authored),
            brier(list(authored["your_forecast"]), list(authored["outcome"])),
        ),
        (
            "the authors' stated expectations",
            "the same questions",
            len(authored),
            brier(list(authored["expectation"]), list(authored["outcome"])),
        ),
    ]
    return pd.DataFrame(rows, columns=["forecaster", "questions", "number", "brier"])


def calibration_table(my_forecasts: Mapping | None = None, *, bins: int = 5) -> pd.DataFrame:
    """Your forecasts grouped into ``bins`` equal ranges: the mean forecast and how often the answer was yes."""
    table = results(my_forecasts).dropna(subset=["your_forecast"])
    edges = [100 * i / bins for i in range(bins + 1)]
    labels = [f"{edges[i]:.0f}–{edges[i + 1]:.0f} %" for i in range(bins)]
    table["range"] = pd.cut(table["your_forecast"].astype(float), edges, labels=labels, include_lowest=True)
    grouped = table.groupby("range", observed=True).agg(
        forecast=("your_forecast", "mean"), happened=("outcome", "mean"), questions=("id", "size")
    )
    grouped["happened"] = grouped["happened"] * 100
    return grouped.reset_index()


def calibration_chart(my_forecasts: Mapping | None = None) -> alt.TopLevelMixin:
    """Your forecasts against what happened: a well-calibrated forecaster's points sit on the diagonal."""
    table = calibration_table(my_forecasts)
    table["forecast"] = table["forecast"].astype(float)
    axis = alt.Scale(domain=[0, 100])
    diagonal = (
        alt.Chart(pd.DataFrame({"forecast": [0, 100], "happened": [0, 100]}))
        .mark_line(strokeDash=[4, 4], color="#999999")
        .encode(x="forecast:Q", y="happened:Q")
    )
    points = (
        alt.Chart(table)
        .mark_point()
        .encode(
            x=alt.X("forecast:Q", title="Your forecast (mean in the range, %)", scale=axis),
            y=alt.Y("happened:Q", title="How often the answer was yes (%)", scale=axis),
            size=alt.Size("questions:Q", title="Questions"),
            tooltip=[
                alt.Tooltip("range:N", title="Range"),
                alt.Tooltip("questions:Q", title="Questions"),
                alt.Tooltip("forecast:Q", title="Mean forecast", format=".0f"),
                alt.Tooltip("happened:Q", title="Yes (%)", format=".0f"),
            ],
        )
    )
    return charts.finish(
        diagonal + points,
        title="How well calibrated are your forecasts?",
        description="Scatter plot: for each range of your forecasts, the mean forecast (x, percent) against the "
        "share of those questions that resolved yes (y, percent), point size the number of questions; "
        "a dashed diagonal marks perfect calibration.",
    )
