"""Census → publication hand-off: an approved entry creates its draft
dataset (private, prefilled, linked both ways) and starts its publication
procedure in one step (``tmopendata_census_entry_create_dataset``)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_census", "tmopendata_procedures"), pytest.mark.usefixtures("clean_db", "with_plugins")]

ACTION = "tmopendata_census_entry_create_dataset"
ALLOWED = ("editor", "admin", "sysadmin")
REFUSED = ("anonymous", "outsider", "member", "coordinator", "other_editor", "other_admin")


@pytest.fixture
def other_org(census, world):
    """Editor and admin of another institution (built once per worker, then
    restored: see ``world`` in tests/conftest.py)."""
    def build():
        users = {"other_editor": factories.User(), "other_admin": factories.User()}
        factories.Organization(users=[
            {"name": users["other_editor"]["name"], "capacity": "editor"},
            {"name": users["other_admin"]["name"], "capacity": "admin"},
        ])
        return users

    users = world("handoff_other_org", build)
    census.users.update(users)
    return users


def approved(census, **fields):
    fields.setdefault("description", "Suprafețele verzi ale orașului, pe parcele.")
    fields.setdefault("update_frequency", "ANNUAL")
    fields.setdefault("owner_name", "Ana Pop")
    fields.setdefault("owner_email", "ana.pop@example.org")
    entry = census.entry(**fields)
    census.move(entry["id"], "submitted", "under_review", "approved")
    return entry


def ctx(census, role):
    if role == "anonymous":
        return {"user": "", "ignore_auth": False}
    return {"user": census.users[role]["name"], "ignore_auth": False}


@pytest.mark.parametrize("role", ALLOWED + REFUSED)
def test_permissions_for_every_role(census, other_org, role):
    entry = approved(census)
    if role in ALLOWED:
        assert call_auth(ACTION, ctx(census, role), id=entry["id"])
        result = call_action(ACTION, ctx(census, role), id=entry["id"])
        assert model.Package.get(result["package_id"]).owner_org == census.org["id"]
    else:
        with pytest.raises(tk.NotAuthorized):
            call_auth(ACTION, ctx(census, role), id=entry["id"])
        with pytest.raises(tk.NotAuthorized):
            call_action(ACTION, ctx(census, role), id=entry["id"])
        # nothing was created, the entry is unchanged
        shown = call_action("tmopendata_census_entry_show", ctx(census, "sysadmin"), id=entry["id"])
        assert (shown["status"], shown["package_id"]) == ("approved", None)
        assert model.Session.query(model.Package).filter(model.Package.owner_org == census.org["id"]).count() == 0


def test_the_dataset_is_prefilled_private_linked_both_ways_with_its_procedure(census):
    entry = approved(census, title="Registrul spațiilor verzi")
    result = call_action(ACTION, ctx(census, "editor"), id=entry["id"])
    pkg = call_action("package_show", ctx(census, "editor"), id=result["package_id"])
    assert pkg["private"] is True
    assert pkg["owner_org"] == census.org["id"]
    assert pkg["title"] == "Registrul spațiilor verzi"
    assert pkg["name"] == result["name"] == "registrul-spatiilor-verzi"
    assert pkg["notes"] == "Suprafețele verzi ale orașului, pe parcele."
    assert pkg["update_frequency"].endswith("/frequency/ANNUAL")
    assert pkg["contact"] == [{"name": "Ana Pop", "email": "ana.pop@example.org"}]
    assert pkg["census_entry_id"] == entry["id"]                      # dataset → entry
    shown = result["entry"]
    assert shown["package_id"] == pkg["id"]                             # entry → dataset
    assert shown["status"] == "in_publication"
    assert shown["history"][-1]["action"] == "create_dataset"
    assert shown["history"][-1]["user"] == census.users["editor"]["name"]
    procedure = call_action("tmopendata_procedure_show", ctx(census, "editor"), id=pkg["id"])
    assert result["procedure_id"] == procedure["id"]
    assert procedure["census_entry_id"] == entry["id"]
    identify = next(s for s in procedure["steps"] if s["key"] == "identify")
    assert identify["status"] == "done"                                 # the approval counts
    # the link survives a full update of the dataset (as the edit form sends it)
    updated = call_action("package_update", ctx(census, "editor"), **pkg)
    assert updated["census_entry_id"] == entry["id"]
    # the public does not see the draft
    with pytest.raises(tk.NotAuthorized):
        call_action("package_show", {"user": "", "ignore_auth": False}, id=pkg["id"])


def test_only_once_and_only_from_approved(census):
    draft = census.entry(title="Ciornă")
    with pytest.raises(tk.ValidationError, match="Only an approved entry"):
        call_action(ACTION, ctx(census, "editor"), id=draft["id"])
    entry = approved(census)
    call_action(ACTION, ctx(census, "editor"), id=entry["id"])
    with pytest.raises(tk.ValidationError, match="already has a dataset"):
        call_action(ACTION, ctx(census, "admin"), id=entry["id"])
    with pytest.raises(tk.ObjectNotFound):
        call_action(ACTION, ctx(census, "editor"), id="no-such-entry")


def test_the_same_title_gets_a_free_name(census):
    factories.Dataset(name="registrul-spatiilor-verzi", owner_org=census.org["id"])
    entry = approved(census, title="Registrul spațiilor verzi")
    result = call_action(ACTION, ctx(census, "editor"), id=entry["id"])
    assert result["name"] == "registrul-spatiilor-verzi-2"


def test_without_description_the_notes_say_where_it_comes_from(census):
    entry = approved(census, description="")
    result = call_action(ACTION, ctx(census, "editor"), id=entry["id"])
    notes = call_action("package_show", ctx(census, "editor"), id=result["package_id"])["notes"]
    assert "Recensământ 2026" in notes and entry["title"] in notes


@pytest.mark.ckan_config("ckan.plugins", "activity tmopendata tmopendata_hvd tmopendata_census scheming_datasets dcat")
def test_without_the_procedures_plugin_the_dataset_is_still_created(census):
    entry = approved(census)
    result = call_action(ACTION, ctx(census, "editor"), id=entry["id"])
    assert result["procedure_id"] is None
    assert model.Package.get(result["package_id"]).private is True
    assert result["entry"]["package_id"] == result["package_id"]


# --- the page ---------------------------------------------------------------------------

@pytest.fixture
def tokens(census, world):
    """An API token for the editor, the coordinator and the member (made
    once per worker, then restored: see ``world`` in tests/conftest.py)."""
    def build():
        return {role: call_action("api_token_create", {"user": census.users[role]["name"], "ignore_auth": True},
                                  user=census.users[role]["name"], name="t")["token"]
                for role in ("editor", "coordinator", "member")}

    for role, token in world("handoff_tokens", build).items():
        census.users[role]["token"] = token
    return census


def test_the_button_on_the_entry_page(app, tokens):
    census = tokens
    entry = approved(census)
    url = f"/census/entry/{entry['id']}"

    def page(role):
        return BeautifulSoup(app.get(url, headers={"Authorization": census.users[role]["token"]}).body,
                             "html.parser")

    for role in ("member", "coordinator"):
        assert page(role).select(".tmopendata-census-create-dataset") == [], role
        app.post(f"{url}/dataset", headers={"Authorization": census.users[role]["token"]}, status=403)
    form = page("editor").select_one(".tmopendata-census-create-dataset")
    assert form["action"] == f"{url}/dataset"
    resp = app.post(form["action"], headers={"Authorization": census.users["editor"]["token"]},
                    follow_redirects=False)
    assert resp.status_code == 302
    shown = call_action("tmopendata_census_entry_show", ctx(census, "editor"), id=entry["id"])
    pkg = model.Package.get(shown["package_id"])
    assert resp.headers["Location"].endswith(f"/dataset/{pkg.name}/procedure")
    # done: the button is gone, the procedure is linked (not offered again)
    after = page("editor")
    assert after.select(".tmopendata-census-create-dataset") == []
    assert after.select(".tmopendata-census-procedure") == []
    assert after.select_one(".tmopendata-census-see-procedure")["href"] == f"/dataset/{pkg.id}/procedure"
    # the dataset page links back to the entry
    dataset_page = BeautifulSoup(app.get(f"/dataset/{pkg.name}",
                                         headers={"Authorization": census.users["editor"]["token"]}).body,
                                 "html.parser")
    assert dataset_page.select_one(".tmopendata-census-entry-link")["href"] == url
