"""Exercises of lesson 05 (Fridman and Track 2)."""

import pandas as pd

from .. import data
from ..checks import Mistake, exercise

# The claims students sort in 05.1: two recommendations, a fact, a forecast, and one of Korolev's figures.
SORTED_CLAIMS = ["fridman-c02", "fridman-c07", "fridman-c08", "gabuev-2019-thread-c39", "korolev-2017-c15"]
SPENDING = "usd_constant_2022_m"
RISE_YEARS = (2014, 2020)  # from the year of the Crimea annexation to 2020


def _normative_or_empirical(forecast_as: str = "empirical") -> dict:
    claims = data.load("claims").set_index("id").loc[SORTED_CLAIMS]
    labels = {}
    for claim_id, kind in claims["type"].items():
        if kind == "recommendation":
            labels[claim_id] = "normative"
        else:
            labels[claim_id] = forecast_as if kind == "forecast" else "empirical"
    return labels


@exercise(
    "05.1",
    "Sort five claims into normative (what should be done) and empirical (what is, was or will be). "
    "Give a dict claim id → 'normative' or 'empirical'.",
    hints=[
        "Ask of each claim: could evidence show it true or false, now or later? If yes, it is empirical; if it "
        "says what someone should do, it is normative.",
        "Words such as should, must and ought mark a normative claim; a forecast says what will happen, so "
        "time can check it. A dict is written {key: value, ...}.",
        "answer = {'fridman-c02': ___, 'fridman-c07': ___, 'fridman-c08': ___,\n"
        "          'gabuev-2019-thread-c39': ___, 'korolev-2017-c15': ___}",
    ],
    mistakes=[
        Mistake(
            "Look again at the forecast (fridman-c07): it says what will happen, which later events can "
            "check, so it is empirical, not normative.",
            lambda: _normative_or_empirical("normative"),
        ),
    ],
)
def _sorted():
    return _normative_or_empirical()


def _recommendation_count() -> dict:
    claims = data.load("claims")
    count = (claims["type"] == "recommendation").groupby(claims["source"], observed=True).sum()
    return {str(source): float(value) for source, value in count.items()}


def _recommendation_share(scale: float = 1.0) -> dict:
    claims = data.load("claims")
    share = (claims["type"] == "recommendation").groupby(claims["source"], observed=True).mean()
    return {str(source): float(value) * scale for source, value in share.items()}


@exercise(
    "05.2",
    "For each source text in the claims table, what share of its claims are recommendations? Give a dict "
    "from source id to a share between 0 and 1.",
    hints=[
        "A share is the number of recommendations divided by the number of claims, per source.",
        "claims['type'] == 'recommendation' is True or False for each claim; the .mean() of True/False values "
        "is the share of Trues. groupby(claims['source']) takes that mean per source (cheat sheet: Average per group).",
        "is_recommendation = claims['type'] == ___\nanswer = is_recommendation.groupby(claims[___]).mean()",
    ],
    tolerance=0.005,
    mistakes=[
        Mistake(
            "Those are percentages. The question asks for shares between 0 and 1: do not multiply by 100.",
            lambda: _recommendation_share(100.0),
        ),
        Mistake(
            "Those are numbers of recommendations. Divide by each source's number of claims: use .mean() of "
            "the True/False column instead of .sum().",
            lambda: _recommendation_count(),
        ),
    ],
)
def _shares():
    return _recommendation_share()


def _spending(year: int) -> pd.Series:
    milex = data.load("milex")
    return milex[milex["year"] == year].set_index("country")[SPENDING]


