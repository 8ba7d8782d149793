"""Source criticism for Gady's article, which was published twice with small differences (lesson 03).

The course does not ship either text. It compares what it does ship: the rows of the ``figures`` table
for each version (every number each version states, with its paragraph), and a handful of short,
located passages quoted from both versions (``PASSAGES``; ``tests/test_versions.py`` checks each one
word for word against the numbered texts the course authors keep beside the repository).
"""

from __future__ import annotations

import difflib
from typing import NamedTuple

import pandas as pd

from . import data

__all__ = ["EWI", "PASSAGES", "REPUBLISHED", "Passage", "figure_differences", "passage_changes"]

EWI = "gady-2018-ewi"
REPUBLISHED = "gady-2018-republished"


class Passage(NamedTuple):
    """The same short passage in both versions, each with its paragraph."""

    ewi_locator: str
    ewi_text: str
    republished_locator: str
    republished_text: str


# Short verbatim passages (a sentence or less) where the two versions differ.
PASSAGES: tuple[Passage, ...] = (
    Passage(
        "¶4",
        "China did not publicly support Russia’s annexation of Ukraine.",
        "¶4",
        "China did not publicly support Russia’s annexation of Crimea.",
    ),
    Passage(
        "¶4",
        "there is a corresponding fear in Moscow that Beijing could undermine Russia’s traditional role",
        "¶4",
        "There is a corresponding fear in Moscow that Beijing could threaten Russia’s traditional role",
    ),
    Passage(
        "¶10",
        "marked China’s first participation in Russia’s largest military exercise in almost four decades",
        "¶14",
        "marked China’s participation in Russia’s largest military exercise in almost four decades",
    ),
    Passage(
        "¶14",
        "in less than ten years China will have little use for Russian-made military hardware",
        "¶18",
        "in less than 10 years China will have little use for Russian-made military hardware",
    ),
    Passage(
        "¶15",
        "the U.S. National Security Strategy notes that China and Russia are",
        "¶19",
        "the 2017 U.S. National Security Strategy notes that China and Russia are",
    ),
    Passage(
        "¶15",
        "systems by the United States on the Korean Peninsula",
        "¶19",
        "systems by the United States in South Korea",
    ),
)


def passage_changes(passages: tuple[Passage, ...] = PASSAGES) -> pd.DataFrame:
    """One row per changed stretch of words: where it is in each version, and the words before and after.

    Words are compared with :class:`difflib.SequenceMatcher`; a capital letter at the start of a sentence
    counts as a change, so "there" → "There" shows up too.
    """
    rows = []
    for passage in passages:
        before, after = passage.ewi_text.split(), passage.republished_text.split()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
            if tag != "equal":
                rows.append(
                    {
                        "ewi": f"{EWI} {passage.ewi_locator}",
                        "republished": f"{REPUBLISHED} {passage.republished_locator}",
                        "change": tag,
                        "ewi_words": " ".join(before[i1:i2]) or "—",
                        "republished_words": " ".join(after[j1:j2]) or "—",
                    }
                )
    return pd.DataFrame(rows, columns=["ewi", "republished", "change", "ewi_words", "republished_words"])


def figure_differences() -> pd.DataFrame:
    """The numbers the two versions state differently, or that only one version states.

    Built from the ``figures`` table: the rows of both versions are matched on what they count
    (``what``). A row whose ``as_written`` is the same in both (3,500 in both) is left out.
    """
    figures = data.load("figures")
    columns = ["what", "locator", "as_written"]
    ewi = figures.loc[figures["source"] == EWI, columns]
    republished = figures.loc[figures["source"] == REPUBLISHED, columns]
    both = ewi.merge(republished, on="what", how="outer", suffixes=("_ewi", "_republished"))
    differs = both["as_written_ewi"].fillna("—") != both["as_written_republished"].fillna("—")
    return both[differs].fillna("—").sort_values("locator_ewi").reset_index(drop=True)
