"""Fixtures of the census tests: an institution with users in every role,
an editor and an admin of another institution, a coordinator (configured by
user name) and an open campaign."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

#: The roles of the permission matrix.
ROLES = ("anonymous", "outsider", "member", "editor", "admin", "other_editor", "other_admin",
         "coordinator", "sysadmin")


@pytest.fixture
def census(ckan_config, monkeypatch):
    """Users in every role of one institution (``org``), a coordinator named
    in ``ckanext.tmopendata.census.coordinators``, and an open campaign.

    ``ctx(role)`` gives the context of a role for ``call_action``/``call_auth``.
    """
    users = {role: factories.User() for role in ROLES if role not in ("anonymous", "sysadmin")}
    users["sysadmin"] = factories.Sysadmin()
    org = factories.Organization(
        users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor", "member")]
    )
    # editor and admin of ANOTHER institution: they must get nothing of ``org``'s
    # entries beyond what the public gets
    other_org = factories.Organization(
        users=[{"name": users[f"other_{r}"]["name"], "capacity": r} for r in ("admin", "editor")]
    )
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.census.coordinators", [users["coordinator"]["name"]])
    campaign = call_action(
        "tmopendata_census_campaign_create", {"user": users["sysadmin"]["name"]},
        name="census-2026", title="Recensământ 2026",
    )

    class Census:
        pass

    c = Census()
    c.users, c.org, c.other_org, c.campaign = users, org, other_org, campaign

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

    c.ctx, c.entry, c.move = ctx, entry, move
    return c