@exercise(
    "05.3",
    "In 2014, the year of the Crimea annexation, what was U.S. military spending divided by Russia's and "
    "China's spending combined (constant 2022 US$)? Give a number (a ratio).",
    hints=[
        "Three numbers from one year: the United States, China and Russia. Then one division.",
        "Filter the rows of 2014 and set the country as the index (set_index('country')), so "
        "in_2014['Russia'] reads one value (cheat sheet: One value by label).",
        "in_2014 = milex[milex['year'] == 2014].set_index('country')['usd_constant_2022_m']\n"
        "answer = in_2014['United States'] / (in_2014[___] + in_2014[___])",
    ],
    tolerance=0.005,
    mistakes=[
        Mistake(
            "You divided the other way round: U.S. spending goes on top, Russia's and China's together below.",
            lambda: float((_spending(2014)["China"] + _spending(2014)["Russia"]) / _spending(2014)["United States"]),
        ),
        Mistake(
            "Put brackets round the sum: U.S. / (China + Russia). Without them Python divides by China first.",
            lambda: float(_spending(2014)["United States"] / _spending(2014)["China"] + _spending(2014)["Russia"]),
        ),
        Mistake(
            "That is the ratio for 2013. Use 2014, the year of the annexation.",
            lambda: float(_spending(2013)["United States"] / (_spending(2013)["China"] + _spending(2013)["Russia"])),
        ),
    ],
)
def _us_to_russia_china_2014():
    spending = _spending(2014)
    return float(spending["United States"] / (spending["China"] + spending["Russia"]))


def _russia(first: int, last: int) -> pd.DataFrame:
    milex = data.load("milex")
    return milex[(milex["country"] == "Russia") & milex["year"].between(first, last)]


@exercise(
    "05.4",
    "Between 2008 and 2021, in which year was Russia's military spending (constant 2022 US$) at its highest? "
    "Give a year.",
    hints=[
        "You want the year of the largest value, not the value.",
        "idxmax gives the row label of the largest value (cheat sheet: Where is the largest/smallest). With set_index('year') the row "
        "labels are the years, so idxmax gives the year itself.",
        "russia = milex[(milex['country'] == 'Russia') & milex['year'].between(___, ___)]\n"
        "answer = int(russia.set_index('year')['usd_constant_2022_m'].___())",
    ],
    mistakes=[
        Mistake(
            "That is a row label of the milex table, not a year: set_index('year') first, so that idxmax "
            "gives the year.",
            lambda: int(_russia(2008, 2021)[SPENDING].idxmax()),
        ),
        Mistake(
            "That is the largest spending, not the year of it.", lambda: float(_russia(2008, 2021)[SPENDING].max())
        ),
        Mistake(
            "Check the years: between(2008, 2021) stops at 2021; spending rose steeply in 2022 and 2023.",
            lambda: int(_russia(2008, 2023).set_index("year")[SPENDING].idxmax()),
        ),
    ],
)
def _russia_peak_year():
    return int(_russia(2008, 2021).set_index("year")[SPENDING].idxmax())


def _rise_years(country: str, first: int, last: int, rising: bool = True) -> list[int]:
    milex = data.load("milex")
    rows = milex[milex["country"] == country].sort_values("year")
    change = rows[SPENDING].diff()
    keep = (change > 0 if rising else change < 0) & rows["year"].between(first, last)
    return [int(y) for y in rows.loc[keep, "year"]]


@exercise(
    "05.5",
    "Fridman says defence budgets have risen in Russia and in NATO (¶1). In which years from 2014 to 2020 "
    "was U.S. military spending higher than in the year before? Give a list of years.",
    hints=[
        "Compare each year with the one before it: a rise is a positive difference.",
        "Sort the U.S. rows by year (sort_values), take .diff() of the spending column (cheat sheet: Change from the row before), "
        "then keep the rows where it is > 0 and the year is between 2014 and 2020.",
        "us = milex[milex['country'] == 'United States'].sort_values('year')\n"
        "rise = us['usd_constant_2022_m'].diff() > 0\n"
        "answer = us.loc[rise & us['year'].between(___, ___), 'year'].tolist()",
    ],
    mistakes=[
        Mistake(
            "Those are the years U.S. spending fell. A rise is a positive difference: diff() > 0.",
            lambda: _rise_years("United States", *RISE_YEARS, rising=False),
        ),
        Mistake(
            "Those are Russia's years of rising spending. The question asks about the United States.",
            lambda: _rise_years("Russia", *RISE_YEARS),
        ),
    ],
)
def _us_rise_years():
    return _rise_years("United States", *RISE_YEARS)
