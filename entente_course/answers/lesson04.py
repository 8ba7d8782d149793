"""Exercises of lesson 04 (Korolev 2017)."""

import pandas as pd

from .. import data
from ..checks import Mistake, exercise
from ._shared import coding

# The claims students code in 04.1: one of each implication, and the Pakistan benchmark (¶9).
CODED_CLAIMS = ["korolev-2017-c03", "korolev-2017-c18", "korolev-2017-c21", "korolev-2017-c28"]


def _implications() -> dict:
    return coding(CODED_CLAIMS, "implication")


@exercise(
    "04.1",
    "For four of Korolev's claims, what do they imply for the central question (toward-alliance, "
    "toward-limited-entente, against-deep-partnership or neutral)? Give a dict claim id → implication.",
    hints=[
        "Ask of each claim: does it say the two are close to an alliance, that they cooperate deeply without "
        "one, or that the partnership is shallow? Whose view is it: Korolev's, or the skeptics' he reports?",
        "A skeptic's argument Korolev sums up is against-deep-partnership even though he rejects it; depth "
        "without a promise to fight is toward-limited-entente. A dict is written {key: value, ...}.",
        "answer = {'korolev-2017-c03': ___, 'korolev-2017-c18': ___,\n"
        "          'korolev-2017-c21': ___, 'korolev-2017-c28': ___}",
    ],
    mistakes=[
        Mistake(
            "Look again at c18. Korolev compares the depth of China's military contacts with Russia and with "
            "Pakistan; depth of contact is not a promise to fight, so the course codes it "
            "toward-limited-entente.",
            lambda: {**_implications(), "korolev-2017-c18": "toward-alliance"},
        ),
        Mistake(
            "Look again at c03: it is the skeptics' argument, which Korolev reports in order to reject it. "
            "The claim itself points against a deep partnership.",
            lambda: {**_implications(), "korolev-2017-c03": "toward-limited-entente"},
        ),
    ],
)
def _coded():
    return _implications()


def _mechanisms_until_korolev(sort: bool = True, since_1992: bool = True) -> pd.DataFrame:
    """Mechanisms dated from 1992 up to the day Korolev's text appeared, in date order (04.2 and 04.3)."""
    published = data.load("sources").set_index("id").loc["korolev-2017", "date"]
    mechanisms = data.load("mechanisms")
    keep = mechanisms["date"] < published
    if since_1992:
        keep &= mechanisms["year"] >= 1992
    rows = mechanisms[keep]
    return rows.sort_values("date") if sort else rows


@exercise(
    "04.2",
    "Korolev wrote that since 1992 a new mechanism appeared every 3 to 4 years. Take the mechanisms dated "
    "from 1992 up to the day his text was published, sorted by date: what is the mean gap in years between "
    "successive mechanisms? Give a number.",
    hints=[
        "A gap is the difference between one mechanism's year and the year of the one before it, in date order.",
        "Filter with & and parentheses (cheat sheet: Several conditions), sort with sort_values('date'), then "
        ".diff() of the year column gives each gap (cheat sheet: Change from the row before) and .mean() their average.",
        "known = mechanisms[(mechanisms['year'] >= 1992) & (mechanisms['date'] < ___)].sort_values(___)\n"
        "answer = known['year'].diff().___()",
    ],
    tolerance=0.01,
    mistakes=[
        Mistake(
            "That counts the mechanisms after Korolev wrote too. Keep only rows with a date before published.",
            lambda: float(data.load("mechanisms").dropna(subset=["date"]).sort_values("date")["year"].diff().mean()),
        ),
    ],
)
def _mean_gap_to_2017():
    return float(_mechanisms_until_korolev()["year"].diff().mean())


@exercise(
    "04.3",
    "Over the same rows as in 04.2 (mechanisms from 1992 up to Korolev's publication date), what is the "
    "longest gap in years between two successive mechanisms? Give a number.",
    hints=[
        "The same gaps as in 04.2; this time the largest one.",
        "Same filter, sort_values and .diff() as in 04.2; then .max() instead of .mean().",
        "answer = int(known['year'].diff().___())",
    ],
    mistakes=[
        Mistake(
            "That is the span from the first to the last mechanism, not the longest gap between two "
            "successive ones: take .diff() first.",
            lambda: int(_mechanisms_until_korolev()["year"].max() - _mechanisms_until_korolev()["year"].min()),
        ),
    ],
)
def _longest_gap_to_2017():
    return int(_mechanisms_until_korolev()["year"].diff().max())


def _per_decade(step: int = 10) -> dict:
    decade = data.load("mechanisms")["year"] // step * step
    return {int(d): int(n) for d, n in decade.value_counts().sort_index().items()}


@exercise(
    "04.4",
    "How many dated mechanisms does the table list in each decade? Give a dict from the decade's first "
    "year (1990, 2000, …) to the number of mechanisms (the undated row belongs to none).",
    hints=[
        "Turn each year into its decade (1996 → 1990), then count the rows per decade.",
        "year // 10 * 10 gives the decade (cheat sheet: Decades); value_counts() counts them and .to_dict() "
        "makes a dict.",
        "decade = mechanisms['year'] // ___ * ___\nanswer = decade.value_counts().to_dict()",
    ],
    mistakes=[
        Mistake(
            "year // 10 gives 199 for 1996: multiply by 10 again (year // 10 * 10) to get the decade 1990.",
            lambda: {d // 10: n for d, n in _per_decade().items()},
        ),
    ],
)
def _mechanisms_per_decade():
    return _per_decade()


def _region_years(how: str) -> dict:
    exercises = data.load("exercises")
    years = exercises.groupby("region", observed=True)["year"].agg(how)
    return {str(region): int(year) for region, year in years.items()}


@exercise(
    "04.5",
    "In which year did joint exercises or patrols first take place in each region? Give a dict from region "
    "to the first year it appears in the exercises table.",
    hints=[
        "For each region, the earliest year among its rows.",
        "groupby('region')['year'].min() gives each region's smallest year, the way groupby().size() counts "
        "rows (cheat sheet: Count per group); .to_dict() makes a dict.",
        "answer = exercises.groupby(___)['year'].___().to_dict()",
    ],
    mistakes=[
        Mistake(
            "Those are the last years each region appears. The first year is the smallest: .min(), not .max().",
            lambda: _region_years("max"),
        ),
    ],
)
def _first_year_by_region():
    return _region_years("min")
