"""Generate the student notebooks (``lessons/``) from the instructor notebooks (``solutions/``).

The solutions are the one source of truth. In a code cell, the lines from ``# BEGIN SOLUTION`` to
``# END SOLUTION`` become one placeholder that keeps the answer's name (``answer = ...  # your code
here``), so the student's notebook still runs top to bottom and ``check`` can say "not answered yet".
In a markdown cell, ``<!-- BEGIN SOLUTION -->`` … ``<!-- END SOLUTION -->`` (a model answer) becomes a
prompt to write one's own.

``entente build`` also stamps each solution and lesson notebook with ``metadata.entente.lesson`` and each
cell that calls ``check("NN.k", …)`` with ``metadata.entente.exercise``, so the grader knows a submission
and its check cells by their metadata, whatever the student renamed or retitled.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

__all__ = ["Drift", "build", "checked_exercise", "repository_root", "stamp", "strip_outputs", "student_version"]

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
MARKDOWN_SOLUTION = re.compile(r"<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->", re.DOTALL)
MARKDOWN_PLACEHOLDER = "*Your answer here.*"
ASSIGNMENT = re.compile(r"^(?P<indent>\s*)(?P<name>[A-Za-z_]\w*)\s*=(?!=)")
EXERCISE_ID = re.compile(r"\d{2}\.\d+")
LESSON_FILE = re.compile(r"^(\d{2})_")


class SolutionMarkerError(ValueError):
    """A solution block is opened and not closed (or closed and not opened)."""


@dataclass(frozen=True)
class Drift:
    """One way ``lessons/`` differs from what ``solutions/`` generates."""

    notebook: str
    cell: int | None
    detail: str

    def __str__(self) -> str:
        where = f"{self.notebook}, cell {self.cell}" if self.cell is not None else self.notebook
        return f"{where}: {self.detail}"


def repository_root() -> Path:
    """The folder that holds ``solutions/`` and ``lessons/`` (the repository, for an editable install)."""
    return Path(__file__).resolve().parent.parent


def _placeholder(block: list[str], indent: str) -> str:
    names = [m.group("name") for line in block if (m := ASSIGNMENT.match(line)) and m.group("indent") == indent]
    if names:
        return f"{indent}{names[-1]} = ...  # your code here"
    return f"{indent}# your code here"


def _student_code(source: str, where: str) -> str:
    lines, out, indent = source.split("\n"), [], ""
    block: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped == BEGIN:
            if block is not None:
                raise SolutionMarkerError(f"{where}, line {number}: '{BEGIN}' inside another solution block")
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped == END:
            if block is None:
                raise SolutionMarkerError(f"{where}, line {number}: '{END}' without '{BEGIN}'")
            out.append(_placeholder(block, indent))
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise SolutionMarkerError(f"{where}: '{BEGIN}' is never closed with '{END}'")
    return "\n".join(out)


def checked_exercise(source: str, where: str = "a cell") -> str | None:
    """The exercise id a cell's ``check("NN.k", …)`` call names (parsed, not pattern-matched), or ``None``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    ids = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and EXERCISE_ID.fullmatch(node.args[0].value)
        and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "check"
    ]
    if len(set(ids)) > 1:
        raise SolutionMarkerError(f"{where} checks {', '.join(sorted(set(ids)))}: give each check a cell of its own")
    return ids[0] if ids else None


def stamp(notebook: nbformat.NotebookNode, lesson: str, name: str = "notebook") -> nbformat.NotebookNode:
    """Mark the notebook with its lesson and each check cell with its exercise (``metadata.entente``)."""
    notebook.metadata["entente"] = {"lesson": lesson}
    for index, cell in enumerate(notebook.cells):
        exercise_id = checked_exercise(cell.source, f"{name}, cell {index}") if cell.cell_type == "code" else None
        if exercise_id:
            cell.metadata["entente"] = {"exercise": exercise_id}
        else:
            cell.metadata.pop("entente", None)
    return notebook


def strip_outputs(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs and execution counts (what is committed never carries them)."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return notebook


def student_version(solution: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """The student notebook for a solution notebook: solutions replaced by placeholders, no outputs."""
    notebook = strip_outputs(copy.deepcopy(solution))
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            cell.source = _student_code(cell.source, f"{name}, cell {index}")
        elif cell.cell_type == "markdown":
            cell.source = MARKDOWN_SOLUTION.sub(MARKDOWN_PLACEHOLDER, cell.source)
    notebook.metadata.pop("widgets", None)
    return notebook


def _serialise(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"


def _first_difference(expected: nbformat.NotebookNode, actual: nbformat.NotebookNode, name: str) -> Drift:
    for index, (want, got) in enumerate(zip(expected.cells, actual.cells)):
        if want.cell_type != got.cell_type or want.source != got.source:
            return Drift(name, index, f"{got.cell_type} cell differs from the generated version")
        if got.cell_type == "code" and (got.outputs or got.execution_count is not None):
            return Drift(name, index, "has outputs or an execution count")
    if len(expected.cells) != len(actual.cells):
        return Drift(name, None, f"has {len(actual.cells)} cells; the generated version has {len(expected.cells)}")
    return Drift(name, None, "metadata or formatting differs from the generated version")


def build(root: Path | None = None, *, check: bool = False) -> list[Drift]:
    """Regenerate ``lessons/`` from ``solutions/``; with ``check``, only report what would change."""
    root = Path(root) if root else repository_root()
    solutions, lessons = root / "solutions", root / "lessons"
    drifts: list[Drift] = []
    expected_names = set()
    for path in sorted(solutions.glob("*.ipynb")):
        expected_names.add(path.name)
        target = lessons / path.name
        original = path.read_text(encoding="utf-8")
        number = LESSON_FILE.match(path.name)
        solution = nbformat.reads(original, as_version=4)
        if number:
            stamp(solution, number.group(1), f"solutions/{path.name}")
        if _serialise(solution) != original:
            if check:
                drifts.append(
                    Drift(f"solutions/{path.name}", None, "lacks its lesson and exercise stamps (metadata.entente)")
                )
            else:
                path.write_text(_serialise(solution), encoding="utf-8")
        generated = student_version(solution, f"solutions/{path.name}")
        text = _serialise(generated)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        if not check:
            lessons.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8")
        elif current is None:
            drifts.append(Drift(f"lessons/{path.name}", None, "is missing"))
        else:
            try:
                actual = nbformat.reads(current, as_version=4)
            except Exception as error:  # a hand-broken file: report it, do not crash the check
                drifts.append(Drift(f"lessons/{path.name}", None, f"is not a readable notebook ({error})"))
                continue
            drifts.append(_first_difference(generated, actual, f"lessons/{path.name}"))
    for path in sorted(lessons.glob("*.ipynb")):
        if path.name not in expected_names:
            drifts.append(Drift(f"lessons/{path.name}", None, "has no master in solutions/"))
    return drifts
