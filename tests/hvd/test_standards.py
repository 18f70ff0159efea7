"""The city's 10 data standards: each accepts its valid sample and rejects
each invalid sample for the expected reason (our engine = frictionless plus
the suite's own checks)."""
from __future__ import annotations

import json

import pytest

from ckanext.tmopendata.hvd import schema_store
from ckanext.tmopendata.hvd.validation import validate_file

STANDARDS = [
    "tm-achizitii-contracte", "tm-autorizatii-construire", "tm-buget-executie",
    "tm-calitate-aer", "tm-hotarari-consiliu-local", "tm-nomenclator-strazi",
    "tm-parcari", "tm-spatii-verzi", "tm-statii-transport", "tm-unitati-invatamant",
]


def _samples():
    for standard in schema_store.standards():
        folder = schema_store.tables_dir() / standard["name"] / standard["version"] / "samples"
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        yield standard, folder / "valid.csv", None
        for name, spec in sorted(expected.items()):
            yield standard, folder / name, spec


def test_the_ten_standards_are_in_the_store():
    assert sorted(s["name"] for s in schema_store.standards()) == STANDARDS
    for s in schema_store.standards():
        assert s["version"] == "1.0"
        assert s["title"] and s["title_en"] and s["title"] != s["title_en"], s["ref"]


def test_every_standard_has_bilingual_fields_keys_and_missing_values():
    for s in schema_store.standards():
        descriptor = schema_store.standard(s["name"], s["version"])
        assert descriptor.get("primaryKey"), s["ref"]
        assert "" in descriptor.get("missingValues", []), s["ref"]
        for field in descriptor["fields"]:
            assert field.get("title") and field.get("description"), (s["ref"], field["name"])
        schema_store.check_descriptor(descriptor)


def test_coordinates_are_bounded_to_the_timisoara_area():
    for s in schema_store.standards():
        for field in schema_store.standard(s["name"], s["version"])["fields"]:
            if field["name"] in ("latitudine", "stop_lat", "lat"):
                assert field["constraints"]["minimum"] >= 45.5 and field["constraints"]["maximum"] <= 46.0
            if field["name"] in ("longitudine", "stop_lon", "lon"):
                assert field["constraints"]["minimum"] >= 20.9 and field["constraints"]["maximum"] <= 21.5


@pytest.mark.parametrize(
    "standard,path,spec", list(_samples()),
    ids=lambda v: v.name if hasattr(v, "name") and not isinstance(v, dict) else (v["ref"] if isinstance(v, dict) and "ref" in v else None),
)
def test_sample(standard, path, spec):
    descriptor = schema_store.standard(standard["name"], standard["version"])
    outcome = validate_file(str(path), "csv", descriptor)
    if spec is None:
        assert outcome.status == "success", (standard["ref"], outcome.errors[:5])
    else:
        assert outcome.status == "failure", (standard["ref"], path.name)
        assert set(spec["error_types"]) <= set(outcome.error_types), (
            standard["ref"], path.name, spec["error_types"], outcome.error_types)
        if "fields" in spec:
            # the defect is reported in the expected column(s), not elsewhere
            columns = {e["column"] for e in outcome.errors if e["type"] in spec["error_types"]}
            assert columns == set(spec["fields"]), (standard["ref"], path.name, spec["fields"], columns)


def test_expected_samples_name_their_columns():
    """Every cell or label defect of the samples says in which column it is."""
    row_level = {"primary-key", "blank-row", "extra-cell"}
    for standard, path, spec in _samples():
        if spec is not None and not set(spec["error_types"]) <= row_level:
            assert spec.get("fields"), (standard["ref"], path.name)
