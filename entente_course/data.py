"""Load the course's tables as typed DataFrames, validated against ``data/datapackage.json``.

Students should meet a clear sentence, not a stack trace, when a table is wrong, so every problem
found by the validator becomes one :class:`DataError` that names the file, the row and the field.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["DataError", "Problem", "cite", "data_dir", "describe", "load", "tables", "validate"]

DESCRIPTOR = "datapackage.json"

# How each Frictionless field type becomes a pandas dtype.
_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a table, located as precisely as the validator allows."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class DataError(ValueError):
    """A table is missing, unknown or does not match its schema.

    ``problems`` lists everything found; the message shows the first few so the fix is obvious.
    """

    def __init__(self, problems: list[Problem], *, table: str | None = None):
        self.problems = problems
        self.table = table
        shown = "\n".join(f"  - {p}" for p in problems[:5])
        more = f"\n  … and {len(problems) - 5} more" if len(problems) > 5 else ""
        head = f"The table '{table}' has a problem" if table else "The course data has a problem"
        super().__init__(f"{head}:\n{shown}{more}")


def data_dir() -> Path:
    """Where the tables live: ``$ENTENTE_DATA``, the repository's ``data/``, or the installed copy."""
    if os.environ.get("ENTENTE_DATA"):
        return Path(os.environ["ENTENTE_DATA"])
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "data", package / "_data"):
        if (candidate / DESCRIPTOR).exists():
            return candidate
    raise DataError([Problem(str(package.parent / "data"), None, None,
                             f"no {DESCRIPTOR} found; set ENTENTE_DATA to the course's data folder")])


@functools.lru_cache(maxsize=8)
def _package(folder: str):
    # Imported here: frictionless is slow to import and only needed once data is read.
    from frictionless import Package

    return Package(str(Path(folder) / DESCRIPTOR))


def _current_package():
    folder = data_dir()
    if not (folder / DESCRIPTOR).exists():
        raise DataError([Problem(str(folder / DESCRIPTOR), None, None, "the data package descriptor is missing")])
    return _package(str(folder))


def tables() -> list[str]:
    """The names of every table in the data package, in the order the descriptor lists them."""
    return [resource.name for resource in _current_package().resources]


def describe(name: str) -> pd.DataFrame:
    """The columns of one table: name, type, whether required, and what it means."""
    resource = _resource(name)
    return pd.DataFrame(
        [
            {
                "column": field.name,
                "type": field.type,
                "required": bool(field.constraints.get("required", False)),
                "meaning": field.description or "",
            }
            for field in resource.schema.fields
        ]
    )


def _resource(name: str):
    package = _current_package()
    if not isinstance(name, str):
        raise DataError([Problem(DESCRIPTOR, None, None, f"a table name is a string, not {type(name).__name__}")])
    if not package.has_resource(name):
        known = ", ".join(sorted(r.name for r in package.resources))
        raise DataError([Problem(DESCRIPTOR, None, None, f"there is no table called '{name}'. The tables are: {known}")])
    return package.get_resource(name)


def _problem_from(error: dict, file: str) -> Problem:
    kind = error.get("type", "")
    field = error.get("fieldName")
    row = error.get("rowNumber")
    cell = error.get("cell")
    note = error.get("note", "")
    if kind == "type-error":
        message = f"'{cell}' is not a valid {note.removeprefix('type is ').strip(chr(34)).split('/')[0]}"
        if "date" in note:
            message += " (write dates as YYYY-MM-DD)"
    elif kind == "constraint-error":
        if "required" in note:
            message = "is required but empty"
        else:
            message = f"'{cell}' breaks the rule {note.removeprefix('constraint ')}"
    elif kind == "primary-key":
        message = f"duplicate key: {note}"
    elif kind == "foreign-key":
        message = f"refers to something that does not exist ({note})"
    elif kind == "missing-label":
        message = "this column is missing from the file's header"
    elif kind in ("extra-label", "incorrect-label", "blank-label", "duplicate-label"):
        message = f"the header does not match the schema ({error.get('message', note)})"
    elif kind == "scheme-error" or kind == "source-error":
        message = f"the file cannot be read ({note})"
    else:
        message = error.get("message", note) or kind
    return Problem(file, row, field, message)


@functools.lru_cache(maxsize=64)
def _validated(name: str, folder: str, stamp: tuple) -> None:
    """Validate once per version of the files (``stamp`` changes when any CSV changes)."""
    resource = _package(folder).get_resource(name)
    file = f"data/{resource.path}"
    if not (Path(folder) / resource.path).exists():
        raise DataError([Problem(file, None, None, "the file does not exist")], table=name)
    report = resource.validate()
    if not report.valid:
        problems = []
        for task in report.tasks:
            problems += [_problem_from(error.to_descriptor(), file) for error in task.errors]
        problems += [_problem_from(error.to_descriptor(), file) for error in report.errors]
        raise DataError(problems, table=name)


def _stamp(folder: Path) -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.csv")))


def validate(name: str) -> None:
    """Raise :class:`DataError` if table ``name`` breaks its schema (types, required, keys, references)."""
    _resource(name)
    folder = data_dir()
    _validated(name, str(folder), _stamp(folder))


def load(name: str) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame with the declared types, after validating it.

    Dates become ``datetime64``; integers, numbers and booleans use pandas' nullable types so a blank
    cell is ``<NA>`` rather than a silent zero.
    """
    resource = _resource(name)
    validate(name)
    frame = pd.read_csv(data_dir() / resource.path, dtype=str, keep_default_na=False, na_values=[""])
    for field in resource.schema.fields:
        column = frame[field.name]
        if field.type == "date":
            frame[field.name] = pd.to_datetime(column, format="%Y-%m-%d")
        elif field.type == "boolean":
            frame[field.name] = column.str.lower().map({"true": True, "false": False}).astype("boolean")
        elif field.type in ("integer", "number"):
            frame[field.name] = pd.to_numeric(column).astype(_PANDAS_TYPES[field.type])
        else:
            frame[field.name] = column.astype("string")
    return frame


def cite(source_id: str) -> str:
    """A readable citation for a row of the ``sources`` table: author, title, publisher, date, link."""
    sources = load("sources").set_index("id")
    if source_id not in sources.index:
        raise DataError([Problem("data/sources.csv", None, "id", f"there is no source with id '{source_id}'")],
                        table="sources")
    row = sources.loc[source_id]
    parts = []
    if pd.notna(row["author"]):
        parts.append(str(row["author"]))
    parts.append(f"“{row['title']}”")
    if pd.notna(row["publisher"]):
        parts.append(str(row["publisher"]))
    if pd.notna(row["date"]):
        precision = row["date_precision"]
        fmt = {"day": "%-d %B %Y", "month": "%B %Y"}.get(precision, "%Y")
        parts.append(row["date"].strftime(fmt))
    text = ", ".join(parts)
    if pd.notna(row["url"]):
        text += f". {row['url']}"
    return text
