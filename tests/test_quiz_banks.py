"""The rules every quiz bank keeps (issue 8, item 5), measured on the YAML itself.

The banks are read directly, not through ``entente_course.quiz``, so these rules hold whatever the
engine does with them. Every failure names the bank and the question.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

from entente_course import data
from entente_course.answers import quiz_numbers

ROOT = Path(__file__).resolve().parent.parent
BANKS = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))
LEVELS = ("recall", "understand", "apply", "analyse")
KINDS = ("one", "all", "number")
SOURCE = re.compile(r"^(?P<id>[a-z0-9][a-z0-9.-]*)(?: (?P<where>¶\d+|post \d+))?$")
# A locator written in prose: an optional source id, then ¶N, ¶N–M or post N (posts N–M).
PROSE_LOCATOR = re.compile(r"(?:(?P<id>[a-z][a-z0-9-]*[a-z0-9]) )?(?P<mark>¶|posts? )(?P<first>\d+)(?:[–-](?P<last>\d+))?")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def questions(path: Path) -> list[dict]:
    return load(path)["questions"]


def kind(question: dict) -> str:
    return question.get("kind", "one")


def texts(question: dict) -> list[str]:
    return [str(choice["text"]) for choice in question.get("choices") or []]


def right(question: dict) -> list[str]:
    answer = question.get("answer")
    return [str(a) for a in answer] if isinstance(answer, list) else [str(answer)]


def answer_is_longest(question: dict) -> bool:
    """The length cue: the (a) right choice is as long as the longest choice, counted in characters."""
    if kind(question) == "number":
        return False
    longest = max(len(t) for t in texts(question))
    return any(len(t) == longest for t in right(question))


@pytest.fixture(scope="module")
def sources():
    return data.load("sources").set_index("id")


def test_there_is_a_bank_for_every_lesson():
    lessons = {path.name[:2] for path in (ROOT / "solutions").glob("*.ipynb")}
    banks = {path.stem for path in BANKS}
    assert lessons <= banks, f"lessons without a quiz bank: {sorted(lessons - banks)}"


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_bank_header_and_size(path):
    bank = load(path)
    assert str(bank.get("lesson")) == path.stem, f"{path.name}: 'lesson' should be \"{path.stem}\""
    assert str(bank.get("title", "")).strip(), f"{path.name}: the bank has no title"
    assert len(bank["questions"]) >= 8, f"{path.name}: {len(bank['questions'])} questions (8 at least)"


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_levels_ask_more_than_recall(path):
    qs = questions(path)
    for q in qs:
        assert q.get("level") in LEVELS, f"{path.name} {q.get('id')}: level {q.get('level')!r} is not one of {LEVELS}"
    above = [q["id"] for q in qs if q["level"] != "recall"]
    assert 2 * len(above) >= len(qs), f"{path.name}: only {len(above)} of {len(qs)} questions above recall"
    deep = [q["id"] for q in qs if q["level"] in ("apply", "analyse")]
    assert len(deep) >= 2, f"{path.name}: {len(deep)} apply/analyse questions (2 at least): {deep}"


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_every_question_is_well_formed(path):
    for q in questions(path):
        where = f"{path.name} {q.get('id')}"
        for key in ("id", "question", "explanation", "source"):
            assert str(q.get(key, "")).strip(), f"{where}: '{key}' is missing"
        assert kind(q) in KINDS, f"{where}: kind {kind(q)!r} is not one of {KINDS}"
        if kind(q) == "number":
            assert not q.get("choices"), f"{where}: a number question has no choices"
            assert "answer" not in q, f"{where}: a number question's answer is computed, never written in the bank"
            function = getattr(quiz_numbers, str(q.get("compute")), None)
            assert callable(function), f"{where}: compute {q.get('compute')!r} is not a function of quiz_numbers"
            value = function()
            assert isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value), \
                f"{where}: {q['compute']}() returned {value!r}, not a number"
            tolerance = q.get("tolerance")
            assert isinstance(tolerance, (int, float)) and tolerance > 0, f"{where}: tolerance must be a positive number"
            assert str(q.get("unit", "")).strip(), f"{where}: a number question names its unit"
            continue
        assert "compute" not in q, f"{where}: only number questions have 'compute'"
        choices = q.get("choices") or []
        assert len(choices) >= 3, f"{where}: {len(choices)} choices (3 at least)"
        assert all(isinstance(c, dict) and str(c.get("text", "")).strip() for c in choices), \
            f"{where}: every choice is a mapping with a 'text'"
        assert len(set(texts(q))) == len(texts(q)), f"{where}: two choices are the same"
        answers = right(q)
        assert set(answers) <= set(texts(q)), f"{where}: an answer is not one of the choices: {answers}"
        if kind(q) == "one":
            assert not isinstance(q.get("answer"), list), f"{where}: kind one has a single answer"
        else:
            assert isinstance(q.get("answer"), list) and len(answers) >= 2 and len(answers) < len(choices), \
                f"{where}: choose-all needs a list of at least two right choices and at least one wrong one"
        for choice in choices:
            why = str(choice.get("why") or "").strip()
            if choice["text"] in answers:
                assert not why, f"{where}: the right choice {choice['text']!r} has a why"
            else:
                assert why, f"{where}: the wrong choice {choice['text']!r} has no why"
                assert len(why.split()) <= 60, f"{where}: the why of {choice['text']!r} is longer than two sentences need"


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_explanations_are_specific(path):
    qs = questions(path)
    seen: dict[str, str] = {}
    for q in qs:
        explanation = " ".join(str(q["explanation"]).split())
        assert explanation not in seen, f"{path.name} {q['id']}: same explanation as {seen.get(explanation)}"
        seen[explanation] = q["id"]
        whys = {" ".join(str(c.get("why") or "").split()) for c in q.get("choices") or []}
        assert explanation not in whys, f"{path.name} {q['id']}: the explanation repeats a wrong choice's why"


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_the_answer_gives_no_length_or_position_cue(path):
    qs = questions(path)
    longest = [q["id"] for q in qs if answer_is_longest(q)]
    assert 3 * len(longest) <= len(qs), \
        f"{path.name}: the right answer is the longest choice in {len(longest)} of {len(qs)} questions: {longest}"
    positions = [texts(q).index(right(q)[0]) for q in qs if kind(q) == "one"]
    first = [q["id"] for q in qs if kind(q) == "one" and texts(q).index(right(q)[0]) == 0]
    assert 2 * len(first) <= len(positions), f"{path.name}: the right answer is first in {first}"
    assert len(set(positions)) >= 3, f"{path.name}: the right answer sits only at positions {sorted(set(positions))}"


def test_no_question_is_repeated_across_banks():
    ids: dict[str, str] = {}
    wordings: dict[str, str] = {}
    for path in BANKS:
        for q in questions(path):
            where = f"{path.name} {q['id']}"
            assert q["id"] not in ids, f"{where}: the id is also used in {ids.get(q['id'])}"
            ids[q["id"]] = where
            wording = re.sub(r"\W+", " ", str(q["question"]).lower()).strip()
            assert wording not in wordings, f"{where}: the same question is asked in {wordings.get(wording)}"
            wordings[wording] = where


def test_the_banks_use_every_kind():
    kinds = [kind(q) for path in BANKS for q in questions(path)]
    assert {"one", "all", "number"} <= set(kinds), f"kinds used: {sorted(set(kinds))}"


def _check_locator(source_id: str, mark: str, number: int, sources, where: str) -> None:
    assert source_id in sources.index, f"{where}: unknown source id {source_id!r}"
    if mark.startswith("post"):
        assert source_id == "gabuev-2019-thread", f"{where}: only the thread has posts, not {source_id}"
    paragraphs = sources.loc[source_id, "paragraphs"]
    assert not pd_isna(paragraphs), f"{where}: {source_id} has no numbered paragraphs"
    assert 1 <= number <= int(paragraphs), f"{where}: {source_id} has {int(paragraphs)} paragraphs, not {number}"


def pd_isna(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "nan")


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_sources_and_locators_exist(path, sources):
    for q in questions(path):
        where = f"{path.name} {q['id']}"
        match = SOURCE.match(str(q["source"]))
        assert match, f"{where}: source {q['source']!r} is not 'id', 'id ¶N' or 'id post N'"
        own = match.group("id")
        assert own in sources.index, f"{where}: unknown source id {own!r}"
        if match.group("where"):
            locator = match.group("where")
            _check_locator(own, locator[:-len(locator.lstrip("¶post "))], int(locator.lstrip("¶post ")), sources, where)
        prose = [str(q["question"]), str(q["explanation"])]
        prose += [str(c.get(key) or "") for c in q.get("choices") or [] for key in ("text", "why")]
        for text in prose:
            for found in PROSE_LOCATOR.finditer(text):
                source_id = found.group("id") if found.group("id") in sources.index else own
                if source_id not in sources.index or pd_isna(sources.loc[source_id, "paragraphs"]):
                    raise AssertionError(f"{where}: the locator {found.group(0)!r} does not say which text it is in")
                for number in {int(found.group("first")), int(found.group("last") or found.group("first"))}:
                    _check_locator(source_id, found.group("mark"), number, sources, f"{where} ({found.group(0)!r})")
