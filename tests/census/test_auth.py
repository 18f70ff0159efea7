"""The permission matrix of every census action: anonymous, outsider,
member, editor and admin of the institution, editor and admin of another
institution of the campaign, admin of an organisation outside the campaign,
coordinator, sysadmin."""
from __future__ import annotations

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.census.conftest import ROLES

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

EVERYBODY = set(ROLES)
#: Who sees an entry of ``census.org`` in full.
INSIDERS = {"member", "editor", "admin", "coordinator", "sysadmin"}
EDITORS = {"editor", "admin", "sysadmin"}
COORDINATORS = {"coordinator", "sysadmin"}
#: editor and admin of another institution taking part in the campaign
OTHERS = {"other_editor", "other_admin"}
#: everybody taking part in the (private) campaign
PARTICIPANTS = INSIDERS | OTHERS


def allowed(census, role: str, auth: str, **data) -> bool:
    context = dict(census.ctx(role), model=model)
    try:
        tk.check_access(auth, context, data)
        return True
    except tk.NotAuthorized:
        return False


def who(census, auth: str, **data) -> set[str]:
    return {role for role in ROLES if allowed(census, role, auth, **data)}


@pytest.mark.parametrize("auth,expected", [
    ("tmopendata_census_campaign_create", COORDINATORS),
    ("tmopendata_census_campaign_update", COORDINATORS),
    ("tmopendata_census_campaign_patch", COORDINATORS),
    ("tmopendata_census_campaign_delete", COORDINATORS),
    ("tmopendata_census_campaign_show", PARTICIPANTS),
    ("tmopendata_census_campaign_list", EVERYBODY),
    ("tmopendata_census_dashboard", PARTICIPANTS),
    ("tmopendata_census_entry_list", PARTICIPANTS),
    ("tmopendata_census_entry_export", PARTICIPANTS),
    ("tmopendata_census_publish", COORDINATORS),
])
def test_campaign_level_matrix(census, auth, expected):
    data = {"id": census.campaign["id"], "campaign_id": census.campaign["id"]}
    assert who(census, auth, **data) == expected


@pytest.mark.parametrize("auth", ["tmopendata_census_campaign_show", "tmopendata_census_dashboard",
                                  "tmopendata_census_entry_list"])
def test_public_campaign_is_seen_by_everybody(census, auth):
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"], public=True)
    assert who(census, auth, id=census.campaign["id"], campaign_id=census.campaign["id"]) == EVERYBODY


def test_create_matrix(census):
    assert who(census, "tmopendata_census_entry_create", campaign_id=census.campaign["id"],
               organization=census.org["name"]) == EDITORS


@pytest.mark.parametrize("organization", [True, False])
def test_import_matrix(census, organization):
    """Coordinators import for any institution, editors and admins for
    theirs (with or without the default institution)."""
    data = {"campaign_id": census.campaign["id"]}
    if organization:
        data["organization"] = census.org["name"]
    expected = EDITORS | COORDINATORS if organization else EDITORS | COORDINATORS | OTHERS
    assert who(census, "tmopendata_census_entry_import", **data) == expected


def test_import_for_another_institution(census):
    other = factories.Organization()
    data = {"campaign_id": census.campaign["id"], "organization": other["name"]}
    assert who(census, "tmopendata_census_entry_import", **data) == COORDINATORS


def test_campaign_coordinator_may_import(census):
    campaign_coordinator = factories.User()
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"],
                coordinators=[campaign_coordinator["name"]])
    ctx = {"user": campaign_coordinator["name"], "ignore_auth": False, "model": model}
    tk.check_access("tmopendata_census_entry_import", ctx,
                    {"campaign_id": census.campaign["id"], "organization": census.org["name"]})
    other = call_action("tmopendata_census_campaign_create", census.ctx("sysadmin"), name="alta", title="Alta",
                        organizations=[census.org["name"]])
    with pytest.raises(tk.NotAuthorized):
        tk.check_access("tmopendata_census_entry_import", ctx, {"campaign_id": other["id"]})


