"""Exercises of lesson 04 (Korolev 2017)."""
from ..checks import exercise
from .. import data


def _mechanisms_until_korolev():
    """Mechanisms dated from 1992 up to the day Korolev's text appeared, in date order (04.2 and 04.3)."""
    published = data.load("sources").set_index("id").loc["korolev-2017", "date"]
    mechanisms = data.load("mechanisms")
    return mechanisms[(mechanisms["year"] >= 1992) & (mechanisms["date"] < published)].sort_values("date")


@exercise("04.1", "Which of Korolev's claims (source korolev-2017) does the claims table code as pointing "
          "toward an alliance? Give a set of claim ids.",
          hint="Filter the claims table on source == 'korolev-2017' and implication == 'toward-alliance', "
               "then take the id column as a set.")
def _korolev_toward_alliance():
    claims = data.load("claims")
    korolev = claims[claims["source"] == "korolev-2017"]
    return set(korolev.loc[korolev["implication"] == "toward-alliance", "id"])


@exercise("04.2", "Korolev wrote that since 1992 a new mechanism appeared every 3 to 4 years. Take the "
          "mechanisms dated from 1992 up to the day his text was published, sorted by date: what is the mean "
          "gap in years between successive mechanisms? Give a number.",
          hint="Keep rows with date before Korolev's publication date (from the sources table), sort by date, "
               "take .diff() of the year column and its .mean().", tolerance=0.01)
def _mean_gap_to_2017():
    return float(_mechanisms_until_korolev()["year"].diff().mean())


@exercise("04.3", "Over the same rows as in 04.2 (mechanisms from 1992 up to Korolev's publication date), what "
          "is the longest gap in years between two successive mechanisms? Give a number.",
          hint="Same filter and sort as in 04.2; take the .max() of the year differences instead of the mean.")
def _longest_gap_to_2017():
    return int(_mechanisms_until_korolev()["year"].diff().max())


@exercise("04.4", "How many dated mechanisms does the table list in each decade? Give a dict from the decade's "
          "first year (1990, 2000, …) to the number of mechanisms (the undated row belongs to none).",
          hint="The decade of a year is year // 10 * 10; group by it and count rows.")
def _mechanisms_per_decade():
    mechanisms = data.load("mechanisms")
    decade = mechanisms["year"] // 10 * 10
    return {int(d): int(n) for d, n in decade.value_counts().sort_index().items()}


@exercise("04.5", "In which year did joint exercises or patrols first take place in each region? Give a dict "
          "from region to the first year it appears in the exercises table.",
          hint="Group the exercises table by region and take the minimum of the year column.")
def _first_year_by_region():
    exercises = data.load("exercises")
    first = exercises.groupby("region", observed=True)["year"].min()
    return {str(region): int(year) for region, year in first.items()}
