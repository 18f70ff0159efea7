"""The fast path of an upload (PostgreSQL reads the validated file itself:
``datastore/copy_load.py``) loads exactly what the frictionless path loads:
same rows, same typed values, same columns, for every type and option the
fast path takes; anything else goes through frictionless."""
from __future__ import annotations

import datetime

import json

import pytest

import ckan.lib.uploader as uploader
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.datastore import copy_load, loader
from ckanext.tmopendata.lib.context_keys import SKIP_VALIDATION
from tests.datastore.conftest import TYPED_CSV, TYPED_SCHEMA

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")

ALL_TYPES = {
    "fields": [
        {"name": "cod", "type": "string"},
        {"name": "n", "type": "integer"},
        {"name": "x", "type": "number"},
        {"name": "ok", "type": "boolean"},
        {"name": "zi", "type": "date"},
        {"name": "moment", "type": "datetime"},
        {"name": "ora", "type": "time"},
        {"name": "an", "type": "year"},
        {"name": "obj", "type": "object"},
        {"name": "lista", "type": "array"},
        {"name": "durata", "type": "duration"},
        {"name": "orice", "type": "any"},
    ],
}
ALL_TYPES_CSV = (
    "cod,n,x,ok,zi,moment,ora,an,obj,lista,durata,orice\n"
    'A1,1,2.5,true,2024-03-01,2024-03-01T10:30:00,10:30:00,2024,"{""a"": 1}","[1, 2]",P1D,x\n'
    'A2,-7,0.001,False,2024-12-31,2024-03-02T08:00:00Z,23:59:59,1999,"{}","[]",PT2H,""\n'
    ',+3,1e3,1,2024-02-29,2024-03-02T08:00:00+02:00,00:00:00,2000,,,,\n'
    '"",0722,-0,0,2024-01-01,2024-06-01T00:00:00-05:30,12:00:00,2030,"{""t"": ""ș""}","[""a""]",P1Y,"line\nbreak"\n'
)
ROMANIAN = {
    "fields": [
        {"name": "denumire", "type": "string"},
        {"name": "suprafata", "type": "number", "decimalChar": ",", "groupChar": "."},
        {"name": "locuri", "type": "integer"},
        {"name": "deschis", "type": "boolean", "trueValues": ["da", "DA"], "falseValues": ["nu", "NU"]},
        {"name": "data", "type": "date"},
    ],
    "missingValues": ["", "NA", "-"],
}
ROMANIAN_CSV = (
    "denumire;suprafata;locuri;deschis;data\r\n"
    "Parcul Tineretului;1.234,5;12;da;2024-03-01\r\n"
    "Grădina Botanică;NA;-;nu;NA\r\n"
    "Piaţa Unirii;0,75;;DA;\r\n"
    "\"Bastion; ş ţ â î\";12.000.000;7;NU;2023-11-30\r\n"
)


@pytest.fixture
def tables():
    """Two resources whose DataStore tables receive the same file."""
    sysadmin = factories.Sysadmin()
    dataset = factories.Dataset()
    ids = []
    for name in ("copy", "frictionless"):
        ids.append(call_action("resource_create", {"user": sysadmin["name"], SKIP_VALIDATION: True},
                               package_id=dataset["id"],
                               name=name, url=f"https://example.org/{name}.csv", format="CSV")["id"])
    return ids


def _search(resource_id):
    found = call_action("datastore_search", resource_id=resource_id, sort="_id", limit=1000)
    return [(f["id"], f["type"]) for f in found["fields"]], found["records"]


def _write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.mark.parametrize("schema, text, encoding", [
    (ALL_TYPES, ALL_TYPES_CSV, "utf-8"),
    (ALL_TYPES, "\ufeff" + ALL_TYPES_CSV, "utf-8-sig"),
    (ROMANIAN, ROMANIAN_CSV, "utf-8"),
    (ROMANIAN, ROMANIAN_CSV, "windows-1250"),
    (ROMANIAN, ROMANIAN_CSV.replace(";", "\t"), "utf-8"),
], ids=["all-types", "bom", "romanian-options", "windows-1250", "tab"])
def test_the_copy_path_loads_what_the_frictionless_path_loads(tables, tmp_path, schema, text, encoding):
    path = _write(tmp_path, text, "utf-8" if encoding == "utf-8-sig" else encoding)
    assert copy_load.plan(path, "csv", schema, encoding) is not None
    fast = loader.load_file(path, "csv", tables[0], schema=schema, encoding=encoding, verbatim=True)
    slow = loader.load_file(path, "csv", tables[1], schema=schema, encoding=encoding, verbatim=False)
    assert (fast["path"], slow["path"]) == ("copy", "frictionless")
    assert fast["rows"] == slow["rows"] == text.count("\n") - 1 - ("line\nbreak" in text)
    (fast_fields, fast_rows), (slow_fields, slow_rows) = _search(tables[0]), _search(tables[1])
    assert fast_fields == slow_fields
    for a, b in zip(fast_rows, slow_rows):
        assert {k: v for k, v in a.items() if b.get(k) != v} == {k: v for k, v in b.items() if a.get(k) != v}
    assert len(fast_rows) == len(slow_rows)
    info = {f["id"]: f for f in call_action("datastore_info", id=tables[0])["fields"]}
    assert info[schema["fields"][0]["name"]]["info"]["type_tableschema"] == "string"