@pytest.mark.parametrize("public", [False, True])
def test_campaign_managers_only_see_coordinators_and_creator(census, public):
    campaign_coordinator = factories.User()
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"],
                coordinators=[campaign_coordinator["name"]], public=public)
    managers = {"coordinator", "sysadmin"}
    for role in ROLES:
        try:
            shown = call_action("tmopendata_census_campaign_show", census.ctx(role), id=census.campaign["id"])
        except tk.NotAuthorized:
            assert not public and role in ("anonymous", "outsider", "stranger_admin")
            continue
        listed = call_action("tmopendata_census_campaign_list", census.ctx(role))["results"]
        board = call_action("tmopendata_census_dashboard", census.ctx(role), campaign_id=census.campaign["id"])
        for campaign in (shown, listed[0], board["campaign"]):
            assert campaign["id"] == census.campaign["id"]
            if role in managers:
                assert campaign["coordinators"] == [campaign_coordinator["name"]]
                assert campaign["creator_user_id"] == census.users["sysadmin"]["id"]
            else:
                assert "coordinators" not in campaign and "creator_user_id" not in campaign, role
    ctx = {"user": campaign_coordinator["name"], "ignore_auth": False}
    shown = call_action("tmopendata_census_campaign_show", ctx, id=census.campaign["id"])
    assert shown["coordinators"] == [campaign_coordinator["name"]]


@pytest.mark.parametrize("auth,state,expected", [
    ("tmopendata_census_entry_update", "draft", EDITORS),
    ("tmopendata_census_entry_patch", "draft", EDITORS),
    ("tmopendata_census_entry_delete", "draft", EDITORS),
    ("tmopendata_census_entry_update", "submitted", {"sysadmin"}),
    ("tmopendata_census_entry_patch", "under_review", {"sysadmin"}),
    ("tmopendata_census_entry_delete", "approved", {"sysadmin"}),
    ("tmopendata_census_entry_show", "draft", INSIDERS),
    ("tmopendata_census_entry_details", "draft", INSIDERS),
    ("tmopendata_census_entry_show", "approved", INSIDERS),     # campaign not public
])
def test_entry_matrix(census, auth, state, expected):
    entry = census.entry()
    path = {"draft": [], "submitted": ["submitted"], "under_review": ["submitted", "under_review"],
            "approved": ["submitted", "under_review", "approved"]}[state]
    if path:
        census.move(entry["id"], *path)
    assert who(census, auth, id=entry["id"]) == expected


def test_public_entry_seen_by_everybody_details_by_insiders(census):
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"], public=True)
    entry = census.entry()
    census.move(entry["id"], "submitted", "under_review", "approved")
    assert who(census, "tmopendata_census_entry_show", id=entry["id"]) == EVERYBODY
    assert who(census, "tmopendata_census_entry_details", id=entry["id"]) == INSIDERS
    restricted = census.entry(title="Registrul cazierelor")
    census.move(restricted["id"], "submitted", "under_review")
    census.move(restricted["id"], "restricted", reason="Legea 190/2018", access_restriction="personal_data")
    assert who(census, "tmopendata_census_entry_show", id=restricted["id"]) == INSIDERS


@pytest.mark.parametrize("path,to_state,expected", [
    ([], "submitted", {"admin", "sysadmin"}),
    (["submitted"], "under_review", COORDINATORS),
    (["submitted"], "draft", COORDINATORS),
    (["submitted", "under_review"], "approved", COORDINATORS),
    (["submitted", "under_review"], "rejected", COORDINATORS),
    (["submitted", "under_review"], "duplicate", COORDINATORS),
    (["submitted", "under_review"], "restricted", COORDINATORS),
    (["submitted", "under_review"], "draft", COORDINATORS),
    (["submitted", "under_review", "approved"], "under_review", COORDINATORS),
    (["submitted", "under_review", "approved"], "in_publication", {"editor", "admin", "coordinator", "sysadmin"}),
    (["submitted", "under_review", "approved", "in_publication"], "approved", {"editor", "admin", "coordinator", "sysadmin"}),
    (["submitted", "under_review", "approved", "in_publication"], "published", {"editor", "admin", "coordinator", "sysadmin"}),
    (["submitted", "under_review", "rejected"], "under_review", COORDINATORS),
    # not allowed by the workflow: let through to people with a role, so
    # that the action explains which transitions are allowed
    ([], "approved", {"editor", "admin", "coordinator", "sysadmin"}),
])
def test_transition_matrix(census, path, to_state, expected):
    entry = census.entry()
    if path:
        census.move(entry["id"], *path, reason="Legea 190/2018")
    assert who(census, "tmopendata_census_entry_transition", id=entry["id"], to_state=to_state) == expected


