"""Exercises of lesson 06 (weighing the authors): the data that tells the three positions apart."""

from .. import data
from ..checks import Mistake, exercise

RIVALS = ["China", "India", "Viet Nam"]
AFTER_CRIMEA = (2015, 2023)


def _russian_deliveries(first: int, last: int) -> dict[str, float]:
    tiv = data.load("arms_tiv")
    russia = tiv[(tiv["supplier"] == "Russia") & tiv["year"].between(first, last)]
    totals = russia.groupby("recipient")["tiv"].sum().reindex(RIVALS, fill_value=0)
    return {recipient: float(total) for recipient, total in totals.items()}


@exercise(
    "06.1",
    "How much did Russia deliver (SIPRI TIV) to China, India and Viet Nam in the years 2015–2023? "
    "(a dict recipient → total TIV)",
    hints=[
        "The skeptics' point is that Russia arms China's rivals (gady-2018-ewi ¶3). Keep Russia's rows "
        "and the years 2015 to 2023, both included, then add up the tiv of each recipient.",
        "Filter with (tiv['supplier'] == 'Russia') & tiv['year'].between(2015, 2023), then "
        "groupby('recipient')['tiv'].sum() and .to_dict() (cheat sheet: Several conditions, A range, Average per group — with .sum()).",
        "russia = tiv[(tiv['supplier'] == ___) & tiv['year'].between(___, ___)]\n"
        "answer = russia.groupby(___)['tiv'].sum().to_dict()",
    ],
    mistakes=[
        Mistake(
            "Those are the totals from 2014: the years asked for start in 2015, the first full year after Crimea.",
            lambda: _russian_deliveries(2014, 2023),
        ),
        Mistake(
            "Those are the totals for every year from 2000; keep only 2015 to 2023.",
            lambda: _russian_deliveries(2000, 2023),
        ),
    ],
    tolerance=0.5,
)
def _russia_to_rivals():
    return _russian_deliveries(*AFTER_CRIMEA)


def _joined_share(first_year: int, as_percent: bool = False) -> float:
    vetoes = data.load("vetoes")
    russia = vetoes[vetoes["russia"] & (vetoes["year"] >= first_year)]
    share = float(russia["china"].mean())
    return share * 100 if as_percent else share


@exercise(
    "06.2",
    "Of the UN Security Council drafts Russia vetoed from 2007 on, in what share did China veto "
    "with it? (a number between 0 and 1)",
    hints=[
        "An entente should show up in votes when one partner is isolated. Keep the vetoes Russia cast "
        "from 2007 (the year of the first joint veto); the share is how many of them China joined.",
        "Filter with vetoes['russia'] & (vetoes['year'] >= 2007); the mean of the china column (True/False) "
        "is the share of True (cheat sheet: Several conditions; Sum or average of a column).",
        "russia = vetoes[vetoes['russia'] & (vetoes['year'] >= ___)]\nanswer = float(russia[___].mean())",
    ],
    mistakes=[
        Mistake(
            "That is the share over every year since 1946, when most vetoes were the Soviet "
            "Union's alone; start in 2007.",
            lambda: _joined_share(1946),
        ),
        Mistake(
            "That is a percentage; give the share as a number between 0 and 1.",
            lambda: _joined_share(2007, as_percent=True),
        ),
    ],
    tolerance=0.005,
)
def _china_joined_russia():
    return _joined_share(2007)


def _spending_ratio(year: int, column: str = "usd_constant_2022_m") -> float:
    milex = data.load("milex").set_index(["country", "year"])[column]
    return float(milex.loc[("China", year)] / milex.loc[("Russia", year)])


@exercise(
    "06.3",
    "In 2018, how many times as large as Russia's was China's military spending (China's divided "
    "by Russia's; SIPRI, constant 2022 US$)? (a number, e.g. 2.5)",
    hints=[
        "Korolev reports the skeptics' view that Russia fears China's conventional superiority "
        "(korolev-2017 ¶2). Compare the two countries' spending in 2018: divide China's by Russia's.",
        "Select one number with .loc on the filtered rows, for example "
        "milex.loc[(milex['country'] == 'China') & (milex['year'] == 2018), 'usd_constant_2022_m'].item() "
        "(cheat sheet: One number out of a one-row selection).",
        "china = milex.loc[(milex['country'] == ___) & (milex['year'] == 2018), ___].item()\n"
        "russia = ...\nanswer = china / russia",
    ],
    mistakes=[
        Mistake(
            "That ratio uses the share of GDP; compare the spending in constant US$ (usd_constant_2022_m).",
            lambda: _spending_ratio(2018, "share_of_gdp"),
        ),
        Mistake(
            "That is Russia's spending divided by China's; divide China's by Russia's.",
            lambda: 1 / _spending_ratio(2018),
        ),
    ],
    tolerance=0.05,
)
def _china_over_russia_spending():
    return _spending_ratio(2018)
