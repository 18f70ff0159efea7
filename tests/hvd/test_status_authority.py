"""The report table is the only source of a resource's validation status:
what a client sends is replaced, the badge and the search index follow the
latest report (a stuck run shows ``error``), and resources changed through
package_update / package_revise are validated again (only those)."""
from __future__ import annotations

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage

import ckan.model as model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.hvd.reports import set_resource_status
from ckanext.tmopendata.hvd.model import ValidationReport
from tests.hvd.conftest import INVALID_CSV, VALID_CSV, inline

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def stored_status(resource_id: str):
    """What the resource row itself holds (read by other plugins)."""
    model.Session.remove()
    return (model.Resource.get(resource_id).extras or {}).get("validation_status")


def search(status: str) -> list[str]:
    return [d["id"] for d in call_action("package_search", fq=f"validation_status:{status}")["results"]]


def badges(app, dataset_name: str) -> list[tuple[str, str]]:
    page = BeautifulSoup(app.get(f"/dataset/{dataset_name}").body, "html.parser")
    return [(b["data-status"], b.get_text(strip=True)) for b in page.select(".tmopendata-badge[data-status]")]


# --- forged statuses -------------------------------------------------------------

def test_a_status_forged_through_package_update_is_replaced(app, org_with_users, upload):
    org, users = org_with_users
    editor = {"user": users["editor"]["name"]}
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline())
    pkg = call_action("package_show", id=dataset["id"])
    pkg["resources"][0].update(validation_status="success", validation_timestamp="2030-01-01T00:00:00")
    call_action("package_update", dict(editor), **pkg)

    assert stored_status(res["id"]) == "failure"
    shown = call_action("resource_show", id=res["id"])
    assert shown["validation_status"] == "failure"
    assert shown["validation_timestamp"] != "2030-01-01T00:00:00"
    assert search("success") == []
    assert search("failure") == [dataset["id"]]
    (found,) = call_action("package_search", q=f"id:{dataset['id']}")["results"]
    assert found["resources"][0]["validation_status"] == "failure"
    assert badges(app, dataset["name"]) == [("failure", "Invalid"), ("failure", "Invalid")]
    assert call_action("tmopendata_validation_list", resource_id=res["id"])["count"] == 1  # nothing changed


def test_a_status_forged_through_resource_patch_is_replaced(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline())
    call_action("resource_patch", {"user": users["editor"]["name"]}, id=res["id"], validation_status="success")
    assert stored_status(res["id"]) == "failure"
    assert call_action("resource_show", id=res["id"])["validation_status"] == "failure"
    assert search("success") == []


def test_a_resource_without_report_cannot_be_given_a_status(org_with_users):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                      name="Doc", format="PDF", url="https://example.org/doc.pdf",
                      validation_status="success", validation_timestamp="2030-01-01T00:00:00")
    assert "validation_status" not in res
    assert stored_status(res["id"]) is None
    created = call_action("package_create", {"user": users["editor"]["name"]}, name="alt", notes="x", owner_org=org["id"],
                          resources=[{"name": "Doc", "format": "PDF", "url": "https://example.org/d.pdf",
                                      "validation_status": "success"}])
    assert "validation_status" not in created["resources"][0]


# --- stuck runs ------------------------------------------------------------------

def test_a_run_that_never_finished_shows_error_on_the_resource(app, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    # a worker killed hard: report and resource stay "running"
    report = ValidationReport.latest_for(res["id"])
    report.status = "running"
    report.started = datetime.datetime.utcnow() - datetime.timedelta(days=2)
    set_resource_status(res["id"], "running", report.started)
    model.repo.commit()
    # CKAN 2.11 re-indexes the dataset on this commit; 2.12 at its next
    # indexing (any update, `validate --expire-stale`): index it now
    from ckanext.tmopendata.lib.compat import reindex_dataset

    reindex_dataset(dataset["id"])

    assert call_action("resource_show", id=res["id"])["validation_status"] == "error"
    assert search("running") == []
    assert search("error") == [dataset["id"]]
    assert badges(app, dataset["name"]) == [("error", "Validation error"), ("error", "Validation error")]


# --- package_update / package_revise validate what changed ------------------------

def reports(resource_id: str) -> list[dict]:
    return call_action("tmopendata_validation_list", resource_id=resource_id)["results"]


def test_package_update_changing_the_schema_validates_again(org_with_users, upload):
    org, users = org_with_users
    editor = {"user": users["editor"]["name"]}
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV)  # structurally fine
    assert [r["status"] for r in reports(res["id"])] == ["success"]

    pkg = call_action("package_show", id=dataset["id"])
    pkg["resources"][0]["schema"] = inline()
    call_action("package_update", dict(editor), **pkg)
    latest = reports(res["id"])
    assert [(r["status"], r["schema_ref"]) for r in latest] == [("failure", "inline"), ("success", None)]
    assert call_action("resource_show", id=res["id"])["validation_status"] == "failure"
    assert search("failure") == [dataset["id"]]

    # nothing the validation depends on changed: no new run
    call_action("package_patch", dict(editor), id=dataset["id"], notes="Altă descriere")
    pkg = call_action("package_show", id=dataset["id"])
    pkg["resources"][0]["description"] = "doar descrierea"
    call_action("package_update", dict(editor), **pkg)
    assert len(reports(res["id"])) == 2


def test_package_update_adding_a_resource_validates_it(org_with_users):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    pkg = call_action("package_show", id=dataset["id"])
    pkg["resources"] = [{"name": "Parcuri", "format": "CSV", "url": "parcuri.csv", "schema": inline(),
                         "upload": FileStorage(io.BytesIO(INVALID_CSV.encode()), "parcuri.csv")}]
    updated = call_action("package_update", {"user": users["editor"]["name"]}, **pkg)
    (res,) = updated["resources"]
    assert res["url_type"] == "upload"
    assert [r["status"] for r in reports(res["id"])] == ["failure"]
    assert res["validation_status"] == "failure"


def test_package_revise_with_a_new_upload_validates_again(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    call_action(
        "package_revise", {"user": users["editor"]["name"]}, match={"id": dataset["id"]},
        **{f"update__resources__{res['id'][:8]}__upload":
           FileStorage(io.BytesIO(INVALID_CSV.encode()), "parcuri.csv", content_type="text/csv")},
    )
    assert [r["status"] for r in reports(res["id"])] == ["failure", "success"]
    assert call_action("resource_show", id=res["id"])["validation_status"] == "failure"


def test_package_revise_changing_the_schema_validates_again(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV)
    call_action("package_revise", {"user": users["editor"]["name"]}, match={"id": dataset["id"]},
                **{f"update__resources__{res['id'][:8]}": {"schema": inline()}})
    assert [r["status"] for r in reports(res["id"])] == ["failure", "success"]
    # revising the title only does not validate again
    call_action("package_revise", {"user": users["editor"]["name"]}, match={"id": dataset["id"]},
                update={"title": "Alt titlu"})
    assert len(reports(res["id"])) == 2


def test_resource_patch_validates_once(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV)
    call_action("resource_patch", {"user": users["editor"]["name"]}, id=res["id"], schema=inline())
    assert [r["status"] for r in reports(res["id"])] == ["failure", "success"]
