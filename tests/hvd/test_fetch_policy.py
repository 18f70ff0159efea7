"""Server-side request forgery and unbounded downloads, end to end: linked
resources, schema URLs and schema inference go through the suite's fetcher
(ckanext.tmopendata.lib.fetch). A refused or failed download is a validation
``error`` (or a ValidationError for inference) with a clear reason, and no
report or inferred schema carries the body of an answer that is not the
expected file.

test.ini allows 127.0.0.1 (the tests' own file server); the tests of refusal
empty the allow-list. The fetcher only ever opens sockets to loopback here
(the ``connections`` fixture fails a test otherwise)."""
from __future__ import annotations

import json
import time

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hvd.conftest import inline
from tests.lib.servers import connections, local_server  # noqa: F401

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

NO_ALLOW_LIST = pytest.mark.ckan_config("ckanext.tmopendata.fetch.allowed_networks", "")
SECRETS = ("SECRET", "secret-private", "site_id", "responseHeader")


def solr_csv_url() -> str:
    """The query that leaked every private dataset (issue 9)."""
    return tk.config["solr_url"].rstrip("/") + "/select?q=*:*&fl=name,notes,private&wt=csv&rows=1000"


@pytest.fixture
def private_dataset(org_with_users, world):
    """A private dataset of the institution (built once per worker, then
    restored: see ``world`` in tests/conftest.py)."""
    org, _users = org_with_users
    return world("secret_private_dataset", lambda: factories.Dataset(
        owner_org=org["id"], private=True, name="secret-private-h1", notes="SECRET-NOTES-OF-A-PRIVATE-DATASET"))


def linked(user, package_id, url, **fields):
    fields.setdefault("format", "CSV")
    return call_action("resource_create", {"user": user["name"]}, package_id=package_id, url=url, **fields)


def run(user, resource_id):
    return call_action("tmopendata_validation_run", {"user": user["name"]}, resource_id=resource_id, sync=True)


def show(resource_id):
    return call_action("tmopendata_validation_show", resource_id=resource_id)


def assert_no_leak(*documents):
    text = json.dumps(documents, default=str)
    for secret in SECRETS:
        assert secret not in text, secret


@NO_ALLOW_LIST
@pytest.mark.parametrize("url", [
    None,  # the Solr CSV query
    "http://2130706433:8983/solr/ckan_test/select?q=*:*&wt=csv",
    "http://[::1]:8983/solr/admin/cores?wt=csv",
    "http://localhost:6379/x.csv",
    "http://169.254.169.254/latest/meta-data/x.csv",
    "http://10.0.0.1/x.csv",
    "http://192.168.1.1/x.csv",
])
def test_linked_resource_on_an_internal_address_is_refused(org_with_users, private_dataset, connections, url):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = linked(users["editor"], dataset["id"], url or solr_csv_url())
    report = run(users["editor"], res["id"])
    assert report["status"] == "error"
    assert "could not be downloaded" in report["message"]
    assert "not a public internet address" in report["message"] or "not on the public internet" in report["message"]
    assert connections == []
    full = show(res["id"])
    assert_no_leak(full, call_action("resource_show", id=res["id"]))


@NO_ALLOW_LIST
def test_schema_url_on_an_internal_address_is_refused(org_with_users, private_dataset, connections, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], "id\nx\n", schema=solr_csv_url().replace("wt=csv", "wt=json"))
    report = show(res["id"])
    assert report["status"] == "error"
    assert "The schema could not be downloaded" in report["message"]
    assert "not a public internet address" in report["message"]
    assert connections == []
    assert_no_leak(report)


def test_schema_url_answering_an_api_json_is_not_echoed(org_with_users, upload, local_server):
    """An allowed server whose answer is JSON but no Table Schema: the
    report says so without quoting the answer."""
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], "id\nx\n", schema=f"{local_server.url}/api")
    report = show(res["id"])
    assert report["status"] == "error"
    assert "is not a Table Schema" in report["message"]
    assert_no_leak(report)


@pytest.mark.parametrize("path", ["/api", "/api-as-csv", "/page"])
def test_linked_answer_that_is_no_table_is_not_echoed(org_with_users, local_server, path):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = linked(users["editor"], dataset["id"], f"{local_server.url}{path}")
    report = run(users["editor"], res["id"])
    assert report["status"] == "error"
    assert "did not give a CSV/TSV file" in report["message"]
    assert_no_leak(show(res["id"]))
    # inference: a clear error, and no field named after the JSON answer
    with pytest.raises(tk.ValidationError) as caught:
        call_action("tmopendata_schema_infer", {"user": users["editor"]["name"]}, resource_id=res["id"])
    assert_no_leak(caught.value.error_dict)


