"""Linked files are downloaded once, through the suite's fetcher, by the
worker's validation, and the load reads that very copy (no second
download); without it, a second download is checked row by row. Without
the validation plugin, ckanext-xloader's own behaviour applies."""
from __future__ import annotations

import http.server
import threading

import pytest

import ckan.model as model
import ckan.plugins as p
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib import validated_copies
from tests.worker import run_worker
from tests.datastore.conftest import INVALID_CSV, VALID_CSV, inline


@pytest.fixture
def changing_server():
    """Serves VALID_CSV to the first request, then INVALID_CSV (a linked
    file that changes between its validation and its load)."""
    served = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = (VALID_CSV if not served or self.path.endswith("stable.csv") else
                    INVALID_CSV.replace("-5", "-7")).encode()
            served.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", served
    server.shutdown()


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")
def test_a_linked_file_is_validated_then_loaded_by_the_worker_from_the_copy_validated(
        org_with_users, changing_server):
    base, served = changing_server
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                      url=f"{base}/stable.csv", format="CSV", schema=inline())
    log = run_worker()
    model.Session.remove()
    found = call_action("datastore_search", resource_id=res["id"], sort="_id")
    assert found["total"] == 2, log
    assert [r["suprafata_mp"] for r in found["records"]] == [90000, 36000.5]
    assert call_action("tmopendata_datastore_status", id=dataset["id"])["resources"][0]["status"] == "loaded"
    # ONE download (to validate): the load read the copy validated
    assert served == ["/stable.csv"]
    # the copy is gone once loaded
    assert validated_copies.find(res["id"], call_action(
        "tmopendata_validation_show", resource_id=res["id"])["id"]) is None


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")
def test_a_linked_file_changed_after_its_validation_loads_what_was_validated(org_with_users, changing_server):
    """The server serves a different (invalid) file after the first
    download: the rows loaded are the validated ones, never the new file."""
    base, served = changing_server
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                      url=f"{base}/changing.csv", format="CSV", schema=inline())
    log = run_worker()
    model.Session.remove()
    assert call_action("tmopendata_validation_show", resource_id=res["id"])["status"] == "success"
    status = call_action("tmopendata_datastore_status", id=dataset["id"])["resources"][0]
    assert status["status"] == "loaded", log
    assert [r["id"] for r in call_action("datastore_search", resource_id=res["id"], sort="_id")["records"]] == [
        "SV01", "SV02"]
    assert served == ["/changing.csv"]


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")
def test_without_the_validated_copy_a_linked_file_is_downloaded_again_and_checked(
        org_with_users, changing_server):
    """A load that finds no validated copy (used already, pruned, another
    machine) downloads through the fetcher and checks every row against
    the validation: the changed file is refused, the rows stay."""
    base, served = changing_server
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                      url=f"{base}/changing.csv", format="CSV", schema=inline())
    run_worker()
    model.Session.remove()
    assert len(served) == 1
    again = call_action("tmopendata_datastore_load", {"user": users["editor"]["name"]},
                        resource_id=res["id"], sync=True)
    assert len(served) == 2
    assert again["status"] == "failed"
    assert "does not read as validated" in again["message"]
    assert [r["id"] for r in call_action("datastore_search", resource_id=res["id"], sort="_id")["records"]] == [
        "SV01", "SV02"]


@pytest.mark.ckan_config("ckan.plugins", "tmopendata datastore xloader tmopendata_datastore")
@pytest.mark.usefixtures("with_plugins")
def test_without_the_validation_plugin_xloader_decides():
    from ckanext.tmopendata.datastore.logic.action import gate_available
    from ckanext.xloader.interfaces import IXloader

    assert not gate_available()
    ours = [pl for pl in p.PluginImplementations(IXloader) if pl.name == "tmopendata_datastore"]
    assert ours and ours[0].can_upload("any-resource") is True


@pytest.mark.usefixtures("with_plugins")
def test_with_the_validation_plugin_xloader_own_submissions_are_refused():
    from ckanext.xloader.interfaces import IXloader

    ours = [pl for pl in p.PluginImplementations(IXloader) if pl.name == "tmopendata_datastore"]
    assert ours and ours[0].can_upload("any-resource") is False
