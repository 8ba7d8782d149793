"""Exercises of lesson 00 (start here): the pandas the later lessons use, on the course's own tables.

Each key is computed from the data; each ``Mistake`` computes the wrong answer a typical slip gives.
"""

import pandas as pd

from .. import data
from ..checks import Mistake, exercise
from ._shared import exercises_per_year

NEW_REGIONS = ["Mediterranean", "South China Sea", "Baltic Sea"]
QUIET_YEARS = range(2005, 2019)  # 2005 to 2018: the exercises the texts of 2017–2019 could know


def _russia_to_china() -> pd.DataFrame:
    """Russia's arms deliveries to China, one row a year (SIPRI trend-indicator values)."""
    tiv = data.load("arms_tiv")
    return tiv[(tiv["supplier"] == "Russia") & (tiv["recipient"] == "China")]


@exercise(
    "00.1",
    "How many rows of the exercises table are joint patrols (kind 'patrol')? (a number)",
    hints=[
        "Keep only the rows whose kind column says 'patrol', then count the rows that are left.",
        "Filtering rows (cheat sheet: 'Filter rows'): table[table['column'] == value]; len(...) counts the rows.",
        "patrols = exercises[exercises['kind'] == ___]\nanswer = len(___)",
    ],
    mistakes=[
        Mistake(
            "That is the number of all rows: the filter that keeps only patrols is missing.",
            lambda: len(data.load("exercises")),
        ),
        Mistake(
            "That counts the rows whose kind is 'exercise'; the question asks for 'patrol'.",
            lambda: int((data.load("exercises")["kind"] == "exercise").sum()),
        ),
    ],
)
def _patrols() -> int:
    exercises = data.load("exercises")
    return len(exercises[exercises["kind"] == "patrol"])


def _new_region_ids(first: int, last: int, *, inclusive: str = "both") -> set:
    exercises = data.load("exercises")
    keep = exercises["region"].isin(NEW_REGIONS) & exercises["year"].between(first, last, inclusive=inclusive)
    return set(exercises.loc[keep, "id"])


@exercise(
    "00.2",
    "Which exercises took place in the Mediterranean, the South China Sea or the Baltic Sea "
    "between 2015 and 2017 (both years included)? (a set of ids)",
    hints=[
        "Two conditions must both hold: the region is one of three, and the year is from 2015 to 2017.",
        "Cheat sheet: 'Several conditions' (& with each condition in parentheses), 'One of several values' "
        "(.isin) and 'A range' (.between); then 'Answers as a set'.",
        "regions = ['Mediterranean', 'South China Sea', 'Baltic Sea']\n"
        "keep = (exercises['region'].isin(___)) & (exercises['year'].between(___, ___))\n"
        "answer = set(exercises[keep]['___'])",
    ],
    mistakes=[
        Mistake(
            "You have only 2016: .between(2015, 2017) includes both ends, so 2015 and 2017 count "
            "too (a comparison with < and > leaves them out).",
            lambda: _new_region_ids(2015, 2017, inclusive="neither"),
        ),
        Mistake(
            "Your set includes exercises after 2017: the year condition is missing.",
            lambda: _new_region_ids(1900, 2100),
        ),
    ],
)
def _new_regions() -> set:
    return _new_region_ids(2015, 2017)


@exercise(
    "00.3",
    "How many of the years 2005 to 2018 had no joint exercise or patrol at all? (a number)",
    hints=[
        "A year with no exercise has no row, so a count per year never shows it. You must add the missing "
        "years with a count of 0.",
        "Cheat sheet: 'Count per value' (value_counts) and 'Fill missing years' "
        "(reindex(range(first, last + 1), fill_value=0)).",
        "per_year = exercises['year'].value_counts().reindex(range(___, ___), fill_value=0)\n"
        "answer = int((per_year == ___).sum())",
    ],
    mistakes=[
        Mistake(
            "A count per year lists only the years that have rows, so no year shows 0. Fill in the "
            "missing years with reindex(..., fill_value=0) first.",
            lambda: int((data.load("exercises")["year"].value_counts() == 0).sum()),
        )
    ],
)
def _quiet_years() -> int:
    return int((exercises_per_year(QUIET_YEARS) == 0).sum())


@exercise(
    "00.4",
    "In which year did Russia's arms deliveries to China fall most compared with the year before? (a year)",
    hints=[
        "Take Russia's deliveries to China, year by year, and compare each year with the one before.",
        "Cheat sheet: 'Change from the row before' (.diff()) and 'Where is the largest/smallest' "
        "(.idxmin() gives the row label; set_index('year') first so the label is the year).",
        "russia = tiv[(tiv['supplier'] == 'Russia') & (tiv['recipient'] == ___)]\n"
        "change = russia.set_index('year')['tiv'].___()\n"
        "answer = int(change.___())",
    ],
    mistakes=[
        Mistake(
            "That is a row label, not a year: idxmin() gives the label of the row. Use "
            "set_index('year') first, or read the year with .loc[label, 'year'].",
            lambda: int(_russia_to_china()["tiv"].diff().idxmin()),
        ),
        Mistake(
            "That is the year of the largest rise. A fall is the most negative change: idxmin(), not idxmax().",
            lambda: int(_russia_to_china().set_index("year")["tiv"].diff().idxmax()),
        ),
        Mistake(
            "That is the year with the smallest deliveries, not the largest fall from the year before: "
            "take .diff() first.",
            lambda: int(_russia_to_china().set_index("year")["tiv"].idxmin()),
        ),
    ],
)
def _largest_fall() -> int:
    return int(_russia_to_china().set_index("year")["tiv"].diff().idxmin())


def _mean_by_decade(frame: pd.DataFrame, how: str = "mean") -> dict:
    decades = frame["year"] // 10 * 10
    return {int(k): float(v) for k, v in frame.groupby(decades)["tiv"].agg(how).items()}


@exercise(
    "00.5",
    "What did Russia deliver to China on average per year in each decade (TIV)? (a dict: decade → mean)",
    hints=[
        "Give each year its decade (2007 → 2000), then average the deliveries within each decade.",
        "Cheat sheet: 'Decades' (year // 10 * 10), 'Average per group' (groupby(...)[...].mean()) and "
        "'Answers as a dict' (.to_dict()).",
        "russia = tiv[(tiv['supplier'] == 'Russia') & (tiv['recipient'] == 'China')]\n"
        "decade = russia['year'] // 10 * ___\n"
        "answer = russia.groupby(decade)['tiv'].___().to_dict()",
    ],
    tolerance=0.05,
    mistakes=[
        Mistake(
            "Those are the totals of each decade; the question asks for the average year: .mean(), not .sum().",
            lambda: _mean_by_decade(_russia_to_china(), "sum"),
        ),
        Mistake(
            "Those averages include every supplier and recipient in the table: keep only Russia's "
            "deliveries to China first.",
            lambda: _mean_by_decade(data.load("arms_tiv")),
        ),
    ],
)
def _mean_per_decade() -> dict:
    return _mean_by_decade(_russia_to_china())
