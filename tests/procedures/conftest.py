"""Fixtures of the procedure tests."""
from __future__ import annotations

import pytest

from ckan.tests import factories


@pytest.fixture
def org_with_users():
    """An institution with an admin, an editor and a plain member, plus an
    outsider."""
    users = {role: factories.User() for role in ("admin", "editor", "member", "outsider")}
    org = factories.Organization(
        users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor", "member")]
    )
    return org, users


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


@pytest.fixture
def token_users():
    """Like org_with_users, with API tokens (for the pages), plus an editor
    and an admin of another institution (``other_editor``, ``other_admin``)."""
    users = {role: factories.UserWithToken() for role in (
        "admin", "editor", "member", "outsider", "other_editor", "other_admin")}
    org = factories.Organization(
        users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor", "member")]
    )
    factories.Organization(
        users=[{"name": users[f"other_{r}"]["name"], "capacity": r} for r in ("admin", "editor")]
    )
    return org, users


def auth(user):
    return {"Authorization": user["token"]}
