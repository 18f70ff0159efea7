"""Step forms only for those who may use them: every form the procedure
page shows to a role is accepted from that role (never a 403), and roles
that may not change steps get no form at all; messages name steps by
their titles, in the page's language."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.procedures.conftest import auth, ctx

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

ROLES = ("anonymous", "outsider", "member", "other_editor", "editor", "admin", "sysadmin")


@pytest.fixture
def page(token_users):
    org, users = token_users
    users["other_editor"] = factories.UserWithToken()
    factories.Organization(users=[{"name": users["other_editor"]["name"], "capacity": "editor"}])
    users["sysadmin"] = factories.SysadminWithToken()
    pkg = factories.Dataset(owner_org=org["id"], private=False, title="Parcuri")
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=pkg["id"])
    return pkg, users


def headers(users, role):
    return {} if role == "anonymous" else auth(users[role])


def forms(app, pkg, users, role):
    body = app.get(f"/dataset/{pkg['name']}/procedure", headers=headers(users, role)).body
    found = []
    for form in BeautifulSoup(body, "html.parser").select("form[action*='/procedure/']"):
        data = {i["name"]: i.get("value", "") for i in form.select("input[name]") if i["name"] != "_csrf_token"}
        found.append((form["action"], data))
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_form_shown_is_one_the_role_may_use(app, page, role):
    pkg, users = page
    shown = forms(app, pkg, users, role)
    if role in ("anonymous", "outsider", "member", "other_editor"):
        assert shown == [], role
        return
    assert shown, role
    operations = {(action.rsplit("/", 1)[-1], data.get("operation")) for action, data in shown}
    if role == "editor":  # editors do not approve (an admin's step) but may plan it
        assert ("approve", "complete") not in operations and ("approve", "update") in operations
    else:
        assert ("approve", "complete") in operations
    for action, data in shown:
        if data.get("operation") == "skip":
            data["reason"] = "not needed here"
        resp = app.post(action, headers=headers(users, role), data=data, follow_redirects=False)
        assert resp.status_code in (302, 400), (role, action, data, resp.status_code)


def test_step_messages_name_titles_in_romanian(app, page):
    pkg, users = page
    base = f"/ro/dataset/{pkg['name']}/procedure/step"
    resp = app.post(f"{base}/standardise", headers=auth(users["editor"]), status=400,
                    data={"operation": "skip", "reason": ""})
    text = BeautifulSoup(resp.body, "html.parser").select_one(".tmopendata-errors").get_text()
    assert "standardise" not in text and "Valoare lipsă" not in text
    resp = app.post(f"{base}/approve", headers=auth(users["admin"]), status=400, data={"operation": "complete"})
    text = BeautifulSoup(resp.body, "html.parser").select_one(".tmopendata-errors").get_text()
    assert "approve" not in text and "identify" not in text and ("„" in text or "“" in text)
