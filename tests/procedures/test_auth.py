"""The permission matrix of the procedure actions."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from tests.procedures.conftest import ctx

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _auth(action, user, **data):
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    try:
        return call_auth(action, context, **data)
    except tk.NotAuthorized:
        return False


@pytest.fixture
def setup(org_with_users, world):
    """A procedure for a public and a private dataset of the institution, a
    sysadmin and another institution's editor and admin (built once per
    worker, then restored: see ``world`` in tests/conftest.py)."""
    org, users = org_with_users

    def build():
        public = factories.Dataset(owner_org=org["id"], private=False)
        private = factories.Dataset(owner_org=org["id"], private=True)
        procs = {
            name: call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=d["id"])
            for name, d in (("public", public), ("private", private))
        }
        more = {"sysadmin": factories.Sysadmin(), "other_editor": factories.User(), "other_admin": factories.User()}
        factories.Organization(users=[{"name": more["other_editor"]["name"], "capacity": "editor"},
                                      {"name": more["other_admin"]["name"], "capacity": "admin"}])
        return more, procs

    more, procs = world("procedures_auth", build)
    users.update(more)
    return org, users, procs


ROLES = ("sysadmin", "admin", "editor", "member", "other_editor", "other_admin", "outsider", "anonymous")


@pytest.mark.parametrize("role, create, update, complete_editor_step, complete_admin_step, delete", [
    ("sysadmin", True, True, True, True, True),
    ("admin", True, True, True, True, True),
    ("editor", True, True, True, False, False),
    ("member", False, False, False, False, False),
    ("other_editor", False, False, False, False, False),
    ("other_admin", False, False, False, False, False),
    ("outsider", False, False, False, False, False),
    ("anonymous", False, False, False, False, False),
])
def test_write_permissions(setup, role, create, update, complete_editor_step, complete_admin_step, delete):
    org, users, procs = setup
    user = users.get(role)
    proc = procs["private"]
    fresh = factories.Dataset(owner_org=org["id"])
    assert bool(_auth("tmopendata_procedure_create", user, package_id=fresh["id"])) is create
    assert bool(_auth("tmopendata_procedure_step_update", user, id=proc["id"], step="legal_check",
                      evidence="x")) is update
    assert bool(_auth("tmopendata_procedure_step_complete", user, id=proc["id"],
                      step="legal_check")) is complete_editor_step
    assert bool(_auth("tmopendata_procedure_step_skip", user, id=proc["id"],
                      step="legal_check", reason="x")) is complete_editor_step
    assert bool(_auth("tmopendata_procedure_step_complete", user, id=proc["id"],
                      step="approve")) is complete_admin_step
    assert bool(_auth("tmopendata_procedure_delete", user, id=proc["id"])) is delete
    # the same on a procedure of a public dataset (seen by everybody, changed by its institution only)
    public = procs["public"]
    assert bool(_auth("tmopendata_procedure_step_update", user, id=public["id"], step="legal_check",
                      evidence="x")) is update
    assert bool(_auth("tmopendata_procedure_step_complete", user, id=public["id"],
                      step="approve")) is complete_admin_step
    assert bool(_auth("tmopendata_procedure_delete", user, id=public["id"])) is delete


@pytest.mark.parametrize("role, sees_private", [
    ("sysadmin", True), ("admin", True), ("editor", True), ("member", True),
    ("other_editor", False), ("other_admin", False), ("outsider", False), ("anonymous", False),
])
def test_read_permissions_and_private_datasets(setup, role, sees_private):
    org, users, procs = setup
    user = users.get(role)
    assert _auth("tmopendata_procedure_show", user, id=procs["public"]["id"])
    assert bool(_auth("tmopendata_procedure_show", user, id=procs["private"]["id"])) is sees_private
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    listed = {p["id"] for p in call_action("tmopendata_procedure_list", context)}
    expected = {procs["public"]["id"]} | ({procs["private"]["id"]} if sees_private else set())
    assert listed == expected
    listed = {p["id"] for p in call_action("tmopendata_procedure_list", context, organization=org["id"])}
    assert listed == expected


def test_editor_cannot_approve_through_the_action(setup):
    org, users, procs = setup
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_procedure_step_complete", ctx(users["editor"]),
                    id=procs["private"]["id"], step="approve")
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_procedure_delete", ctx(users["editor"]), id=procs["private"]["id"])
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_procedure_show", {"user": "", "ignore_auth": False},
                    id=procs["private"]["id"])


def test_only_admins_reopen_admin_steps(setup):
    org, users, procs = setup
    proc = procs["public"]
    for step in ("identify", "legal_check", "standardise", "prepare_validate"):
        call_action("tmopendata_procedure_step_skip", ctx(users["admin"]), id=proc["id"], step=step,
                    reason="test")
    call_action("tmopendata_procedure_step_complete", ctx(users["admin"]), id=proc["id"], step="approve")
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_procedure_step_update", ctx(users["editor"]), id=proc["id"],
                    step="approve", status="todo")
    # the editor may still add evidence to it
    call_action("tmopendata_procedure_step_update", ctx(users["editor"]), id=proc["id"],
                step="approve", evidence="decision no. 12")
    shown = call_action("tmopendata_procedure_step_update", ctx(users["admin"]), id=proc["id"],
                        step="approve", status="todo")
    assert next(s for s in shown["steps"] if s["key"] == "approve")["status"] == "todo"
