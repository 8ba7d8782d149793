"""Load the course's tables as typed DataFrames, validated against ``data/datapackage.json``.

Students should meet a clear sentence, not a stack trace, when a table is wrong, so every problem
found by the validator becomes one :class:`DataError` that names the file, the row and the field.
"""

from __future__ import annotations

import functools
import hashlib
import json
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
    raise DataError(
        [
            Problem(
                str(package.parent / "data"),
                None,
                None,
                f"no {DESCRIPTOR} found; set ENTENTE_DATA to the course's data folder",
            )
        ]
    )


@functools.lru_cache(maxsize=8)
def _package(folder: str):
    # Imported here: frictionless takes seconds to import and is only needed to validate.
    from frictionless import Package

    return Package(str(Path(folder) / DESCRIPTOR))


@functools.lru_cache(maxsize=8)
def _read_descriptor(path: str, stamp: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _descriptor() -> dict:
    path = data_dir() / DESCRIPTOR
    try:
        return _read_descriptor(str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, "the data package descriptor is missing")]) from None
    except ValueError as error:
        raise DataError([Problem(str(path), None, None, f"the descriptor is not valid JSON ({error})")]) from None


def tables() -> list[str]:
    """The names of every table in the data package, in the order the descriptor lists them."""
    return [resource["name"] for resource in _descriptor()["resources"]]


def describe(name: str) -> pd.DataFrame:
    """The columns of one table: name, type, whether required, and what it means."""
    return pd.DataFrame(
        [
            {
                "column": field["name"],
                "type": field.get("type", "string"),
                "required": bool(field.get("constraints", {}).get("required", False)),
                "meaning": field.get("description", ""),
            }
            for field in _resource(name)["schema"]["fields"]
        ]
    )


def _resource(name: str) -> dict:
    if not isinstance(name, str):
        raise DataError([Problem(DESCRIPTOR, None, None, f"a table name is a string, not {type(name).__name__}")])
    resources = {resource["name"]: resource for resource in _descriptor()["resources"]}
    if name not in resources:
        known = ", ".join(sorted(resources))
        raise DataError(
            [Problem(DESCRIPTOR, None, None, f"there is no table called '{name}'. The tables are: {known}")]
        )
    return resources[name]


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


def _validate_now(name: str, folder: str) -> None:
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


def _fingerprint(folder: Path) -> str:
    """A digest of the descriptor and every table: any change to the data changes it."""
    digest = hashlib.sha256()
    for path in sorted([folder / DESCRIPTOR, *folder.glob("*.csv")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_file(fingerprint: str) -> Path:
    base = (
        os.environ.get("ENTENTE_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "entente"
    )
    return Path(base) / f"validated-{fingerprint[:32]}.json"


def _remembered(cache: Path) -> set[str]:
    try:
        return set(json.loads(cache.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def _remember(cache: Path, names: set[str]) -> None:
    """Note which tables passed, so the next lesson need not import the validator again.

    Best effort: a read-only home or a sandbox that refuses the write only costs time.
    """
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(sorted(names)), encoding="utf-8")
        os.replace(temporary, cache)
    except OSError:
        pass


_VALID_IN_THIS_PROCESS: set[tuple[str, str]] = set()


def validate(name: str) -> None:
    """Raise :class:`DataError` if table ``name`` breaks its schema (types, required, keys, references).

    Validation is remembered per exact content of the data (in this process, and in a small file in
    the user's cache folder), so a table is checked once after every change rather than on every load.
    """
    _resource(name)
    folder = data_dir()
    fingerprint = _fingerprint(folder)
    if (fingerprint, name) in _VALID_IN_THIS_PROCESS:
        return
    cache = _cache_file(fingerprint)
    known_valid = _remembered(cache)
    if name not in known_valid:
        _validate_now(name, str(folder))
        _remember(cache, known_valid | {name})
    _VALID_IN_THIS_PROCESS.add((fingerprint, name))


def load(name: str) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame with the declared types, after validating it.

    Dates become ``datetime64``; integers, numbers and booleans use pandas' nullable types so a blank
    cell is ``<NA>`` rather than a silent zero.
    """
    resource = _resource(name)
    validate(name)
    frame = pd.read_csv(data_dir() / resource["path"], dtype=str, keep_default_na=False, na_values=[""])
    for field in resource["schema"]["fields"]:
        column, kind = frame[field["name"]], field.get("type", "string")
        if kind == "date":
            frame[field["name"]] = pd.to_datetime(column, format="%Y-%m-%d")
        elif kind == "boolean":
            frame[field["name"]] = column.str.lower().map({"true": True, "false": False}).astype("boolean")
        elif kind in ("integer", "number"):
            frame[field["name"]] = pd.to_numeric(column).astype(_PANDAS_TYPES[kind])
        else:
            frame[field["name"]] = column.astype("string")
    return frame


def cite(source_id: str) -> str:
    """A readable citation for a row of the ``sources`` table: author, title, publisher, date, link."""
    sources = load("sources").set_index("id")
    if source_id not in sources.index:
        raise DataError(
            [Problem("data/sources.csv", None, "id", f"there is no source with id '{source_id}'")], table="sources"
        )
    row = sources.loc[source_id]
    parts = []
    if pd.notna(row["author"]):
        parts.append(str(row["author"]))
    parts.append(f"“{row['title']}”")
    if pd.notna(row["publisher"]):
        parts.append(str(row["publisher"]))
    if pd.notna(row["date"]):
        precision = row["date_precision"]
        date = row["date"]
        # No "%-d": a platform extension that Windows' strftime rejects; the day is formatted by hand.
        day = f"{date.day} " if precision == "day" else ""
        parts.append(day + date.strftime("%B %Y" if precision in ("day", "month") else "%Y"))
    text = ", ".join(parts)
    if pd.notna(row["url"]):
        text += f". {row['url']}"
    return text
