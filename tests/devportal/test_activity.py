"""Activity of the portal's own changes (site user) is shown; validation
reports do not show internal user names to those who may not edit."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.cli import call

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

CSV = "id,denumire\n1,a\n"


def _site_dataset():
    org = factories.Organization()
    return call("package_create", {"name": "de-la-portal", "title": "De la portal", "notes": "x", "owner_org": org["id"]})


def test_site_user_activity_is_shown(app):
    dataset = _site_dataset()
    call("package_patch", {"id": dataset["id"], "notes": "schimbat"})
    activities = call_action("package_activity_list", {"user": ""}, id=dataset["id"])
    assert [a["activity_type"] for a in activities] == ["changed package", "new package"]
    resp = app.get("/api/3/action/package_activity_list", query_string={"id": dataset["name"]})
    assert len(resp.json["result"]) == 2


@pytest.mark.ckan_config("ckanext.tmopendata.activity.show_site_user", "false")
def test_option_off_hides_it_as_ckan_does():
    dataset = _site_dataset()
    assert call_action("package_activity_list", {"user": ""}, id=dataset["id"]) == []


@pytest.mark.ckan_config("ckan.hide_activity_from_users", "someone-else")
def test_portal_list_is_kept():
    assert tk.config.get("ckan.hide_activity_from_users") == ["someone-else"]


def test_validation_report_hides_requester_from_outsiders(app):
    import io
    from werkzeug.datastructures import FileStorage

    editor = factories.UserWithToken()
    outsider = factories.UserWithToken()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": editor["name"]}, package_id=dataset["id"], url="d.csv",
                      format="CSV", name="d.csv",
                      upload=FileStorage(io.BytesIO(CSV.encode()), "d.csv", content_type="text/csv"))
    url = "/api/3/action/tmopendata_validation_show"
    as_editor = app.get(url, query_string={"resource_id": res["id"]},
                        headers={"Authorization": editor["token"]}).json["result"]
    assert as_editor["requested_by"] == editor["name"]
    anonymous = app.get(url, query_string={"resource_id": res["id"]}).json["result"]
    assert "requested_by" not in anonymous and anonymous["status"]
    other = app.get("/api/3/action/tmopendata_validation_list", query_string={"resource_id": res["id"]},
                    headers={"Authorization": outsider["token"]}).json["result"]
    assert other["results"] and all("requested_by" not in r for r in other["results"])
    page = app.get(f"/dataset/{dataset['name']}/resource/{res['id']}/validation.json").body
    assert editor["name"] not in page