def test_coordinators_from_group_and_campaign(census, ckan_config, monkeypatch):
    group_member, campaign_coordinator = factories.User(), factories.User()
    group = factories.Group(users=[{"name": group_member["name"], "capacity": "member"}])
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.coordinator_group", group["name"])
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"],
                coordinators=[campaign_coordinator["name"]])
    entry = census.entry()
    census.move(entry["id"], "submitted")
    for user in (group_member, campaign_coordinator):
        ctx = {"user": user["name"], "ignore_auth": False}
        reviewed = call_action("tmopendata_census_entry_transition", ctx, id=entry["id"], to_state="under_review")
        assert reviewed["status"] == "under_review"
        call_action("tmopendata_census_entry_transition", ctx, id=entry["id"], to_state="draft")
        census.move(entry["id"], "submitted")
    # a campaign coordinator coordinates only that campaign
    assert not allowed(census, "outsider", "tmopendata_census_campaign_create")
    ctx = {"user": campaign_coordinator["name"], "ignore_auth": False, "model": model}
    with pytest.raises(tk.NotAuthorized):
        tk.check_access("tmopendata_census_campaign_create", ctx, {})


# --- what the actions return to each role ---------------------------------------

def _public_setup(census):
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"], public=True)
    approved = census.entry(title="Bugetul local", owner_email="buget@primariatm.ro", planned_publication="2026-06-30")
    census.move(approved["id"], "submitted", "under_review", "approved")
    restricted = census.entry(title="Registrul cazierelor")
    census.move(restricted["id"], "submitted", "under_review")
    census.move(restricted["id"], "restricted", reason="Legea 190/2018", access_restriction="personal_data")
    draft = census.entry(title="Ciornă")
    return approved, restricted, draft


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_editor", "other_admin"])
def test_public_sees_only_public_fields_never_restricted(census, role):
    approved, restricted, draft = _public_setup(census)
    listed = call_action("tmopendata_census_entry_list", census.ctx(role), campaign_id=census.campaign["id"])
    assert listed["count"] == 1
    (only,) = listed["results"]
    assert set(only) == {"id", "organization", "title", "status", "planned_publication", "organization_title"}
    assert only["id"] == approved["id"] and only["planned_publication"] == "2026-06-30"
    shown = call_action("tmopendata_census_entry_show", census.ctx(role), id=approved["id"])
    assert "owner_email" not in shown and "history" not in shown
    for hidden in (restricted, draft):
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_census_entry_show", census.ctx(role), id=hidden["id"])
    # filtering by state does not reveal them either
    assert call_action("tmopendata_census_entry_list", census.ctx(role), status="restricted")["count"] == 0
    board = call_action("tmopendata_census_dashboard", census.ctx(role), campaign_id=census.campaign["id"])
    assert board["totals"]["entries"] == 1 and board["totals"]["restricted"] == 0
    assert [e["id"] for e in board["top"]] == [approved["id"]]
    assert "priority" not in board["top"][0]


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_insiders_see_everything_in_full(census, role):
    approved, restricted, draft = _public_setup(census)
    listed = call_action("tmopendata_census_entry_list", census.ctx(role), campaign_id=census.campaign["id"])
    assert listed["count"] == 3
    assert all("owner_email" in e and "priority" in e for e in listed["results"])
    shown = call_action("tmopendata_census_entry_show", census.ctx(role), id=restricted["id"])
    assert shown["restriction_reason"] == "Legea 190/2018"
    assert [h["to_state"] for h in shown["history"]][-1] == "restricted"


def test_other_institution_members_see_public_fields_only(census):
    approved, restricted, draft = _public_setup(census)
    stranger = factories.User()
    factories.Organization(users=[{"name": stranger["name"], "capacity": "admin"}])
    ctx = {"user": stranger["name"], "ignore_auth": False}
    listed = call_action("tmopendata_census_entry_list", ctx, campaign_id=census.campaign["id"])
    assert [e["id"] for e in listed["results"]] == [approved["id"]]
    assert "owner_email" not in listed["results"][0]
    # an organisation outside the campaign does not take part: no export
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_entry_export", ctx, campaign_id=census.campaign["id"])
    # an institution of the campaign exports its own entries only (none)
    exported = call_action("tmopendata_census_entry_export", census.ctx("other_admin"),
                           campaign_id=census.campaign["id"])
    assert exported["count"] == 0


