"""Exercises of lesson 08 (capstone): placing claims, and the arms evidence every position has to face."""

from .. import data
from ..checks import Mistake, exercise

PERIODS = {"2000-2004": (2000, 2004), "2019-2023": (2019, 2023)}
# The course's three positions and the implication code of the claims that support each.
POSITION_OF = {
    "toward-alliance": "alliance in the making",
    "toward-limited-entente": "pragmatic entente",
    "against-deep-partnership": "shallow partnership of convenience",
}
TO_PLACE = ["korolev-2017-c28", "gabuev-2019-thread-c34", "gady-2018-ewi-c40"]


@exercise(
    "08.1",
    "Which position does each of the three claims on screen support? "
    "(a dict claim id → one of the three positions, written exactly as in the table)",
    hints=[
        "Read each claim and ask: does it point to a binding defence commitment, to close cooperation "
        "without one, or to a thin partnership that mistrust will erode?",
        "Korolev's claim is about how near an alliance is; Gabuev's names the partnership; the third "
        "is Mattis's judgement as Gady reports it (gady-2018-ewi ¶2). Copy the positions from the table.",
        "answer = {'korolev-2017-c28': ___, 'gabuev-2019-thread-c34': ___, 'gady-2018-ewi-c40': ___}",
    ],
    mistakes=[
        Mistake(
            "Korolev's claim is not about close cooperation without a commitment: he says only minor "
            "steps separate the two from a formal, functioning military alliance (korolev-2017 ¶13).",
            lambda: {**_positions_of_three_claims(), "korolev-2017-c28": "pragmatic entente"},
        ),
        Mistake(
            "Mattis's judgement is the one Gady argues against: little in the long term aligns the "
            "two, the view of a thin partnership (gady-2018-ewi ¶2).",
            lambda: {**_positions_of_three_claims(), "gady-2018-ewi-c40": "pragmatic entente"},
        ),
    ],
)
def _positions_of_three_claims():
    claims = data.load("claims").set_index("id")
    return {claim: POSITION_OF[claims.loc[claim, "implication"]] for claim in TO_PLACE}


def _russia_share(periods: dict, of_all_recipients: bool = False) -> dict[str, float]:
    tiv = data.load("arms_tiv")
    china = tiv if of_all_recipients else tiv[tiv["recipient"] == "China"]
    shares = {}
    for label, (first, last) in periods.items():
        period = china[china["year"].between(first, last)]
        russia = period.loc[period["supplier"] == "Russia", "tiv"].sum()
        shares[label] = float(russia / period["tiv"].sum() * 100)
    return shares


@exercise(
    "08.2",
    "What percentage of China's arms imports (SIPRI TIV, all suppliers) came from Russia in "
    '2000-2004 and in 2019-2023? (a dict with the keys "2000-2004" and "2019-2023", '
    "percentages to one decimal)",
    hints=[
        "A share compares Russia's deliveries to China with everyone's deliveries to China in the same years.",
        "Keep the rows whose recipient is 'China'; for each period (.between(a, b)) divide Russia's summed "
        "tiv by the summed tiv of all suppliers, times 100 (cheat sheet: Sum or average of a column).",
        "period = to_china[to_china['year'].between(___, ___)]\n"
        "share = period.loc[period['supplier'] == ___, 'tiv'].sum() / period['tiv'].___() * 100",
    ],
    mistakes=[
        Mistake(
            "Those shares divide by Russia's deliveries to every recipient in the table (India and "
            "Viet Nam too); keep only the rows whose recipient is China.",
            lambda: _russia_share(PERIODS, of_all_recipients=True),
        ),
        Mistake(
            "Those shares use six-year periods (2000-2005 and 2018-2023); .between(a, b) includes "
            "both ends, so use .between(2000, 2004) and .between(2019, 2023).",
            lambda: _russia_share({"2000-2004": (2000, 2005), "2019-2023": (2018, 2023)}),
        ),
    ],
    tolerance=0.1,
)
def _russia_share_of_china():
    return _russia_share(PERIODS)


def _years_india_over_china(recipient: str = "India", rival: str = "China") -> int:
    tiv = data.load("arms_tiv")
    russia = tiv[tiv["supplier"] == "Russia"].pivot_table(
        index="year", columns="recipient", values="tiv", aggfunc="sum", fill_value=0
    )
    return int((russia[recipient] > russia[rival]).sum())


@exercise(
    "08.3",
    "The skeptics say Russia arms China's rivals (gady-2018-ewi ¶3). In how many of the years "
    "2000–2023 did Russia deliver more (SIPRI TIV) to India than to China? (a number of years)",
    hints=[
        "Compare, year by year, Russia's deliveries to India with its deliveries to China.",
        "The table on screen (per_year) has one row per year and one column per recipient: (table['India'] > "
        "table['China']) is True in the years India got more; count the True values with .sum().",
        "answer = int((per_year[___] > per_year[___]).sum())",
    ],
    mistakes=[
        Mistake(
            "That counts the years in which China got more than India; the question asks the opposite.",
            lambda: _years_india_over_china("China", "India"),
        )
    ],
)
def _years_india_got_more():
    return _years_india_over_china()
