"""Exercises of lesson 01 (Gabuev 2018)."""

import pandas as pd

from .. import data
from ..checks import Mistake, exercise

_DRIVER_PARAGRAPHS = ["¶3", "¶4", "¶5", "¶6"]
# Gabuev names India and Vietnam as Russia's strategic partners that Moscow would not abandon for China (¶12).
RECIPIENTS = ["China", "India", "Viet Nam"]
AFTER_SLOWDOWN = (2006, 2017)  # from the year after the 2005 slowdown (¶7) to the last full year before he wrote


def _gabuev_claims() -> pd.DataFrame:
    claims = data.load("claims")
    return claims[claims["source"] == "gabuev-2018"]


def _driver_ids(paragraphs: list[str] | None = _DRIVER_PARAGRAPHS, kind: str | None = "driver") -> set:
    claims = _gabuev_claims()
    keep = pd.Series(True, index=claims.index)
    if paragraphs is not None:
        keep &= claims["locator"].isin(paragraphs)
    if kind is not None:
        keep &= claims["type"] == kind
    return set(claims.loc[keep, "id"])


@exercise(
    "01.1",
    "Which claims of gabuev-2018 in paragraphs ¶3 to ¶6 are of type 'driver'? (a list of claim ids)",
    hints=[
        "Two conditions must both hold: the paragraph is one of ¶3–¶6, and the type is 'driver'.",
        "Filter rows with two conditions joined by & (cheat sheet: Several conditions). Each condition goes in its "
        "own parentheses; use .isin([...]) for the paragraphs (cheat sheet: One of several values). Then take the 'id' column as a list.",
        "in_section = gabuev['locator'].isin([___])\n"
        "answer = list(gabuev.loc[in_section & (gabuev['type'] == ___), 'id'])",
    ],
    mistakes=[
        Mistake(
            "These are all of Gabuev's drivers. Keep only those in paragraphs ¶3 to ¶6.",
            lambda: _driver_ids(paragraphs=None),
        ),
        Mistake(
            "These are all the claims of ¶3 to ¶6. Keep only those whose type is 'driver'.",
            lambda: _driver_ids(kind=None),
        ),
    ],
)
def _drivers():
    return _driver_ids()


def _russia_to_china() -> pd.DataFrame:
    tiv = data.load("arms_tiv")
    return tiv[(tiv["supplier"] == "Russia") & (tiv["recipient"] == "China")]


def _mean_tiv(first: int, last: int) -> float:
    rows = _russia_to_china()
    return float(rows.loc[rows["year"].between(first, last), "tiv"].mean())


@exercise(
    "01.2",
    "By what percentage was the mean yearly TIV of Russian deliveries to China in 2006–2010 lower than in "
    "2000–2004? (a number of percent, e.g. 25.3, to one decimal)",
    hints=[
        "Two averages, one for each five-year period; then how much smaller the second is, as a percentage of "
        "the first.",
        "Select the years with .between(first, last) (cheat sheet: A range) and average with .mean(); "
        "the drop is (before - after) / before * 100.",
        "before = russia_china.loc[russia_china['year'].between(2000, 2004), 'tiv'].mean()\n"
        "after = russia_china.loc[russia_china['year'].between(___, ___), 'tiv'].mean()\n"
        "answer = float((before - after) / ___ * 100)",
    ],
    tolerance=0.1,
    mistakes=[
        Mistake(
            "That is a share between 0 and 1. Multiply by 100 to give a percentage.",
            lambda: (_mean_tiv(2000, 2004) - _mean_tiv(2006, 2010)) / _mean_tiv(2000, 2004),
        ),
        Mistake(
            "The sign is turned round: compute (before - after) / before * 100, which is positive for a drop.",
            lambda: (_mean_tiv(2006, 2010) - _mean_tiv(2000, 2004)) / _mean_tiv(2000, 2004) * 100,
        ),
        Mistake(
            "Check the year ranges: .between(2000, 2004) includes both ends, five years; the second period "
            "is 2006 to 2010.",
            lambda: (_mean_tiv(2000, 2004) - _mean_tiv(2005, 2010)) / _mean_tiv(2000, 2004) * 100,
        ),
        Mistake(
            "You divided by the later mean. The drop is a percentage of the earlier mean (before).",
            lambda: (_mean_tiv(2000, 2004) - _mean_tiv(2006, 2010)) / _mean_tiv(2006, 2010) * 100,
        ),
    ],
)
def _drop_after_2005():
    before, after = _mean_tiv(2000, 2004), _mean_tiv(2006, 2010)
    return (before - after) / before * 100


