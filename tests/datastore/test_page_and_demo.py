"""The resource page says which version the API serves and how to call it,
the preview table is there; the demo's valid tables are loaded, its failing
files are not."""
from __future__ import annotations

import pytest

from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.core.demo import content
from tests.worker import run_worker
from tests.datastore.conftest import INVALID_CSV, VALID_CSV, inline

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")


def test_the_resource_page_tells_the_version_served_and_the_api_calls(app, org_with_users, upload, reupload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    run_worker()
    url = f"/dataset/{dataset['name']}/resource/{res['id']}"
    page = app.get(url).body
    assert "API data as of" in page
    assert f"datastore_search?resource_id={res['id']}" in page
    assert "curl &#39;" in page or "curl '" in page
    assert "ckanapi action datastore_search" in page
    # the preview table (datatables_view) was created and shows
    views = call_action("resource_view_list", id=res["id"])
    assert "datatables_view" in [v["view_type"] for v in views]

    reupload(users["editor"], res["id"], INVALID_CSV)
    page = app.get(url).body
    assert "the newer file failed validation" in page
    assert 'data-status="failed"' in page


def test_the_demo_valid_tables_are_loaded_and_the_failing_ones_are_not(cli):
    result = cli.invoke(ckan_cli, ["tmopendata", "demo"])
    assert result.exit_code == 0, result.output
    call_action("job_clear")
    result = cli.invoke(ckan_cli, ["tmopendata", "datastore", "load", "--all"])
    assert " loaded" in result.output
    loaded = failed = 0
    for ds in content()["datasets"]:
        pkg = call_action("package_show", id=ds["name"])
        status = {r["id"]: r for r in call_action("tmopendata_datastore_status", id=ds["name"])["resources"]}
        for res in pkg["resources"]:
            if status[res["id"]]["status"] == "not_tabular":
                continue
            if res.get("validation_status") == "success":
                assert status[res["id"]]["status"] == "loaded", (ds["name"], res["name"], status[res["id"]])
                assert call_action("datastore_search", resource_id=res["id"], limit=1)["total"] >= 1
                loaded += 1
            else:
                assert status[res["id"]]["status"] != "loaded"
                assert status[res["id"]]["rows"] is None
                failed += 1
    assert loaded >= 4 and failed >= 1


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_datastore", "tmopendata_progress")
def test_progress_counts_the_valid_tables_served_by_the_api(app, org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    upload(users["editor"], dataset["id"], VALID_CSV, schema=inline(), filename="one.csv")
    upload(users["editor"], dataset["id"], VALID_CSV, schema=inline(), filename="two.csv")
    upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline(), filename="bad.csv")
    call_action("tmopendata_datastore_remove", {"user": users["editor"]["name"]},
                resource_id=call_action("package_show", id=dataset["id"])["resources"][0]["id"])
    figures = call_action("tmopendata_progress_show")["figures"]
    assert (figures["resources_valid"], figures["resources_api"], figures["resources_api_share"]) == (2, 1, 50.0)
    call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]},
                resource_id=call_action("package_show", id=dataset["id"])["resources"][0]["id"])
    run_worker()
    figures = call_action("tmopendata_progress_show")["figures"]
    assert (figures["resources_valid"], figures["resources_api"], figures["resources_api_share"]) == (2, 2, 100.0)
    assert 'id="ind-resources_api">2 / 2' in app.get("/tmopendata/progress").body


def test_a_failed_load_is_retried_from_the_page(app, org_with_users, upload):
    import datetime

    import ckan.model as model

    from ckanext.tmopendata.datastore.model import DatastoreLoad

    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]}, resource_id=res["id"])
    call_action("job_clear")  # the load job is lost
    state = DatastoreLoad.get(res["id"])
    state.requested = datetime.datetime.utcnow() - datetime.timedelta(days=1)
    model.repo.commit()
    url = f"/dataset/{dataset['name']}/resource/{res['id']}"
    editor = {"Authorization": users["editor"]["token"]}
    page = app.get(url, headers=editor).body
    assert "did not finish" in page and "tmopendata-datastore-retry" in page
    assert "tmopendata-datastore-retry" not in app.get(url).body  # anonymous: no button

    post = f"{url}/datastore-load"
    app.post(post, headers={"Authorization": users["other_editor"]["token"]}, status=403)
    app.post(post, headers=editor, follow_redirects=False, status=302)
    run_worker()
    model.Session.remove()
    assert call_action("tmopendata_datastore_status", id=dataset["id"])["resources"][0]["status"] == "loaded"
    assert call_action("datastore_search", resource_id=res["id"])["total"] == 2
