"""Exercises of lesson 03 (Gady 2018, both published versions)."""

import pandas as pd

from .. import data
from ..checks import Mistake, exercise
from ._shared import coding, exercises_per_year

EWI = "gady-2018-ewi"
# The claims students classify in 03.2.
CLASSIFIED_CLAIMS = [f"{EWI}-c05", f"{EWI}-c19", f"{EWI}-c34", f"{EWI}-c39"]
FIRST_YEAR, LAST_YEAR = 2012, 2018


def _exercises_per_year(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> pd.Series:
    """Joint exercises and patrols per year, ``first`` to ``last``, years without any counted as 0."""
    return exercises_per_year(range(first, last + 1))


def _paragraphs(implication: str) -> list[int]:
    claims = data.load("claims")
    chosen = claims[(claims["source"] == EWI) & (claims["implication"] == implication)]
    return sorted({int(loc.removeprefix("¶")) for loc in chosen["locator"]})


@exercise(
    "03.1",
    "In which paragraphs of the EWI version does Gady set out the case for the conventional wisdom "
    "(claims whose implication is against-deep-partnership)? Give a list of paragraph numbers, e.g. [4].",
    hints=[
        "Keep Gady's claims whose implication is 'against-deep-partnership', then read their paragraphs, "
        "each paragraph once.",
        "Filter rows on implication (cheat sheet: Filter rows); .str.removeprefix('¶') turns '¶4' into '4', "
        ".astype(int) into 4, and .unique() keeps each paragraph once.",
        "case = gady[gady['implication'] == ___]\n"
        "answer = sorted(case['locator'].str.removeprefix(___).astype(int).unique().tolist())",
    ],
    mistakes=[
        Mistake(
            "These are the paragraphs of the claims pointing toward a limited entente, Gady's own case. "
            "The question asks for against-deep-partnership.",
            lambda: _paragraphs("toward-limited-entente"),
        ),
    ],
)
def _skeptic_paragraphs():
    return _paragraphs("against-deep-partnership")


def _claim_types() -> dict:
    return coding(CLASSIFIED_CLAIMS, "type")


@exercise(
    "03.2",
    "Give the type (driver, constraint, evidence, forecast, recommendation or rebuttal) of four of "
    "Gady's claims, as a dict claim id → type.",
    hints=[
        "Ask of each claim: does it limit the partnership, offer a fact, say what will happen, or answer the "
        "conventional wisdom?",
        "A point Gady grants to the conventional wisdom, something that holds the partnership back, is a "
        "constraint; a fact he offers for his own case is evidence; what he expects is a forecast; his answer "
        "to the conventional wisdom is a rebuttal. A dict is written {key: value, ...}.",
        "answer = {'gady-2018-ewi-c05': ___, 'gady-2018-ewi-c19': ___,\n"
        "          'gady-2018-ewi-c34': ___, 'gady-2018-ewi-c39': ___}",
    ],
    mistakes=[
        Mistake(
            "Look again at c05. Gady offers Russia's neutrality as evidence for the conventional wisdom, but "
            "what it shows is a limit on the partnership: the course codes such claims as constraints.",
            lambda: {**_claim_types(), f"{EWI}-c05": "evidence"},
        ),
    ],
)
def _types():
    return _claim_types()


def _mean(first: int, last: int) -> float:
    return float(_exercises_per_year(first, last).mean())


def _mean_per_year_exercise(
    exercise_id: str, first: int, last: int, when: str, hints: list[str], other: Mistake
) -> None:
    """Register one 'mean exercises a year over first–last' exercise (03.3 before Gady wrote, 03.4 after)."""
    off_by_one = Mistake(
        f"range({first}, {last}) stops before {last}. Use range({first}, {last + 1}) to include {last}.",
        lambda: _mean(first, last - 1),
    )
    exercise(
        exercise_id,
        f"How many joint exercises and patrols a year, on average, does the exercises table list "
        f"for {first}–{last}{when}? Give a number (years with none count as 0).",
        hints=hints,
        tolerance=0.01,
        mistakes=[off_by_one, other],
    )(lambda: _mean(first, last))


_mean_per_year_exercise(
    "03.3",
    FIRST_YEAR,
    LAST_YEAR,
    "",
    hints=[
        "An average over seven years: every year of 2012–2018 must count, also a year with no exercise.",
        "Count rows per year with value_counts(), then reindex(range(2012, 2019), fill_value=0) gives every "
        "year, a missing one as 0 (cheat sheet: Fill missing years); then .mean().",
        "per_year = exercises['year'].value_counts().reindex(range(___, ___), fill_value=0)\n"
        "answer = float(per_year.___())",
    ],
    other=Mistake(
        "That is the mean over every year in the table. Keep only 2012–2018 with reindex.",
        lambda: float(data.load("exercises")["year"].value_counts().mean()),
    ),
)

AFTER_FIRST, AFTER_LAST = 2019, 2024  # the years after Gady wrote that the table covers
_mean_per_year_exercise(
    "03.4",
    AFTER_FIRST,
    AFTER_LAST,
    ", after Gady wrote",
    hints=[
        "The same calculation as 03.3, for the six years 2019 to 2024.",
        "value_counts() on year, then reindex with every year of the period and fill_value=0 (cheat sheet: "
        "Fill missing years), then .mean(). range(a, b) stops before b.",
        "after = exercises['year'].value_counts().reindex(range(___, ___), fill_value=0)\nanswer = float(after.mean())",
    ],
    other=Mistake(
        "That includes 2018, the year Gady wrote. Start in 2019.", lambda: _mean(AFTER_FIRST - 1, AFTER_LAST)
    ),
)


def _contingent(keep_russians: bool = False) -> dict:
    figures = data.load("figures")
    rows = figures[(figures["unit"] == "troops") & figures["what"].str.contains("Vostok-2018")]
    if not keep_russians:
        rows = rows[rows["what"].str.contains("Chinese")]
    return {str(source): int(value) for source, value in zip(rows["source"], rows["value"])}


@exercise(
    "03.5",
    "What does each source say was the size of the Chinese contingent at Vostok-2018? Find the rows of "
    "the figures table yourself and give a dict source id → number.",
    hints=[
        "The rows you want count troops (their unit is 'troops') and are about the Chinese at Vostok-2018.",
        "Filter with & and parentheses; .str.contains('Chinese') is True where the text holds that word. "
        "Then build the dict from two columns with dict(zip(...)).",
        "rows = figures[(figures['unit'] == ___) & figures['what'].str.contains(___)]\n"
        "answer = dict(zip(rows['source'], rows['value']))",
    ],
    mistakes=[
        Mistake(
            "Gabuev's number here is the Russian force (300,000). Keep only the rows whose what mentions the Chinese.",
            lambda: _contingent(keep_russians=True),
        ),
    ],
)
def _vostok_figures():
    return _contingent()
