"""Student progress: what is saved comes back, and an interrupted save never loses the old state."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from entente_course import checks, progress, quiz


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name != "progress.json")


def test_round_trip(progress_file):
    assert progress.read() == {"exercise": {}, "quiz": {}}
    progress.record("exercise", "01.1", "wrong")
    progress.record("exercise", "01.1", "pass")
    progress.record("quiz", "01.border", "pass")
    saved = progress.read()
    assert saved["exercise"]["01.1"]["status"] == "pass"
    assert saved["exercise"]["01.1"]["attempts"] == 2
    assert saved["quiz"]["01.border"]["status"] == "pass"
    assert json.loads(progress_file.read_text()) == saved  # the file is the state, as plain JSON
    assert progress.path() == progress_file


def test_a_pass_is_never_downgraded_and_placeholders_are_not_attempts(progress_file):
    progress.record("exercise", "02.3", "pass")
    progress.record("exercise", "02.3", "wrong")
    progress.record("exercise", "02.3", "not answered")
    entry = progress.read()["exercise"]["02.3"]
    assert entry["status"] == "pass" and entry["attempts"] == 2


def test_unknown_kind_is_refused(progress_file):
    with pytest.raises(ValueError):
        progress.record("homework", "01.1", "pass")


def test_unreadable_file_reads_as_empty(progress_file):
    progress_file.write_text("{ half a file")
    assert progress.read() == {"exercise": {}, "quiz": {}}
    progress_file.write_text("[1, 2]")
    assert progress.read() == {"exercise": {}, "quiz": {}}


def test_write_interrupted_mid_dump_keeps_the_old_state(progress_file, monkeypatch):
    progress.record("exercise", "01.1", "pass")
    before = progress_file.read_bytes()

    def dump_half_then_fail(obj, stream, **kwargs):
        stream.write('{"exercise": {"01.1": ')  # half written, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress.json, "dump", dump_half_then_fail)
    progress.record("exercise", "01.2", "pass")  # a failed save must not break the lesson
    assert progress_file.read_bytes() == before
    assert leftovers(progress_file.parent) == []
    assert "01.2" not in json.loads(progress_file.read_text())["exercise"]


def test_write_interrupted_before_replace_keeps_the_old_state(progress_file, monkeypatch):
    progress.record("quiz", "01.border", "wrong")
    before = progress_file.read_bytes()

    def replace_fails(src, dst):
        raise OSError("interrupted")

    monkeypatch.setattr(progress.os, "replace", replace_fails)
    progress.record("quiz", "01.border", "pass")
    assert progress_file.read_bytes() == before
    assert leftovers(progress_file.parent) == []


def test_keyboard_interrupt_mid_write_propagates_and_cleans_up(progress_file, monkeypatch):
    progress.record("exercise", "01.1", "wrong")
    before = progress_file.read_bytes()

    def interrupted(obj, stream, **kwargs):
        stream.write("{")
        raise KeyboardInterrupt

    monkeypatch.setattr(progress.json, "dump", interrupted)
    with pytest.raises(KeyboardInterrupt):
        progress.record("exercise", "01.1", "pass")
    assert progress_file.read_bytes() == before
    assert leftovers(progress_file.parent) == []


def test_missing_folder_is_created(tmp_path, monkeypatch):
    target = tmp_path / "deep" / "er" / "progress.json"
    monkeypatch.setenv("ENTENTE_PROGRESS", str(target))
    progress.record("exercise", "01.1", "pass")
    assert json.loads(target.read_text())["exercise"]["01.1"]["status"] == "pass"


def test_summary_counts_passes_per_lesson(progress_file, monkeypatch, tmp_path):
    fake = {i: checks.Exercise(i, "?", lambda: 1) for i in ("01.1", "01.2", "02.1")}
    monkeypatch.setattr(checks, "exercises", lambda: fake)
    bank = tmp_path / "01.yaml"
    bank.write_text("""lesson: "01"
title: Gabuev 2018
questions:
""" + "".join(f"""  - id: {q}
    question: Which?
    choices: [a, b]
    answer: a
    explanation: Because.
    source: gabuev-2018 ¶3
""" for q in ("border", "trade")), encoding="utf-8")
    monkeypatch.setattr(quiz, "bank_files", lambda: [bank])
    progress.record("exercise", "01.1", "pass")
    progress.record("exercise", "01.2", "wrong")
    progress.record("quiz", "01.trade", "pass")
    table = progress.summary()
    assert list(table["lesson"]) == ["01", "02"]
    first = table.set_index("lesson").loc["01"]
    assert (first["exercises done"], first["exercises"], first["quiz done"], first["quiz questions"]) == (1, 2, 1, 2)
    assert isinstance(progress.show(), pd.DataFrame) and progress.show().index.name == "lesson"
