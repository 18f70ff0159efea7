"""Loading after validation, through the real worker: typed rows, the data
dictionary of the standard, refusal of failing files, the last valid rows
kept, removal."""
from __future__ import annotations

import decimal

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.worker import run_worker
from tests.datastore.conftest import (
    INVALID_CSV, TYPED_CSV, TYPED_SCHEMA, VALID_CSV, VALID_CSV_2, inline, load_state,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")


def rows(resource_id):
    result = call_action("datastore_search", resource_id=resource_id, sort="_id")
    return result


@pytest.mark.ckan_config("ckanext.tmopendata.validation.sync_max_bytes", "10")
def test_a_valid_file_is_loaded_by_the_worker_after_its_validation(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    # a large file: validated in the background, not loaded before that
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] == "pending"
    assert load_state(dataset["id"], res["id"])["status"] == "not_loaded"
    with pytest.raises(tk.ObjectNotFound):
        call_action("datastore_search", resource_id=res["id"])

    # the worker validates, and the validation's success loads the rows
    run_worker()
    assert call_action("job_list") == []

    found = rows(res["id"])
    assert [r["id"] for r in found["records"]] == ["SV01", "SV02"]
    assert [r["suprafata_mp"] for r in found["records"]] == [90000, 36000.5]
    fields = {f["id"]: f for f in found["fields"]}
    assert fields["suprafata_mp"]["type"] == "numeric"
    state = load_state(dataset["id"], res["id"])
    assert state["status"] == "loaded" and state["rows"] == 2 and state["validated_at"]
    assert call_action("resource_show", id=res["id"])["datastore_active"] is True
    status = call_action("tmopendata_datastore_status", id=dataset["name"])
    assert (status["tabular"], status["loaded"], status["all_loaded"]) == (1, 1, True)


def test_types_and_data_dictionary_come_from_the_table_schema(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], TYPED_CSV, schema=inline(TYPED_SCHEMA))
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] == "success"
    # loaded at once after the (synchronous) validation

    info = call_action("datastore_info", id=res["id"])
    types = {f["id"]: f["type"] for f in info["fields"]}
    assert types == {
        "cod": "text", "locuri": "int8", "tarif": "numeric", "deschis": "bool",
        "data_inventar": "date", "actualizat": "timestamp", "an": "int4",
        "pozitie": "text", "site": "text",
    }
    infos = {f["id"]: f.get("info") or {} for f in info["fields"]}
    assert infos["locuri"]["label"] == "Locuri"
    assert infos["locuri"]["label_en"] == "Spaces"
    assert infos["locuri"]["notes_ro"] == "Numărul de locuri"
    assert infos["locuri"]["notes_en"] == "Number of spaces"
    assert infos["cod"]["type_tableschema"] == "string"

    # typed values, as PostgreSQL returns them through the SQL API
    model.Session.remove()
    found = call_action("datastore_search_sql", sql=f'SELECT * FROM "{res["id"]}" ORDER BY _id')
    first, second = found["records"]
    assert first["locuri"] == 120 and first["deschis"] is True and second["deschis"] is False
    assert decimal.Decimal(str(first["tarif"])) == decimal.Decimal("2.5")
    assert first["data_inventar"].startswith("2024-03-01")
    assert first["actualizat"].startswith("2024-03-01T10:30:00")
    assert second["actualizat"].startswith("2024-03-02T08:00:00")  # Z -> UTC
    assert first["an"] == 2024
    assert first["pozitie"] == "45.7537,21.2257"
    assert second["site"] is None
    # numbers compare as numbers, dates as dates
    bigger = call_action("datastore_search_sql",
                         sql=f'SELECT cod FROM "{res["id"]}" WHERE locuri > 100 AND data_inventar < \'2024-03-02\'')
    assert [r["cod"] for r in bigger["records"]] == ["P01"]


def test_without_a_schema_every_column_is_text(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], "a,b\n1,x\n2,\n")
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] == "success"
    run_worker()
    info = call_action("datastore_info", id=res["id"])
    assert {f["id"]: f["type"] for f in info["fields"]} == {"a": "text", "b": "text"}
    assert [r["a"] for r in rows(res["id"])["records"]] == ["1", "2"]


def test_a_failing_file_is_never_loaded(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline())
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] == "failure"
    # not even when asked for explicitly
    result = call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]},
                         resource_id=res["id"], sync=True)
    assert result["status"] == "failed"
    assert "failed validation" in result["message"]
    with pytest.raises(tk.ObjectNotFound):
        call_action("datastore_search", resource_id=res["id"])
    state = load_state(dataset["id"], res["id"])
    assert state["status"] == "failed" and state["rows"] is None


def test_a_failing_new_version_keeps_the_rows_of_the_last_valid_one(org_with_users, upload, reupload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    run_worker()
    assert len(rows(res["id"])["records"]) == 2
    loaded = load_state(dataset["id"], res["id"])

    reupload(users["editor"], res["id"], INVALID_CSV)
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] == "failure"
    run_worker()

    assert [r["id"] for r in rows(res["id"])["records"]] == ["SV01", "SV02"]
    state = load_state(dataset["id"], res["id"])
    assert state["status"] == "failed"
    assert "newer file failed validation" in state["message"]
    assert state["rows"] == 2 and state["validated_at"] == loaded["validated_at"]

    # a fixed file is loaded by itself after its validation
    reupload(users["editor"], res["id"], VALID_CSV_2)
    run_worker()
    assert [r["id"] for r in rows(res["id"])["records"]] == ["SV01", "SV02", "SV03"]
    assert load_state(dataset["id"], res["id"])["status"] == "loaded"


def test_a_deleted_or_non_tabular_resource_leaves_the_datastore(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    one = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline(), filename="one.csv")
    two = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline(), filename="two.csv")
    run_worker()
    assert rows(one["id"])["total"] == 2 and rows(two["id"])["total"] == 2

    call_action("resource_delete", {"user": users["editor"]["name"]}, id=one["id"])
    with pytest.raises(tk.ObjectNotFound):
        call_action("datastore_search", resource_id=one["id"])

    call_action("resource_patch", {"user": users["editor"]["name"]}, id=two["id"], format="PDF")
    with pytest.raises(tk.ObjectNotFound):
        call_action("datastore_search", resource_id=two["id"])
    model.Session.remove()
    assert not call_action("resource_show", id=two["id"]).get("datastore_active")
    assert load_state(dataset["id"], two["id"])["status"] == "not_tabular"
