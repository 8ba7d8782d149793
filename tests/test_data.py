"""The loader: typed tables, and one clear error naming file, row and field for bad data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from entente_course import data


def test_every_table_in_the_descriptor_loads_with_declared_types():
    descriptor = json.loads((data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert data.tables() == names
    kinds = {"date": "datetime64", "integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}
    for resource in descriptor["resources"]:
        frame = data.load(resource["name"])
        assert len(frame) > 0, f"{resource['name']} is empty"
        assert list(frame.columns) == [f["name"] for f in resource["schema"]["fields"]]
        for field in resource["schema"]["fields"]:
            assert str(frame[field["name"]].dtype).startswith(kinds[field["type"]]), (resource["name"], field["name"])


def test_describe_lists_columns_with_meaning():
    table = data.describe("sources")
    assert {"column", "type", "required", "meaning"} <= set(table.columns)
    assert "id" in set(table["column"])


def test_cite_formats_author_title_publisher_date():
    citation = data.cite("gabuev-2018")
    assert citation.startswith("Alexander Gabuev, “Why Russia and China")
    assert "Foreign Affairs" in citation and "2018" in citation


def test_cite_unknown_source_is_a_clear_error():
    with pytest.raises(data.DataError, match="no source with id 'nobody-1999'"):
        data.cite("nobody-1999")


def test_unknown_table_names_the_known_ones():
    with pytest.raises(data.DataError, match="no table called 'exercise'.*exercises"):
        data.load("exercise")


def test_a_table_name_must_be_text():
    with pytest.raises(data.DataError, match="a table name is a string"):
        data.load(3)  # type: ignore[arg-type]


def _rewrite(path, transform):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    transform(frame)
    frame.to_csv(path, index=False)


def test_missing_column_names_file_and_field(data_copy):
    _rewrite(data_copy / "exercises.csv", lambda f: f.pop("domain"))
    with pytest.raises(data.DataError) as error:
        data.load("exercises")
    assert "data/exercises.csv" in str(error.value) and "'domain'" in str(error.value)


def test_wrong_type_names_file_row_and_field(data_copy):
    def corrupt(frame):
        frame.loc[2, "start_date"] = "2015-13-45"

    _rewrite(data_copy / "exercises.csv", corrupt)
    with pytest.raises(data.DataError) as error:
        data.load("exercises")
    message = str(error.value)
    assert "data/exercises.csv, row 4, field 'start_date'" in message and "YYYY-MM-DD" in message


def test_unknown_source_id_is_a_broken_reference(data_copy):
    def corrupt(frame):
        frame.loc[0, "source"] = "no-such-source"

    _rewrite(data_copy / "mechanisms.csv", corrupt)
    with pytest.raises(data.DataError) as error:
        data.load("mechanisms")
    assert "data/mechanisms.csv, row 2" in str(error.value) and "does not exist" in str(error.value)


def test_duplicate_key_is_caught(data_copy):
    def corrupt(frame):
        frame.loc[1, "id"] = frame.loc[0, "id"]

    _rewrite(data_copy / "events.csv", corrupt)
    with pytest.raises(data.DataError, match="duplicate key"):
        data.load("events")


def test_value_outside_enum_is_caught(data_copy):
    def corrupt(frame):
        frame.loc[0, "domain"] = "space"

    _rewrite(data_copy / "exercises.csv", corrupt)
    with pytest.raises(data.DataError, match="field 'domain'.*'space'"):
        data.load("exercises")


def test_missing_file_is_named(data_copy):
    (data_copy / "glossary.csv").unlink()
    with pytest.raises(data.DataError, match="data/glossary.csv: the file does not exist"):
        data.load("glossary")


def test_validation_is_remembered_per_content_and_redone_after_a_change(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("ENTENTE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(data, "_VALID_IN_THIS_PROCESS", set())
    data.load("glossary")
    remembered = list((tmp_path / "cache").glob("validated-*.json"))
    assert len(remembered) == 1 and "glossary" in remembered[0].read_text()
    frame = pd.read_csv(data_copy / "glossary.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "definition"] = ""
    frame.to_csv(data_copy / "glossary.csv", index=False)
    with pytest.raises(data.DataError, match="field 'definition': is required but empty"):
        data.load("glossary")
