"""Fixtures of the census tests: an institution with users in every role,
a second institution of the same campaign (its editor and admin), the admin
of an organisation outside the campaign (as if self-created), a
coordinator (configured by user name) and an open campaign covering the two
institutions."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

#: The roles of the permission matrix. ``other_editor``/``other_admin``:
#: editor/admin of ANOTHER institution taking part in the campaign;
#: ``stranger_admin``: admin of an organisation the campaign does not cover
#: (e.g. one a user created for themselves).
ROLES = ("anonymous", "outsider", "member", "editor", "admin", "coordinator", "sysadmin",
         "other_editor", "other_admin", "stranger_admin")


@pytest.fixture
def census(world, ckan_config, monkeypatch):
    """Users in every role of one institution (``org``), a coordinator named
    in ``ckanext.tmopendata.census.coordinators``, and an open campaign
    (built once per worker, then restored: see ``world`` in
    tests/conftest.py).

    ``ctx(role)`` gives the context of a role for ``call_action``/``call_auth``.
    """
    def build() -> dict:
        users = {role: factories.User() for role in ROLES if role not in ("anonymous", "sysadmin")}
        users["sysadmin"] = factories.Sysadmin()
        org = factories.Organization(
            users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor", "member")]
        )
        other_org = factories.Organization(title="Altă instituție din campanie", users=[
            {"name": users["other_editor"]["name"], "capacity": "editor"},
            {"name": users["other_admin"]["name"], "capacity": "admin"}])
        stranger_org = factories.Organization(users=[{"name": users["stranger_admin"]["name"], "capacity": "admin"}])
        monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.coordinators", [users["coordinator"]["name"]])
        campaign = call_action(
            "tmopendata_census_campaign_create", {"user": users["sysadmin"]["name"]},
            name="census-2026", title="Recensământ 2026", organizations=[org["name"], other_org["name"]],
        )
        return {"users": users, "org": org, "other_org": other_org, "stranger_org": stranger_org,
                "campaign": campaign}

    built = world("census", build)
    users, org, campaign = built["users"], built["org"], built["campaign"]
    other_org, stranger_org = built["other_org"], built["stranger_org"]
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.coordinators", [users["coordinator"]["name"]])

    class Census:
        pass

    c = Census()
    c.users, c.org, c.campaign = users, org, campaign
    c.other_org, c.stranger_org = other_org, stranger_org

    def ctx(role: str) -> dict:
        if role == "anonymous":
            return {"user": "", "ignore_auth": False}
        return {"user": users[role]["name"], "ignore_auth": False}

    def entry(role: str = "editor", **fields) -> dict:
        fields.setdefault("title", "Registrul spațiilor verzi")
        fields.setdefault("organization", org["name"])
        return call_action("tmopendata_census_entry_create", ctx(role), campaign_id=campaign["id"], **fields)

    def move(entry_id: str, *states: str, role: str = "sysadmin", **extra) -> dict:
        result = None
        for state in states:
            result = call_action("tmopendata_census_entry_transition", ctx(role), id=entry_id, to_state=state, **extra)
        return result

    def join(*orgs: dict) -> dict:
        """Let more organisations take part in the campaign."""
        shown = call_action("tmopendata_census_campaign_show", ctx("sysadmin"), id=campaign["id"])
        return call_action("tmopendata_census_campaign_patch", ctx("sysadmin"), id=campaign["id"],
                           organizations=shown["organizations"] + [o["name"] for o in orgs])

    c.ctx, c.entry, c.move, c.join = ctx, entry, move, join
    return c
