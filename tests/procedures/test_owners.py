"""Step owners receive reminders naming the dataset: only members of the
dataset's organisation (or sysadmins) may own a step."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.procedures.conftest import auth, ctx

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_outsider_cannot_own_a_step_at_start(org_with_users):
    org, users = org_with_users
    pkg = factories.Dataset(owner_org=org["id"], private=True)
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=pkg["id"],
                    owners={"steward": users["member"]["name"], "admin": users["outsider"]["name"]})
    message = " ".join(err.value.error_dict["owners"])
    assert "members of the dataset's organisation" in message
    assert users["outsider"]["name"] in message and users["member"]["name"] not in message
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_procedure_show", id=pkg["id"])  # nothing was created
    # members (any capacity) and sysadmins may
    sysadmin = factories.Sysadmin()
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=pkg["id"],
                       owners={"steward": users["member"]["name"], "admin": users["admin"]["name"],
                               "coordinator": sysadmin["name"]})
    owners = {s["role"]: s["owner"] for s in proc["steps"]}
    assert owners["steward"] == users["member"]["name"]
    assert owners["admin"] == users["admin"]["name"]
    assert owners["coordinator"] == sysadmin["name"]


def test_outsider_cannot_become_a_step_owner(org_with_users):
    org, users = org_with_users
    pkg = factories.Dataset(owner_org=org["id"], private=True)
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=pkg["id"])
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_step_update", ctx(users["editor"]), id=proc["id"],
                    step="legal_check", owner=users["outsider"]["id"])
    assert "members of the dataset's organisation" in " ".join(err.value.error_dict["owner"])
    assert call_action("tmopendata_procedure_show", id=proc["id"])["steps"][1]["owner"] is None
    # a member of another organisation is an outsider too
    other = factories.User()
    factories.Organization(users=[{"name": other["name"], "capacity": "admin"}])
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_procedure_step_update", ctx(users["editor"]), id=proc["id"],
                    step="legal_check", owner=other["name"])
    proc = call_action("tmopendata_procedure_step_update", ctx(users["editor"]), id=proc["id"],
                       step="legal_check", owner=users["member"]["name"])
    assert proc["steps"][1]["owner"] == users["member"]["name"]


def test_outsider_owner_refused_on_the_page(app, token_users):
    org, users = token_users
    pkg = factories.Dataset(owner_org=org["id"], private=False)
    resp = app.post(f"/dataset/{pkg['name']}/procedure/start", headers=auth(users["editor"]), status=400,
                    data={"owner_steward": users["outsider"]["name"]})
    assert "members of the dataset" in resp.body
    assert f'value="{users["outsider"]["name"]}"' in resp.body
