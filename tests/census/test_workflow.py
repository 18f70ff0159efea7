"""Every allowed and refused transition of the workflow, its conditions
(restricted needs a reason, published a linked dataset) and the audit
trail."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.census import workflow
from ckanext.tmopendata.census.io import labels

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

#: A path from draft to every state.
PATH = {
    "draft": [],
    "submitted": ["submitted"],
    "under_review": ["submitted", "under_review"],
    "approved": ["submitted", "under_review", "approved"],
    "restricted": ["submitted", "under_review", "restricted"],
    "rejected": ["submitted", "under_review", "rejected"],
    "duplicate": ["submitted", "under_review", "duplicate"],
    "in_publication": ["submitted", "under_review", "approved", "in_publication"],
    "published": ["submitted", "under_review", "approved", "in_publication", "published"],
}
ALLOWED = [(a, b) for a, targets in workflow.TRANSITIONS.items() for b in targets]
REFUSED = [(a, b) for a in workflow.STATES for b in workflow.STATES if (a, b) not in ALLOWED]


def _to(census, state, dataset):
    entry = census.entry()
    for step in PATH[state]:
        census.move(entry["id"], step, reason="Legea 190/2018", access_restriction="personal_data",
                    package_id=dataset["id"])
    return entry


@pytest.fixture
def dataset(census, world):
    """A public dataset of the census institution (built once per worker,
    then restored: see ``world`` in tests/conftest.py)."""
    return world("census_dataset", lambda: factories.Dataset(owner_org=census.org["id"]))


def test_every_state_is_reachable():
    assert set(PATH) == set(workflow.STATES)


@pytest.mark.parametrize("current,target", ALLOWED)
def test_allowed_transitions(census, dataset, current, target):
    entry = _to(census, current, dataset)
    result = census.move(entry["id"], target, comment="ok", reason="Legea 190/2018", access_restriction="personal_data",
                         package_id=dataset["id"])
    assert result["status"] == target
    last = result["history"][-1]
    assert (last["action"], last["from_state"], last["to_state"]) == ("transition", current, target)
    assert last["user"] == census.users["sysadmin"]["name"] and last["timestamp"]
    assert last["comment"].startswith("ok")


@pytest.mark.parametrize("current", workflow.STATES)
def test_refused_transitions_name_the_allowed_ones(census, dataset, current):
    """From each state, every state the workflow does not allow."""
    entry = _to(census, current, dataset)
    allowed = workflow.TRANSITIONS[current]
    refused = [target for target in workflow.STATES if (current, target) in REFUSED]
    assert refused
    for target in refused:
        with pytest.raises(tk.ValidationError) as e:
            census.move(entry["id"], target, reason="x", access_restriction="classified", package_id=dataset["id"])
        message = e.value.error_dict["to_state"][0]
        # states by name (the portal's language, English in tests) and code
        def named(state):
            return f"\u201c{labels.label('status', state, 'en')}\u201d ({state})"

        assert message.startswith(f"An entry in state {named(current)} cannot ")
        if allowed:
            assert f"cannot go to {named(target)}; allowed: {', '.join(named(a) for a in allowed)}." in message
        else:
            assert "cannot change state any more" in message
    shown = call_action("tmopendata_census_entry_show", census.ctx("sysadmin"), id=entry["id"])
    assert shown["status"] == current
    assert len(shown["history"]) == 1 + len(PATH[current])


def test_unknown_state_refused(census):
    entry = census.entry()
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "lost")
    assert "allowed: \u201csubmitted\u201d (submitted)" in e.value.error_dict["to_state"][0]


def test_restricted_needs_a_category_and_a_reason(census):
    entry = census.entry(personal_data=True)
    census.move(entry["id"], "submitted", "under_review")
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "restricted")
    assert set(e.value.error_dict) == {"access_restriction", "reason"}
    assert e.value.error_dict["access_restriction"] == [
        "Choose the legal category of the restriction (personal data, classified information, "
        "third-party rights, commercial confidentiality)."]  # labels, not codes
    assert e.value.error_dict["reason"] == ["Give the legal reason of the restriction."]
    # a reason alone is not enough: the category is not guessed any more
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "restricted", reason="Contract de licență")
    assert set(e.value.error_dict) == {"access_restriction"}
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "restricted", reason="x", access_restriction="none")
    assert "not \"none\"" in e.value.error_dict["access_restriction"][0]
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "restricted", reason="x", access_restriction="secret")
    assert "access_restriction" in e.value.error_dict
    assert call_action("tmopendata_census_entry_show", census.ctx("sysadmin"), id=entry["id"])["status"] == "under_review"
    # the coordinator's choice is kept, even for an entry holding personal data
    result = census.move(entry["id"], "restricted", reason="Contract de licență cu furnizorul",
                         access_restriction="third_party_rights", comment="drepturi")
    assert result["access_restriction"] == "third_party_rights"
    assert result["restriction_reason"] == "Contract de licență cu furnizorul"
    assert result["feasibility_score"] <= 80
    last = result["history"][-1]
    assert last["comment"] == "drepturi; Contract de licență cu furnizorul"
    assert last["changes"]["access_restriction"] == ["none", "third_party_rights"]


@pytest.mark.parametrize("category", ["personal_data", "classified", "third_party_rights",
                                      "commercial_confidentiality"])
def test_every_restriction_category_can_be_chosen(census, category):
    entry = census.entry()
    census.move(entry["id"], "submitted", "under_review")
    result = census.move(entry["id"], "restricted", reason="Temei legal", access_restriction=category)
    assert result["access_restriction"] == category


def test_restricted_with_the_reason_already_recorded(census):
    entry = census.entry(access_restriction="classified", restriction_reason="Legea 182/2002")
    census.move(entry["id"], "submitted", "under_review")
    assert census.move(entry["id"], "restricted")["status"] == "restricted"
    # the recorded category can be changed when restricting
    census.move(entry["id"], "under_review")
    result = census.move(entry["id"], "restricted", access_restriction="commercial_confidentiality")
    assert (result["access_restriction"], result["restriction_reason"]) == (
        "commercial_confidentiality", "Legea 182/2002")


def test_published_needs_an_existing_dataset(census, dataset):
    entry = census.entry()
    census.move(entry["id"], "submitted", "under_review", "approved", "in_publication")
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "published")
    assert "package_id" in e.value.error_dict
    with pytest.raises(tk.ValidationError):
        census.move(entry["id"], "published", package_id="no-such-dataset")
    deleted = factories.Dataset(owner_org=census.org["id"])
    call_action("package_delete", census.ctx("sysadmin"), id=deleted["id"])
    with pytest.raises(tk.ValidationError):
        census.move(entry["id"], "published", package_id=deleted["id"])
    result = census.move(entry["id"], "published", package_id=dataset["name"])
    assert result["package_id"] == dataset["id"]
    assert result["published_url"].endswith("/dataset/" + dataset["name"])


def test_published_needs_a_public_dataset_of_the_institution(census, dataset):
    entry = census.entry()
    census.move(entry["id"], "submitted", "under_review", "approved", "in_publication")
    other = factories.Organization(title="Altă instituție")
    foreign = factories.Dataset(owner_org=other["id"])
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "published", package_id=foreign["name"])
    assert e.value.error_dict["package_id"] == [
        f'The dataset "{foreign["name"]}" is not published by {census.org["title"]}: '
        "link a dataset of the entry's institution."]
    private = factories.Dataset(owner_org=census.org["id"], private=True)
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "published", package_id=private["id"])
    assert e.value.error_dict["package_id"] == [
        f'The dataset "{private["name"]}" is private: make it public before marking the entry as published.']
    shown = call_action("tmopendata_census_entry_show", census.ctx("sysadmin"), id=entry["id"])
    assert (shown["status"], shown["package_id"]) == ("in_publication", None)
    # once public, it may be linked
    call_action("package_patch", census.ctx("sysadmin"), id=private["id"], private=False)
    assert census.move(entry["id"], "published", package_id=private["id"])["package_id"] == private["id"]


def test_institution_workflow_end_to_end(census, dataset):
    """Editor drafts, admin submits, coordinator reviews and approves, the
    editor publishes; each step in the audit trail with its user."""
    entry = census.entry(role="editor")
    with pytest.raises(tk.NotAuthorized):
        census.move(entry["id"], "submitted", role="editor")
    census.move(entry["id"], "submitted", role="admin", comment="gata")
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_census_entry_patch", census.ctx("editor"), id=entry["id"], title="x")
    census.move(entry["id"], "under_review", "approved", role="coordinator")
    census.move(entry["id"], "in_publication", role="editor")
    result = census.move(entry["id"], "published", role="editor", package_id=dataset["id"])
    trail = [(h["user"], h["from_state"], h["to_state"]) for h in result["history"]]
    names = {k: v["name"] for k, v in census.users.items()}
    assert trail == [
        (names["editor"], None, "draft"),
        (names["admin"], "draft", "submitted"),
        (names["coordinator"], "submitted", "under_review"),
        (names["coordinator"], "under_review", "approved"),
        (names["editor"], "approved", "in_publication"),
        (names["editor"], "in_publication", "published"),
    ]
    assert result["history"][1]["comment"] == "gata"


def test_sent_back_to_draft_can_be_edited_again(census):
    entry = census.entry()
    census.move(entry["id"], "submitted", role="admin")
    census.move(entry["id"], "draft", role="coordinator", comment="Completați formatul")
    patched = call_action("tmopendata_census_entry_patch", census.ctx("editor"), id=entry["id"], formats=["CSV"])
    assert patched["formats"] == ["CSV"]


def test_from_state_is_a_compare_and_set(census):
    """A decision sent from a page showing an older state is refused with
    the state the entry is in now; nothing is recorded."""
    entry = census.entry()
    census.move(entry["id"], "submitted", "under_review", "approved")
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "rejected", from_state="under_review")
    message = e.value.error_dict["status"][0]
    assert message.startswith("The entry changed meanwhile: it is now \u201c")
    assert "(approved)" in message
    shown = call_action("tmopendata_census_entry_show", census.ctx("sysadmin"), id=entry["id"])
    assert shown["status"] == "approved" and shown["history"][-1]["to_state"] == "approved"
    # the state the caller saw is the current one: the transition is made
    moved = census.move(entry["id"], "in_publication", from_state="approved")
    assert moved["status"] == "in_publication"
    with pytest.raises(tk.ValidationError) as e:
        census.move(entry["id"], "approved", from_state="nowhere")
    assert "from_state" in e.value.error_dict
