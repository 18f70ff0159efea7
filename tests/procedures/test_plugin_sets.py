"""The procedures plugin alone and with the HVD plugin (without the census
plugin): it loads, its steps work, and it learns of validation results
through CKAN's ``action_succeeded`` signal (``procedures/subscriptions.py``),
not by wrapping the HVD plugin's actions."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins as p
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.context_keys import SKIP_VALIDATION
from ckanext.tmopendata.procedures.model import Procedure
from tests.hvd.conftest import VALID_CSV, inline, upload  # noqa: F401 (fixture)
from tests.procedures.conftest import ctx

ALONE = "tmopendata tmopendata_procedures"
WITH_HVD = "activity tmopendata tmopendata_hvd tmopendata_procedures scheming_datasets dcat"

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _stored(package_id: str) -> dict[str, str]:
    """The steps' statuses as stored (not as the read actions show them)."""
    model.Session.expire_all()
    return {s.key: s.status for s in Procedure.for_package(package_id).steps}


def _shown(user, package_id):
    proc = call_action("tmopendata_procedure_show", ctx(user), id=package_id)
    return {s["key"]: s["status"] for s in proc["steps"]}


@pytest.mark.ckan_config("ckan.plugins", ALONE)
def test_alone_procedures_work_without_census_and_hvd(org_with_users):
    assert not p.plugin_loaded("tmopendata_census") and not p.plugin_loaded("tmopendata_hvd")
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    # a census entry cannot be checked without the census plugin: kept as given
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"],
                       census_entry_id="entry-of-another-portal")
    assert proc["census_entry_id"] == "entry-of-another-portal"
    steps = {s["key"]: s for s in proc["steps"]}
    assert steps["identify"]["status"] == "todo" and steps["prepare_validate"]["status"] == "todo"
    call_action("tmopendata_procedure_step_complete", ctx(users["admin"]), id=dataset["id"], step="identify")
    call_action("package_patch", ctx(users["admin"]), id=dataset["id"], private=False)
    assert _stored(dataset["id"])["publish"] == "done"
    # nothing validates without the HVD plugin
    assert _shown(users["editor"], dataset["id"])["prepare_validate"] == "todo"
    assert call_action("tmopendata_procedure_observe", {"user": factories.Sysadmin()["name"]})["count"] == 0


@pytest.mark.ckan_config("ckan.plugins", WITH_HVD)
def test_with_hvd_a_validation_ended_by_the_worker_completes_the_step(org_with_users):
    """The worker's run of ``tmopendata_validation_run`` changes no dataset
    (no package hook): the procedure learns of it through the signal."""
    assert not p.plugin_loaded("tmopendata_census")
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    resource = call_action(
        "resource_create", {"user": users["editor"]["name"], SKIP_VALIDATION: True},
        package_id=dataset["id"], name="data.csv", format="CSV", url="data.csv",
        upload=FileStorage(io.BytesIO(VALID_CSV.encode("utf-8")), "data.csv", content_type="text/csv"))
    assert _stored(dataset["id"])["prepare_validate"] == "todo"
    # queued (the worker would run it): still pending, nothing observed
    site_user = call_action("get_site_user", {"ignore_auth": True})["name"]
    queued = call_action("tmopendata_validation_run", {"user": site_user}, resource_id=resource["id"],
                         sync=False)
    assert queued["status"] == "pending"
    assert _stored(dataset["id"])["prepare_validate"] == "todo"
    # the worker's run, as hvd's job calls it
    done = call_action("tmopendata_validation_run", {"user": site_user}, resource_id=resource["id"],
                       report_id=queued["id"], sync=True)
    assert done["status"] == "success"
    # recorded in the database when the run ended, before anyone reads the procedure
    assert _stored(dataset["id"])["prepare_validate"] == "done"


@pytest.mark.ckan_config("ckan.plugins", WITH_HVD)
def test_with_hvd_validated_is_the_hvd_plugins_definition(org_with_users, upload):
    """Every tabular resource counts, with or without a schema; a dataset
    with no tabular resource is not validated."""
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    call_action("resource_create", ctx(users["editor"]), package_id=dataset["id"], name="Page",
                format="HTML", url="https://example.org/page")
    assert _shown(users["editor"], dataset["id"])["prepare_validate"] == "todo"
    upload(users["editor"], dataset["id"], VALID_CSV, filename="ok.csv", schema=inline())
    assert _stored(dataset["id"])["prepare_validate"] == "done"