def test_private_campaign_hidden_from_the_public(census):
    census.entry()
    assert call_action("tmopendata_census_campaign_list", census.ctx("anonymous"))["count"] == 0
    assert call_action("tmopendata_census_campaign_list", census.ctx("member"))["count"] == 1
    assert call_action("tmopendata_census_entry_list", census.ctx("outsider"))["count"] == 0
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_campaign_show", census.ctx("outsider"), id=census.campaign["id"])


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "other_editor", "other_admin"])
def test_actions_refuse_people_without_the_role(census, role):
    entry = census.entry()
    with pytest.raises(tk.NotAuthorized):
        census.entry(role=role) if role != "anonymous" else call_action(
            "tmopendata_census_entry_create", census.ctx(role), campaign_id=census.campaign["id"],
            organization=census.org["name"], title="x")
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_entry_patch", census.ctx(role), id=entry["id"], title="x")
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_entry_transition", census.ctx(role), id=entry["id"], to_state="submitted")
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_publish", census.ctx(role), campaign_id=census.campaign["id"])


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_editor", "other_admin"])
def test_searching_a_restricted_title_finds_nothing(census, role):
    """The text filter searches only what the caller may see: the title of
    a restricted entry finds nothing and reveals none of its details."""
    approved, restricted, draft = _public_setup(census)
    for q in ("Registrul cazierelor", "cazier", "Ciornă"):
        for data in ({"campaign_id": census.campaign["id"]}, {}):
            listed = call_action("tmopendata_census_entry_list", census.ctx(role), q=q, **data)
            assert listed == {"count": 0, "results": []}
    listed = call_action("tmopendata_census_entry_list", census.ctx(role), q="Bugetul")
    assert [e["id"] for e in listed["results"]] == [approved["id"]]
    # nothing of the restricted entry anywhere in what the public gets
    everything = repr(call_action("tmopendata_census_entry_list", census.ctx(role), limit=1000)) + repr(
        call_action("tmopendata_census_dashboard", census.ctx(role), campaign_id=census.campaign["id"]))
    for secret in (restricted["id"], "Registrul cazierelor", "Legea 190/2018", "personal_data"):
        assert secret not in everything
    # whereas its institution finds it
    found = call_action("tmopendata_census_entry_list", census.ctx("member"), q="cazier")
    assert [e["id"] for e in found["results"]] == [restricted["id"]]


@pytest.mark.parametrize("role", ["other_editor", "other_admin"])
def test_another_institution_cannot_change_or_delete_entries(census, role):
    """An editor or admin of another institution may neither update, patch,
    delete nor submit a draft of this institution, and nothing changes."""
    entry = census.entry(description="Original")
    full = dict(call_action("tmopendata_census_entry_show", census.ctx("editor"), id=entry["id"]))
    attempts = [
        ("tmopendata_census_entry_update", dict(full, title="Hijacked")),
        ("tmopendata_census_entry_patch", {"id": entry["id"], "title": "Hijacked"}),
        ("tmopendata_census_entry_delete", {"id": entry["id"]}),
        ("tmopendata_census_entry_transition", {"id": entry["id"], "to_state": "submitted"}),
    ]
    for action, data in attempts:
        with pytest.raises(tk.NotAuthorized):
            call_action(action, census.ctx(role), **data)
    after = call_action("tmopendata_census_entry_show", census.ctx("editor"), id=entry["id"])
    assert after["title"] == entry["title"] and after["description"] == "Original"
    assert after["status"] == "draft"
    # nor may they move it to their own institution, or create entries for this one
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_entry_create", census.ctx(role), campaign_id=census.campaign["id"],
                    organization=census.org["name"], title="x")
    # whereas they do edit their own institution's drafts
    own = census.entry(role=role, organization=census.other_org["name"], title="Propria")
    patched = call_action("tmopendata_census_entry_patch", census.ctx(role), id=own["id"], title="Propria 2")
    assert patched["title"] == "Propria 2"
