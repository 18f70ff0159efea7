"""The ``world`` fixture (tests/conftest.py): a world restored from its copy
is the world as built — same rows in every table, and for a world with an
HVD dataset the same Solr document, the same uploaded file and the same
DataStore table — and a world that left anything else outside the
database, or whose DataStore table or underlying world changed, is built
again instead."""
from __future__ import annotations

import io
import uuid

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
from ckan.lib.search.common import make_connection
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests import conftest
from tests.hvd.conftest import VALID_CSV, inline

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_census"),
              pytest.mark.usefixtures("with_plugins"),
              pytest.mark.skipif(not conftest._fast("worlds"),
                                 reason="worlds are built for each test without the speed-up")]

HVD = pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_datastore")


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


def _solr() -> dict[str, dict]:
    """This site's Solr documents, without what each indexing changes."""
    import ckan.plugins.toolkit as tk

    query = '+site_id:"{}"'.format(tk.config.get("ckan.site_id"))
    return {d["id"]: {k: v for k, v in d.items() if k not in ("_version_", "indexed_ts")}
            for d in make_connection().search(q=query, rows=1000, fl="*")}


def _must_not_build():
    raise AssertionError("the world was built again instead of restored")


def _build() -> dict:
    users = {role: factories.UserWithToken() for role in ("editor", "admin", "coordinator")}
    users["sysadmin"] = factories.SysadminWithToken()
    org = factories.Organization(users=[{"name": users[r]["name"], "capacity": r} for r in ("admin", "editor")])
    campaign = call_action("tmopendata_census_campaign_create", {"user": users["sysadmin"]["name"]},
                           name="worlds-check", title="Recensământ", organizations=[org["name"]])
    return {"users": users, "org": org, "campaign": campaign}


def test_a_restored_world_is_the_world_as_built(world, reset_db, app):
    key = f"check-{uuid.uuid4().hex[:8]}"
    built = world(key, _build)
    assert conftest._WORLDS[key], conftest._WORLD_IMPURE
    as_built = _dump()
    assert as_built["user"] and as_built["member"] and as_built["tmopendata_census_campaign"]

    reset_db()
    assert not _dump()["user"]

    restored = _fresh_world()(key, _must_not_build)
    assert restored == built
    assert _dump() == as_built
    # a token of the restored world still opens the API
    editor = built["users"]["editor"]
    app.post("/api/3/action/api_token_list", json={"user_id": editor["id"]}, status=403)
    tokens = app.post("/api/3/action/api_token_list", json={"user_id": editor["id"]},
                      headers={"Authorization": editor["token"]}).json["result"]
    assert len(tokens) == 1


# --- a world with a dataset: Solr, uploads, DataStore ---------------------------

def _people() -> dict:
    users = {"editor": factories.UserWithToken(), "sysadmin": factories.SysadminWithToken()}
    org = factories.Organization(users=[{"name": users["editor"]["name"], "capacity": "editor"}])
    return {"users": users, "org": org}


def _dataset(people: dict) -> dict:
    """An HVD-plugin dataset with a valid uploaded CSV (validated, its rows
    loaded in the DataStore)."""
    editor = people["users"]["editor"]
    dataset = call_action("package_create", {"user": editor["name"]}, name=f"parcuri-{uuid.uuid4().hex[:6]}",
                          title="Parcuri", notes="Parcurile orașului", owner_org=people["org"]["id"],
                          license_id="cc-by")
    res = call_action("resource_create", {"user": editor["name"]}, package_id=dataset["id"], url="parcuri.csv",
                      name="parcuri.csv", format="CSV", schema=inline(),
                      upload=FileStorage(io.BytesIO(VALID_CSV.encode()), "parcuri.csv", content_type="text/csv"))
    return {"dataset": dataset, "resource": res}


def _download(app, world_data, people) -> bytes:
    dataset, res = world_data["dataset"], world_data["resource"]
    resp = app.get(f"/dataset/{dataset['id']}/resource/{res['id']}/download/parcuri.csv",
                   headers={"Authorization": people["users"]["editor"]["token"]})
    assert resp.status_code == 200
    return resp.get_data()


@HVD
def test_a_world_with_an_hvd_dataset_is_restored_indexed_with_its_file(clean_index, world, reset_db, reset_index, app):
    key = f"hvd-{uuid.uuid4().hex[:8]}"
    base, top = f"{key}-people", f"{key}-dataset"
    people = world(base, _people)
    data = world(top, lambda: _dataset(people))
    assert conftest._WORLDS[top], conftest._WORLD_IMPURE
    stored = conftest._WORLDS[top][0]
    dataset, res = data["dataset"], data["resource"]
    assert stored.solr == [dataset["id"]] and list(stored.files) == [res["id"]]
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] == "success"
    assert stored.datastore == [res["id"]], "the valid table is in the DataStore"
    as_built, solr_as_built = _dump(), _solr()
    assert list(solr_as_built) == [dataset["id"]]
    assert _download(app, data, people) == VALID_CSV.encode()

    # the next test: empty database and index; the file replaced meanwhile
    reset_db()
    reset_index()
    with open(conftest._upload_path(res["id"]), "wb") as f:
        f.write(b"id\nchanged by a test\n")
    assert _solr() == {} and not _dump()["package"]

    get = _fresh_world()
    assert get(base, _must_not_build) == people
    assert get(top, _must_not_build) == data
    assert _dump() == as_built
    assert _solr() == solr_as_built
    assert call_action("package_search", q=f"name:{dataset['name']}")["count"] == 1
    assert _download(app, data, people) == VALID_CSV.encode()
    assert conftest._datastore_fingerprint(stored.datastore) == stored.datastore_print


def _fresh_world():
    """A new instance of the ``world`` fixture's function (as the next test
    would get): no world in place yet."""
    return conftest.world.__pytest_wrapped__.obj(None)


@HVD
def test_a_changed_datastore_table_or_world_under_it_means_building_again(clean_index, world, reset_db, reset_index):
    key = f"hvd-{uuid.uuid4().hex[:8]}"
    base, top = f"{key}-people", f"{key}-dataset"
    people = world(base, _people)
    world(top, lambda: _dataset(people))
    stored = conftest._WORLDS[top][0]

    # something written between the world under it and this one: built again
    reset_db()
    reset_index()
    get = _fresh_world()
    people_again = get(base, _must_not_build)
    factories.User()
    built = []
    get(top, lambda: built.append(1) or _dataset(people_again))
    assert built == [1]
    assert stored not in conftest._WORLDS[top]

    # the DataStore table changed by a test: built again
    stored = conftest._WORLDS[top][0]
    reset_db()
    reset_index()
    get = _fresh_world()
    people_again = get(base, _must_not_build)
    engine = conftest._datastore_engine()
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DELETE FROM "{stored.datastore[0]}" WHERE _id = 1')
    built = []
    get(top, lambda: built.append(1) or _dataset(people_again))
    assert built == [1]
    assert stored not in conftest._WORLDS[top]


def test_a_world_that_queues_a_job_is_not_copied(world):
    import ckan.lib.jobs as jobs

    key = f"queue-{uuid.uuid4().hex[:8]}"

    def build():
        jobs.enqueue(print, ["not run"])
        return {}

    world(key, build)
    assert not conftest._WORLDS[key]
    assert any(key in reason and "jobs queued" in reason for reason in conftest._WORLD_IMPURE)
