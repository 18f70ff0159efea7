"""Census actions: campaigns and entries, happy paths and bad input."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.census import fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def test_entry_create_show_with_scores_and_history(census):
    entry = census.entry(
        title="Stații de transport", description="Stațiile STPT", storage="database",
        formats="CSV; XLSX", q_online="da", q_free=True, q_machine_readable=True,
        hvd_category="http://data.europa.eu/bna/c_b79e35eb", priority_theme="transport",
        information_requests=3, effort="medium", planned_publication="2026-06-30",
    )
    assert entry["status"] == "draft"
    assert entry["organization"] == census.org["name"]
    assert entry["organization_title"] == census.org["title"]
    assert entry["formats"] == ["CSV", "XLSX"]
    assert (entry["openness_score"], entry["value_score"], entry["feasibility_score"], entry["priority"]) == (50, 80, 90, 72.0)
    assert "72.0" in entry["score_explanation"]["priority"]
    for name, _type in fields.ENTRY_FIELDS:
        assert name in entry
    shown = call_action("tmopendata_census_entry_show", census.ctx("member"), id=entry["id"])
    assert shown["history"][0]["action"] == "create"
    assert shown["history"][0]["user"] == census.users["editor"]["name"]
    assert shown["campaign_id"] == census.campaign["id"]


@pytest.mark.parametrize("fields_,error_key", [
    ({"title": ""}, "title"),
    ({"organization": "no-such-org"}, "organization"),
    ({"owner_email": "not-an-email"}, "owner_email"),
    ({"storage": "cloud"}, "storage"),
    ({"information_requests": -3}, "information_requests"),
    ({"planned_publication": "30 iunie"}, "planned_publication"),
    ({"access_restriction": "classified"}, "restriction_reason"),
    ({"published_url": "ftp//x"}, "published_url"),
    ({"hvd_category": "Mobility"}, "hvd_category"),
    ({"q_free": "maybe"}, "q_free"),
])
def test_entry_create_bad_input(census, fields_, error_key):
    with pytest.raises(tk.ValidationError) as e:
        census.entry(role="sysadmin", **fields_)
    assert error_key in e.value.error_dict


def test_entry_in_closed_campaign_refused(census):
    call_action("tmopendata_census_campaign_patch", census.ctx("coordinator"), id=census.campaign["id"], status="closed")
    with pytest.raises(tk.ValidationError) as e:
        census.entry()
    assert "closed" in str(e.value.error_dict["campaign_id"])


def test_patch_update_record_changes(census):
    entry = census.entry(department="Urbanism", effort="high")
    patched = call_action("tmopendata_census_entry_patch", census.ctx("editor"), id=entry["id"], effort="low")
    assert patched["department"] == "Urbanism"
    assert patched["feasibility_score"] == entry["feasibility_score"] + 20
    updated = call_action("tmopendata_census_entry_update", census.ctx("editor"), id=entry["id"], title="Alt titlu")
    assert updated["department"] is None and updated["effort"] is None
    history = call_action("tmopendata_census_entry_show", census.ctx("editor"), id=entry["id"])["history"]
    assert [h["action"] for h in history] == ["create", "update", "update"]
    assert history[1]["changes"] == {"effort": ["high", "low"]}
    assert history[2]["changes"]["title"] == ["Registrul spațiilor verzi", "Alt titlu"]


def test_institution_cannot_change(census):
    entry = census.entry()
    other = factories.Organization()
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_census_entry_patch", census.ctx("sysadmin"), id=entry["id"], organization=other["name"])
    assert "organization" in e.value.error_dict


def test_delete_keeps_history(census):
    entry = census.entry()
    call_action("tmopendata_census_entry_delete", census.ctx("editor"), id=entry["id"])
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_census_entry_show", census.ctx("sysadmin"), id=entry["id"])
    from ckanext.tmopendata.census.model import EntryHistory
    assert [h.action for h in EntryHistory.for_entry(entry["id"])] == ["create", "delete"]


def test_list_filters_sort_and_pagination(census):
    other = factories.Organization(users=[{"name": census.users["editor"]["name"], "capacity": "editor"}])
    mobility = "http://data.europa.eu/bna/c_b79e35eb"
    a = census.entry(title="A buget", priority_theme="budget", information_requests=100)
    b = census.entry(title="B transport", priority_theme="transport", hvd_category=mobility, q_digital=True)
    census.join(other)
    c = census.entry(title="C altele", organization=other["name"])
    census.move(b["id"], "submitted")
    ctx = census.ctx("coordinator")

    def ids(**kw):
        result = call_action("tmopendata_census_entry_list", ctx, campaign_id=census.campaign["name"], **kw)
        return [e["id"] for e in result["results"]], result["count"]

    assert ids() == ([b["id"], a["id"], c["id"]], 3)       # priority: 70*90, 60*50, 0
    assert ids(sort="title") == ([a["id"], b["id"], c["id"]], 3)
    assert ids(sort="title", limit=1, offset=1) == ([b["id"]], 3)
    assert ids(organization=other["name"]) == ([c["id"]], 1)
    assert ids(status="submitted") == ([b["id"]], 1)
    assert ids(status=["draft"], sort="title") == ([a["id"], c["id"]], 2)
    assert ids(hvd_category=mobility) == ([b["id"]], 1)
    assert ids(priority_theme="budget") == ([a["id"]], 1)
    assert ids(q="transp") == ([b["id"]], 1)
    with pytest.raises(tk.ValidationError):
        ids(status="lost")
    with pytest.raises(tk.ValidationError):
        ids(sort="colour")
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_census_entry_list", ctx, campaign_id="nope")


def test_campaign_crud(census):
    ctx = census.ctx("coordinator")
    created = call_action("tmopendata_census_campaign_create", ctx, name="c-2027", title="2027",
                          start_date="2027-01-01", end_date="2027-06-30", coordinators=[census.users["admin"]["name"]])
    assert created["status"] == "open" and created["public"] is False
    assert created["coordinators"] == [census.users["admin"]["name"]]
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_census_campaign_create", ctx, name="c-2027", title="again")
    assert "name" in e.value.error_dict
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_census_campaign_create", ctx, name="c-x", title="x", coordinators=["ghost"])
    assert "coordinators" in e.value.error_dict
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_census_campaign_patch", ctx, id="c-2027", end_date="2026-01-01")
    assert "end_date" in e.value.error_dict
    patched = call_action("tmopendata_census_campaign_patch", ctx, id="c-2027", public=True)
    assert patched["public"] is True and patched["start_date"] == "2027-01-01"
    updated = call_action("tmopendata_census_campaign_update", ctx, id=created["id"], name="c-2027", title="T")
    assert updated["start_date"] is None and updated["coordinators"] == []
    listed = call_action("tmopendata_census_campaign_list", ctx)
    assert listed["count"] == 2
    assert call_action("tmopendata_census_campaign_show", ctx, id="c-2027")["title"] == "T"
    call_action("tmopendata_census_campaign_delete", ctx, id="c-2027")
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_census_campaign_show", ctx, id="c-2027")
    census.entry()
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_census_campaign_delete", ctx, id=census.campaign["id"])


def test_dashboard_counts_and_top(census):
    other = factories.Organization()
    a = census.entry(title="A", priority_theme="budget", q_digital=True)
    census.entry(title="B")
    census.join(other)
    census.entry(role="sysadmin", title="C", organization=other["name"])
    census.move(a["id"], "submitted", "under_review", "approved")
    board = call_action("tmopendata_census_dashboard", census.ctx("coordinator"), campaign_id=census.campaign["id"], top=2)
    rows = {r["organization"]: r for r in board["organizations"]}
    assert rows[census.org["name"]]["entries"] == 2
    assert rows[census.org["name"]]["approved"] == 1
    assert rows[other["name"]]["entries"] == 1
    assert board["totals"]["entries"] == 3
    assert [e["title"] for e in board["top"]][0] == "A"
    assert len(board["top"]) == 2
