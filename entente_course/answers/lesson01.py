"""Exercises of lesson 01 (Gabuev 2018)."""
from .. import data
from ..checks import exercise

_DRIVER_PARAGRAPHS = ["¶3", "¶4", "¶5", "¶6"]


@exercise("01.1", "Which claims of gabuev-2018 in paragraphs ¶3 to ¶6 are of type 'driver'? "
                  "(a list of claim ids)",
          hint="Keep the rows whose source is \"gabuev-2018\", whose locator is one of \"¶3\", \"¶4\", \"¶5\", "
               "\"¶6\" (use .isin([...])) and whose type is \"driver\"; then take the id column as a list.")
def _drivers():
    claims = data.load("claims")
    keep = ((claims["source"] == "gabuev-2018") & claims["locator"].isin(_DRIVER_PARAGRAPHS)
            & (claims["type"] == "driver"))
    return set(claims.loc[keep, "id"])


def _figure(figure_id):
    figures = data.load("figures").set_index("id")
    return float(figures.loc[figure_id, "value"])


@exercise("01.2", "How many times larger was the unofficial estimate of the Chinese population in Russia "
                  "than the number the government's study found (¶8)? (a number, to two decimals)",
          hint="Look up the value of figures gabuev-2018-f15 (the unofficial estimate) and gabuev-2018-f16 "
               "(the study's finding), then divide the first by the second.",
          tolerance=0.01)
def _migrant_ratio():
    return _figure("gabuev-2018-f15") / _figure("gabuev-2018-f16")


def _russia_to_china():
    tiv = data.load("arms_tiv")
    return tiv[(tiv["supplier"] == "Russia") & (tiv["recipient"] == "China")]


@exercise("01.3", "In which year were Russia's arms deliveries to China (in SIPRI TIV) the largest? (a year)",
          hint="Keep the rows with supplier \"Russia\" and recipient \"China\"; then find the row with the "
               "largest tiv (.idxmax() or sort_values) and read its year. Wrap it in int(...).")
def _peak_year():
    rows = _russia_to_china()
    return int(rows.loc[rows["tiv"].idxmax(), "year"])


@exercise("01.4", "By what percentage was the mean yearly TIV of Russian deliveries to China in 2006–2010 "
                  "lower than in 2000–2004? (a number of percent, e.g. 25.3, to one decimal)",
          hint="Compute the mean tiv of the years 2000 to 2004 and of 2006 to 2010 (.between(a, b)); "
               "the drop is (before - after) / before * 100.",
          tolerance=0.1)
def _drop_after_2005():
    rows = _russia_to_china()
    before = float(rows.loc[rows["year"].between(2000, 2004), "tiv"].mean())
    after = float(rows.loc[rows["year"].between(2006, 2010), "tiv"].mean())
    return (before - after) / before * 100


@exercise("01.5", "How many times larger was China–Russia trade (total_m) in 2014 than in 2008? "
                  "(a number, to two decimals)",
          hint="Select the total_m of the row whose year is 2014 and of the row whose year is 2008 "
               "(both come from the same source, COW), then divide.",
          tolerance=0.01)
def _trade_growth():
    trade = data.load("trade").set_index("year")
    return float(trade.loc[2014, "total_m"]) / float(trade.loc[2008, "total_m"])


@exercise("01.6", "How many joint China–Russia vetoes were cast in the UN Security Council before Gabuev's "
                  "article was published? (a number)",
          hint="The joint column of vetoes is True when both vetoed. The article's date is in the date column "
               "of the sources row gabuev-2018. Count the joint vetoes whose date is earlier.")
def _joint_vetoes_before():
    vetoes = data.load("vetoes")
    published = data.load("sources").set_index("id").loc["gabuev-2018", "date"]
    return int((vetoes["joint"] & (vetoes["date"] < published)).sum())


@exercise("01.7", "How many more Chinese personnel at Vostok-2018 does Gady (gady-2018-ewi ¶10) give than "
                  "Gabuev (¶1)? (a number)",
          hint="Subtract the value of figure gabuev-2018-f01 from the value of figure gady-2018-ewi-f07.")
def _vostok_difference():
    return _figure("gady-2018-ewi-f07") - _figure("gabuev-2018-f01")
