"""Exercises of lesson 07 (the forecast scorecard): forecasts tested against the data, and Brier scores."""

from .. import data, forecasts
from ..checks import Mistake, exercise
from ._shared import air_patrols

PATROL_YEARS = (2019, 2024)


@exercise(
    "07.1",
    "Gabuev forecast that joint actions like the 2019 bomber patrol would continue (post 3). In how "
    "many of the years 2019–2024 was there at least one joint air patrol? (a number)",
    hints=[
        "Count years, not patrols: a year with two patrols counts once.",
        "Keep the air patrols (kind 'patrol' and domain 'air') with year between 2019 and 2024, then count "
        "the distinct years with .nunique(), which the lesson shows before the exercise (cheat sheet: Several conditions, A range).",
        "patrols = exercises[(exercises['kind'] == ___) & (exercises['domain'] == ___)]\n"
        "answer = patrols.loc[patrols['year'].between(2019, 2024), 'year'].___()",
    ],
    mistakes=[
        Mistake(
            "That is the number of patrols; the question asks in how many years there was at least one.",
            lambda: int(air_patrols()["year"].between(*PATROL_YEARS).sum()),
        ),
        Mistake(
            "Your years stop in 2023: .between(2019, 2024) includes both 2019 and 2024.",
            lambda: int(air_patrols().loc[air_patrols()["year"].between(2019, 2023), "year"].nunique()),
        ),
    ],
)
def _years_with_air_patrols():
    return _patrol_years(air_patrols())


def _patrol_years(patrols) -> int:
    return int(patrols.loc[patrols["year"].between(*PATROL_YEARS), "year"].nunique())


def _largest_pla_contingent(first: int, last: int) -> int:
    exercises = data.load("exercises")
    strategic = exercises[
        (exercises["framework"] == "Russian strategic exercise") & exercises["year"].between(first, last)
    ]
    return int(strategic["pla_personnel"].max())


@exercise(
    "07.2",
    "Gady expected exercises to grow in size (¶16). What is the largest PLA contingent (pla_personnel) "
    "in a Russian strategic exercise from 2019 to 2024? (a number of troops)",
    hints=[
        "Vostok-2018 had about 3,200 PLA troops (gabuev-2018 ¶1). Look only at the Russian strategic "
        "exercises after it, 2019 to 2024, and find the largest PLA figure.",
        "Filter with exercises['framework'] == 'Russian strategic exercise' and "
        "exercises['year'].between(2019, 2024), then take .max() of pla_personnel (cheat sheet: Several conditions, Where is the largest/smallest).",
        "strategic = exercises[(exercises['framework'] == ___) & exercises['year'].between(___, ___)]\n"
        "answer = int(strategic['pla_personnel'].___())",
    ],
    mistakes=[
        Mistake(
            "That includes Vostok-2018; start in 2019, the year after it.", lambda: _largest_pla_contingent(2018, 2024)
        )
    ],
)
def _largest_after_vostok():
    return _largest_pla_contingent(*PATROL_YEARS)


def _trade_growth(first: int, last: int) -> float:
    trade = data.load("trade").set_index("year")["total_m"]
    return float(trade.loc[last] / trade.loc[first])


@exercise(
    "07.3",
    "By how many times did China–Russia trade grow from 2016 to 2024 in China's customs figures? "
    "(a number: the 2024 total divided by the 2016 total)",
    hints=[
        "Compare like with like: from 2016 on, the trade table holds China's customs figures, which are "
        "not comparable with the COW figures that end in 2014 (read the note column).",
        "Take total_m for 2024 and for 2016 with .loc on trade.set_index('year') and divide "
        "(cheat sheet: One value by label).",
        "totals = trade.set_index('year')['total_m']\nanswer = totals.loc[___] / totals.loc[___]",
    ],
    mistakes=[
        Mistake(
            "That compares 2024 with COW's 2014 figure, a different series compiled differently; "
            "start from 2016, the first customs figure in the table.",
            lambda: _trade_growth(2014, 2024),
        ),
        Mistake(
            "That is 2016 divided by 2024; divide the later total by the earlier one.",
            lambda: 1 / _trade_growth(2016, 2024),
        ),
    ],
    tolerance=0.01,
)
def _trade_growth_customs():
    return _trade_growth(2016, 2024)


def _always(percent: float, as_percent_points: bool = False) -> float:
    outcomes = list(forecasts.resolve()["outcome"])
    if as_percent_points:
        return sum((percent - 100 * o) ** 2 for o in outcomes) / len(outcomes)
    return forecasts.brier([percent] * len(outcomes), outcomes)


@exercise(
    "07.4",
    "What Brier score would a forecaster earn who said 90 % on every one of the eight questions? "
    "(a number between 0 and 1)",
    hints=[
        "The Brier score is the mean of (p − outcome)², with p the forecast as a share (0.9) and outcome "
        "1 for yes, 0 for no. forecasts.resolve() has the outcomes.",
        "forecasts.brier(list_of_forecasts_in_percent, list_of_outcomes) computes it; make a list of "
        "eight 90s with [90] * 8.",
        "outcomes = list(forecasts.resolve()['outcome'])\nanswer = forecasts.brier([___] * len(outcomes), ___)",
    ],
    mistakes=[
        Mistake(
            "That uses percentage points (90 and 100) instead of shares (0.9 and 1): divide by 100 "
            "before squaring, or use forecasts.brier.",
            lambda: _always(90, as_percent_points=True),
        ),
        Mistake("That is the score for always saying 50 %, the benchmark; use 90.", lambda: _always(50)),
    ],
    tolerance=0.001,
)
def _brier_of_always_ninety():
    return _always(90)
