"""Quiz banks: graded without a browser, shown in an order of each student's own, malformed banks refused."""

from __future__ import annotations

import importlib
import json
import sys
import textwrap
import types
from collections import Counter
from pathlib import Path

import pytest

from entente_course import data, quiz

from .scripts import load_script

ROOT = Path(__file__).resolve().parent.parent

GOOD = textwrap.dedent("""\
    lesson: "98"
    title: A test bank
    questions:
      - id: border
        level: recall
        question: How long is the border, in Gabuev's words?
        choices:
          - text: 2,600 miles
          - text: 1,000 miles
            why: That is far too short; he gives the length in ¶3.
          - text: 4,300 miles
            why: That is the length of another border.
          - text: 600 miles
            why: Far too short.
        answer: 2,600 miles
        explanation: He gives the length when explaining why both sides want calm.
        source: gabuev-2018 ¶3
      - id: drivers
        level: understand
        kind: all
        question: Which of these push the two states together?
        choices:
          - text: A shared wish to limit US power
          - text: Western sanctions on Russia
          - text: A common religion
            why: Neither author mentions religion as a driver.
          - text: Rivalry in Central Asia
            why: That pulls them apart; Gady lists it among the skeptics' points (¶4).
        answer: [A shared wish to limit US power, Western sanctions on Russia]
        explanation: Both push Moscow towards Beijing.
        source: gabuev-2018 ¶4
      - id: exercises-a-year
        level: apply
        kind: number
        question: How many joint exercises a year?
        compute: toy_count
        tolerance: 0.5
        unit: exercises a year
        explanation: Count the rows per year and take the mean.
        source: gady-2018-ewi ¶10
""")


@pytest.fixture(autouse=True)
def toy_numbers(monkeypatch):
    """A stand-in for entente_course/answers/quiz_numbers.py with one computing function."""
    try:
        module = importlib.import_module(quiz.NUMBERS_MODULE)
    except ImportError:  # the banks' module is not written yet
        module = types.ModuleType(quiz.NUMBERS_MODULE)
        monkeypatch.setitem(sys.modules, quiz.NUMBERS_MODULE, module)
    monkeypatch.setattr(module, "toy_count", lambda: 12.0, raising=False)
    return module


