"""The rules every quiz bank keeps (issue 8, item 5), measured on the YAML itself.

The banks are read directly, not through ``entente_course.quiz``, so these rules hold whatever the engine
does with them. ``problems(name, bank)`` lists what is wrong with one bank, each line naming the bank and
the question; the tests run it on every bank in ``data/quizzes/`` and, to show it can fail, on a broken bank.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from entente_course import data
from entente_course.answers import quiz_numbers

ROOT = Path(__file__).resolve().parent.parent
BANKS = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))
LEVELS = ("recall", "understand", "apply", "analyse")
KINDS = ("one", "all", "number")
SOURCE = re.compile(r"^(?P<id>[a-z0-9][a-z0-9.-]*)(?: (?P<mark>¶|post )(?P<number>\d+))?$")
# A locator written in prose: an optional source id, then ¶N, ¶N–M, post N or posts N–M.
PROSE_LOCATOR = re.compile(
    r"(?:(?P<id>[a-z][a-z0-9-]*[a-z0-9]) )?(?P<mark>¶|posts? )(?P<first>\d+)(?:[–-](?P<last>\d+))?"
)
MAX_WHY_WORDS = 60  # one or two sentences


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def kind(question: dict) -> str:
    return question.get("kind", "one")


def texts(question: dict) -> list[str]:
    return [str(choice.get("text")) for choice in question.get("choices") or [] if isinstance(choice, dict)]


def right(question: dict) -> list[str]:
    answer = question.get("answer")
    return [str(a) for a in answer] if isinstance(answer, list) else [str(answer)]


def answer_is_longest(question: dict) -> bool:
    """The length cue: a right choice is as long as the longest choice, counted in characters."""
    if kind(question) == "number" or not texts(question):
        return False
    longest = max(len(t) for t in texts(question))
    return any(len(t) == longest for t in right(question))


def _locator_problem(source_id: str, mark: str, number: int, sources: pd.DataFrame) -> str | None:
    if source_id not in sources.index:
        return f"unknown source id {source_id!r}"
    if mark.startswith("post") and source_id != "gabuev-2019-thread":
        return f"only the thread has posts, not {source_id}"
    paragraphs = sources.loc[source_id, "paragraphs"]
    if pd.isna(paragraphs):
        return f"{source_id} has no numbered paragraphs"
    if not 1 <= number <= int(paragraphs):
        return f"{source_id} has {int(paragraphs)} paragraphs, not {number}"
    return None


def question_problems(q: dict, sources: pd.DataFrame) -> list[str]:
    """What is wrong with one question, as phrases (the caller adds the bank and the question id)."""
    found: list[str] = []
    for key in ("id", "question", "explanation", "source"):
        if not str(q.get(key) or "").strip():
            found.append(f"'{key}' is missing")
    if q.get("level") not in LEVELS:
        found.append(f"level {q.get('level')!r} is not one of {', '.join(LEVELS)}")
    if kind(q) not in KINDS:
        return found + [f"kind {kind(q)!r} is not one of {', '.join(KINDS)}"]
    if kind(q) == "number":
        if q.get("choices") or "answer" in q:
            found.append("a number question has no choices and no answer (the answer is computed)")
        function = getattr(quiz_numbers, str(q.get("compute")), None)
        value = function() if callable(function) else None
        if not callable(function):
            found.append(f"compute {q.get('compute')!r} is not a function of quiz_numbers")
        elif not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            found.append(f"{q['compute']}() returned {value!r}, not a number")
        tolerance = q.get("tolerance")
        if not isinstance(tolerance, (int, float)) or isinstance(tolerance, bool) or tolerance <= 0:
            found.append("tolerance must be a positive number")
        if not str(q.get("unit") or "").strip():
            found.append("a number question names its unit")
    else:
        found += _choice_problems(q)
    found += _source_problems(q, sources)
    return found


def _choice_problems(q: dict) -> list[str]:
    found: list[str] = []
    choices = q.get("choices") or []
    if "compute" in q:
        found.append("only number questions have 'compute'")
    if len(choices) < 3 or not all(isinstance(c, dict) and str(c.get("text") or "").strip() for c in choices):
        return found + ["at least three choices, each a mapping with a 'text'"]
    if len(set(texts(q))) != len(texts(q)):
        found.append("two choices are the same")
    answers = right(q)
    if not set(answers) <= set(texts(q)):
        found.append(f"an answer is not one of the choices: {answers}")
    if kind(q) == "one" and isinstance(q.get("answer"), list):
        found.append("kind one has a single answer, not a list")
    if kind(q) == "all" and not (isinstance(q.get("answer"), list) and 2 <= len(answers) < len(choices)):
        found.append("choose-all needs a list of at least two right choices and at least one wrong one")
    for choice in choices:
        why = " ".join(str(choice.get("why") or "").split())
        if choice["text"] in answers and why:
            found.append(f"the right choice {choice['text']!r} has a why")
        elif choice["text"] not in answers and not why:
            found.append(f"the wrong choice {choice['text']!r} has no why")
        elif len(why.split()) > MAX_WHY_WORDS:
            found.append(f"the why of {choice['text']!r} is longer than two sentences need")
        elif why and why == " ".join(str(q.get("explanation") or "").split()):
            found.append(f"the why of {choice['text']!r} repeats the explanation")
    return found


def _source_problems(q: dict, sources: pd.DataFrame) -> list[str]:
    match = SOURCE.match(str(q.get("source") or ""))
    if not match:
        return [f"source {q.get('source')!r} is not 'id', 'id ¶N' or 'id post N'"]
    own = match.group("id")
    if own not in sources.index:
        return [f"unknown source id {own!r}"]
    found = []
    if match.group("mark"):
        problem = _locator_problem(own, match.group("mark"), int(match.group("number")), sources)
        found += [f"source {q['source']!r}: {problem}"] if problem else []
    prose = [str(q.get("question") or ""), str(q.get("explanation") or "")]
    prose += [str(c.get(key) or "") for c in q.get("choices") or [] if isinstance(c, dict) for key in ("text", "why")]
    for text in prose:
        for located in PROSE_LOCATOR.finditer(text):
            source_id = located.group("id") if located.group("id") in sources.index else own
            numbers = {int(located.group("first")), int(located.group("last") or located.group("first"))}
            for number in sorted(numbers):
                problem = _locator_problem(source_id, located.group("mark"), number, sources)
                if problem:
                    found.append(f"{located.group(0)!r} (read as {source_id}): {problem}; name the text it is in")
    return found


def problems(name: str, bank: dict, sources: pd.DataFrame) -> list[str]:
    """Every rule a bank breaks, one line each, naming the bank and the question."""
    qs = bank.get("questions") or []
    found = [f"{name}: 'lesson' should be \"{Path(name).stem}\""] if str(bank.get("lesson")) != Path(name).stem else []
    if not str(bank.get("title") or "").strip():
        found.append(f"{name}: the bank has no title")
    if len(qs) < 8:
        found.append(f"{name}: {len(qs)} questions (8 at least)")
    for q in qs:
        found += [f"{name} {q.get('id')}: {problem}" for problem in question_problems(q, sources)]
    above = [q.get("id") for q in qs if q.get("level") in LEVELS[1:]]
    if 2 * len(above) < len(qs):
        found.append(f"{name}: only {len(above)} of {len(qs)} questions above recall (half at least)")
    deep = [q.get("id") for q in qs if q.get("level") in ("apply", "analyse")]
    if len(deep) < 2:
        found.append(f"{name}: {len(deep)} apply/analyse questions (2 at least)")
    longest = [q.get("id") for q in qs if answer_is_longest(q)]
    if 3 * len(longest) > len(qs):
        found.append(
            f"{name}: the right answer is the longest choice in {len(longest)} of {len(qs)} "
            f"questions (a third at most): {', '.join(map(str, longest))}"
        )
    ones = [q for q in qs if kind(q) == "one" and right(q)[0] in texts(q)]
    positions = [texts(q).index(right(q)[0]) for q in ones]
    first = [q.get("id") for q, position in zip(ones, positions) if position == 0]
    if 2 * len(first) > len(positions):
        found.append(f"{name}: the right answer is the first choice in {', '.join(map(str, first))}")
    if ones and len(set(positions)) < 3:
        found.append(f"{name}: the right answer sits only at positions {sorted(set(positions))} of the file")
    explanations: dict[str, str] = {}
    for q in qs:
        explanation = " ".join(str(q.get("explanation") or "").split())
        if explanation in explanations:
            found.append(f"{name} {q.get('id')}: the same explanation as {explanations[explanation]}")
        explanations[explanation] = str(q.get("id"))
    return found


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return data.load("sources").set_index("id")


def test_there_is_a_bank_for_every_lesson():
    lessons = {path.name[:2] for path in (ROOT / "solutions").glob("[0-9]*.ipynb")}
    banks = {path.stem for path in BANKS}
    assert lessons <= banks, f"lessons without a quiz bank: {sorted(lessons - banks)}"


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_bank_keeps_the_rules(path, sources):
    found = problems(path.name, load(path), sources)
    assert not found, "\n".join(found)


def test_no_question_is_repeated_across_banks():
    ids: dict[str, str] = {}
    wordings: dict[str, str] = {}
    repeated = []
    for path in BANKS:
        for q in load(path)["questions"]:
            where = f"{path.name} {q['id']}"
            wording = re.sub(r"\W+", " ", str(q["question"]).lower()).strip()
            if q["id"] in ids:
                repeated.append(f"{where}: the id is also used in {ids[q['id']]}")
            if wording in wordings:
                repeated.append(f"{where}: the same question is asked in {wordings[wording]}")
            ids.setdefault(q["id"], where)
            wordings.setdefault(wording, where)
    assert not repeated, "\n".join(repeated)


def test_the_banks_use_every_kind_and_every_compute_function():
    questions = [q for path in BANKS for q in load(path)["questions"]]
    assert {"one", "all", "number"} <= {kind(q) for q in questions}
    used = {q["compute"] for q in questions if kind(q) == "number"}
    unused = set(quiz_numbers.__all__) - used
    assert not unused, f"quiz_numbers functions no bank uses: {sorted(unused)}"


def test_the_checks_catch_a_broken_bank(sources):
    """A bank that breaks each rule once gets one line per rule, naming the bank and the question."""
    good = {"text": "Hold contacts and consultations at once"}
    bank = {
        "lesson": "99",
        "title": "broken",
        "questions": [
            {
                "id": "no-why",
                "level": "recall",
                "question": "Q1?",
                "source": "gady-2018-ewi ¶8",
                "explanation": "E1",
                "choices": [good, {"text": "Come to the other's defence at once"}, {"text": "x", "why": "w"}],
                "answer": good["text"],
            },
            {
                "id": "why-on-right",
                "level": "recall",
                "question": "Q2?",
                "source": "gady-2018-ewi ¶99",
                "explanation": "E2",
                "answer": "Short",
                "choices": [{"text": "Short", "why": "w"}, {"text": "b", "why": "w"}, {"text": "c", "why": "w"}],
            },
            {
                "id": "bad-number",
                "level": "apply",
                "kind": "number",
                "question": "Q3?",
                "compute": "no_such_function",
                "tolerance": 0,
                "source": "korolev-2017 post 3",
                "explanation": "E1",
            },
            {
                "id": "bad-level",
                "level": "evaluate",
                "question": "Q4 (¶40)?",
                "source": "gabuev-2018",
                "explanation": "E4",
                "choices": [good, {"text": "b", "why": "w"}, {"text": "c", "why": "w"}],
                "answer": good["text"],
            },
        ],
    }
    found = "\n".join(problems("99.yaml", bank, sources))
    for expected in (
        '99.yaml no-why: the wrong choice "Come to the other\'s defence at once" has no why',
        "99.yaml why-on-right: the right choice 'Short' has a why",
        "99.yaml why-on-right: source 'gady-2018-ewi ¶99': gady-2018-ewi has 16 paragraphs, not 99",
        "99.yaml bad-number: compute 'no_such_function' is not a function of quiz_numbers",
        "99.yaml bad-number: tolerance must be a positive number",
        "99.yaml bad-number: a number question names its unit",
        "99.yaml bad-number: source 'korolev-2017 post 3': only the thread has posts, not korolev-2017",
        "99.yaml bad-level: level 'evaluate' is not one of",
        "99.yaml bad-level: '¶40' (read as gabuev-2018): gabuev-2018 has 16 paragraphs, not 40",
        "99.yaml: 4 questions (8 at least)",
        "99.yaml: only 1 of 4 questions above recall",
        "99.yaml: 1 apply/analyse questions (2 at least)",
        "99.yaml: the right answer is the longest choice in 3 of 4 questions",
        "99.yaml: the right answer is the first choice in no-why, why-on-right, bad-level",
        "99.yaml bad-number: the same explanation as no-why",
    ):
        assert expected in found, f"not reported: {expected}\n--- reported:\n{found}"
