"""Exercises of lesson 07 (capstone): the evidence every position has to face, computed from data/."""
from .. import data
from ..checks import exercise
from ._shared import exercises_per_year

YEARS = range(2005, 2025)
PERIODS = {"2000-2004": (2000, 2004), "2019-2023": (2019, 2023)}
OBLIGATIONS = ["defense", "offense", "neutrality", "nonaggression", "consultation", "entente"]


@exercise("07.1", "How many joint exercises and patrols started in each year from 2005 to 2024? "
                  "(a dict year → count, with 0 for a year without any)",
          hint="Count the rows of the exercises table per value of the year column (.value_counts()), then "
               ".reindex(range(2005, 2025), fill_value=0) so the years without any appear with 0; "
               ".to_dict() turns the result into a dict.")
def _exercises_per_year():
    return {int(year): int(count) for year, count in exercises_per_year(YEARS).items()}


@exercise("07.2", "What percentage of China's arms imports (SIPRI TIV, all suppliers) came from Russia in "
                  "2000-2004 and in 2019-2023? (a dict with the keys \"2000-2004\" and \"2019-2023\", "
                  "percentages to one decimal)",
          hint="Keep the rows whose recipient is \"China\". For each period, add up Russia's tiv over the five "
               "years and divide by the sum of all suppliers' tiv over the same years (.between(a, b)); "
               "multiply by 100.",
          tolerance=0.1)
def _russia_share():
    tiv = data.load("arms_tiv")
    china = tiv[tiv["recipient"] == "China"]
    shares = {}
    for label, (first, last) in PERIODS.items():
        period = china[china["year"].between(first, last)]
        russia = period.loc[period["supplier"] == "Russia", "tiv"].sum()
        shares[label] = float(russia / period["tiv"].sum() * 100)
    return shares


@exercise("07.3", "Which obligations does ATOP v5 code as true between China and Russia in 2001, the year of "
                  "the Treaty of Good-Neighborliness? (a list of column names)",
          hint="Keep the row whose dataset is \"ATOP v5\" and whose year is 2001. Of the columns defense, offense, "
               "neutrality, nonaggression, consultation and entente, list those that are True; a blank (<NA>) "
               "is not True, so use .fillna(False) first.")
def _atop_2001():
    coding = data.load("alliance_coding")
    row = coding[(coding["dataset"] == "ATOP v5") & (coding["year"] == 2001)][OBLIGATIONS].fillna(False)
    if len(row) != 1:
        raise ValueError("alliance_coding should have exactly one ATOP v5 row for 2001")
    return {name for name in OBLIGATIONS if bool(row.iloc[0][name])}


@exercise("07.4", "How many UN Security Council vetoes did China and Russia cast together? (a number)",
          hint="The joint column of the vetoes table is True when both vetoed the same draft: count the True "
               "values (.sum()) and wrap the result in int(...).")
def _joint_vetoes():
    vetoes = data.load("vetoes")
    return int(vetoes["joint"].sum())


@exercise("07.5", "How many claims in the claims table have each implication? "
                  "(a dict implication → number of claims)",
          hint="claims[\"implication\"].value_counts() counts the claims per implication; .to_dict() makes it a dict.")
def _claims_by_implication():
    claims = data.load("claims")
    return {str(label): int(count) for label, count in claims["implication"].value_counts().items()}
