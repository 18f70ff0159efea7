"""The procedure's "prepare and validate" and "publish" steps notice when
the rows are in the DataStore (the procedures plugin learns it through
CKAN's ``action_succeeded`` signal of ``tmopendata_datastore_load`` and the
public action ``tmopendata_datastore_status``, never the DataStore
plugin's modules); without the DataStore plugin they say what they said
before."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.lib.context_keys import SKIP_VALIDATION
from ckanext.tmopendata.procedures import auto
from ckanext.tmopendata.procedures.model import Procedure
from tests.worker import run_worker
from tests.datastore.conftest import VALID_CSV, inline

#: The portal's plugins without the DataStore (nor CKAN's datastore and xloader).
WITHOUT_DATASTORE = "activity tmopendata tmopendata_hvd tmopendata_procedures scheming_datasets dcat"

pytestmark = [pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues"),
              pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_datastore", "tmopendata_procedures")]


def _stored(package_id):
    """The steps as stored (not as the read actions show them)."""
    model.Session.remove()
    return {s.key: (s.status, s.evidence, s.completed_by) for s in Procedure.for_package(package_id).steps}


def _editor(users):
    return {"user": users["editor"]["name"], "ignore_auth": False}


def test_validate_and_publish_say_the_rows_are_served_by_the_api(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    call_action("tmopendata_procedure_create", _editor(users), package_id=dataset["id"])
    res = upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    assert call_action("tmopendata_datastore_status", id=dataset["id"])["all_loaded"]
    steps = _stored(dataset["id"])
    assert steps["prepare_validate"] == ("done", auto.EVIDENCE_VALIDATED_API, None)
    call_action("package_patch", _editor(users), id=dataset["id"], private=False)
    assert _stored(dataset["id"])["publish"] == ("done", auto.EVIDENCE_PUBLISHED_API, None)
    # shown translated, as every portal evidence
    shown = call_action("tmopendata_procedure_show", _editor(users), id=dataset["id"])
    step = next(s for s in shown["steps"] if s["key"] == "prepare_validate")
    assert "DataStore" in step["evidence"]
    assert res["id"]


def test_rows_loaded_by_the_worker_after_the_step_was_recorded_upgrade_its_evidence(org_with_users):
    """The validation succeeded in a caller that deferred its commit: the
    step is recorded at once (the rows are not there yet), the load is
    queued; the real worker loads the rows and the step then says so."""
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    call_action("tmopendata_procedure_create", _editor(users), package_id=dataset["id"])
    res = call_action(
        "resource_create", {"user": users["editor"]["name"], SKIP_VALIDATION: True},
        package_id=dataset["id"], name="data.csv", format="CSV", url="data.csv", schema=inline(),
        upload=FileStorage(io.BytesIO(VALID_CSV.encode("utf-8")), "data.csv", content_type="text/csv"))
    site_user = call_action("get_site_user", {"ignore_auth": True})["name"]
    done = call_action("tmopendata_validation_run", {"user": site_user, "defer_commit": True},
                       resource_id=res["id"], sync=True)
    model.repo.commit()
    assert done["status"] == "success"
    queued = call_action("tmopendata_datastore_status", id=dataset["id"])["resources"][0]
    assert queued["status"] == "pending", queued
    assert _stored(dataset["id"])["prepare_validate"] == ("done", auto.EVIDENCE_VALIDATED, None)
    run_worker()
    assert call_action("tmopendata_datastore_status", id=dataset["id"])["all_loaded"]
    assert _stored(dataset["id"])["prepare_validate"] == ("done", auto.EVIDENCE_VALIDATED_API, None)


def test_a_persons_evidence_is_left_alone(org_with_users):
    """A step completed by a person keeps what that person wrote."""
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    call_action("tmopendata_procedure_create", _editor(users), package_id=dataset["id"])
    call_action("tmopendata_procedure_step_complete", _editor(users), id=dataset["id"],
                step="prepare_validate", evidence="Verificat de mână")
    res = call_action(
        "resource_create", {"user": users["editor"]["name"], SKIP_VALIDATION: True},
        package_id=dataset["id"], name="data.csv", format="CSV", url="data.csv", schema=inline(),
        upload=FileStorage(io.BytesIO(VALID_CSV.encode("utf-8")), "data.csv", content_type="text/csv"))
    site_user = call_action("get_site_user", {"ignore_auth": True})["name"]
    call_action("tmopendata_validation_run", {"user": site_user}, resource_id=res["id"], sync=True)
    assert call_action("tmopendata_datastore_status", id=dataset["id"])["all_loaded"]
    status, evidence, by = _stored(dataset["id"])["prepare_validate"]
    assert (status, evidence) == ("done", "Verificat de mână") and by


@pytest.mark.ckan_config("ckan.plugins", WITHOUT_DATASTORE)
def test_without_the_datastore_plugin_the_steps_say_what_they_said(org_with_users, upload):
    import ckan.plugins as p

    assert not p.plugin_loaded("tmopendata_datastore")
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    call_action("tmopendata_procedure_create", _editor(users), package_id=dataset["id"])
    upload(users["editor"], dataset["id"], VALID_CSV, schema=inline())
    assert _stored(dataset["id"])["prepare_validate"] == ("done", auto.EVIDENCE_VALIDATED, None)
    call_action("package_patch", _editor(users), id=dataset["id"], private=False)
    assert _stored(dataset["id"])["publish"] == ("done", auto.EVIDENCE_PUBLISHED, None)
