"""Fixtures of the procedure tests (``token_users`` is shared: tests/conftest.py)."""
from __future__ import annotations

import pytest

from ckan.tests import factories


@pytest.fixture
def org_with_users(world):
    """An institution with an admin, an editor and a plain member, plus an
    outsider (built once per worker, then restored: see ``world`` in
    tests/conftest.py)."""
    def build():
        users = {role: factories.User() for role in ("admin", "editor", "member", "outsider")}
        org = factories.Organization(
            users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor", "member")]
        )
        return org, users

    return world("procedures_org_with_users", build)


def ctx(user):
    return {"user": user["name"], "ignore_auth": False}


def auth(user):
    return {"Authorization": user["token"]}
