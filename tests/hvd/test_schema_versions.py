"""``name@version``: every version of a standard resolves to its own
descriptor, ``name`` alone to the latest (numeric order), an unknown version
is refused. The shipped standards all have only 1.0, so these tests use a
store of their own (``tests/hvd/data/schema_store``) with ``tm-test`` 1.0,
1.10 and 2.0 (``id`` maximum 100, 1000 and 10) and ``tm-numeric`` 1.9 and
1.10."""
from __future__ import annotations

import pathlib

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.hvd import schema_store

STORE = pathlib.Path(__file__).parent / "data" / "schema_store" / "tables"
#: Valid under tm-test 1.0 and 1.10, invalid under 2.0 (maximum 10).
CSV = "id,nume\n50,Ana\n7,Ion\n"


@pytest.fixture
def versioned_store(monkeypatch):
    monkeypatch.setattr(schema_store, "tables_dir", lambda: STORE)
    return STORE


@pytest.mark.parametrize("ref,version,maximum", [
    ("tm-test@1.0", "1.0", 100),
    ("tm-test@1.10", "1.10", 1000),
    ("tm-test@2.0", "2.0", 10),
    ("tm-test", "2.0", 10),               # latest
    (" tm-test@1.0 ", "1.0", 100),
])
def test_each_version_resolves_to_its_own_descriptor(versioned_store, ref, version, maximum):
    descriptor, resolved = schema_store.resolve(ref)
    assert resolved == f"tm-test@{version}"
    assert descriptor["version"] == version
    assert descriptor["title"] == f"Standard de test v{version}"
    assert descriptor["fields"][0]["constraints"]["maximum"] == maximum


def test_latest_is_numeric_not_alphabetical(versioned_store):
    assert schema_store.versions("tm-numeric") == ["1.9", "1.10"]
    assert schema_store.versions("tm-test") == ["1.0", "1.10", "2.0"]
    descriptor, ref = schema_store.resolve("tm-numeric")
    assert ref == "tm-numeric@1.10" and descriptor["version"] == "1.10"
    descriptor, ref = schema_store.resolve("tm-numeric@1.9")
    assert ref == "tm-numeric@1.9" and descriptor["version"] == "1.9"


@pytest.mark.parametrize("ref", ["tm-test@3.0", "tm-test@1", "tm-test@1.1", "tm-test@0.9", "tm-test@2.0.0"])
def test_unknown_version_is_refused(versioned_store, ref):
    with pytest.raises(schema_store.SchemaError) as e:
        schema_store.resolve(ref)
    assert "has no version" in str(e.value) and "1.0, 1.10, 2.0" in str(e.value)


@pytest.mark.usefixtures("with_plugins")
def test_schema_show_by_version(versioned_store):
    for name, data, version in (("tm-test@1.0", {}, "1.0"), ("tm-test", {"version": "1.10"}, "1.10"),
                                ("tm-test", {}, "2.0")):
        shown = call_action("tmopendata_schema_show", name=name, **data)
        assert (shown["ref"], shown["schema"]["version"]) == (f"tm-test@{version}", version)
        assert shown["versions"] == ["1.0", "1.10", "2.0"]
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_schema_show", name="tm-test@3.0")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_validation_uses_the_version_named(versioned_store, org_with_users, upload):
    """The same file passes against 1.0 and fails against 2.0; an unknown
    version ends in a clear error, never in another version's verdict."""
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    outcomes = {}
    for ref in ("tm-test@1.0", "tm-test@2.0", "tm-test", "tm-test@9.0"):
        res = upload(users["editor"], dataset["id"], CSV, filename=f"{ref}.csv", schema=ref)
        outcomes[ref] = call_action("tmopendata_validation_show", resource_id=res["id"])
    first = outcomes["tm-test@1.0"]
    assert (first["status"], first["schema_ref"]) == ("success", "tm-test@1.0")
    second = outcomes["tm-test@2.0"]
    assert (second["status"], second["schema_ref"]) == ("failure", "tm-test@2.0")
    assert [(e["type"], e["row"], e["column"]) for e in second["errors"]] == [("constraint-error", 2, "id")]
    latest = outcomes["tm-test"]
    assert (latest["status"], latest["schema_ref"]) == ("failure", "tm-test@2.0")
    unknown = outcomes["tm-test@9.0"]
    assert unknown["status"] == "error" and "has no version 9.0" in unknown["message"]
