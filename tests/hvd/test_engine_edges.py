"""Edges of the engine (issue 14, "correct first"): Table Schema v2
(exclusive bounds, labelled missing values), cell values and schemas that
used to crash the run instead of being reported."""
from __future__ import annotations

import pytest

from ckanext.tmopendata.hvd.validation import validate_file

V2 = "https://datapackage.org/profiles/2.0/tableschema.json"


def run(tmp_path, text, schema, fmt="csv"):
    path = tmp_path / f"date.{fmt}"
    path.write_text(text, encoding="utf-8")
    return validate_file(str(path), fmt, schema)


def found(outcome):
    return [(e["type"], e["row"], e["column"]) for e in outcome.errors]


def test_v2_exclusive_bounds(tmp_path):
    schema = {"$schema": V2, "fields": [
        {"name": "a", "type": "number", "constraints": {"exclusiveMinimum": 0, "exclusiveMaximum": 10}}]}
    assert run(tmp_path, "a\n0.5\n9.99\n", schema).status == "success"
    outcome = run(tmp_path, "a\n0\n5\n10\n", schema)
    assert found(outcome) == [("constraint-error", 2, "a"), ("constraint-error", 4, "a")]


@pytest.mark.parametrize("fmt,sep", [("csv", ","), ("tsv", "\t")])
def test_v2_labelled_missing_values(tmp_path, fmt, sep):
    schema = {"$schema": V2, "missingValues": [{"value": "", "label": "gol"}, {"value": "-", "label": "lipsă"}],
              "fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}]}
    text = sep.join("ab") + "\n" + "\n".join(sep.join(r) for r in (("1", "x"), ("-", "y"), ("", "z"))) + "\n"
    outcome = run(tmp_path, text, schema, fmt)
    assert outcome.status == "success", outcome.errors
    bad = run(tmp_path, text.replace("-", "NA"), schema, fmt)
    assert found(bad) == [("type-error", 3, "a")]


def test_v1_schema_with_exclusive_bounds_is_a_schema_error(tmp_path):
    """Without ``$schema`` v2, exclusive bounds are an error of the schema
    (as in the frictionless CLI), reported, not raised."""
    schema = {"fields": [{"name": "a", "type": "number", "constraints": {"exclusiveMinimum": 0}}]}
    outcome = run(tmp_path, "a\n1\n", schema)
    assert outcome.status == "failure" and outcome.errors[0]["type"] in ("field-error", "schema-error")


@pytest.mark.parametrize("constraints", [{"unique": True}, {"minimum": 0}, {"maximum": 5}, {}])
def test_signaling_nan_is_a_type_error(tmp_path, constraints):
    schema = {"fields": [{"name": "a", "type": "number", "constraints": constraints}]}
    outcome = run(tmp_path, "a\n1\nsNaN\n2\n", schema)
    assert found(outcome) == [("type-error", 3, "a")]


def test_nan_against_a_minimum_is_a_constraint_error(tmp_path):
    schema = {"fields": [{"name": "a", "type": "number", "constraints": {"minimum": 0}}]}
    outcome = run(tmp_path, "a\n1\nNaN\n2\n", schema)
    assert found(outcome) == [("constraint-error", 3, "a")]


def test_datetime_with_time_zone_against_a_minimum_without(tmp_path):
    schema = {"fields": [{"name": "t", "type": "datetime",
                          "constraints": {"minimum": "2025-01-01T00:00:00"}}]}
    outcome = run(tmp_path, "t\n2026-01-01T10:00:00\n2026-01-01T10:00:00+02:00\n", schema)
    assert found(outcome) == [("constraint-error", 3, "t")]


@pytest.mark.parametrize("field", [
    {"name": "a", "type": "foo"},
    {"name": "a", "type": "integer", "constraints": {"pattern": "[0-9]+"}},
])
def test_invalid_schema_is_reported_not_raised(tmp_path, field):
    outcome = run(tmp_path, "a\n1\n", {"fields": [field]})
    assert outcome.status == "failure"
    assert [e["type"] for e in outcome.errors] in (["field-error"], ["schema-error"])
    assert outcome.errors[0]["message"]


def test_suite_errors_do_not_count_toward_the_cap(tmp_path):
    """The error cap applies to frictionless' errors as in the CLI (the
    same schema errors are shown as ``frictionless validate --limit-errors``
    shows), and separately to the suite's own errors."""
    from frictionless import Resource, Schema

    from ckanext.tmopendata.hvd.validation import Limits

    schema = {"fields": [{"name": "n", "type": "integer"}, {"name": "s", "type": "string"}]}
    rows = "".join(f"x{i},ion{i}@gmail.com\n" for i in range(6))
    path = tmp_path / "date.csv"
    path.write_text("n,s\n" + rows, encoding="utf-8")
    outcome = validate_file(str(path), "csv", schema, limits=Limits(max_errors=3))
    plain = Resource(path="date.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(schema)).validate(
        limit_errors=3)
    expected = [(e.type, e.row_number) for e in plain.tasks[0].errors]
    assert expected == [("type-error", 2), ("type-error", 3), ("type-error", 4)]
    assert [(e["type"], e["row"]) for e in outcome.errors if e["type"] == "type-error"] == expected
    assert [(e["type"], e["row"]) for e in outcome.errors if e["type"] == "tm-personal-data"] == [
        ("tm-personal-data", 2), ("tm-personal-data", 3), ("tm-personal-data", 4)]
    # in row order, frictionless' error of a row before the suite's
    assert [e["row"] for e in outcome.errors] == [2, 2, 3, 3, 4, 4]
    assert outcome.status == "failure" and outcome.error_count == 6


def test_suite_errors_alone_make_the_file_fail(tmp_path):
    schema = {"fields": [{"name": "s", "type": "string"}]}
    outcome = run(tmp_path, "s\nion@gmail.com\nParc\n", schema)
    assert outcome.status == "failure" and found(outcome) == [("tm-personal-data", 2, "s")]
