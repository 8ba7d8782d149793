"""Exercises of lesson 06 (weighing the authors)."""
from .. import data
from ..checks import exercise
from ._shared import air_patrols


@exercise("06.1", "What share of each author's claims points toward alliance (implication 'toward-alliance')? "
                  "(a dict author → share, as a fraction between 0 and 1, e.g. 0.25)",
          hint="Group the claims by author and take the mean of (claims['implication'] == 'toward-alliance'); "
               "a mean of True/False values is the share of True. Turn the result into a dict with .to_dict().",
          tolerance=0.005)
def _share_toward_alliance():
    claims = data.load("claims")
    toward = (claims["implication"] == "toward-alliance").astype(float)
    return {author: float(share) for author, share in toward.groupby(claims["author"]).mean().items()}


@exercise("06.2", "Which kind of evidence (evidence_kind) does each author's claims rest on most often? "
                  "(a dict author → evidence kind)",
          hint="pd.crosstab(claims['author'], claims['evidence_kind']) counts claims per author and kind; "
               ".idxmax(axis=1) gives, for each row, the column with the largest count. Then .to_dict().")
def _main_evidence_kind():
    claims = data.load("claims")
    counts = claims.groupby(["author", "evidence_kind"]).size().unstack(fill_value=0)
    return {author: str(kind) for author, kind in counts.idxmax(axis=1).items()}


@exercise("06.3", "How many forecast claims (type 'forecast') does each author make? (a dict author → count)",
          hint="Keep the rows whose type is 'forecast', then count them per author with "
               "groupby('author').size() or value_counts(); finish with .to_dict().")
def _forecasts_per_author():
    claims = data.load("claims")
    forecasts = claims[claims["type"] == "forecast"]
    return {author: int(n) for author, n in forecasts.groupby("author").size().items()}


@exercise("06.4", "How many joint air patrols from 2019 to 2024 does the exercises table list? (a number)",
          hint="Keep the rows whose kind is 'patrol' and whose domain is 'air' (a naval patrol is not an air "
               "patrol) and whose year is between 2019 and 2024; count them.")
def _air_patrols_2019_to_2024():
    return int(air_patrols()["year"].between(2019, 2024).sum())


@exercise("06.5", "How many joint exercises and patrols does the exercises table list for the six years "
                  "2013–2018, and how many for the six years 2019–2024? (a list of two numbers, in that order)",
          hint="Count the rows with exercises['year'].between(2013, 2018), then those with .between(2019, 2024); "
               "answer [first count, second count].",
          ordered=True)
def _exercises_before_after():
    exercises = data.load("exercises")
    return [int(exercises["year"].between(2013, 2018).sum()), int(exercises["year"].between(2019, 2024).sum())]


def _treaty_extension():
    mechanisms = data.load("mechanisms")
    summary = mechanisms["summary"].str.casefold()
    rows = mechanisms[summary.str.contains("extension") & summary.str.contains("2001 treaty")]
    if len(rows) != 1:
        raise LookupError("expected one mechanisms row on the extension of the 2001 treaty, found "
                          f"{len(rows)}")
    return rows.iloc[0]


@exercise("06.6", "In which year did China and Russia extend their 2001 Treaty of Good-Neighborliness and "
                  "Friendly Cooperation? (a year)",
          hint="Look in the mechanisms table for the row whose summary speaks of the extension of the 2001 "
               "treaty (mechanisms['summary'].str.contains('extension')), and read its year. Wrap it in int(...).")
def _treaty_extension_year():
    return int(_treaty_extension()["year"])
