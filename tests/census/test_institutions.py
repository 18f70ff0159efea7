"""Institutions are explicit: a campaign names the organisations it covers
and only they take part; coordinators act in an organisation only where
CKAN lets them; only a campaign's creator (and sysadmins) change its
coordinators; errors never name objects the caller cannot see."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.census.conftest import ROLES

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _header(*names):
    from ckanext.tmopendata.census import io

    return ",".join(io.HEADERS[f][1] for f in names)


def _import(census, content: bytes, role: str, **data):
    return call_action("tmopendata_census_entry_import", census.ctx(role), campaign_id=census.campaign["id"],
                       upload=content, filename="import.csv", **data)


# --- the campaign names its institutions -----------------------------------------

def test_campaign_lists_its_institutions(census):
    shown = call_action("tmopendata_census_campaign_show", census.ctx("member"), id=census.campaign["id"])
    assert sorted(shown["organizations"]) == sorted([census.org["name"], census.other_org["name"]])
    # ids are accepted too, and returned as names; unknown ones are refused by name
    created = call_action("tmopendata_census_campaign_create", census.ctx("coordinator"), name="c-ids", title="Ids",
                          organizations=[census.org["id"]])
    assert created["organizations"] == [census.org["name"]]
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_census_campaign_create", census.ctx("coordinator"), name="c-x", title="X",
                    organizations=[census.org["name"], "no-such-org"])
    assert "no-such-org" in e.value.error_dict["organizations"][0]
    assert model.Session.query(sa.text("1")).from_statement(
        sa.text("SELECT 1 FROM tmopendata_census_campaign WHERE name = 'c-x'")).first() is None


def test_an_institution_with_entries_cannot_be_removed(census):
    census.entry()
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_census_campaign_patch", census.ctx("coordinator"), id=census.campaign["id"],
                    organizations=[census.other_org["name"]])
    assert census.org["name"] in e.value.error_dict["organizations"][0]
    # the one without entries can go
    patched = call_action("tmopendata_census_campaign_patch", census.ctx("coordinator"), id=census.campaign["id"],
                          organizations=[census.org["name"]])
    assert patched["organizations"] == [census.org["name"]]


def test_a_self_created_organisation_does_not_take_part(census, ckan_config, monkeypatch):
    """Where users may create organisations, the one a user creates for
    themselves does not make them an institution of any campaign."""
    monkeypatch.setitem(ckan_config, "ckan.auth.user_create_organizations", True)
    user = factories.User()
    ctx = {"user": user["name"], "ignore_auth": False}
    own = call_action("organization_create", dict(ctx), name="my-own-org", title="Mine")
    assert call_action("tmopendata_census_campaign_list", dict(ctx))["count"] == 0
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_campaign_show", dict(ctx), id=census.campaign["id"])
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_dashboard", dict(ctx), campaign_id=census.campaign["id"])
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_entry_list", dict(ctx), campaign_id=census.campaign["id"])
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_entry_create", dict(ctx), campaign_id=census.campaign["id"],
                    organization=own["name"], title="Intrus")
    for data in ({}, {"organization": own["name"]}):
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_census_entry_import", dict(ctx), campaign_id=census.campaign["id"],
                        upload=f"{_header('organization', 'title')}\n{own['name']},Intrus\n".encode(),
                        filename="x.csv", **data)
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_entry_export", dict(ctx), campaign_id=census.campaign["id"])
    with pytest.raises(tk.NotAuthorized):
        tk.check_access("tmopendata_census_dashboard_full", dict(ctx, model=model),
                        {"campaign_id": census.campaign["id"]})
    assert call_action("tmopendata_census_entry_list", census.ctx("coordinator"))["count"] == 0


def test_the_portal_does_not_let_users_create_organisations():
    """test.ini runs the portal's options (config/portal.ini, kept in step by
    test_config_consistency): a registered user cannot create one."""
    assert tk.asbool(tk.config.get("ckan.auth.user_create_organizations")) is False
    user = factories.User()
    with pytest.raises(tk.NotAuthorized):
        call_action("organization_create", {"user": user["name"], "ignore_auth": False}, name="mine")


def test_coordinators_add_entries_only_for_institutions_of_the_campaign(census):
    outside = census.stranger_org
    with pytest.raises(tk.ValidationError) as e:
        census.entry(role="sysadmin", organization=outside["name"])
    assert "organization" in e.value.error_dict
    # import: a row of an institution outside the campaign is an error, even for coordinators
    content = f"{_header('organization', 'title')}\n{census.org['name']},Parcări\n{outside['name']},Străzi\n".encode()
    report = _import(census, content, "coordinator")
    assert report["imported"] is False and [r["row"] for r in report["errors"]] == [3]
    assert "does not take part" in report["errors"][0]["errors"]["organization"][0]
    # the admin of that organisation is refused, also with it as the default institution
    with pytest.raises(tk.NotAuthorized):
        _import(census, content, "stranger_admin", organization=outside["name"])
    census.join(outside)
    report = _import(census, content, "coordinator")
    assert (report["created"], report["errors"]) == (2, [])


def test_other_institution_of_the_campaign_never_touches_our_entries(census):
    entry = census.entry()
    for role in ("other_editor", "other_admin", "stranger_admin"):
        for action, data in (("tmopendata_census_entry_update", {"title": "x"}),
                             ("tmopendata_census_entry_patch", {"title": "x"}),
                             ("tmopendata_census_entry_delete", {}),
                             ("tmopendata_census_entry_transition", {"to_state": "submitted"})):
            with pytest.raises(tk.NotAuthorized):
                call_action(action, census.ctx(role), id=entry["id"], **data)
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_census_entry_create", census.ctx(role), campaign_id=census.campaign["id"],
                        organization=census.org["name"], title="x")
    # the other institution sees the private campaign but none of our entries
    listed = call_action("tmopendata_census_entry_list", census.ctx("other_admin"), campaign_id=census.campaign["id"])
    assert listed["count"] == 0
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_entry_show", census.ctx("other_editor"), id=entry["id"])
    # and adds its own
    own = call_action("tmopendata_census_entry_create", census.ctx("other_editor"), campaign_id=census.campaign["id"],
                      organization=census.other_org["name"], title="Al lor")
    assert own["organization"] == census.other_org["name"]


def test_existing_campaigns_cover_the_institutions_with_entries(census, migrate_db_for):
    """The migration gives a campaign made before it the organisations that
    already have entries in it."""
    census.entry()
    census.entry(role="other_editor", organization=census.other_org["name"], title="Al lor")
    bare = call_action("tmopendata_census_campaign_create", census.ctx("sysadmin"), name="fara", title="Fără",
                       organizations=[census.org["name"]])
    model.Session.commit()
    model.Session.remove()
    migrate_db_for("tmopendata_census", "c3e5a7b9d102", forward=False)
    assert "tmopendata_census_campaign_organization" not in sa.inspect(model.Session.get_bind()).get_table_names()
    migrate_db_for("tmopendata_census")
    model.Session.remove()
    shown = call_action("tmopendata_census_campaign_show", census.ctx("sysadmin"), id=census.campaign["id"])
    assert sorted(shown["organizations"]) == sorted([census.org["name"], census.other_org["name"]])
    assert call_action("tmopendata_census_campaign_show", census.ctx("sysadmin"), id=bare["id"])["organizations"] == []


# --- coordinators -----------------------------------------------------------------

def test_only_the_creator_and_sysadmins_change_coordinators(census):
    helper, extra = factories.User(), factories.User()
    campaign_id = census.campaign["id"]
    # the campaign was created by the sysadmin
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=campaign_id,
                coordinators=[helper["name"]])
    helper_ctx = {"user": helper["name"], "ignore_auth": False}
    for ctx in (helper_ctx, census.ctx("coordinator")):
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_census_campaign_patch", dict(ctx), id=campaign_id,
                        coordinators=[helper["name"], extra["name"]])
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_census_campaign_update", dict(ctx), id=campaign_id, name="census-2026",
                        title="T", organizations=[census.org["name"], census.other_org["name"]],
                        coordinators=[extra["name"]])
        # other changes (with the coordinators as they are) are fine
        patched = call_action("tmopendata_census_campaign_patch", dict(ctx), id=campaign_id,
                              coordinators=[helper["name"]], description="changed")
        assert patched["description"] == "changed"
    # a coordinator creating a campaign may change its coordinators
    own = call_action("tmopendata_census_campaign_create", census.ctx("coordinator"), name="a-mea", title="A mea",
                      coordinators=[helper["name"]])
    patched = call_action("tmopendata_census_campaign_patch", census.ctx("coordinator"), id=own["id"],
                          coordinators=[helper["name"], extra["name"]])
    assert patched["coordinators"] == [helper["name"], extra["name"]]
    # ...whereas its campaign coordinator may not
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_campaign_patch", dict(helper_ctx), id=own["id"], coordinators=[])


def test_coordinator_publishes_only_where_ckan_lets_them(census, ckan_config, monkeypatch):
    coordinating = factories.Organization()
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.publish_organization", coordinating["name"])
    campaign_id = census.campaign["id"]
    for role in ROLES:
        if role == "sysadmin":
            continue
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_census_publish", census.ctx(role), campaign_id=campaign_id)
    # nor into another organisation of which the coordinator is no editor
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_publish", census.ctx("coordinator"), campaign_id=campaign_id,
                    owner_org=census.org["name"])
    assert model.Session.execute(sa.text("SELECT count(*) FROM package WHERE type = 'dataset'")).scalar() == 0
    # a member with the "member" capacity may not create datasets either
    call_action("member_create", {"ignore_auth": True}, id=coordinating["id"], object=census.users["coordinator"]["name"],
                object_type="user", capacity="member")
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_publish", census.ctx("coordinator"), campaign_id=campaign_id)
    call_action("member_create", {"ignore_auth": True}, id=coordinating["id"], object=census.users["coordinator"]["name"],
                object_type="user", capacity="editor")
    result = call_action("tmopendata_census_publish", census.ctx("coordinator"), campaign_id=campaign_id)
    assert result["created"] is True
    # updating the existing dataset needs package_update on it: a campaign
    # coordinator who is not an editor of its organisation is refused
    helper = factories.User()
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=campaign_id,
                coordinators=[helper["name"]])
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_publish", {"user": helper["name"], "ignore_auth": False},
                    campaign_id=campaign_id)
    assert call_action("tmopendata_census_publish", census.ctx("coordinator"), campaign_id=campaign_id)["created"] is False


# --- errors never name what the caller cannot see ----------------------------------

def test_transition_error_does_not_name_a_private_dataset_of_another_organisation(census):
    entry = census.entry()
    census.move(entry["id"], "submitted", "under_review", "approved", "in_publication")
    secret = factories.Dataset(owner_org=census.other_org["id"], private=True, name="dosar-secret-xyz",
                               title="Titlu secret")

    def message(reference):
        with pytest.raises(tk.ValidationError) as e:
            call_action("tmopendata_census_entry_transition", census.ctx("editor"), id=entry["id"],
                        to_state="published", package_id=reference)
        return e.value.error_dict["package_id"][0]

    for reference in (secret["name"], secret["id"]):
        text = message(reference)
        assert "dosar-secret-xyz" not in text and "Titlu secret" not in text and secret["id"] not in text
        assert text == message("no-such-dataset-at-all")
    # a public dataset of another institution may be named (the caller sees it)
    public = factories.Dataset(owner_org=census.other_org["id"], name="public-altul")
    assert "public-altul" in message(public["name"])
