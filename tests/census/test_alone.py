"""The census plugin alone (with the foundation plugin only): no HVD, no
procedures, no scheming. Its actions that call other plugins' actions
(``tmopendata_validation_run`` when publishing, ``tmopendata_procedure_*``
in the hand-off and on the entry page) treat them as not available."""
from __future__ import annotations

import pytest

from ckan.tests.helpers import call_action

ALONE = "activity tmopendata tmopendata_census"

pytestmark = [pytest.mark.ckan_config("ckan.plugins", ALONE), pytest.mark.usefixtures("with_plugins", "clean_db")]


def test_workflow_dashboard_export_and_publication_work_alone(census, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.publish_organization", census.org["name"])
    entry = census.entry(title="Registrul arborilor", q_free="da", owner_email="date@primariatm.ro")
    census.move(entry["id"], "submitted", role="admin")
    census.move(entry["id"], "under_review", "approved", role="coordinator")
    board = call_action("tmopendata_census_dashboard", census.ctx("coordinator"), campaign_id=census.campaign["id"])
    assert board["totals"]["approved"] == 1
    export = call_action("tmopendata_census_entry_export", census.ctx("member"), campaign_id=census.campaign["id"])
    assert export["count"] == 1 and "Registrul arborilor" in export["content"]
    published = call_action("tmopendata_census_publish", census.ctx("sysadmin"), campaign_id=census.campaign["id"])
    assert published["count"] == 1
    assert published["validation_status"] is None  # no HVD plugin: not validated, no error


def test_the_entry_page_and_the_handoff_without_the_procedures_plugin(app, census):
    entry = census.entry()
    census.move(entry["id"], "submitted", role="admin")
    census.move(entry["id"], "under_review", "approved", role="coordinator")
    token = call_action("api_token_create", {"user": census.users["editor"]["name"], "ignore_auth": True},
                        user=census.users["editor"]["name"], name="t")["token"]
    page = app.get(f"/census/entry/{entry['id']}", headers={"Authorization": token})
    assert page.status_code == 200
    result = call_action("tmopendata_census_entry_create_dataset", census.ctx("editor"), id=entry["id"])
    assert result["procedure_id"] is None and result["entry"]["status"] == "in_publication"
    assert app.get(f"/census/entry/{entry['id']}", headers={"Authorization": token}).status_code == 200
