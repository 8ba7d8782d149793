"""The answers to the quizzes' number questions (``kind: number``), computed from ``data/``.

A bank names one of these functions in its ``compute`` field; the quiz engine calls it when it grades.
The answers are never pasted into a bank, so a corrected row in ``data/`` corrects the quiz too. Each
function takes no argument and returns a plain number.
"""

from __future__ import annotations

import pandas as pd

from .. import data
from ._shared import air_patrols, exercises_per_year

__all__ = [
    "events_from_2020",
    "gady_against_claims",
    "largest_yearly_exercises_2012_2018",
    "mechanisms_after_korolev",
    "naval_patrols_from_2021",
    "russia_imports_share_of_trade_2014",
    "russia_milex_growth_2010_2016",
    "syria_share_of_joint_vetoes",
    "thread_forecasts_toward_alliance",
    "years_with_two_air_patrols",
]

KOROLEV_PUBLISHED = pd.Timestamp("2017-03-28")  # sources.csv, korolev-2017


def events_from_2020() -> int:
    """Lesson 00: events in the timeline dated 2020 or later, after the authors' texts."""
    return int((data.load("events")["year"] >= 2020).sum())


def russia_imports_share_of_trade_2014() -> float:
    """Lesson 01: the percentage of 2014 China–Russia trade (COW) that was Russia's imports from China."""
    trade = data.load("trade").set_index("year")
    return float(100 * trade.loc[2014, "russia_imports_from_china_m"] / trade.loc[2014, "total_m"])


def years_with_two_air_patrols() -> int:
    """Lesson 02: years from 2019 to 2024 with two or more joint air patrols in the exercises table."""
    per_year = air_patrols()["year"].value_counts()
    return int(((per_year.index >= 2019) & (per_year.index <= 2024) & (per_year >= 2)).sum())


def largest_yearly_exercises_2012_2018() -> int:
    """Lesson 03: the most joint exercises and patrols started in any one year of 2012–2018."""
    return int(exercises_per_year(range(2012, 2019)).max())


def mechanisms_after_korolev() -> int:
    """Lesson 04: mechanisms dated after Korolev's article of 28 March 2017 (the undated row is not counted)."""
    return int((data.load("mechanisms")["date"] > KOROLEV_PUBLISHED).sum())


def russia_milex_growth_2010_2016() -> float:
    """Lesson 05: by what percentage Russia's military spending (constant 2022 US$) grew from 2010 to 2016."""
    milex = data.load("milex")
    russia = milex[milex["country"] == "Russia"].set_index("year")["usd_constant_2022_m"]
    return float(100 * (russia.loc[2016] / russia.loc[2010] - 1))


def gady_against_claims() -> int:
    """Lesson 06: Gady's claims (EWI version) coded as pointing against a deep partnership."""
    claims = data.load("claims")
    return int(((claims["source"] == "gady-2018-ewi") & (claims["implication"] == "against-deep-partnership")).sum())


def thread_forecasts_toward_alliance() -> int:
    """Lesson 07: forecasts of Gabuev's 2019 thread that the claims table codes as pointing toward an alliance."""
    claims = data.load("claims")
    chosen = (claims["source"] == "gabuev-2019-thread") & (claims["type"] == "forecast")
    return int((chosen & (claims["implication"] == "toward-alliance")).sum())


def naval_patrols_from_2021() -> int:
    """Lesson 07: joint naval patrols (not exercises, not air patrols) in the exercises table from 2021 on."""
    exercises = data.load("exercises")
    naval = (exercises["kind"] == "patrol") & (exercises["domain"] == "naval")
    return int((naval & (exercises["year"] >= 2021)).sum())


def syria_share_of_joint_vetoes() -> float:
    """Lesson 08: the percentage of joint China–Russia vetoes that concern Syria."""
    vetoes = data.load("vetoes")
    joint = vetoes[vetoes["joint"].fillna(False).astype(bool)]
    return float(100 * (joint["topic"] == "Syria").mean())
