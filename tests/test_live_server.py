"""The portal as a developer sees it: a real ``ckan run`` web server on a
free port (the ``live_server`` fixture of ``tests/conftest.py``), driven
over HTTP with ckanapi (the client the field uses)."""
from __future__ import annotations

import ckanapi
import pytest

from ckan.tests import factories

pytestmark = [pytest.mark.live_server, pytest.mark.usefixtures("clean_db", "clean_index")]


def test_developer_workflow_over_real_http(live_server):
    sysadmin = factories.SysadminWithToken()
    anon = ckanapi.RemoteCKAN(live_server)
    admin = ckanapi.RemoteCKAN(live_server, apikey=sysadmin["token"])

    status = anon.action.tmopendata_status_show()
    assert status["name"] == "ckanext-tmopendata"

    org = admin.action.organization_create(name="stpt-live", title="STPT")
    admin.action.package_create(
        name="orar-tramvaie", title="Orarul tramvaielor", notes="GTFS",
        owner_org=org["id"], license_id="cc-zero",
    )
    found = anon.action.package_search(q="tramvaielor")
    assert [d["name"] for d in found["results"]] == ["orar-tramvaie"]

    with pytest.raises(ckanapi.NotAuthorized):
        anon.action.package_delete(id="orar-tramvaie")
    with pytest.raises(ckanapi.ValidationError):
        admin.action.package_create(name="x", owner_org=org["id"])

    admin.action.package_delete(id="orar-tramvaie")
    assert anon.action.package_search(q="tramvaielor")["count"] == 0
    # A deleted dataset is hidden from the public, kept for sysadmins.
    with pytest.raises(ckanapi.NotAuthorized):
        anon.action.package_show(id="orar-tramvaie")
    assert admin.action.package_show(id="orar-tramvaie")["state"] == "deleted"
