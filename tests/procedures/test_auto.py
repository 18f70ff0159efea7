"""Steps the portal completes by itself, observed on real datasets:
publication (the dataset becomes public) and validation (the dataset is
validated as ``tmopendata_validation_summary`` defines it: every tabular
resource passed the HVD validation pipeline)."""
from __future__ import annotations

import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.hvd.conftest import INVALID_CSV, VALID_CSV, inline, upload  # noqa: F401 (fixture)
from tests.procedures.conftest import ctx

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _steps(proc):
    return {s["key"]: s for s in proc["steps"]}


def test_publish_completes_when_the_dataset_becomes_public(org_with_users):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    assert _steps(proc)["publish"]["status"] == "todo"
    # a change that does not publish does not complete the step
    call_action("package_patch", ctx(users["editor"]), id=dataset["id"], notes="still private")
    assert _steps(call_action("tmopendata_procedure_show", ctx(users["editor"]), id=proc["id"]))[
        "publish"]["status"] == "todo"
    call_action("package_patch", ctx(users["editor"]), id=dataset["id"], private=False)
    # recorded by the package hook, without reading the procedure first
    from ckanext.tmopendata.procedures.model import Procedure

    stored = {s.key: s for s in Procedure.get(proc["id"]).steps}
    assert stored["publish"].status == "done"
    step = _steps(call_action("tmopendata_procedure_show", id=proc["id"]))["publish"]
    assert step["status"] == "done"
    assert step["completed_by"] is None
    assert step["completed_at"]
    assert "public" in step["evidence"]


def test_procedure_of_a_public_dataset_starts_with_publish_done(org_with_users):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=False)
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    assert _steps(proc)["publish"]["status"] == "done"
    assert proc["current_step"] == "identify"


@pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_procedures")
def test_prepare_and_validate_completes_when_every_schema_resource_is_valid(org_with_users, upload):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    # no tabular resource yet: nothing to observe
    assert _steps(proc)["prepare_validate"]["status"] == "todo"
    # (the invalid file first: a dataset whose only file is valid is validated at once)
    bad = upload(users["editor"], dataset["id"], INVALID_CSV, filename="bad.csv", schema=inline())
    good = upload(users["editor"], dataset["id"], VALID_CSV, filename="ok.csv", schema=inline())
    # a tabular resource without a schema counts too (validated structurally)
    plain = upload(users["editor"], dataset["id"], "a,b\n1,2\n", filename="plain.csv")
    assert call_action("resource_show", id=plain["id"])["validation_status"] == "success"
    assert call_action("resource_show", id=good["id"])["validation_status"] == "success"
    assert call_action("resource_show", id=bad["id"])["validation_status"] == "failure"
    step = _steps(call_action("tmopendata_procedure_show", ctx(users["editor"]), id=proc["id"]))[
        "prepare_validate"]
    assert step["status"] == "todo"
    # the steward fixes the file: a valid upload replaces the invalid one
    upload(users["editor"], dataset["id"], VALID_CSV, filename="fixed.csv", schema=inline())
    call_action("resource_delete", ctx(users["editor"]), id=bad["id"])
    shown = call_action("tmopendata_procedure_show", ctx(users["editor"]), id=proc["id"])
    step = _steps(shown)["prepare_validate"]
    assert step["status"] == "done"
    assert step["completed_by"] is None
    assert "valid" in step["evidence"]
    # the list sees the same
    listed = call_action("tmopendata_procedure_list", ctx(users["editor"]))
    assert _steps(listed[0])["prepare_validate"]["status"] == "done"


def test_observed_steps_are_not_completed_twice(org_with_users):
    org, users = org_with_users
    dataset = factories.Dataset(owner_org=org["id"], private=False)
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    first = _steps(proc)["publish"]["completed_at"]
    call_action("package_patch", ctx(users["editor"]), id=dataset["id"], notes="edited")
    again = call_action("tmopendata_procedure_show", id=proc["id"])
    assert _steps(again)["publish"]["completed_at"] == first

