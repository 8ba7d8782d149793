"""The Gady version comparison: its passages are verbatim at their paragraphs, and its differences are real."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from entente_course import versions

ROOT = Path(__file__).resolve().parent.parent
NUMBERED = Path(os.environ.get("ENTENTE_SOURCE_TEXTS", ROOT.parent / "shared" / "sources")) / "numbered"


def paragraph(source: str, locator: str) -> str:
    """The text of paragraph ``locator`` (``¶4``) of a numbered source text, quotes made straight."""
    path = NUMBERED / f"{source}.md"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the numbered source texts are missing from {NUMBERED}")
        pytest.skip(f"the numbered source texts are not beside the repository ({NUMBERED})")
    match = re.search(rf"^{re.escape(locator)} (.*)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{source} has no paragraph {locator}"
    return match.group(1).replace("’", "'")


@pytest.mark.parametrize("passage", versions.PASSAGES, ids=lambda p: f"{p.ewi_locator}-{p.republished_locator}")
def test_each_passage_is_verbatim_at_its_paragraph_in_both_versions(passage):
    assert passage.ewi_text.replace("’", "'") in paragraph(versions.EWI, passage.ewi_locator)
    assert passage.republished_text.replace("’", "'") in paragraph(versions.REPUBLISHED, passage.republished_locator)
    assert passage.ewi_text != passage.republished_text


def test_passage_changes_name_the_words_that_changed():
    changes = versions.passage_changes()
    pairs = set(zip(changes["ewi_words"], changes["republished_words"]))
    assert ("Ukraine.", "Crimea.") in pairs and ("first", "—") in pairs and ("—", "2017") in pairs
    assert set(changes["change"]) <= {"replace", "delete", "insert"}


def test_figure_differences_come_from_the_figures_table_and_skip_numbers_both_give_alike():
    differences = versions.figure_differences()
    written = set(zip(differences["as_written_ewi"], differences["as_written_republished"]))
    assert ("less than ten years", "less than 10 years") in written
    assert ("—", "2017") in written  # the year of the National Security Strategy: republished version only
    assert "3,500" not in set(differences["as_written_ewi"])  # the same in both, so not a difference