def test_the_values_are_typed_and_offsets_turned_to_utc(tables, tmp_path):
    path = _write(tmp_path, ALL_TYPES_CSV)
    assert loader.load_file(path, "csv", tables[0], schema=ALL_TYPES, encoding="utf-8", verbatim=True)["path"] == "copy"
    fields, records = _search(tables[0])
    assert dict(fields)["n"] == "int8" and dict(fields)["moment"] == "timestamp"
    # (CKAN 2.12 writes the milliseconds: "…T10:30:00.000")
    assert [datetime.datetime.fromisoformat(r["moment"]) for r in records] == [
        datetime.datetime.fromisoformat(v) for v in
        ("2024-03-01T10:30:00", "2024-03-02T08:00:00", "2024-03-02T06:00:00", "2024-06-01T05:30:00")]
    assert [r["cod"] for r in records] == ["A1", "A2", None, None]  # missing, quoted or not
    assert [r["n"] for r in records] == [1, -7, 3, 722]
    assert records[0]["obj"] == {"a": 1} and records[3]["orice"] == "line\nbreak"


def test_romanian_options_are_applied(tables, tmp_path):
    path = _write(tmp_path, ROMANIAN_CSV, "windows-1250")
    loader.load_file(path, "csv", tables[0], schema=ROMANIAN, encoding="windows-1250", verbatim=True)
    _fields, records = _search(tables[0])
    assert [r["suprafata"] for r in records] == [1234.5, None, 0.75, 12000000]
    assert [r["deschis"] for r in records] == [True, False, True, False]
    assert [r["locuri"] for r in records] == [12, None, None, 7]
    assert records[3]["denumire"] == "Bastion; ş ţ â î"


@pytest.mark.parametrize("change", [
    {"fields": [{"name": "d", "type": "date", "format": "%d.%m.%Y"}]},
    {"fields": [{"name": "d", "type": "number", "bareNumber": False}]},
    {"fields": [{"name": "d", "type": "geopoint"}]},
    {"fields": [{"name": "d", "type": "yearmonth"}]},
    {"fields": [{"name": "e", "type": "string"}]},  # the header is not the schema's
])
def test_what_postgresql_cannot_read_exactly_goes_through_frictionless(tmp_path, change):
    path = _write(tmp_path, "d\n01.03.2024\n")
    assert copy_load.plan(path, "csv", change, "utf-8") is None
    assert copy_load.plan(path, "xlsx", {"fields": [{"name": "d", "type": "string"}]}, "utf-8") is None


def test_a_value_postgresql_refuses_falls_back_and_names_the_reason(tables, tmp_path):
    schema = {"fields": [{"name": "cod", "type": "string"}, {"name": "numar", "type": "integer"}]}
    loader.load_file(_write(tmp_path, "cod,numar\nA,1\n"), "csv", tables[0], schema=schema, verbatim=True)
    path = _write(tmp_path, "cod,numar\nA,1\nB,99999999999999999999999\n")
    with pytest.raises(loader.LoadError) as e:
        loader.load_file(path, "csv", tables[0], schema=schema, encoding="utf-8", verbatim=True)
    assert "out of range" in str(e.value)
    assert _search(tables[0])[1] == [{"_id": 1, "cod": "A", "numar": 1}]  # the rows before stay


def test_an_upload_is_loaded_through_the_copy_path_end_to_end(org_with_users, upload):
    """The portal's own flow (upload, validation, load): typed rows, the
    data dictionary of the standard, the preview of a typed city table."""
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], ALL_TYPES_CSV, schema=json.dumps(ALL_TYPES))
    status = call_action("tmopendata_datastore_status", id=dataset["id"])
    assert status["all_loaded"], status
    path = uploader.get_resource_uploader(call_action("resource_show", id=res["id"])).get_path(res["id"])
    assert copy_load.plan(path, "csv", ALL_TYPES, "utf-8") is not None
    fields, records = _search(res["id"])
    assert len(records) == 4 and dict(fields)["x"] == "numeric"
    # the test schema with a geopoint is loaded through frictionless, typed too
    other = upload(users["editor"], dataset["id"], TYPED_CSV, schema=json.dumps(TYPED_SCHEMA), filename="t.csv")
    assert call_action("datastore_search", resource_id=other["id"])["total"] == 2
