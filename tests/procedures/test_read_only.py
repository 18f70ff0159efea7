"""tmopendata_procedure_show and _list are side-effect free: they show what
the portal observes but never write it; it is recorded by the hooks, by
changes to the procedure and by tmopendata_procedure_observe (daily job,
``ckan tmopendata procedure observe``)."""
from __future__ import annotations

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckan.tests.helpers import call_action, call_auth

from ckanext.tmopendata.procedures.model import Procedure
from tests.procedures.conftest import ctx

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _stored(package_id: str, key: str):
    model.Session.expire_all()
    return next(s for s in Procedure.for_package(package_id).steps if s.key == key)


def _published_without_hook(org, users):
    """A procedure whose dataset became public by a direct database change
    (no dataset hook ran, like a validation result written by the worker)."""
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    model.Package.get(dataset["id"]).private = False
    model.repo.commit()
    assert _stored(dataset["id"], "publish").status == "todo"
    return dataset


def test_show_and_list_report_observations_without_writing(app, org_with_users):
    org, users = org_with_users
    dataset = _published_without_hook(org, users)
    step = next(s for s in call_action("tmopendata_procedure_show", {"user": ""}, id=dataset["id"])["steps"]
                if s["key"] == "publish")
    assert step["status"] == "done" and "public" in step["evidence"]
    assert step["completed_at"] is None and step["completed_by"] is None  # not recorded yet
    listed = call_action("tmopendata_procedure_list", {"user": ""})[0]
    assert next(s for s in listed["steps"] if s["key"] == "publish")["status"] == "done"
    assert 'data-step="publish" data-status="done"' in app.get(f"/dataset/{dataset['name']}/procedure").body
    app.get("/tmopendata/procedures")
    assert _stored(dataset["id"], "publish").status == "todo"  # nothing written by reading


def test_observe_records_and_its_permissions(org_with_users):
    org, users = org_with_users
    dataset = _published_without_hook(org, users)
    with pytest.raises(tk.NotAuthorized):
        call_auth("tmopendata_procedure_observe", ctx(users["member"]), id=dataset["id"])
    with pytest.raises(tk.NotAuthorized):
        call_auth("tmopendata_procedure_observe", ctx(users["admin"]))  # all procedures: sysadmins
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_procedure_observe", ctx(users["editor"]), id="no-such-dataset")
    result = call_action("tmopendata_procedure_observe", ctx(users["editor"]), id=dataset["id"])
    assert result == {"count": 1, "procedures": {dataset["name"]: ["publish"]}}
    stored = _stored(dataset["id"], "publish")
    assert stored.status == "done" and stored.completed_at is not None and stored.completed_by is None
    assert call_action("tmopendata_procedure_observe", {"user": factories.Sysadmin()["name"]}) == \
        {"count": 0, "procedures": {}}


def test_observe_honours_defer_commit(org_with_users):
    org, users = org_with_users
    dataset = _published_without_hook(org, users)
    call_action("tmopendata_procedure_observe", dict(ctx(users["editor"]), defer_commit=True), id=dataset["id"])
    model.Session.rollback()
    assert _stored(dataset["id"], "publish").status == "todo"


def test_observe_command(cli, org_with_users):
    org, users = org_with_users
    dataset = _published_without_hook(org, users)
    result = cli.invoke(ckan_cli, ["tmopendata", "procedure", "observe"])
    assert result.exit_code == 0, result.output
    assert f"{dataset['name']}: publish" in result.output
    assert "Steps recorded as done by the portal: 1." in result.output
    assert _stored(dataset["id"], "publish").status == "done"
    result = cli.invoke(ckan_cli, ["tmopendata", "procedure", "observe", "--dataset", "no-such-dataset"])
    assert result.exit_code != 0


def test_changing_a_step_records_observations(org_with_users):
    org, users = org_with_users
    dataset = _published_without_hook(org, users)
    call_action("tmopendata_procedure_step_complete", ctx(users["editor"]), id=dataset["id"], step="legal_check")
    assert _stored(dataset["id"], "publish").status == "done"
