"""Coding claims like a content analyst: label twelve claims, then measure agreement with the course's coding.

The course's ``type`` labels are its own judgement. Two coders who agree on 8 claims of 12 might agree
that often by chance alone if they both use one or two labels a lot, so besides the percent agreement the
package computes Cohen's kappa (Cohen 1960): κ = (p_o − p_e) / (1 − p_e), with p_o the share of claims
labelled the same and p_e the share expected by chance from how often each coder uses each label.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import pandas as pd

from . import data

__all__ = ["agreement", "codes", "compare", "disagreements", "kappa", "sheet"]

SAMPLE_SEED = 2018
PER_TYPE = 2
# Landis and Koch (1977), "The measurement of observer agreement for categorical data", Biometrics 33:
# the usual words for ranges of kappa. They are conventions, not tests.
BANDS = (
    (0.0, "poor (no better than chance)"),
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.0, "almost perfect"),
)


def codes() -> pd.DataFrame:
    """The type codes a student chooses from, with what each means and how to decide (from ``claim_codes``)."""
    table = data.load("claim_codes")
    return table[table["column"] == "type"][["code", "meaning", "rule"]].reset_index(drop=True)


def _sample() -> pd.DataFrame:
    claims = data.load("claims")
    pool = claims[claims["type"] != "thesis"]
    picked = pool.groupby("type", group_keys=False).sample(n=PER_TYPE, random_state=SAMPLE_SEED)
    picked = picked.sample(frac=1, random_state=SAMPLE_SEED).reset_index(drop=True)
    picked.index = range(1, len(picked) + 1)
    return picked


def sheet() -> pd.DataFrame:
    """Twelve claims to label, numbered 1–12, without the course's labels (two of each type but thesis)."""
    return _sample()[["source", "locator", "claim"]].rename_axis("number")


def _merge(labels: Sequence[Mapping] | Mapping) -> dict:
    merged: dict = {}
    for part in [labels] if isinstance(labels, Mapping) else labels:
        if not isinstance(part, Mapping):
            raise TypeError(f"labels should be dictionaries like {{1: 'driver', 2: 'forecast'}}, not {part!r}")
        merged.update(part)
    return merged


def _checked(labels) -> tuple[dict[int, str], list[str]]:
    """The valid labels (number → code) and one kind sentence per problem, missing labels included."""
    known_codes = list(codes()["code"])
    numbers = list(sheet().index)
    valid, problems = {}, []
    for number, label in _merge(labels).items():
        if label is Ellipsis:  # a blank left in the template: not labelled yet
            continue
        if number not in numbers:
            problems.append(f"There is no claim number {number!r} on the sheet: use the numbers 1 to {len(numbers)}.")
        elif not isinstance(label, str) or label.strip().casefold() not in known_codes:
            problems.append(f"Claim {number}: {label!r} is not a type; choose one of {', '.join(known_codes)}.")
        else:
            valid[number] = label.strip().casefold()
    missing = [n for n in numbers if n not in valid]
    if missing:
        problems.append(f"Not labelled yet (left out of the agreement): {', '.join(map(str, missing))}.")
    return valid, problems


def kappa(first: Sequence[str], second: Sequence[str]) -> tuple[float, float, float]:
    """Cohen's kappa of two coders' labels for the same items: returns (p_o, p_e, kappa).

    kappa is nan when p_e is 1 (both coders gave every item the same single label), where it is undefined.
    """
    if len(first) != len(second):
        raise ValueError("kappa() needs one label from each coder for every item")
    if not first:
        raise ValueError("kappa() needs at least one item")
    n = len(first)
    p_o = sum(a == b for a, b in zip(first, second)) / n
    count_a, count_b = Counter(first), Counter(second)
    p_e = sum(count_a[label] * count_b[label] for label in count_a) / n**2
    value = math.nan if math.isclose(p_e, 1.0) else (p_o - p_e) / (1 - p_e)
    return p_o, p_e, value


def compare(labels) -> pd.DataFrame:
    """Each labelled claim: your label beside the course's, and whether they agree."""
    valid, _ = _checked(labels)
    table = _sample().loc[list(valid)][["source", "locator", "claim", "type"]].rename(columns={"type": "course"})
    table.insert(3, "yours", [valid[n] for n in table.index])
    table["agree"] = table["yours"] == table["course"]
    return table.rename_axis("number")


def _band(value: float) -> str:
    if math.isnan(value):
        return "undefined"
    if value <= 0:
        return BANDS[0][1]
    return next(word for limit, word in BANDS[1:] if value <= limit)


def agreement(labels) -> dict[str, float]:
    """Print and return your percent agreement and Cohen's kappa with the course's coding, and what they mean."""
    valid, problems = _checked(labels)
    for problem in problems:
        print(problem)
    if not valid:
        print("Label at least one claim first: for example {1: 'driver', 2: 'forecast'}.")
        return {}
    table = compare(valid)
    p_o, p_e, value = kappa(list(table["yours"]), list(table["course"]))
    print(
        f"You and the course gave the same type to {int(table['agree'].sum())} of {len(table)} claims "
        f"(percent agreement {100 * p_o:.0f} %)."
    )
    print(f"Two coders using the labels as often as you two do would agree on {100 * p_e:.0f} % by chance alone.")
    print(
        f"Cohen's kappa = ({p_o:.2f} − {p_e:.2f}) / (1 − {p_e:.2f}) = {value:.2f}: {_band(value)} agreement "
        "(Landis and Koch's words). 1 is perfect agreement, 0 is no better than chance, below 0 is worse."
    )
    return {"percent_agreement": 100 * p_o, "chance_agreement": 100 * p_e, "kappa": value}


def disagreements(labels) -> pd.DataFrame:
    """The claims you labelled differently from the course, with the course's code and its rule."""
    table = compare(labels)
    rules = codes().set_index("code")["rule"]
    different = table[~table["agree"]].drop(columns="agree")
    return different.assign(course_rule=different["course"].map(rules))
