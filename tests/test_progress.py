"""Student progress: what is saved comes back, and an interrupted save never loses the old state."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente_course import progress, quiz


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch):
    """Each test is a new kernel: no hints shown yet, no student id in memory."""
    from entente_course import checks

    monkeypatch.setattr(checks, "_HINTS_SHOWN", {})
    monkeypatch.setattr(quiz, "_SESSION_ID", [])


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


CATALOGUE = {
    "01": {"exercise": ["01.1", "01.2"], "quiz": ["01.border", "01.trade"]},
    "02": {"exercise": ["02.1"], "quiz": []},
}


def test_summary_counts_a_catalogue_it_is_given(progress_file):
    progress.record("exercise", "01.1", "pass")
    progress.record("exercise", "01.2", "wrong")
    progress.record_hints("01.2", 2)
    progress.record("quiz", "01.trade", "pass")
    progress.record("quiz", "01.border", "wrong")
    progress.record("quiz", "01.border", "pass")
    table = progress.summary(CATALOGUE)
    assert list(table["lesson"]) == ["01", "02"]
    first = table.set_index("lesson").loc["01"]
    assert (first["exercises done"], first["exercises"], first["hints used"]) == (1, 2, 2)
    assert (first["quiz done"], first["quiz right first try"], first["quiz questions"]) == (2, 1, 2)
    assert progress.show(CATALOGUE).index.name == "lesson"


def test_first_try_attempts_and_hints_are_recorded(progress_file):
    progress.record("quiz", "01.border", "not answered")
    progress.record("quiz", "01.border", "wrong")
    progress.record("quiz", "01.border", "pass")
    progress.record("quiz", "01.trade", "pass")
    progress.record_hints("01.1", 1)
    progress.record_hints("01.1", 3)
    progress.record_hints("01.1", 2)  # a restarted session counts from 1 again: the most ever seen is kept
    saved = progress.read()
    assert saved["quiz"]["01.border"] | {"updated": ""} == {
        "status": "pass",
        "attempts": 2,
        "first_try": False,
        "hints": 0,
        "updated": "",
    }
    assert saved["quiz"]["01.trade"]["first_try"] is True
    assert saved["exercise"]["01.1"]["hints"] == 3 and saved["exercise"]["01.1"]["attempts"] == 0


def test_progress_show_without_a_catalogue_uses_the_course(progress_file):
    from entente_course import course

    catalogue = course.catalogue()
    assert "00.1" in catalogue["00"]["exercise"] and catalogue["00"]["quiz"]
    progress.record("exercise", "00.1", "pass")
    table = progress.show()  # what lesson 00's cell runs
    assert isinstance(table, pd.DataFrame) and table.loc["00", "exercises done"] == 1
    assert table.equals(course.progress_table())


def test_progress_is_a_leaf_and_checks_quiz_progress_import_no_circle():
    import ast
    import importlib

    def imports(module):
        tree = ast.parse(Path(str(importlib.import_module(f"entente_course.{module}").__file__)).read_text())
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("entente_course"):
                found.add(((node.module or "").split(".") + [""])[1])
        return found

    assert imports("progress") == {"status"}
    assert not imports("checks") & {"quiz", "course"}
    assert not imports("quiz") & {"checks", "course"}
    assert "progress" in imports("course")


@pytest.mark.parametrize(
    "saved",
    [
        {"exercise": [1, 2]},
        {"exercise": {"03.2": "pass"}},
        {"exercise": {"03.2": {"status": "pass", "attempts": "two"}}},
        {"exercise": {"03.2": {"status": "passed", "attempts": 1}}},
        {"exercise": {"03.2": None, "01.1": [1]}, "quiz": "all done"},
        {"exercise": {"03.2": {"status": "wrong", "attempts": -4, "hints": 1e300, "first_try": "yes"}}},
        [1, 2],
        "just text",
    ],
)
def test_a_file_of_the_wrong_shape_never_breaks_a_check_or_the_quiz(progress_file, saved, capsys):
    from entente_course import checks

    progress_file.write_text(json.dumps(saved))
    state = progress.read()
    assert all(isinstance(state[kind], dict) for kind in ("exercise", "quiz"))
    checks.check("00.1", ...)
    checks.check("00.1", 1)
    checks.hint("00.1")
    entry = progress.read()["exercise"]["00.1"]
    assert entry["status"] == "wrong" and entry["attempts"] == 1 and entry["hints"] == 1
    assert isinstance(quiz.student_id(), str)
    progress.record("exercise", "03.2", "wrong")
    assert progress.read()["exercise"]["03.2"]["attempts"] >= 1
    assert progress.summary(CATALOGUE).shape[0] == 2
    assert "Traceback" not in capsys.readouterr().out


def test_a_saved_bare_status_still_counts(progress_file):
    progress_file.write_text(json.dumps({"exercise": {"03.2": "pass"}}))
    assert progress.read()["exercise"]["03.2"]["status"] == "pass"
    progress.record("exercise", "03.2", "wrong")
    assert progress.read()["exercise"]["03.2"]["status"] == "pass"


# --- a property test: malformed states and answers never give a traceback -------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
IDS = st.sampled_from(["00.1", "00.2", "03.2", "98.border", "98.drivers", ""])
RECORD = JSON | st.fixed_dictionaries(
    {},
    optional={
        "status": JSON | st.sampled_from(["pass", "wrong", "not answered"]),
        "attempts": JSON,
        "hints": JSON,
        "first_try": JSON,
    },
)
STATE = (
    st.dictionaries(
        st.sampled_from(["exercise", "quiz", "student", "forecasts", "other"]),
        JSON | st.dictionaries(IDS, RECORD, max_size=4),
        max_size=5,
    )
    | JSON
)
ANSWER = (
    JSON
    | st.sampled_from([..., float("nan"), float("inf"), "2", "¶4", "gabuev-2018-f01"])
    | st.lists(st.text(max_size=4))
)

TOY_BANK = """lesson: "98"
title: A toy bank
questions:
  - id: border
    level: recall
    question: How long?
    choices:
      - text: 2,600 miles
      - text: 1,000 miles
        why: Too short.
    answer: 2,600 miles
    explanation: He says so.
    source: gabuev-2018 ¶3
  - id: drivers
    level: understand
    kind: all
    question: Which?
    choices:
      - text: a
      - text: b
      - text: c
        why: Not c.
    answer: [a, b]
    explanation: Both.
    source: gabuev-2018 ¶4
