"""Exercises of lesson 03 (Gady 2018, both published versions)."""

from .. import data
from ..checks import exercise
from ._shared import exercises_per_year

EWI = "gady-2018-ewi"
# The claims students classify in 03.2.
CLASSIFIED_CLAIMS = [f"{EWI}-c05", f"{EWI}-c19", f"{EWI}-c34", f"{EWI}-c39"]
# The rows of the figures table that give the Chinese contingent at Vostok-2018, one per source.
VOSTOK_FIGURES = ["gabuev-2018-f01", f"{EWI}-f07", "gady-2018-republished-f07"]
FIRST_YEAR, LAST_YEAR = 2012, 2018


def _exercises_per_year():
    """Joint exercises and patrols per year, FIRST_YEAR to LAST_YEAR, years without any counted as 0."""
    return exercises_per_year(range(FIRST_YEAR, LAST_YEAR + 1))


@exercise("03.1", "In which paragraphs of the EWI version does Gady set out the skeptics' case "
          "(claims whose implication is against-deep-partnership)? Give a list of paragraph numbers.",
          hint="Filter the claims on source == 'gady-2018-ewi' and implication == 'against-deep-partnership', "
               "then turn locators like '¶4' into 4.")
def _skeptic_paragraphs():
    claims = data.load("claims")
    chosen = claims[(claims["source"] == EWI) & (claims["implication"] == "against-deep-partnership")]
    return sorted({int(loc.removeprefix("¶")) for loc in chosen["locator"]})


@exercise("03.2", "Give the type (driver, constraint, evidence, forecast, recommendation or rebuttal) of four of "
          "Gady's claims, as a dict claim id → type.",
          hint="A skeptic's point Gady reports is a constraint; a fact he offers is evidence; what he expects is a "
               "forecast; his answer to the skeptics is a rebuttal.")
def _claim_types():
    claims = data.load("claims").set_index("id")
    return {claim_id: str(claims.loc[claim_id, "type"]) for claim_id in CLASSIFIED_CLAIMS}


@exercise("03.3", f"How many joint exercises and patrols a year, on average, does the exercises table list for "
          f"{FIRST_YEAR}–{LAST_YEAR}? Give a number (years with none count as 0).",
          hint="Count rows per year with value_counts(), reindex to every year of the period with fill_value=0, "
               "then take the mean.", tolerance=0.01)
def _mean_per_year():
    return float(_exercises_per_year().mean())


@exercise("03.4", f"In how many of the years {FIRST_YEAR}–{LAST_YEAR} does the exercises table list at least "
          "four joint exercises and patrols?",
          hint="Start from the counts per year of the previous exercise and count the years with a value >= 4.")
def _years_with_four():
    return int((_exercises_per_year() >= 4).sum())


@exercise("03.5", "What does each source say was the size of the Chinese contingent at Vostok-2018? "
          "Give a dict source id → number.",
          hint="The rows are gabuev-2018-f01, gady-2018-ewi-f07 and gady-2018-republished-f07 of the figures table.")
def _vostok_figures():
    figures = data.load("figures").set_index("id").loc[VOSTOK_FIGURES]
    return {str(row["source"]): int(row["value"]) for _, row in figures.iterrows()}
