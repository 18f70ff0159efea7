"""Validation through the Action API: the happy path, permissions and bad
input, on real PostgreSQL, Solr and storage."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from tests.hvd.conftest import INVALID_CSV, VALID_CSV, inline

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_upload_is_validated_synchronously(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())

    shown = call_action("resource_show", id=res["id"])
    assert shown["validation_status"] == "success"
    assert shown["validation_timestamp"]
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert report["status"] == "success"
    assert report["mode"] == "sync"
    assert report["schema_ref"] == "inline"
    assert report["row_count"] == 2
    assert report["requested_by"] == users["editor"]["name"]
    # the dataset's validation status is indexed in Solr and can be filtered on
    found = call_action("package_search", fq="validation_status:success")
    assert [d["id"] for d in found["results"]] == [dataset["id"]]


def test_invalid_upload_is_kept_with_its_report(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline())

    # nothing is lost: the resource and its file are there
    shown = call_action("resource_show", id=res["id"])
    assert shown["url_type"] == "upload"
    assert shown["validation_status"] == "failure"
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert report["error_types"] == {
        "constraint-error": 2, "type-error": 1, "unique-error": 1, "primary-key": 1,
    }
    assert all(e["row"] in (2, 3) for e in report["errors"])
    assert report["report"]["valid"] is False
    found = call_action("package_search", fq="validation_status:failure")
    assert found["count"] == 1


def test_history_is_kept(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline())
    ctx = {"user": users["editor"]["name"]}
    call_action("tmopendata_validation_run", ctx, resource_id=res["id"])
    call_action("resource_patch", ctx, id=res["id"], description="second version")
    history = call_action("tmopendata_validation_list", resource_id=res["id"])
    assert history["count"] == 3
    assert all("report" not in r for r in history["results"])
    created = [r["created"] for r in history["results"]]
    assert created == sorted(created, reverse=True)
    first = history["results"][-1]["id"]
    old = call_action("tmopendata_validation_show", resource_id=res["id"], report_id=first)
    assert old["id"] == first


def test_structural_check_without_schema(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], "a,b\n1,2\n3\n")
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert report["status"] == "failure"
    assert report["schema_ref"] is None
    assert report["error_types"] == {"missing-cell": 1}


def test_non_tabular_resources_are_left_alone(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], "%PDF-1.4", filename="doc.pdf", format="PDF")
    assert "validation_status" not in call_action("resource_show", id=res["id"])
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_validation_run", {"user": users["editor"]["name"]}, resource_id=res["id"])
    assert "format" in e.value.error_dict


@pytest.mark.parametrize(
    "schema,message",
    [
        ('{"fields": [', "not valid JSON"),
        ("tm-no-such-standard@1.0", 'Unknown schema "tm-no-such-standard"'),
        ('{"fields": [{"name": "a", "type": "no-such-type"}]}', "not a valid Table Schema"),
        ('{"title": "no fields"}', 'no "fields"'),
        ("not a schema!", "neither a standard name"),
    ],
)
def test_bad_schema_gives_a_clear_error_and_loses_nothing(org_with_users, upload, schema, message):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=schema)
    shown = call_action("resource_show", id=res["id"])
    assert shown["url_type"] == "upload" and shown["schema"] == schema
    assert shown["validation_status"] == "error"
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert message in report["message"]


def test_unknown_resource_is_404():
    sysadmin = factories.Sysadmin()
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_validation_run", {"user": sysadmin["name"]}, resource_id="nope")
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_validation_show", resource_id="nope")
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_validation_run", {"user": sysadmin["name"]})


def test_never_validated_resource_is_404(org_with_users):
    org, _ = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = factories.Resource(package_id=dataset["id"], url="http://example.com/x.json", format="JSON")
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_validation_show", resource_id=res["id"])


class TestPermissions:
    def test_only_editors_may_run_or_delete(self, org_with_users, upload):
        org, users = org_with_users
        dataset = factories.Dataset(owner_org=org["id"])
        res = upload(users["editor"], dataset["id"], VALID_CSV)
        for role, allowed in (("admin", True), ("editor", True), ("member", False), ("outsider", False),
                              ("other_editor", False), ("other_admin", False)):
            for action in ("tmopendata_validation_run", "tmopendata_validation_delete"):
                ctx = {"user": users[role]["name"], "ignore_auth": False}
                if allowed:
                    assert call_auth(action, ctx, resource_id=res["id"]), (role, action)
                else:
                    with pytest.raises(tk.NotAuthorized):
                        call_auth(action, ctx, resource_id=res["id"])
        with pytest.raises(tk.NotAuthorized):
            call_auth("tmopendata_validation_run", {"user": ""}, resource_id=res["id"])

    def test_delete_removes_history(self, org_with_users, upload):
        org, users = org_with_users
        dataset = factories.Dataset(owner_org=org["id"])
        res = upload(users["editor"], dataset["id"], VALID_CSV)
        result = call_action("tmopendata_validation_delete", {"user": users["editor"]["name"]}, resource_id=res["id"])
        assert result == {"deleted": 1}
        assert call_action("tmopendata_validation_list", resource_id=res["id"])["count"] == 0
        assert "validation_status" not in call_action("resource_show", id=res["id"])

    def test_reports_of_private_datasets_are_private(self, org_with_users, upload):
        org, users = org_with_users
        dataset = factories.Dataset(owner_org=org["id"], private=True)
        res = upload(users["editor"], dataset["id"], VALID_CSV)
        for action in ("tmopendata_validation_show", "tmopendata_validation_list"):
            assert call_auth(action, {"user": users["member"]["name"]}, resource_id=res["id"])
            for user in (users["outsider"]["name"], users["other_editor"]["name"], users["other_admin"]["name"], ""):
                with pytest.raises(tk.NotAuthorized):
                    call_auth(action, {"user": user}, resource_id=res["id"])

    def test_reports_of_public_datasets_are_public(self, org_with_users, upload):
        org, users = org_with_users
        dataset = factories.Dataset(owner_org=org["id"])
        res = upload(users["editor"], dataset["id"], VALID_CSV)
        assert call_auth("tmopendata_validation_show", {"user": ""}, resource_id=res["id"])

    def test_schema_inference_needs_a_logged_in_reader(self, org_with_users):
        org, users = org_with_users
        dataset = factories.Dataset(owner_org=org["id"])
        assert call_auth(
            "tmopendata_schema_infer", {"user": users["outsider"]["name"]},
            resource_id=factories.Resource(package_id=dataset["id"])["id"],
        )
        with pytest.raises(tk.NotAuthorized):
            call_auth("tmopendata_schema_infer", {"user": ""}, resource_id="x")


def test_schema_infer(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV)
    result = call_action("tmopendata_schema_infer", {"user": users["editor"]["name"]}, resource_id=res["id"])
    assert [f["name"] for f in result["schema"]["fields"]] == ["id", "denumire", "suprafata_mp"]
    assert result["schema"]["fields"][2]["type"] == "integer"


@pytest.mark.parametrize("engine,validator", [("fast", "tmopendata fast path"), ("frictionless", "frictionless")])
def test_the_engine_option_chooses_the_validation_path(org_with_users, upload, ckan_config, monkeypatch,
                                                        engine, validator):
    """``ckanext.tmopendata.validation.engine``: an upload is validated by
    the fast path (default), valid or not, or by frictionless alone; the
    errors are the same either way (``tests/hvd/test_fastpath.py``)."""
    monkeypatch.setitem(ckan_config, "ckanext.tmopendata.validation.engine", engine)
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    report = call_action("tmopendata_validation_show", resource_id=res["id"])
    assert report["status"] == "success"
    assert report["report"]["validator"].startswith(validator)
    bad = upload(users["editor"], dataset["id"], INVALID_CSV, schema=inline())
    failed = call_action("tmopendata_validation_show", resource_id=bad["id"])
    assert failed["status"] == "failure"
    assert failed["report"]["validator"].startswith(validator)
    assert {e["type"] for e in failed["errors"]} >= {"constraint-error", "type-error", "unique-error"}