def test_inference_of_a_real_table_still_works(org_with_users, local_server):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = linked(users["editor"], dataset["id"], f"{local_server.url}/table.csv")
    inferred = call_action("tmopendata_schema_infer", {"user": users["editor"]["name"]}, resource_id=res["id"])
    assert [f["name"] for f in inferred["schema"]["fields"]] == ["id", "denumire", "suprafata_mp"]
    assert run(users["editor"], res["id"])["status"] == "success"


@NO_ALLOW_LIST
def test_inference_on_an_internal_address_is_a_validation_error(app, org_with_users, private_dataset, connections):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = linked(users["editor"], dataset["id"], solr_csv_url())
    with pytest.raises(tk.ValidationError) as caught:
        call_action("tmopendata_schema_infer", {"user": users["editor"]["name"]}, resource_id=res["id"])
    assert "not a public internet address" in json.dumps(caught.value.error_dict)
    # over HTTP: 409, never 500, and nothing of Solr's answer
    resp = app.post("/api/3/action/tmopendata_schema_infer", json={"resource_id": res["id"]},
                    headers={"Authorization": users["editor"]["token"]}, status=409)
    assert_no_leak(resp.json)
    assert connections == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x.csv", "gopher://127.0.0.1:6379/_INFO.csv"])
def test_other_schemes_are_refused(app, org_with_users, upload, connections, url):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = linked(users["editor"], dataset["id"], url)
    report = run(users["editor"], res["id"])
    assert report["status"] == "error"
    assert "no http(s) URL" in report["message"]
    resp = app.post("/api/3/action/tmopendata_schema_infer", json={"resource_id": res["id"]},
                    headers={"Authorization": users["editor"]["token"]}, status=409)
    assert "root:" not in json.dumps(resp.json)
    # the same as a schema URL
    up = upload(users["editor"], dataset["id"], "id\nx\n", schema=url)
    report = show(up["id"])
    assert report["status"] == "error"
    assert "Only http and https" in report["message"]
    assert connections == []


@pytest.mark.parametrize("target", [
    "http://127.0.0.2:8983/solr/ckan_test/select?q=*:*&wt=csv",  # loopback, but not on the allow-list
    "http://169.254.169.254/latest/meta-data/x.csv",
    "http://10.0.0.1/x.csv",
])
def test_redirect_from_an_allowed_server_to_a_refused_address(org_with_users, private_dataset, local_server, connections, target):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = linked(users["editor"], dataset["id"], f"{local_server.url}/redirect?to={target}&x=.csv")
    report = run(users["editor"], res["id"])
    assert report["status"] == "error"
    assert "not a public internet address" in report["message"]
    assert connections == [("127.0.0.1", local_server.port)]
    assert_no_leak(show(res["id"]))


@pytest.mark.ckan_config("ckanext.tmopendata.fetch.request_deadline", "2")
@pytest.mark.ckan_config("ckanext.tmopendata.fetch.deadline", "2")
def test_drip_feeding_server_is_cut_at_the_deadline(org_with_users, local_server):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = linked(users["editor"], dataset["id"], f"{local_server.url}/drip?x=.csv")
    started = time.monotonic()
    report = run(users["editor"], res["id"])
    elapsed = time.monotonic() - started
    assert report["status"] == "error"
    assert "did not finish within 2 seconds" in report["message"]
    assert elapsed < 6, elapsed  # the server would drip for 100 s
    started = time.monotonic()
    with pytest.raises(tk.ValidationError, match="within 2 seconds"):
        call_action("tmopendata_schema_infer", {"user": users["editor"]["name"]}, resource_id=res["id"])
    assert time.monotonic() - started < 6


@pytest.mark.ckan_config("ckanext.tmopendata.validation.max_bytes", "100000")
def test_endless_file_is_cut_at_the_byte_cap(org_with_users, local_server):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = linked(users["editor"], dataset["id"], f"{local_server.url}/endless?x=.csv")
    report = run(users["editor"], res["id"])
    assert report["status"] == "error"
    assert "larger than 100000 bytes" in report["message"]


def test_inline_schema_cannot_make_frictionless_fetch(org_with_users, upload, local_server):
    """A Table Schema whose fields are URLs (frictionless would download
    them) is refused, and nothing is requested."""
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], "id\nx\n",
                 schema=inline({"fields": [f"{local_server.url}/schema.json"]}))
    report = show(res["id"])
    assert report["status"] == "error"
    assert "must be an object" in report["message"]
    assert local_server.hits == []


def test_inference_of_an_unreadable_workbook_is_a_validation_error(app, org_with_users, upload):
    import io
    import zipfile

    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("xl/workbook.xml", "<not xml")
        z.writestr("[Content_Types].xml", "<x")
    res = upload(users["editor"], dataset["id"], data.getvalue(), filename="rupt.xlsx", format="XLSX")
    resp = app.post("/api/3/action/tmopendata_schema_infer", json={"resource_id": res["id"]},
                    headers={"Authorization": users["editor"]["token"]}, status=409)
    assert "could not be read as a table" in json.dumps(resp.json)
