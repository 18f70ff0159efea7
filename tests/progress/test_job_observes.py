"""The daily job records the procedure steps the portal observes (validation
results are written by the worker without a hook)."""
from __future__ import annotations

import pytest

import ckan.model as model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.procedures.model import Procedure
from ckanext.tmopendata.progress import jobs

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_procedures", "tmopendata_progress"), pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def _status(package_id: str, key: str) -> str:
    model.Session.expire_all()
    return next(s.status for s in Procedure.for_package(package_id).steps if s.key == key)


def test_daily_job_records_observed_steps(mailbox):
    admin = factories.User()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    call_action("tmopendata_procedure_create", {"user": admin["name"]}, package_id=dataset["id"])
    model.Package.get(dataset["id"]).private = False  # no hook
    model.repo.commit()
    assert _status(dataset["id"], "publish") == "todo"
    outcome = jobs.check_overdue(dry_run=True)  # a dry run writes nothing
    assert outcome["steps_observed"] is None and _status(dataset["id"], "publish") == "todo"
    outcome = jobs.check_overdue()
    assert outcome["steps_observed"] == 1
    assert _status(dataset["id"], "publish") == "done"
