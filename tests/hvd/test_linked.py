"""Linked (not uploaded) files: downloaded by the worker and validated; a
file larger than the limit ends in a clear error."""
from __future__ import annotations

import http.server
import threading

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hvd.conftest import VALID_CSV, inline
from tests.hvd.test_background import refresh
from tests.worker import run_worker

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")


@pytest.fixture
def file_server(tmp_path):
    (tmp_path / "parcuri.csv").write_text(VALID_CSV, encoding="utf-8")
    (tmp_path / "mare.csv").write_text("id\n" + "1\n" * 50000, encoding="utf-8")
    (tmp_path / "schema.json").write_text('{"fields": [{"name": "id"}]}', encoding="utf-8")
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_linked_csv_is_validated_by_the_worker(org_with_users, file_server):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                      url=f"{file_server}/parcuri.csv", format="CSV", schema=inline())
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert (report["status"], report["mode"]) == ("pending", "background")
    log = run_worker()
    done = refresh(report["id"])
    assert (done["status"], done["row_count"]) == ("success", 2), log


@pytest.mark.ckan_config("ckanext.tmopendata.validation.max_bytes", "1000")
def test_linked_file_over_the_limit_is_an_error(org_with_users, file_server):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                      url=f"{file_server}/mare.csv", format="CSV")
    report = call_action("tmopendata_validation_run", {"user": users["editor"]["name"]},
                         resource_id=res["id"], sync=True)
    assert report["status"] == "error"
    assert "larger than 1000 bytes" in report["message"]


def test_missing_linked_file_is_an_error(org_with_users, file_server):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                      url=f"{file_server}/lipsa.csv", format="CSV")
    report = call_action("tmopendata_validation_run", {"user": users["editor"]["name"]},
                         resource_id=res["id"], sync=True)
    assert report["status"] == "error"
    assert "404" in report["message"]
