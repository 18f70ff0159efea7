"""The portal as a developer sees it: a real ``ckan run`` web server on a
free port, driven over HTTP with ckanapi (the client the field uses)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import ckanapi
import pytest

from ckan.tests import factories

pytestmark = [pytest.mark.live_server, pytest.mark.usefixtures("clean_db", "clean_index")]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server():
    port = _free_port()
    ckan_bin = shutil.which("ckan", path=os.path.dirname(sys.executable))
    proc = subprocess.Popen(
        [ckan_bin, "-c", os.path.join(ROOT, "test.ini"), "run",
         "-H", "127.0.0.1", "-p", str(port), "--disable-reloader"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if proc.poll() is not None:
                pytest.fail("ckan run exited:\n" + proc.stdout.read().decode()[-3000:])
            try:
                urllib.request.urlopen(url + "/api/3/action/status_show", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("ckan run did not answer in 60 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


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
