"""The instructor guide's copy of the discussion prompts and model answers matches the solutions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_instructor_guide_discussion_section_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_instructor_guide.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_instructor_guide_covers_every_lesson():
    guide = (ROOT / "docs" / "instructor.md").read_text(encoding="utf-8")
    for notebook in sorted((ROOT / "solutions").glob("*.ipynb")):
        assert f"`solutions/{notebook.name}`" in guide