def _totals_by_recipient(first: int, last: int, supplier: str | None = "Russia") -> dict:
    tiv = data.load("arms_tiv")
    keep = tiv["recipient"].isin(RECIPIENTS) & tiv["year"].between(first, last)
    if supplier is not None:
        keep &= tiv["supplier"] == supplier
    return {str(k): float(v) for k, v in tiv[keep].groupby("recipient")["tiv"].sum().items()}


@exercise(
    "01.3",
    "Over 2006–2017, how much did Russia deliver in all (SIPRI TIV) to China, to India and to Viet Nam? "
    "(a dict recipient → total TIV)",
    hints=[
        "Three conditions: the supplier is Russia, the recipient is one of three countries, and the year is in "
        "2006–2017. Then one total per recipient.",
        "Filter with & and parentheses, .isin and .between (cheat sheet: Several conditions); then "
        "groupby('recipient')['tiv'].sum() adds up each recipient's rows, as groupby().size() counts them.",
        "keep = (tiv['supplier'] == ___) & tiv['recipient'].isin([___]) & tiv['year'].between(___, ___)\n"
        "answer = tiv[keep].groupby('recipient')['tiv'].___().to_dict()",
    ],
    tolerance=0.5,
    mistakes=[
        Mistake(
            "China's total includes arms from other suppliers (Ukraine, France, …). Keep only the rows whose "
            "supplier is 'Russia'.",
            lambda: _totals_by_recipient(*AFTER_SLOWDOWN, supplier=None),
        ),
        Mistake(
            "Check the years: .between(2006, 2017) includes both ends. Your totals start in 2005.",
            lambda: _totals_by_recipient(2005, 2017),
        ),
        Mistake(
            "Check the years: .between(2006, 2017) includes both ends. Your totals run to 2018.",
            lambda: _totals_by_recipient(2006, 2018),
        ),
    ],
)
def _russian_arms_by_recipient():
    return _totals_by_recipient(*AFTER_SLOWDOWN)


def _cow_total(year: int) -> float:
    trade = data.load("trade")
    return float(trade.loc[(trade["source"] == "cow-trade-v4") & (trade["year"] == year), "total_m"].item())


@exercise(
    "01.4",
    "How many times larger was China–Russia trade (total_m) in 2014 than in 2008? (a number, to two decimals)",
    hints=[
        "Two numbers, one per year, from the same source (COW); then divide the later by the earlier.",
        "Select one row and one column with .loc[condition, 'total_m']; .item() turns that one-row selection "
        "into a plain number (cheat sheet: One number out of a one-row selection).",
        "in_2014 = cow.loc[cow['year'] == 2014, 'total_m'].item()\n"
        "in_2008 = cow.loc[cow['year'] == ___, 'total_m'].item()\nanswer = ___ / ___",
    ],
    tolerance=0.01,
    mistakes=[
        Mistake(
            "You divided the other way round: 2014 divided by 2008 gives how many times larger 2014 was.",
            lambda: _cow_total(2008) / _cow_total(2014),
        ),
        Mistake(
            "Check the years: the crisis year is 2008, not 2009 (the dip after it).",
            lambda: _cow_total(2014) / _cow_total(2009),
        ),
    ],
)
def _trade_growth():
    return _cow_total(2014) / _cow_total(2008)


def _vetoes_and_date():
    vetoes = data.load("vetoes")
    published = data.load("sources").set_index("id").loc["gabuev-2018", "date"]
    return vetoes, published


@exercise(
    "01.5",
    "How many joint China–Russia vetoes were cast in the UN Security Council before Gabuev's article was "
    "published? (a number)",
    hints=[
        "Two conditions: the veto is joint, and its date is before the article's date (published).",
        "Join the conditions with & (cheat sheet: Several conditions; Count the rows that match): vetoes['joint'] is already True or False; "
        "compare the date column with published. .sum() of a True/False column counts the Trues.",
        "answer = int((vetoes['joint'] & (vetoes['date'] < ___)).sum())",
    ],
    mistakes=[
        Mistake(
            "That counts every joint veto, also those after September 2018. Keep only those before the article's date.",
            lambda: int(_vetoes_and_date()[0]["joint"].sum()),
        ),
        Mistake(
            "That counts every veto before the article, also those cast by only one of the two. Keep only "
            "the joint ones.",
            lambda: int((_vetoes_and_date()[0]["date"] < _vetoes_and_date()[1]).sum()),
        ),
    ],
)
def _joint_vetoes_before():
    vetoes, published = _vetoes_and_date()
    return int((vetoes["joint"] & (vetoes["date"] < published)).sum())
