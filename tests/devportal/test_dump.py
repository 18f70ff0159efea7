"""The bulk metadata dump: every public dataset's package_show as gzipped
JSON lines at a stable URL; private, draft and deleted datasets never in
it; rebuilt by a background job (real Redis, RQ worker)."""
from __future__ import annotations

import gzip
import io
import json

import pytest
import rq

import ckan.plugins.toolkit as tk
from ckan.lib import jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.tmopendata.core import dump

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_queues")

URL = "/tmopendata/dump/datasets.jsonl.gz"


@pytest.fixture
def dump_dir(tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.dump.path", str(tmp_path))
    return tmp_path


@pytest.fixture
def catalogue(world):
    """Three public datasets, a private, a deleted and a draft one (built
    once per worker, then restored: see ``world`` in tests/conftest.py)."""
    def build():
        admin = factories.Sysadmin()
        org = factories.Organization()
        public = [factories.Dataset(owner_org=org["id"], name=f"public-{i}") for i in range(3)]
        factories.Dataset(owner_org=org["id"], name="secret-one", private=True)
        deleted = factories.Dataset(owner_org=org["id"], name="gone")
        call_action("package_delete", {"user": admin["name"]}, id=deleted["id"])
        factories.Dataset(owner_org=org["id"], name="draft-one", state="draft")
        return admin, public

    return world("devportal_catalogue", build)


def read_lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in gzip.GzipFile(fileobj=io.BytesIO(data)).read().splitlines()]


def run_queued_jobs() -> None:
    """RQ's worker, in this process, until the queue is empty."""
    queue = jobs.get_queue()
    rq.SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_dump_holds_public_datasets_only(catalogue, dump_dir):
    admin, public = catalogue
    result = call_action("tmopendata_dump_create", {"user": admin["name"]})
    assert result["datasets"] == 3
    lines = read_lines((dump_dir / "datasets.jsonl.gz").read_bytes())
    assert sorted(d["name"] for d in lines) == ["public-0", "public-1", "public-2"]
    assert all(d["private"] is False and d["state"] == "active" for d in lines)
    assert lines[0]["resources"] is not None and "organization" in lines[0]
    shown = call_action("tmopendata_dump_show", {"user": ""})
    assert shown["datasets"] == 3 and shown["url"].endswith(URL) and shown["bytes"] > 0


def test_served_at_a_stable_url(app, catalogue, dump_dir):
    admin, _ = catalogue
    call_action("tmopendata_dump_create", {"user": admin["name"]})
    resp = app.get(URL)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/gzip"
    assert len(read_lines(resp.get_data())) == 3


def test_only_sysadmins_build_it(app, catalogue, dump_dir):
    user = factories.UserWithToken()
    resp = app.post("/api/3/action/tmopendata_dump_create", json={}, headers={"Authorization": user["token"]},
                    status=403)
    assert resp.json["success"] is False
    with pytest.raises(tk.NotAuthorized):
        call_auth("tmopendata_dump_create", {"user": user["name"]})
    assert call_auth("tmopendata_dump_show", {"user": None}) is True


def test_no_dump_yet_is_404_json_and_queues_a_build(app, catalogue, dump_dir):
    resp = app.get(URL, status=404)
    assert resp.json["success"] is False
    assert dump.JOB_ID in jobs.get_queue().job_ids
    run_queued_jobs()
    assert len(read_lines(app.get(URL).get_data())) == 3


def test_dataset_made_private_leaves_the_dump_at_once(app, catalogue, dump_dir):
    admin, public = catalogue
    call_action("tmopendata_dump_create", {"user": admin["name"]})
    call_action("package_patch", {"user": admin["name"]}, id=public[0]["id"], private=True)
    assert dump.JOB_ID not in jobs.get_queue().job_ids  # nothing queued from the update itself
    app.get(URL, status=404)  # not served with the dataset now private; the request queues the rebuild
    assert dump.JOB_ID in jobs.get_queue().job_ids
    run_queued_jobs()
    names = sorted(d["name"] for d in read_lines(app.get(URL).get_data()))
    assert names == ["public-1", "public-2"]


def test_cli_builds_it(cli, catalogue, dump_dir):
    from ckanext.tmopendata.lib.cli import tmopendata

    result = cli.invoke(tmopendata, ["dump"])
    assert result.exit_code == 0, result.output
    assert "3 datasets" in result.output
    assert len(read_lines((dump_dir / "datasets.jsonl.gz").read_bytes())) == 3


def test_bad_input(app, dump_dir):
    admin = factories.SysadminWithToken()
    resp = app.post("/api/3/action/tmopendata_dump_create", json={"background": "perhaps"},
                    headers={"Authorization": admin["token"]}, status=None)
    assert resp.status_code == 409 and resp.json["success"] is False
