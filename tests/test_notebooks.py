"""The notebooks themselves: generated lessons in sync, no outputs, the lesson template followed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from entente_course import checks, notebooks, quiz

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
ALL_NOTEBOOKS = SOLUTIONS + sorted((ROOT / "lessons").glob("*.ipynb"))
EXPECTED = [
    "00_start_here",
    "01_gabuev_2018",
    "02_gabuev_2019_thread",
    "03_gady_2018",
    "04_korolev_2017",
    "05_fridman_track2",
    "06_weighing_the_authors",
    "07_forecasts_scorecard",
    "08_capstone",
]


def test_every_solution_has_a_generated_lesson_in_sync():
    assert notebooks.build(ROOT, check=True) == []


def test_drift_is_reported_with_notebook_and_cell(tmp_path):
    for folder in ("solutions", "lessons"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    lesson = tmp_path / "lessons" / "01_gabuev_2018.ipynb"
    notebook = nbformat.read(lesson, as_version=4)
    notebook.cells[3].source += "\n# edited by hand"
    nbformat.write(notebook, lesson)
    drifts = notebooks.build(tmp_path, check=True)
    assert [str(d) for d in drifts] == [
        f"lessons/01_gabuev_2018.ipynb, cell 3: {notebook.cells[3].cell_type} cell differs from the generated version"
    ]
    notebooks.build(tmp_path)
    assert notebooks.build(tmp_path, check=True) == []


def test_solution_blocks_become_named_placeholders():
    solution = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "table = data.load('exercises')\n# BEGIN SOLUTION\nper_year = table.groupby('year').size()\nanswer = int(per_year.max())\n# END SOLUTION\ncheck('03.1', answer)"
            ),
            nbformat.v4.new_markdown_cell(
                "Your view?\n\n<!-- BEGIN SOLUTION -->\nA model answer.\n<!-- END SOLUTION -->"
            ),
        ]
    )
    student = notebooks.student_version(solution)
    assert (
        student.cells[0].source
        == "table = data.load('exercises')\nanswer = ...  # your code here\ncheck('03.1', answer)"
    )
    assert student.cells[1].source == "Your view?\n\n*Your answer here.*"


def test_an_unclosed_solution_block_is_an_error():
    solution = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# BEGIN SOLUTION\nanswer = 1")])
    with pytest.raises(notebooks.SolutionMarkerError, match="never closed"):
        notebooks.student_version(solution, "solutions/x.ipynb")


def test_the_course_has_all_nine_lessons():
    assert [p.stem for p in SOLUTIONS] == EXPECTED


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} cell {index} has outputs"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_lesson_follows_the_template(path):
    notebook = nbformat.read(path, as_version=4)
    number = path.name[:2]
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert notebook.cells[0].source.startswith(f"# {number} · "), "title must be '# NN · …'"
    assert "You will be able to" in markdown
    # The exact phrase "Estimated time: N minutes" (the computed time) is enforced in test_lesson_rules.py.
    assert re.search(r"\b\d{2} ?(–|-|to) ?\d{2} minutes|Estimated time:\**\s*\d+\s*minutes", markdown), (
        "estimated time missing"
    )
    for heading in ("## Quiz", "## Discuss", "## Key points"):
        assert heading in markdown, f"missing section {heading}"
    assert any(src.startswith("from entente_course import") for src in code), "setup cell missing"
    assert any(f'quiz.show("{number}")' in src for src in code), "quiz cell missing"
    assert len(quiz.bank(number).questions) >= 6
    for src in code:
        assert not re.search(r"^\s*(def|class) ", src, re.MULTILINE), "helpers belong in entente_course, not notebooks"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_lesson_checks_its_registered_exercises(path):
    number = path.name[:2]
    notebook = nbformat.read(path, as_version=4)
    used = set(
        re.findall(r'check\("(\d{2}\.\d+)"', "\n".join(c.source for c in notebook.cells if c.cell_type == "code"))
    )
    registered = {e for e in checks.exercises() if e.startswith(f"{number}.")}
    assert used == registered, "every registered exercise is checked in the lesson, and only those"
    assert len(used) >= (2 if number == "00" else 3)
    assert "altair" in "\n".join(c.source for c in notebook.cells) or "charts." in "\n".join(
        c.source for c in notebook.cells
    )


def test_build_stamps_lessons_and_check_cells_and_check_verifies_the_stamps(tmp_path):
    for folder in ("solutions", "lessons"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for path in sorted((tmp_path / "lessons").glob("*.ipynb")) + sorted((tmp_path / "solutions").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        assert notebook.metadata["entente"] == {"lesson": path.name[:2]}, path
        stamped = {cell.metadata["entente"]["exercise"] for cell in notebook.cells if "entente" in cell.metadata}
        assert stamped == {i for i in checks.exercises() if i.startswith(path.name[:2] + ".")}, path
    solution = tmp_path / "solutions" / "03_gady_2018.ipynb"
    notebook = nbformat.read(solution, as_version=4)
    del notebook.metadata["entente"]
    nbformat.write(notebook, solution)
    assert [str(d) for d in notebooks.build(tmp_path, check=True)] == [
        "solutions/03_gady_2018.ipynb: lacks its lesson and exercise stamps (metadata.entente)"
    ]
    notebooks.build(tmp_path)
    assert notebooks.build(tmp_path, check=True) == []


def test_a_cell_may_check_one_exercise_only():
    assert notebooks.checked_exercise("answer = 1\ncheck('03.1', answer)") == "03.1"
    assert notebooks.checked_exercise("print('check(\"03.1\", x)')") is None  # text, not a call
    with pytest.raises(notebooks.SolutionMarkerError, match="03.1, 03.2"):
        notebooks.checked_exercise("check('03.1', a)\ncheck('03.2', b)", "solutions/x.ipynb, cell 4")