"""


@pytest.fixture
def toy_quiz(tmp_path, monkeypatch):
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "98.yaml").write_text(TOY_BANK, encoding="utf-8")
    monkeypatch.setattr(quiz, "data_dir", lambda: tmp_path)
    return quiz.bank("98")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(state=STATE, answer=ANSWER, raw=st.booleans())
def test_malformed_states_and_answers_never_raise(progress_file, toy_quiz, monkeypatch, state, answer, raw):
    from entente_course import checks

    monkeypatch.delenv("ENTENTE_STRICT", raising=False)
    monkeypatch.setattr(quiz, "_SESSION_ID", [])
    monkeypatch.setattr(checks, "_HINTS_SHOWN", {})
    progress_file.write_text(json.dumps(state)[:-1] if raw else json.dumps(state))  # raw: cut, so not JSON
    progress.read()
    progress.record("exercise", "03.2", "wrong")
    progress.record_hints("03.2", 2)
    for exercise_id in ("00.1", "01.1", "03.5"):
        checks.evaluate(exercise_id, answer)
    checks.check("00.1", answer)
    checks.hint("00.1")
    progress.summary(CATALOGUE)
    progress.get_section("forecasts")
    quiz.order(toy_quiz, toy_quiz.question("border"))
    box = quiz.show("98")
    border, drivers = [c for c in box.children if "entente-quiz-question" in c._dom_classes]
    for widget in (border, drivers):
        widget.selected = [str(answer)[:10]] if not isinstance(answer, list) else [str(a) for a in answer]
        widget.check()
        widget.selected = list(widget.options)[:1]
        widget.check()
    for kind in ("exercise", "quiz"):
        assert all(isinstance(entry, dict) for entry in progress.read()[kind].values())
