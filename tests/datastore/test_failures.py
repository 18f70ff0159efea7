"""Failure paths: every failed load ends with a clear status, the previous
rows stay served, and a retry is possible (action and CLI); nothing stays
"pending" for ever."""
from __future__ import annotations

import datetime
import os

import pytest

import ckan.lib.uploader as uploader
import ckan.model as model
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.datastore.model import DatastoreLoad
from tests.worker import run_worker
from tests.datastore.conftest import INVALID_CSV, VALID_CSV, inline, load_state, served_records

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")

COUNT_SCHEMA = {"fields": [{"name": "cod", "type": "string"}, {"name": "numar", "type": "integer"}]}


def test_a_postgresql_error_leaves_the_previous_rows_and_says_why(org_with_users, upload, reupload, cli):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], "cod,numar\nA,1\nB,2\n", schema=inline(COUNT_SCHEMA))
    run_worker()
    assert [r["numar"] for r in served_records(res["id"])] == [1, 2]

    # valid for the Table Schema (integers have no bound), too big for bigint:
    # a type mismatch that validation cannot see
    reupload(users["editor"], res["id"], "cod,numar\nA,1\nB,99999999999999999999999\n")
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] == "success"
    run_worker()

    assert [r["numar"] for r in served_records(res["id"])] == [1, 2]
    state = load_state(dataset["id"], res["id"])
    assert state["status"] == "failed"
    assert "PostgreSQL" in state["message"] and "out of range" in state["message"]
    assert state["rows"] == 2

    # retried from the command line after a fix: loaded
    reupload(users["editor"], res["id"], "cod,numar\nA,1\nB,3\nC,4\n")
    model.Session.remove()
    result = cli.invoke(ckan_cli, ["tmopendata", "datastore", "load", "--resource", res["id"]])
    assert result.exit_code == 0, result.output
    assert "loaded  3 rows" in result.output
    assert [r["numar"] for r in served_records(res["id"])] == [1, 3, 4]


def test_a_column_renamed_between_versions_replaces_the_table(org_with_users, upload, reupload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], "a,b\n1,x\n")
    run_worker()
    reupload(users["editor"], res["id"], "a,c\n2,y\n3,z\n")
    run_worker()
    info = call_action("datastore_info", id=res["id"])
    assert [f["id"] for f in info["fields"]] == ["a", "c"]
    assert [r["c"] for r in served_records(res["id"])] == ["y", "z"]
    assert load_state(dataset["id"], res["id"])["status"] == "loaded"


def test_a_file_missing_when_the_worker_runs_is_a_clear_failure(org_with_users, upload, reupload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    run_worker()
    # a load queued for the worker (e.g. a retry), the file gone meanwhile
    call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]}, resource_id=res["id"])
    path = uploader.get_resource_uploader(call_action("resource_show", id=res["id"])).get_path(res["id"])
    os.unlink(path)
    run_worker()
    state = load_state(dataset["id"], res["id"])
    assert state["status"] == "failed" and "missing from storage" in state["message"]
    assert [r["suprafata_mp"] for r in served_records(res["id"])] == [90000, 36000.5]


def test_a_load_left_pending_by_a_lost_job_is_reported_failed_and_can_be_retried(
        org_with_users, upload, monkeypatch):
    from ckanext.tmopendata.datastore.logic import action

    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV.replace("SV02", "SV09"), schema=inline())
    call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]}, resource_id=res["id"])
    assert load_state(dataset["id"], res["id"])["status"] == "pending"
    # past the grace of a just-queued job: its job is asked for in Redis
    monkeypatch.setattr(action, "JOB_GRACE", 0)
    assert load_state(dataset["id"], res["id"])["status"] == "pending"  # queued: waits for a worker
    # the job lost (Redis flushed): failed at once, without waiting for the job timeout
    call_action("job_clear")
    found = load_state(dataset["id"], res["id"])
    assert found["status"] == "failed" and "did not finish" in found["message"]
    # within the grace, nothing is concluded from Redis; the job timeout still applies
    monkeypatch.setattr(action, "JOB_GRACE", 60)
    assert load_state(dataset["id"], res["id"])["status"] == "pending"
    state = DatastoreLoad.get(res["id"])
    state.requested = datetime.datetime.utcnow() - datetime.timedelta(days=2)
    model.repo.commit()
    found = load_state(dataset["id"], res["id"])
    assert found["status"] == "failed" and "did not finish" in found["message"]
    result = call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]},
                         resource_id=res["id"], sync=True)
    assert result["status"] == "loaded" and result["rows"] == 2


def test_cli_loads_only_what_is_valid_and_lists_the_status(org_with_users, upload, cli):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], name="parcuri")
    good = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline(), filename="good.csv")
    bad = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline(), filename="bad.csv")
    call_action("job_clear")
    result = cli.invoke(ckan_cli, ["tmopendata", "datastore", "load", "--dataset", "parcuri"])
    assert result.exit_code == 1, result.output
    assert f"{good['id']}  loaded  2 rows" in result.output
    assert f"{bad['id']}  failed" in result.output and "failed validation" in result.output
    assert "1 failed, 1 loaded" in result.output
    status = cli.invoke(ckan_cli, ["tmopendata", "datastore", "status"])
    assert status.exit_code == 0, status.output
    assert "parcuri: 1/2 loaded" in status.output
    assert "1/2 tabular resources served by the DataStore API" in status.output
    usage = cli.invoke(ckan_cli, ["tmopendata", "datastore", "load"])
    assert usage.exit_code != 0 and "--resource" in usage.output


# --- PostgreSQL down, the connection lost, the worker killed ----------------------

def test_the_datastore_database_unreachable_is_a_clear_failure_and_the_rows_stay(
        app, org_with_users, upload, monkeypatch):
    """PostgreSQL down (here: nothing listens where the DataStore should
    be): the load fails with a clear message, the page offers the retry,
    and once the database is back the retry loads."""
    import ckan.plugins.toolkit as tk

    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    assert load_state(dataset["id"], res["id"])["status"] == "loaded"
    good_url = tk.config["ckan.datastore.write_url"]
    monkeypatch.setitem(tk.config, "ckan.datastore.write_url",
                        good_url.replace("@localhost/", "@localhost:1/").replace("@127.0.0.1/", "@127.0.0.1:1/"))
    assert tk.config["ckan.datastore.write_url"] != good_url
    result = call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]},
                         resource_id=res["id"], sync=True)
    assert result["status"] == "failed"
    assert "could not be reached" in result["message"] and "localhost" not in result["message"]
    page = app.get(f"/dataset/{dataset['name']}/resource/{res['id']}",
                   headers={"Authorization": users["editor"]["token"]}).body
    assert "could not be reached" in page and "tmopendata-datastore-retry" in page
    monkeypatch.setitem(tk.config, "ckan.datastore.write_url", good_url)
    assert [r["suprafata_mp"] for r in served_records(res["id"])] == [90000, 36000.5]
    again = call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]},
                        resource_id=res["id"], sync=True)
    assert again["status"] == "loaded" and again["rows"] == 2
