"""Exercises of lesson 05 (Fridman and Track 2)."""
from ..checks import exercise
from .. import data


def _recommendations_of(source: str) -> set:
    """Ids of the claims of one source text that the claims table types as recommendations (05.1 and 05.5)."""
    claims = data.load("claims")
    return set(claims.loc[(claims["source"] == source) & (claims["type"] == "recommendation"), "id"])


@exercise("05.1", "Which of Fridman's claims are recommendations (normative claims about what someone should "
          "do)? Give a set of claim ids.",
          hint="Filter the claims table on source == 'fridman' and type == 'recommendation'; take the ids as a set.")
def _fridman_recommendations():
    return _recommendations_of("fridman")


@exercise("05.2", "For each source text in the claims table, what share of its claims are recommendations? "
          "Give a dict from source id to a share between 0 and 1.",
          hint="Make a True/False column type == 'recommendation', group it by source and take the mean.",
          tolerance=0.005)
def _recommendation_share():
    claims = data.load("claims")
    share = (claims["type"] == "recommendation").groupby(claims["source"], observed=True).mean()
    return {str(source): float(value) for source, value in share.items()}


@exercise("05.3", "In 2014, the year of the Crimea annexation, what was U.S. military spending divided by "
          "Russia's and China's spending combined (constant 2022 US$)? Give a number (a ratio).",
          hint="Select year 2014 in milex, index by country, then divide the United States value by the sum "
               "of the China and Russia values.", tolerance=0.005)
def _us_to_russia_china_2014():
    milex = data.load("milex")
    spending = milex[milex["year"] == 2014].set_index("country")["usd_constant_2022_m"]
    return float(spending["United States"] / (spending["China"] + spending["Russia"]))


@exercise("05.4", "Between 2008 and 2021, in which year was Russia's military spending (constant 2022 US$) at "
          "its highest? Give a year.",
          hint="Filter milex to Russia and the years 2008 to 2021, then find the year of the largest value "
               "(for example with .idxmax() after setting year as the index).")
def _russia_peak_year():
    milex = data.load("milex")
    russia = milex[(milex["country"] == "Russia") & milex["year"].between(2008, 2021)]
    return int(russia.set_index("year")["usd_constant_2022_m"].idxmax())



@exercise("05.5", "Which claims of Gabuev's 2019 thread (source gabuev-2019-thread) are recommendations? "
          "Give a set of claim ids.",
          hint="The same filter as in 05.1, with source == 'gabuev-2019-thread'.")
def _gabuev_thread_recommendations():
    return _recommendations_of("gabuev-2019-thread")
