"""Large files are validated by a real ``ckan jobs worker`` through Redis,
and no status is ever left stuck."""
from __future__ import annotations

import datetime
import os

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.hvd.reports import set_resource_status
from ckanext.tmopendata.hvd.model import ValidationReport
from tests.worker import run_worker
from tests.hvd.conftest import INVALID_CSV, VALID_CSV, inline

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues"),
    pytest.mark.ckan_config("ckanext.tmopendata.validation.sync_max_bytes", "10"),
]



def refresh(report_id: str) -> dict:
    model.Session.remove()
    return ValidationReport.get(report_id).dictize()


def test_large_upload_goes_to_the_worker(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert report["status"] == "pending"
    assert report["mode"] == "background"
    assert call_action("resource_show", id=res["id"])["validation_status"] == "pending"
    assert len(call_action("job_list")) == 1

    run_worker()

    assert refresh(report["id"])["status"] == "success"
    model.Session.remove()
    assert call_action("resource_show", id=res["id"])["validation_status"] == "success"
    assert call_action("job_list") == []


def test_worker_reports_failures(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline())
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert report["status"] == "pending"
    out = run_worker()
    done = refresh(report["id"])
    assert done["status"] == "failure", out
    assert done["error_count"] == 5


def test_crash_in_the_job_ends_in_error_with_the_reason(org_with_users, upload, ckan_config):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV)
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    # the stored file disappears before the worker gets to it
    from ckan.lib import uploader

    os.unlink(uploader.get_resource_uploader(call_action("resource_show", id=res["id"])).get_path(res["id"]))
    run_worker()
    done = refresh(report["id"])
    assert done["status"] == "error"
    assert "missing from storage" in done["message"]


def test_a_run_that_never_finished_is_reported_as_error(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV)
    report = ValidationReport.latest_for(res["id"])
    # a worker killed hard: the report stays "running" in the table...
    report.status = "running"
    report.started = datetime.datetime.utcnow() - datetime.timedelta(days=2)
    model.repo.commit()
    shown = call_action("tmopendata_validation_show", resource_id=res["id"])
    # ...but nobody is told it is still running
    assert shown["status"] == "error"
    assert "did not finish" in shown["message"]


def stored_status(resource_id: str):
    model.Session.remove()
    return (model.Resource.get(resource_id).extras or {}).get("validation_status")


def test_a_job_that_fails_outside_the_run_leaves_the_resource_in_error(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV)
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    # the resource stops being tabular before the worker gets to it: the
    # action refuses it, the job fails
    call_action("resource_patch", {"user": users["editor"]["name"]}, id=res["id"], format="PDF")
    assert stored_status(res["id"]) == "pending"
    run_worker()
    done = refresh(report["id"])
    assert done["status"] == "error" and "ValidationError" in done["message"]
    assert stored_status(res["id"]) == "error"
    assert call_action("resource_show", id=res["id"])["validation_status"] == "error"


@pytest.fixture
def slow_server():
    import http.server
    import threading
    import time

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(8)
            try:
                self.send_response(200)
                self.end_headers()
                self.wfile.write(VALID_CSV.encode())
            except OSError:
                pass

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/slow.csv"
    server.shutdown()


@pytest.mark.ckan_config("ckanext.tmopendata.validation.job_timeout", "2")
def test_a_job_that_times_out_ends_in_error_on_the_resource(org_with_users, slow_server):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                      url=slow_server, format="CSV")
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert report["status"] == "pending"
    run_worker()
    done = refresh(report["id"])
    assert done["status"] == "error" and "timeout" in done["message"].lower(), done
    assert stored_status(res["id"]) == "error"
    found = call_action("package_search", fq="validation_status:error")
    assert [d["id"] for d in found["results"]] == [dataset["id"]]


def _stuck(resource_id: str, days: int = 2) -> str:
    """Make the resource's latest run look left running by a killed worker."""
    report = ValidationReport.latest_for(resource_id)
    report.status = "running"
    report.started = datetime.datetime.utcnow() - datetime.timedelta(days=days)
    set_resource_status(resource_id, "running", report.started)
    model.repo.commit()
    return report.id


def test_expire_closes_stuck_runs_and_the_resource_follows(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    stuck = upload(users["editor"], dataset["id"], VALID_CSV)
    stuck_report = _stuck(stuck["id"])
    fresh = upload(users["editor"], dataset["id"], VALID_CSV)  # pending, just queued
    # an old stuck run followed by a newer finished one: the resource keeps the newer
    later = call_action("resource_create", {"user": users["editor"]["name"]}, package_id=dataset["id"],
                        url="http://example.com/x.csv", format="CSV")
    old_report = _stuck(later["id"])
    newer = ValidationReport(resource_id=later["id"], package_id=dataset["id"], status="success",
                             mode="sync", created=datetime.datetime.utcnow(), finished=datetime.datetime.utcnow())
    model.Session.add(newer)
    set_resource_status(later["id"], "success", newer.finished)
    model.repo.commit()

    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_validation_expire", {"user": users["admin"]["name"], "ignore_auth": False})
    result = call_action("tmopendata_validation_expire", {"user": factories.Sysadmin()["name"]})
    assert result == {"count": 2, "resources": [stuck["id"]]}

    assert refresh(stuck_report)["status"] == "error"
    assert "did not finish" in refresh(stuck_report)["message"]
    assert refresh(old_report)["status"] == "error"
    model.Session.remove()
    assert (model.Resource.get(stuck["id"]).extras or {})["validation_status"] == "error"
    assert (model.Resource.get(later["id"]).extras or {})["validation_status"] == "success"
    assert call_action("resource_show", id=fresh["id"])["validation_status"] == "pending"
    found = call_action("package_search", fq="validation_status:error")
    assert [d["id"] for d in found["results"]] == [dataset["id"]]


def test_expire_from_the_command_line(cli, org_with_users, upload):
    from ckan.cli.cli import ckan as ckan_cli

    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV)
    _stuck(res["id"])
    result = cli.invoke(ckan_cli, ["tmopendata", "validate", "--expire-stale"])
    assert result.exit_code == 0, result.output
    assert "1 unfinished validation(s) closed as error, 1 resource(s) now in error" in result.output
    model.Session.remove()
    assert (model.Resource.get(res["id"]).extras or {})["validation_status"] == "error"
