"""Quiz banks: graded without a browser, rendered as widgets, malformed banks rejected clearly."""

from __future__ import annotations

import textwrap

import pytest

from entente_course import data, quiz

GOOD = textwrap.dedent("""\
    lesson: "98"
    title: A test bank
    questions:
      - id: border
        question: How long is the border, in Gabuev's words?
        choices:
          - 1,000 miles
          - 2,600 miles
        answer: 2,600 miles
        explanation: He gives the length when explaining why both sides want calm.
        source: gabuev-2018 ¶3
      - id: patrol
        question: When was the first joint bomber patrol?
        choices: [23 July 2019, 1 May 2018]
        answer: 23 July 2019
        explanation: The thread describes it.
        source: gabuev-2019-thread post 2
""")


def write(tmp_path, text, name="98.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_grading_needs_no_browser(tmp_path):
    bank = quiz.load_bank(write(tmp_path, GOOD))
    right = bank.grade("border", "2,600 miles")
    wrong = bank.grade("border", "1,000 miles")
    assert right.correct and not wrong.correct
    assert right.source == "gabuev-2018 ¶3" and "calm" in wrong.explanation
    assert "Not quite" in wrong.text and "Source: gabuev-2018 ¶3" in wrong.text
    assert bank.score({"border": "2,600 miles", "patrol": "1 May 2018"}) == (1, 2)


def test_a_choice_that_is_not_offered_is_an_error(tmp_path):
    bank = quiz.load_bank(write(tmp_path, GOOD))
    with pytest.raises(quiz.QuizError, match="question 'border'.*not one of its choices"):
        bank.grade("border", "5 miles")


@pytest.mark.parametrize("broken, message", [
    (GOOD.replace("    answer: 2,600 miles\n", ""), "question 'border': there is no correct answer"),
    (GOOD.replace("answer: 2,600 miles", "answer: 3,000 miles"), "question 'border': the answer '3,000 miles' is not one of the choices"),
    (GOOD.replace("id: patrol", "id: border"), "question 'border': this id is used twice"),
    (GOOD.replace("    explanation: The thread describes it.\n", ""), "question 'patrol': 'explanation' is missing"),
    (GOOD.replace("source: gabuev-2018 ¶3", "source: paragraph three"), "question 'border': 'source' should be"),
    (GOOD.replace("choices: [23 July 2019, 1 May 2018]", "choices: [23 July 2019]"), "question 'patrol': 'choices' must be a list"),
    ("lesson: '98'\ntitle: x\nquestions: [\n", "not valid YAML"),
    ("lesson: '98'\ntitle: empty\nquestions: []\n", "non-empty list of 'questions'"),
])
def test_malformed_banks_name_file_and_question(tmp_path, broken, message):
    path = write(tmp_path, broken)
    with pytest.raises(quiz.QuizError) as error:
        quiz.load_bank(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_every_lesson_bank_is_valid_and_long_enough():
    banks = quiz.banks()
    assert banks, "no quiz banks found"
    for lesson, bank in banks.items():
        assert len(bank.questions) >= 6, f"quiz {lesson} has fewer than six questions"


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
                assert 1 <= number <= sources.loc[source_id, "paragraphs"], f"{bank.file} {question.id}: {question.source}"


def test_show_builds_one_widget_per_question_and_gives_feedback(tmp_path, monkeypatch, progress_file):
    monkeypatch.setattr(quiz, "data_dir", lambda: tmp_path)
    (tmp_path / "quizzes").mkdir()
    write(tmp_path / "quizzes", GOOD)
    shown = quiz.show("98")
    questions = [box for box in shown.children if "entente-quiz-question" in box._dom_classes]
    assert len(questions) == 2
    _, choices, button, feedback = questions[0].children
    button.click()
    assert "Choose an answer first" in feedback.value
    choices.value = "1,000 miles"
    button.click()
    assert "Not quite" in feedback.value and "gabuev-2018 ¶3" in feedback.value
    choices.value = "2,600 miles"
    button.click()
    assert "Correct" in feedback.value
    assert "98.border" in progress_file.read_text()