def write(tmp_path, text, name="98.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def bank(tmp_path):
    return quiz.load_bank(write(tmp_path, GOOD))


def test_the_objects_hold_the_new_format(bank):
    border, drivers, number = bank.questions
    assert border.level == "recall" and border.kind == "one" and border.answer == ("2,600 miles",)
    assert border.choices[0] == quiz.Choice("2,600 miles", None)
    assert border.choices[1].why.startswith("That is far too short")
    assert drivers.kind == "all" and drivers.answer == (
        "A shared wish to limit US power",
        "Western sanctions on Russia",
    )
    assert (number.kind, number.compute, number.tolerance, number.unit) == (
        "number",
        "toy_count",
        0.5,
        "exercises a year",
    )
    assert number.choices == () and number.answer == ()


def test_a_wrong_choice_shows_its_why_not_the_answer_and_a_right_one_the_explanation(bank):
    wrong = bank.grade("border", "1,000 miles")
    assert not wrong.correct and wrong.status == "wrong"
    assert "far too short" in wrong.text and "Try again" in wrong.text and "✗" in wrong.text
    assert "2,600" not in wrong.text and "both sides want calm" not in wrong.text
    right = bank.grade("border", "2,600 miles")
    assert right.correct and right.status == "pass" and right.text.startswith("✓ Correct.")
    assert "both sides want calm" in right.text and "Source: gabuev-2018 ¶3" in right.text
    assert bank.score({"border": "2,600 miles", "drivers": ["Western sanctions on Russia"]}) == (1, 3)


def test_choose_all_that_apply_names_what_is_missing_and_what_is_extra(bank):
    both = ["Western sanctions on Russia", "A shared wish to limit US power"]
    assert bank.grade("drivers", both).correct
    missing = bank.grade("drivers", ["Western sanctions on Russia"])
    assert not missing.correct and "missing one more right choice" in missing.text
    extra = bank.grade("drivers", [*both, "Rivalry in Central Asia"])
    assert not extra.correct and "1 of your choices should not be there" in extra.text
    assert "Rivalry in Central Asia" in extra.text and "skeptics' points (¶4)" in extra.text
    assert "missing" not in extra.text
    both_wrong = bank.grade("drivers", ["A common religion", "Rivalry in Central Asia"])
    assert "2 of your choices" in both_wrong.text and "2 more right choices" in both_wrong.text
    assert "mentions religion" in both_wrong.text
    assert not bank.grade("drivers", []).attempt


def test_a_number_is_graded_against_the_computed_answer_within_tolerance(bank, toy_numbers, monkeypatch):
    for answer in (12, 12.4, "12", " 11.6 ", "12.0"):
        result = bank.grade("exercises-a-year", answer)
        assert result.correct, answer
    assert "12 exercises a year" in bank.grade("exercises-a-year", 12).text
    assert "too high" in bank.grade("exercises-a-year", 13).text
    assert "too low" in bank.grade("exercises-a-year", "9").text
    words = bank.grade("exercises-a-year", "twelve")
    assert not words.correct and not words.attempt and "is not a number" in words.text and "digits" in words.text
    assert not bank.grade("exercises-a-year", "").attempt
    monkeypatch.setattr(
        toy_numbers, "toy_count", lambda: 1234.0
    )  # computed now, from the data, never pasted in the bank
    assert bank.grade("exercises-a-year", "1,234").correct


def test_a_choice_that_is_not_offered_is_an_error(bank):
    with pytest.raises(quiz.QuizError, match="question 'border'.*not one of its choices"):
        bank.grade("border", "5 miles")
    with pytest.raises(quiz.QuizError, match="question 'drivers'.*not one of its choices"):
        bank.grade("drivers", ["Western sanctions on Russia", "Trade"])
    with pytest.raises(quiz.QuizError, match="question 'border'.*not one of its choices"):
        bank.grade("border", 2600)


def test_a_computing_function_that_fails_is_reported_not_raised(bank, toy_numbers, monkeypatch):
    monkeypatch.setattr(toy_numbers, "toy_count", lambda: 1 / 0)
    result = bank.grade("exercises-a-year", "12")
    assert not result.attempt and "could not compute" in result.text and "not your mistake" in result.text


WHY = "        why: That is far too short; he gives the length in ¶3.\n"


@pytest.mark.parametrize(
    "broken, message",
    [
        (
            GOOD.replace("      - text: 2,600 miles\n", "      - text: 2,600 miles\n        why: It is right.\n"),
            "question 'border': the right choice '2,600 miles' has a 'why'",
        ),
        (GOOD.replace(WHY, ""), "question 'border': the wrong choice '1,000 miles' has no 'why'"),
        (
            GOOD.replace("    compute: toy_count\n", ""),
            "question 'exercises-a-year': a numeric question needs 'compute'",
        ),
        (
            GOOD.replace("compute: toy_count", "compute: no_such_function"),
            "question 'exercises-a-year': 'compute' names 'no_such_function', which is not a function",
        ),
        (GOOD.replace("kind: all", "kind: several"), "question 'drivers': unknown kind 'several'"),
        (GOOD.replace("level: recall", "level: remember"), "question 'border': unknown level 'remember'"),
        (GOOD.replace("    level: recall\n", ""), "question 'border': unknown level None"),
        (
            GOOD.replace("answer: 2,600 miles", "answer: 3,000 miles"),
            "question 'border': the answer '3,000 miles' is not one of the choices",
        ),
        (
            GOOD.replace("Western sanctions on Russia]", "Trade]"),
            "question 'drivers': the answer 'Trade' is not one of the choices",
        ),
        (GOOD.replace("    answer: 2,600 miles\n", ""), "question 'border': there is no correct answer"),
        (GOOD.replace("answer: 2,600 miles", "answer: [2,600 miles, 600 miles]"), "kind 'one' has one answer"),
        (GOOD.replace("id: drivers", "id: border"), "question 'border': this id is used twice"),
        (
            GOOD.replace("    explanation: Both push Moscow towards Beijing.\n", ""),
            "question 'drivers': 'explanation' is missing",
        ),
        (GOOD.replace("source: gabuev-2018 ¶3", "source: paragraph three"), "question 'border': 'source' should be"),
        (
            GOOD.replace("      - text: 2,600 miles\n", "      - 2,600 miles\n"),
            "question 'border': choice 1 should be a mapping",
        ),
        (
            GOOD.replace("    tolerance: 0.5\n", "    tolerance: 0.5\n    answer: 12\n"),
            "question 'exercises-a-year': a numeric question has no 'answer'",
        ),
        (GOOD.replace("tolerance: 0.5", "tolerance: -1"), "'tolerance' should be a number of 0 or more"),
        (
            GOOD.replace("    answer: 2,600 miles\n", "    answer: 2,600 miles\n    compute: toy_count\n"),
            "question 'border': 'compute' is for numeric questions",
        ),
        (
            GOOD.replace("    level: recall\n", "    level: recall\n    hint: read ¶3\n"),
            "question 'border': unknown field(s) hint",
        ),
        ("lesson: '98'\ntitle: x\nquestions: [\n", "not valid YAML"),
        ("lesson: '98'\ntitle: empty\nquestions: []\n", "non-empty list of 'questions'"),
    ],
)
def test_malformed_banks_are_refused_with_file_and_question_named(tmp_path, broken, message):
    path = write(tmp_path, broken)
    with pytest.raises(quiz.QuizError) as error:
        quiz.load_bank(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_a_question_id_used_in_two_banks_is_refused(tmp_path, monkeypatch):
    first = write(tmp_path, GOOD, "97.yaml")
    second = write(
        tmp_path, GOOD.replace('lesson: "98"', 'lesson: "99"').replace("id: drivers", "id: others"), "99.yaml"
    )
    monkeypatch.setattr(quiz, "bank_files", lambda: [first, second])
    with pytest.raises(quiz.QuizError, match=f"{second}, question 'border': this id is also used in {first}"):
        quiz.banks()


# --- the order each student sees -----------------------------------------------------------------


def test_order_is_stable_for_a_student_across_restarts_and_differs_between_students(bank, progress_file, monkeypatch):
    monkeypatch.delenv("ENTENTE_QUIZ_SEED", raising=False)
    monkeypatch.setattr(quiz, "_SESSION_ID", [])
    border = bank.question("border")
    mine = quiz.order(bank, border)
    assert sorted(mine) == sorted(c.text for c in border.choices)
    assert quiz.order(bank, border) == mine  # a re-run
    student = json.loads(progress_file.read_text())["student"]["id"]
    assert len(student) >= 16 and "@" not in student  # a random id, kept in the progress file, nothing personal
    monkeypatch.setattr(quiz, "_SESSION_ID", [])  # a kernel restart forgets everything but the file
    assert quiz.student_id() == student and quiz.order(bank, border) == mine
    orders = {quiz.order(bank, border, student=s) for s in ("student-a", "student-b", "student-c")}
    assert len(orders) > 1, "two students should not all see the same order"
    assert quiz.order(bank, border, student="student-a") != quiz.order(bank, border, student="student-b")


def test_the_seed_variable_fixes_the_order(bank, progress_file, monkeypatch):
    monkeypatch.setenv("ENTENTE_QUIZ_SEED", "instructor")
    border = bank.question("border")
    assert quiz.student_id() == "instructor"
    assert quiz.order(bank, border) == quiz.order(bank, border, student="instructor")
    assert "student" not in json.loads(progress_file.read_text() if progress_file.exists() else "{}")


def test_the_right_answer_is_anywhere_with_about_equal_chance(bank):
    border = bank.question("border")
    seeds = 800
    positions = Counter(quiz.order(bank, border, student=f"s{n}").index("2,600 miles") for n in range(seeds))
    expected = seeds / len(border.choices)
    chi_square = sum((positions[p] - expected) ** 2 / expected for p in range(len(border.choices)))
    assert chi_square < 16.27, positions  # the 0.1 % critical value with 3 degrees of freedom


def test_a_malformed_student_section_gets_a_new_id(bank, progress_file, monkeypatch):
    monkeypatch.delenv("ENTENTE_QUIZ_SEED", raising=False)
    monkeypatch.setattr(quiz, "_SESSION_ID", [])
    progress_file.write_text(json.dumps({"student": [1, 2]}))
    student = quiz.student_id()
    assert isinstance(student, str) and json.loads(progress_file.read_text())["student"] == {"id": student}


# --- the widget ---------------------------------------------------------------------------------


def shown(tmp_path, monkeypatch):
    monkeypatch.setattr(quiz, "data_dir", lambda: tmp_path)
    (tmp_path / "quizzes").mkdir(exist_ok=True)
    write(tmp_path / "quizzes", GOOD)
    box = quiz.show("98")
    questions = [child for child in box.children if "entente-quiz-question" in child._dom_classes]
    score = box.children[-1]
    return questions, score


def test_show_gives_feedback_records_progress_and_keeps_the_score(tmp_path, monkeypatch, progress_file):
    monkeypatch.setenv("ENTENTE_QUIZ_SEED", "fixed")
    questions, score = shown(tmp_path, monkeypatch)
    assert len(questions) == 3
    border, drivers, number = questions
    assert border.prompt == "1. How long is the border, in Gabuev's words?"
    assert "(choose all that apply)" in drivers.prompt and drivers.kind == "all"
    assert number.kind == "number" and number.unit == "exercises a year"
    assert tuple(border.options) == quiz.order(quiz.bank("98"), quiz.bank("98").question("border"), student="fixed")
    assert "0 of 3 right on the first try" in score.value

    border.check()
    assert border.feedback == "Choose an answer first."
    border.selected = ["1,000 miles"]
    border.check()
    assert "far too short" in border.feedback and "✗" in border.feedback
    border.selected = ["2,600 miles"]
    border.check()
    assert "✓ Correct" in border.feedback and "both sides want calm" in border.feedback
    saved = json.loads(progress_file.read_text())["quiz"]["98.border"]
    assert (saved["status"], saved["attempts"], saved["first_try"]) == ("pass", 2, False)
    assert "0 of 3 right on the first try (1 of 3 answered)" in score.value

    number.selected = ["twelve"]
    number.check()
    assert "is not a number" in number.feedback and "98.exercises-a-year" not in progress_file.read_text()
    number.selected = ["12"]
    number.check()
    assert "1 of 3 right on the first try (2 of 3 answered)" in score.value
    drivers.selected = ["Western sanctions on Russia"]
    drivers.check()
    assert "missing one more" in drivers.feedback
    assert json.loads(progress_file.read_text())["quiz"]["98.drivers"]["first_try"] is False


def test_the_score_line_remembers_first_tries_after_a_restart(tmp_path, monkeypatch, progress_file):
    questions, _ = shown(tmp_path, monkeypatch)
    questions[0].selected = ["2,600 miles"]
    questions[0].check()
    _, score = shown(tmp_path, monkeypatch)
    assert "1 of 3 right on the first try (1 of 3 answered)" in score.value


def test_the_quiz_works_when_progress_cannot_be_saved(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ENTENTE_PROGRESS", str(blocker / "progress.json"))  # its folder is a file
    questions, score = shown(tmp_path, monkeypatch)
    questions[0].selected = ["2,600 miles"]
    questions[0].check()
    assert "✓ Correct" in questions[0].feedback and "1 of 3 right on the first try" in score.value


def test_the_widget_speaks_its_feedback_in_a_labelled_group():
    from entente_course import _quiz_widget

    esm = _quiz_widget.QuestionWidget._esm
    for part in (
        'createElement("fieldset")',
        'createElement("legend")',
        'setAttribute("role", "status")',
        'setAttribute("aria-live", "polite")',
        "input.name = name",
        '"checkbox" : "radio"',
        '"data-lm-suppress-shortcuts"',
    ):
        assert part in esm, part


# --- the real banks ------------------------------------------------------------------------------


def test_every_lesson_bank_loads():
    banks = quiz.banks()
    assert banks, "no quiz banks found"
    lessons = sorted(p.name.split("_")[0] for p in (ROOT / "solutions").glob("[0-9]*.ipynb"))
    assert not set(lessons) - set(banks), f"lessons without a quiz bank: {sorted(set(lessons) - set(banks))}"
    for lesson, item in banks.items():
        assert item.file == f"data/quizzes/{lesson}.yaml", f"{item.file} says it is lesson {lesson}"


def test_every_quiz_source_exists_and_locator_is_within_the_text():
    sources = data.load("sources").set_index("id")
    for bank in quiz.banks().values():
        for question in bank.questions:
            match = quiz.LOCATOR.match(question.source)
            assert match is not None, f"{bank.file} question {question.id}: bad source {question.source!r}"
            source_id, where = match.group("source"), match.group("where")
            assert source_id in sources.index, f"{bank.file} question {question.id}: unknown source {source_id}"
            if where:
                number = int(where.split()[-1].lstrip("¶"))
                assert 1 <= number <= sources.loc[source_id, "paragraphs"], (
                    f"{bank.file} {question.id}: {question.source}"
                )


def test_every_real_question_grades_its_answer_right_and_each_wrong_choice_with_its_why():
    for bank in quiz.banks().values():
        for question in bank.questions:
            where = f"{bank.file} question {question.id}"
            if question.kind == "number":
                expected = question.expected()
                assert bank.grade(question.id, expected).correct, where
                assert bank.grade(question.id, str(expected)).correct, where
                assert not bank.grade(question.id, expected + question.tolerance + 1).correct, where
                continue
            right = list(question.answer) if question.kind == "all" else question.answer[0]
            assert bank.grade(question.id, right).correct, where
            for choice in question.choices:
                if choice.why:
                    given = [*question.answer, choice.text] if question.kind == "all" else choice.text
                    result = bank.grade(question.id, given)
                    assert not result.correct and choice.why in result.text, f"{where}: {choice.text}"
                    assert question.explanation not in result.text, where


def test_the_check_button_message_from_the_browser_grades(tmp_path, monkeypatch, progress_file):
    questions, score = shown(tmp_path, monkeypatch)
    border = questions[0]
    border.selected = ["1,000 miles"]
    border._message(border, {"event": "check"}, [])  # what the page sends when Check is pressed
    assert "far too short" in border.feedback
    border._message(border, {"event": "something else"}, [])
    assert "0 of 3 right on the first try (1 of 3 answered)" in score.value


def test_the_quiz_report_gives_one_line_per_bank():
    module = load_script("tools/quiz_report.py")
    lines = module.report(20)
    assert len(lines) == 1 + len(quiz.banks())
    assert all(line.split()[0] in quiz.banks() for line in lines[1:])
