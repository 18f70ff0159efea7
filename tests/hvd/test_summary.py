"""``tmopendata_validation_summary``: the one definition of "a dataset is
validated" (every tabular resource's latest report is a success; no tabular
resource = not validated), read in one query for many datasets, and
visible like the datasets themselves."""
from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.hvd import reports
from ckanext.tmopendata.hvd.model import ValidationReport
from tests.hvd.conftest import INVALID_CSV, VALID_CSV, inline

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def summary(ids, user=None, **ctx):
    context = {"ignore_auth": user is None, **ctx}
    if user is not None:
        context["user"] = user
    return call_action("tmopendata_validation_summary", context, ids=ids)["datasets"]


def test_failing_and_passing_tables_are_not_validated(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    good = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline(), name="bun.csv")
    bad = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline(), name="rau.csv")
    factories.Resource(package_id=dataset["id"], url="https://example.com/doc.pdf", format="PDF")
    got = summary([dataset["name"]])
    assert list(got) == [dataset["id"]]  # keyed by id, whatever was asked
    assert got[dataset["id"]] == {
        "validated": False, "status": "failure", "tabular": 2, "valid": 1,
        "resources": {good["id"]: "success", bad["id"]: "failure"},
    }
    # the failing file replaced by a valid one: the dataset is validated
    call_action("resource_delete", {"user": users["editor"]["name"]}, id=bad["id"])
    got = summary([dataset["id"]])[dataset["id"]]
    assert got["validated"] is True and got["status"] == "success"
    assert (got["tabular"], got["valid"]) == (1, 1)


def test_latest_report_decides_and_unfinished_runs_are_not_valid(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV)
    assert summary([dataset["id"]])[dataset["id"]]["validated"] is True
    # a newer run still pending: not validated (yet)
    model.Session.add(ValidationReport(resource_id=res["id"], package_id=dataset["id"], status="pending",
                                       created=datetime.datetime.utcnow()))
    model.Session.commit()
    got = summary([dataset["id"]])[dataset["id"]]
    assert (got["validated"], got["status"], got["valid"]) == (False, "pending", 0)
    # left pending past job_timeout: counts as an error
    stale = datetime.datetime.utcnow() - datetime.timedelta(days=2)
    model.Session.add(ValidationReport(resource_id=res["id"], package_id=dataset["id"], status="running",
                                       created=datetime.datetime.utcnow(), started=stale))
    model.Session.query(ValidationReport).filter_by(resource_id=res["id"], status="pending").delete()
    model.Session.commit()
    assert summary([dataset["id"]])[dataset["id"]]["resources"] == {res["id"]: "error"}


def test_no_tabular_resource_is_not_validated(org_with_users):
    org, users = org_with_users
    empty = factories.Dataset(owner_org=org["id"])
    docs = factories.Dataset(owner_org=org["id"])
    factories.Resource(package_id=docs["id"], url="https://example.com/harta.geojson", format="GeoJSON")
    got = summary([empty["id"], docs["id"]])
    for dataset in (empty, docs):
        assert got[dataset["id"]] == {"validated": False, "status": "none", "tabular": 0, "valid": 0,
                                      "resources": {}}


def test_a_table_never_validated_is_none(org_with_users):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": users["editor"]["name"], "tmopendata_skip_validation": True},
                      package_id=dataset["id"], url="https://example.com/x.csv", format="CSV")
    got = summary([dataset["id"]])[dataset["id"]]
    assert got == {"validated": False, "status": "none", "tabular": 1, "valid": 0,
                   "resources": {res["id"]: "none"}}


def test_who_may_see_it_is_who_may_see_the_dataset(org_with_users, upload):
    org, users = org_with_users
    private = factories.Dataset(owner_org=org["id"], private=True)
    public = factories.Dataset(owner_org=org["id"])
    upload(users["editor"], private["id"], VALID_CSV)
    sysadmin = factories.Sysadmin()
    for user in ("", users["outsider"]["name"], users["other_editor"]["name"], users["other_admin"]["name"]):
        with pytest.raises(tk.NotAuthorized) as e:
            summary([public["id"], private["id"]], user=user)
        assert private["name"] not in str(e.value) and private["id"] not in str(e.value)
        assert summary([public["id"]], user=user)[public["id"]]["validated"] is False
    for user in (users["editor"]["name"], users["member"]["name"], sysadmin["name"]):
        got = summary([public["name"], private["name"]], user=user)
        assert got[private["id"]]["validated"] is True, user


@pytest.mark.parametrize("ids", [[], "", [""], [{"a": 1}], [["x"]], 5, ["x"] * 0 + [str(i) for i in range(1001)]])
def test_bad_ids_are_a_validation_error(ids):
    with pytest.raises(tk.ValidationError) as e:
        summary(ids)
    assert "ids" in e.value.error_dict


def test_unknown_dataset_is_not_found():
    with pytest.raises(tk.ObjectNotFound):
        summary(["nu-exista"])


def test_many_datasets_in_one_query(org_with_users, upload):
    org, users = org_with_users
    datasets = [factories.Dataset(owner_org=org["id"]) for _ in range(3)]
    for dataset in datasets:
        upload(users["editor"], dataset["id"], VALID_CSV)
        upload(users["editor"], dataset["id"], INVALID_CSV, filename="b.csv", schema=inline())
    model.Session.remove()
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = model.meta.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        got = reports.summaries(d["id"] for d in datasets)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1, statements
    assert all((g["tabular"], g["valid"], g["status"]) == (2, 1, "failure") for g in got.values())
