"""Exercises of lesson 02 (Gabuev's thread on the joint bomber patrol of July 2019)."""

from .. import data
from ..checks import exercise
from ._shared import air_patrols

THREAD = "gabuev-2019-thread"
# The posts students classify in 02.2: each holds claims of a single type in the claims table.
CLASSIFIED_POSTS = [2, 7, 8, 23]


def _thread_claims():
    claims = data.load("claims")
    claims = claims[claims["source"] == THREAD].copy()
    claims["post"] = claims["locator"].str.removeprefix("post ").astype(int)
    return claims


@exercise("02.1", "How many strategic bombers (both countries together) flew in the joint patrol of 23 July 2019?",
          hint="Add up the values of the figures rows gabuev-2019-thread-f02 and gabuev-2019-thread-f03.")
def _bombers():
    figures = data.load("figures").set_index("id")
    return int(figures.loc[[f"{THREAD}-f02", f"{THREAD}-f03"], "value"].sum())


@exercise("02.2", "Give the role in the argument (driver, constraint, evidence, forecast, recommendation or rebuttal) "
          "of posts 2, 7, 8 and 23, as a dict post number → role.",
          hint="Ask of each post: is it a fact offered in support, a prediction, a cause pushing the ties, "
               "or advice on what to do?")
def _post_roles():
    claims = _thread_claims()
    chosen = claims[claims["post"].isin(CLASSIFIED_POSTS)]
    return {int(post): str(group["type"].mode().iloc[0]) for post, group in chosen.groupby("post")}


@exercise("02.3", "Which posts of the thread make a recommendation? Give a list of post numbers.",
          hint="Filter the thread's claims on type == 'recommendation', then turn locators like 'post 22' into 22.")
def _recommendation_posts():
    claims = _thread_claims()
    return sorted({int(p) for p in claims.loc[claims["type"] == "recommendation", "post"]})


@exercise("02.4", "How many joint air patrols does the exercises table list in each year? Give a dict year → count.",
          hint="Keep the rows with kind == 'patrol' and domain == 'air', then count them per year with value_counts().")
def _air_patrols_per_year():
    counts = air_patrols()["year"].value_counts().sort_index()
    return {int(year): int(n) for year, n in counts.items()}


@exercise("02.5", "In how many different years after 2019 was there at least one joint air patrol?",
          hint="Keep the joint air patrols with year > 2019 and count the distinct years (nunique()).")
def _years_with_patrols_after_2019():
    patrols = air_patrols()
    return int(patrols.loc[patrols["year"] > 2019, "year"].nunique())
