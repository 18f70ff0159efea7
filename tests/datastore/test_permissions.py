"""Private datasets' tables are unreadable by outsiders, through
datastore_search, datastore_search_sql and datastore_info; the SQL API
runs as the read-only role."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.datastore.conftest import VALID_CSV, inline

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")


def _loaded(users, org, private):
    dataset = factories.Dataset(owner_org=org["id"], private=private)
    res = call_action(
        "resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
        url="data.csv", format="CSV", schema=inline(),
        upload=__import__("tests.datastore.conftest", fromlist=["_file"])._file(VALID_CSV, "data.csv"),
    )
    call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]}, resource_id=res["id"], sync=True)
    return dataset, res


def _calls(res_id):
    return [
        ("datastore_search", {"resource_id": res_id}),
        ("datastore_search_sql", {"sql": f'SELECT * FROM "{res_id}"'}),
        ("datastore_info", {"id": res_id}),
        ("tmopendata_datastore_status", None),
    ]


def test_private_tables_are_read_by_their_institution_and_sysadmins_only(org_with_users):
    org, users = org_with_users
    dataset, res = _loaded(users, org, private=True)
    calls = _calls(res["id"])
    for name, data in calls:
        data = data or {"id": dataset["id"]}
        for who in (None, "outsider", "other_editor"):
            context = {"user": users[who]["name"] if who else "", "ignore_auth": False}
            with pytest.raises((tk.NotAuthorized, tk.ObjectNotFound)):
                call_action(name, context, **data)
        for who in ("editor", "sysadmin"):
            result = call_action(name, {"user": users[who]["name"], "ignore_auth": False}, **data)
            assert result
    rows = call_action("datastore_search", {"user": users["editor"]["name"], "ignore_auth": False},
                       resource_id=res["id"])
    assert rows["total"] == 2


def test_public_tables_are_read_by_anyone_and_the_sql_api_cannot_write(org_with_users):
    org, users = org_with_users
    dataset, res = _loaded(users, org, private=False)
    anon = {"user": "", "ignore_auth": False}
    assert call_action("datastore_search", anon, resource_id=res["id"])["total"] == 2
    found = call_action("datastore_search_sql", anon, sql=f'SELECT count(*) AS n FROM "{res["id"]}"')
    assert found["records"] == [{"n": 2}]
    assert call_action("tmopendata_datastore_status", anon, id=dataset["name"])["all_loaded"] is True
    for sql in (f'DELETE FROM "{res["id"]}"', f'DROP TABLE "{res["id"]}"',
                f'SELECT * FROM "{res["id"]}"; DELETE FROM "{res["id"]}"'):
        with pytest.raises((tk.ValidationError, tk.NotAuthorized)):
            call_action("datastore_search_sql", {"user": users["sysadmin"]["name"]}, sql=sql)
    assert call_action("datastore_search", anon, resource_id=res["id"])["total"] == 2


def test_only_editors_of_the_dataset_may_load(org_with_users):
    org, users = org_with_users
    dataset, res = _loaded(users, org, private=False)
    for who in ("outsider", "other_editor"):
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_datastore_load", {"user": users[who]["name"], "ignore_auth": False},
                        resource_id=res["id"])
        with pytest.raises(tk.NotAuthorized):
            call_action("tmopendata_datastore_remove", {"user": users[who]["name"], "ignore_auth": False},
                        resource_id=res["id"])
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_datastore_load", {"user": users["outsider"]["name"]}, resource_id="nope")
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]})
