"""The census rules that live in one place each: the workflow table
(census/workflow.py) and what depends on it, the value rules shared by the
form, the API and the import (census/values.py), and the one visibility
rule (census/visibility.py) applied both in SQL (lists) and in Python
(auth)."""
from __future__ import annotations

import json

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.tmopendata.census import io, values, workflow
from ckanext.tmopendata.census.logic import validators
from ckanext.tmopendata.resources import census_dir

# --- the workflow table -------------------------------------------------------------


def test_every_state_has_its_labels_colour_and_transitions():
    assert set(workflow.STATE_LABELS) == set(workflow.STATES)
    assert set(workflow.STATE_CSS) == set(workflow.STATES)
    assert set(workflow.TRANSITIONS) == set(workflow.STATES)
    for targets in workflow.TRANSITIONS.values():
        assert set(targets) <= set(workflow.STATES)


def test_the_tables_derived_from_the_workflow_name_allowed_moves_only():
    for current, target in workflow.INSTITUTION_TRANSITIONS:
        assert workflow.allowed(current, target), (current, target)
    for current, target in workflow.INSTITUTION_ONLY:
        assert (current, target) in workflow.INSTITUTION_TRANSITIONS
    for target, paths in workflow.BULK_PATHS.items():
        for current, steps in paths.items():
            for step in steps:
                assert workflow.allowed(current, step), (current, step)
                current = step
            assert current == target
    assert set(workflow.SIDE_RULES) <= set(workflow.STATES)
    for group in workflow.DASHBOARD_GROUPS.values():
        assert set(group) <= set(workflow.STATES)
    assert set(workflow.PUBLIC_STATES) <= set(workflow.STATES)
    assert workflow.RESTRICTED not in workflow.PUBLIC_STATES


@pytest.mark.parametrize("name", ["inventory-schema.json", "public-inventory-schema.json"])
def test_the_table_schemas_list_the_workflow_states(name):
    schema = json.loads((census_dir() / name).read_text(encoding="utf-8"))
    (status,) = [f for f in schema["fields"] if f["name"] == "status"]
    assert status["constraints"]["enum"] == list(workflow.STATES)


# --- one set of value rules for the form, the API and the import -------------------

WORDS = [(w, True) for w in values.YES] + [(w, False) for w in values.NO] + [
    ("Da", True), ("ADEVĂRAT", True), ("Nu", False), ("X", True), ("poate", None), ("2", None)]


@pytest.mark.parametrize("word,expected", WORDS)
def test_yes_no_words_are_the_same_in_the_import_and_the_api(word, expected):
    entry, errors = io.row_to_entry({"title": "T", "q_free": word})
    if expected is None:
        assert "q_free" in errors
        with pytest.raises(tk.Invalid):
            validators.census_bool(word)
    else:
        assert not errors and entry["q_free"] is expected
        assert validators.census_bool(word) is expected


EMAILS = [
    ("date@primariatm.ro", True),
    ("ana.pop+census@stpt.ro", True),
    ("not-an-email", False),
    ("a@b", False),
    ("a@b.c1", False),              # the form accepted this before
    ("a@b.ro,c@d.ro", False),       # and this
    ("a@b.ro; c@d.ro", False),
]


@pytest.mark.parametrize("email,valid", EMAILS)
def test_email_rule_is_the_same_in_the_import_and_the_api(email, valid):
    _entry, errors = io.row_to_entry({"title": "T", "owner_email": email})
    assert ("owner_email" not in errors) is valid
    if valid:
        assert validators.census_email(email) == email
    else:
        with pytest.raises(tk.Invalid):
            validators.census_email(email)


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize("email,valid", [("a@b.c1", False), ("a@b.ro,c@d.ro", False), ("date@stpt.ro", True)])
def test_the_entry_action_applies_the_import_email_rule(census, email, valid):
    if valid:
        assert census.entry(owner_email=email)["owner_email"] == email
    else:
        with pytest.raises(tk.ValidationError) as e:
            census.entry(owner_email=email)
        assert "owner_email" in e.value.error_dict


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_the_entry_action_takes_the_import_yes_no_words(census):
    entry = census.entry(q_free="adevărat", q_online="x", q_bulk="fals")
    assert (entry["q_free"], entry["q_online"], entry["q_bulk"]) == (True, True, False)


# --- one visibility rule, in SQL and in Python --------------------------------------

ROLES = ("anonymous", "outsider", "member", "editor", "other_editor", "stranger_admin", "coordinator",
         "sysadmin", "campaign_coordinator")


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize("public", [False, True])
def test_lists_and_auth_agree_on_who_sees_which_entry(census, public):
    """For every role, the entries ``entry_list`` returns (SQL) are those
    ``entry_show``'s auth lets through (Python), and the ones it returns in
    full are those ``entry_details`` lets through."""
    lead = factories.User()
    census.users["campaign_coordinator"] = lead  # census.ctx() knows it now
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"],
                public=public, coordinators=[lead["name"]])
    ours = [census.entry(title=f"Ours {state}") for state in ("draft", "approved", "restricted")]
    theirs = [census.entry(role="other_editor", organization=census.other_org["name"], title=f"Theirs {state}")
              for state in ("draft", "approved")]
    census.move(ours[1]["id"], "submitted", "under_review", "approved")
    census.move(ours[2]["id"], "submitted", "under_review", "restricted", reason="Legea 190/2018",
                access_restriction="personal_data")
    census.move(theirs[1]["id"], "submitted", "under_review", "approved")
    every = [e["id"] for e in ours + theirs]
    seen_by = {}
    for role in ROLES:
        ctx = census.ctx(role)
        try:
            listed = call_action("tmopendata_census_entry_list", dict(ctx), campaign_id=census.campaign["id"])
        except tk.NotAuthorized:  # a private campaign, to outsiders
            listed = {"results": []}
        campaigns = call_action("tmopendata_census_campaign_list", dict(ctx))["results"]
        assert (census.campaign["id"] in [c["id"] for c in campaigns]) == _allowed(
            "tmopendata_census_campaign_show", ctx, census.campaign["id"]), role
        listed_ids = {e["id"] for e in listed["results"]}
        full_ids = {e["id"] for e in listed["results"] if "campaign_id" in e}
        shown = {i for i in every if _allowed("tmopendata_census_entry_show", ctx, i)}
        detailed = {i for i in every if _allowed("tmopendata_census_entry_details", ctx, i)}
        assert listed_ids == shown, role
        assert full_ids == detailed, role
        seen_by[role] = (listed_ids, full_ids)
    # the rule itself, so that both sides cannot drift together
    public_ids = {ours[1]["id"], theirs[1]["id"]} if public else set()
    assert seen_by["anonymous"] == (public_ids, set())
    assert seen_by["outsider"] == (public_ids, set())
    assert seen_by["member"] == ({e["id"] for e in ours} | public_ids, {e["id"] for e in ours})
    assert seen_by["stranger_admin"] == (public_ids, set())
    assert seen_by["campaign_coordinator"] == (set(every), set(every))
    assert seen_by["coordinator"] == (set(every), set(every))


def _allowed(auth: str, context: dict, entry_id: str) -> bool:
    try:
        return bool(call_auth(auth, dict(context), id=entry_id))
    except tk.NotAuthorized:
        return False
