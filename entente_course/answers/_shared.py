"""Selections that more than one lesson's answer key uses, defined once so the keys cannot disagree."""

import pandas as pd

from .. import data


def air_patrols() -> pd.DataFrame:
    """Rows of the exercises table that are joint air patrols (a naval patrol is not one)."""
    exercises = data.load("exercises")
    return exercises[(exercises["kind"] == "patrol") & (exercises["domain"] == "air")]


def exercises_per_year(years: range) -> pd.Series:
    """Joint exercises and patrols started in each of ``years``, a year without any counted as 0."""
    return data.load("exercises")["year"].value_counts().reindex(years, fill_value=0)


def coding(claim_ids: list[str], column: str) -> dict:
    """The course's coding (``type`` or ``implication``) of the given claims, by id: the key of a labelling exercise."""
    claims = data.load("claims").set_index("id")
    return {claim_id: str(claims.loc[claim_id, column]) for claim_id in claim_ids}
