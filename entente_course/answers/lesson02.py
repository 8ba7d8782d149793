"""Exercises of lesson 02 (Gabuev's thread on the joint bomber patrol of July 2019)."""

import pandas as pd

from .. import data
from ..checks import Mistake, exercise
from ._shared import air_patrols

THREAD = "gabuev-2019-thread"
# The posts students classify in 02.2: each holds claims of a single type in the claims table.
CLASSIFIED_POSTS = [2, 7, 8, 15, 23]


def _thread_claims() -> pd.DataFrame:
    claims = data.load("claims")
    claims = claims[claims["source"] == THREAD].copy()
    claims["post"] = claims["locator"].str.removeprefix("post ").astype(int)
    return claims


def _post2_aircraft() -> pd.DataFrame:
    figures = data.load("figures")
    return figures[(figures["source"] == THREAD) & (figures["locator"] == "post 2") & (figures["unit"] == "aircraft")]


@exercise(
    "02.1",
    "How many strategic bombers (both countries together) flew in the joint patrol of 23 July 2019? "
    "Compute it from the figures rows of post 2 whose unit is 'aircraft'.",
    hints=[
        "The figures table has one row per number a text states; post 2 states two numbers of aircraft.",
        "Filter rows with & and parentheses (cheat sheet: Several conditions): source, locator and unit. Then add up "
        "the value column with .sum().",
        "rows = figures[(figures['source'] == ___) & (figures['locator'] == ___) & (figures['unit'] == ___)]\n"
        "answer = int(rows['value'].___())",
    ],
    mistakes=[
        Mistake(
            "That is the number of rows. Each row holds a number of aircraft: add up the value column.",
            lambda: len(_post2_aircraft()),
        ),
        Mistake(
            "That counts the A-50 and the KJ-2000 too. They are airborne control aircraft, not bombers.",
            lambda: int(_post2_aircraft()["value"].sum()) + 2,
        ),
    ],
)
def _bombers():
    return int(_post2_aircraft()["value"].sum())


def _post_roles() -> dict:
    claims = _thread_claims()
    chosen = claims[claims["post"].isin(CLASSIFIED_POSTS)]
    return {int(post): str(group["type"].mode().iloc[0]) for post, group in chosen.groupby("post")}


@exercise(
    "02.2",
    "Give the role in the argument (driver, constraint, evidence, forecast, recommendation or rebuttal) "
    "of posts 2, 7, 8, 15 and 23, as a dict post number → role.",
    hints=[
        "Ask of each post: is it a fact or an expert's account offered in support, a prediction, a cause that "
        "pushes the two countries together, or advice on what to do?",
        "Read each claim against the six definitions above the table. A dict is written {key: value, ...} "
        "(cheat sheet: A dict).",
        "answer = {2: 'evidence', 7: ___, 8: ___, 15: ___, 23: ___}",
    ],
    mistakes=[
        Mistake(
            "Look again at post 8: it reports Kashin's explanation of why Russia chose bombers. That supports "
            "the argument (evidence); it is not a cause pushing the two countries together.",
            lambda: {**_post_roles(), 8: "driver"},
        ),
        Mistake(
            "Look again at post 15: sending China arms quickly signals trust and invites Chinese money. Gabuev "
            "offers it as one of Moscow's reasons to move closer, a driver.",
            lambda: {**_post_roles(), 15: "evidence"},
        ),
    ],
)
def _roles():
    return _post_roles()


@exercise(
    "02.3",
    "Which posts of the thread make a recommendation? Give a list of post numbers.",
    hints=[
        "Find the claims whose type is 'recommendation', then read their post numbers (each post once).",
        "Filter rows on type (cheat sheet: Filter rows); .str.removeprefix('post ') turns 'post 22' into '22' "
        "and .astype(int) into 22; .unique() keeps each post once.",
        "recommendations = thread[thread['type'] == ___]\n"
        "answer = sorted(recommendations['locator'].str.removeprefix(___).astype(int).unique().tolist())",
    ],
    mistakes=[
        Mistake(
            "Give whole numbers such as 22, not locators such as 'post 22': .str.removeprefix('post ') and "
            ".astype(int) convert them.",
            lambda: sorted(set(_thread_claims().loc[lambda c: c["type"] == "recommendation", "locator"])),
        ),
    ],
)
def _recommendation_posts():
    claims = _thread_claims()
    return sorted({int(p) for p in claims.loc[claims["type"] == "recommendation", "post"]})


def _patrols_per_year(table: pd.DataFrame) -> dict:
    return {int(year): int(n) for year, n in table["year"].value_counts().sort_index().items()}


@exercise(
    "02.4",
    "How many joint air patrols does the exercises table list in each year? Give a dict year → count.",
    hints=[
        "Count the rows of air_patrols in each year.",
        "value_counts() on the year column counts rows per year (cheat sheet: Count per value); .to_dict() makes it a "
        "dict.",
        "answer = air_patrols[___].value_counts().to_dict()",
    ],
    mistakes=[
        Mistake(
            "That counts the naval patrols too. Keep only the rows whose domain is 'air' (air_patrols).",
            lambda: _patrols_per_year(data.load("exercises").loc[lambda e: e["kind"] == "patrol"]),
        ),
        Mistake(
            "That counts every joint exercise and patrol. Use the air_patrols table.",
            lambda: _patrols_per_year(data.load("exercises")),
        ),
    ],
)
def _air_patrols_per_year():
    return _patrols_per_year(air_patrols())


@exercise(
    "02.5",
    "In how many different years after 2019 was there at least one joint air patrol?",
    hints=[
        "Distinct years, not patrols: a year with two patrols counts once. After 2019 means 2020 onwards.",
        "Filter on year > 2019 (cheat sheet: Filter rows), then .nunique() (cheat sheet: Distinct values) counts the distinct values of a "
        "column.",
        "answer = int(air_patrols.loc[air_patrols['year'] > ___, 'year'].nunique())",
    ],
    mistakes=[
        Mistake(
            "That is the number of patrols (rows). The question asks in how many different years: use "
            ".nunique() on the year column.",
            lambda: int((air_patrols()["year"] > 2019).sum()),
        ),
        Mistake(
            "That counts 2019 too. After 2019 means year > 2019.",
            lambda: int(air_patrols().loc[air_patrols()["year"] >= 2019, "year"].nunique()),
        ),
    ],
)
def _years_with_patrols_after_2019():
    patrols = air_patrols()
    return int(patrols.loc[patrols["year"] > 2019, "year"].nunique())
