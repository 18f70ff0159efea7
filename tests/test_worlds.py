"""The ``world`` fixture (tests/conftest.py): a world restored from its copy
is the world as built — same rows in every table — and the census world is
one it can copy (nothing left in Solr or the queues)."""
from __future__ import annotations

import uuid

import pytest

import ckan.model as model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import conftest

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_census"),
              pytest.mark.usefixtures("with_plugins")]


def _dump() -> dict[str, list]:
    """Every row of every table of the model, as text, sorted."""
    connection = model.Session.connection()
    rows = {}
    for name in conftest._world_tables():
        exists = connection.exec_driver_sql("SELECT to_regclass(%s)", (f'"{name}"',)).scalar()
        if exists:
            rows[name] = sorted(str(r) for r in connection.exec_driver_sql(f'SELECT t::text FROM "{name}" t'))
    model.Session.remove()
    return rows


def _build() -> dict:
    users = {role: factories.UserWithToken() for role in ("editor", "admin", "coordinator")}
    users["sysadmin"] = factories.SysadminWithToken()
    org = factories.Organization(users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor")])
    campaign = call_action("tmopendata_census_campaign_create", {"user": users["sysadmin"]["name"]},
                           name="worlds-check", title="Recensământ", organizations=[org["name"]])
    return {"users": users, "org": org, "campaign": campaign}


@pytest.mark.skipif(not conftest._fast("worlds"), reason="worlds are built for each test without the speed-up")
def test_a_restored_world_is_the_world_as_built(world, reset_db, app):
    key = f"check-{uuid.uuid4().hex[:8]}"
    built = world(key, _build)
    assert key in conftest._WORLDS, conftest._WORLD_IMPURE
    as_built = _dump()
    assert as_built["user"] and as_built["member"] and as_built["tmopendata_census_campaign"]

    reset_db()
    assert not _dump()["user"]

    def must_not_build():
        raise AssertionError("the world was built again instead of restored")

    restored = world(key, must_not_build)
    assert restored == built
    assert _dump() == as_built
    # a token of the restored world still opens the API
    editor = built["users"]["editor"]
    app.post("/api/3/action/api_token_list", json={"user_id": editor["id"]}, status=403)
    tokens = app.post("/api/3/action/api_token_list", json={"user_id": editor["id"]},
                      headers={"Authorization": editor["token"]}).json["result"]
    assert len(tokens) == 1
