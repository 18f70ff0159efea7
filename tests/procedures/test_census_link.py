"""A procedure started from a census entry: the start form is prefilled from
``?census_entry_id=``, and approving the entry completes the "identify"
step."""
from __future__ import annotations

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tmopendata.procedures.model import Procedure
from tests.census.conftest import census  # noqa: F401 - fixture
from tests.procedures.conftest import ctx

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_census", "tmopendata_procedures"), pytest.mark.usefixtures("clean_db", "clean_index")]


def _stored_status(package_id: str, key: str) -> str:
    model.Session.expire_all()
    procedure = Procedure.for_package(package_id)
    return next(s.status for s in procedure.steps if s.key == key)


def test_start_form_prefilled_from_the_census_entry_link(app, census):
    entry = census.entry()
    pkg = factories.Dataset(owner_org=census.org["id"], private=True)
    user = factories.UserWithToken()
    call_action("member_create", {"ignore_auth": True}, id=census.org["id"], object=user["name"],
                object_type="user", capacity="editor")
    with app.flask_app.test_request_context():
        url = tk.h.url_for("tmopendata_procedure.dataset_page", id=pkg["name"], census_entry_id=entry["id"])
    assert url == f"/dataset/{pkg['name']}/procedure?census_entry_id={entry['id']}"
    body = app.get(url, headers={"Authorization": user["token"]}).body
    assert f'name="census_entry_id" value="{entry["id"]}"' in body
    # without the argument the field is empty
    body = app.get(f"/dataset/{pkg['name']}/procedure", headers={"Authorization": user["token"]}).body
    assert 'name="census_entry_id" value=""' in body


def test_approving_the_census_entry_completes_identify(census):
    entry = census.entry()
    pkg = factories.Dataset(owner_org=census.org["id"], private=True)
    proc = call_action("tmopendata_procedure_create", census.ctx("editor"), package_id=pkg["id"],
                       census_entry_id=entry["id"])
    assert proc["census_entry_id"] == entry["id"]
    assert proc["steps"][0]["key"] == "identify" and proc["steps"][0]["status"] == "todo"
    census.move(entry["id"], "submitted", role="admin")
    census.move(entry["id"], "under_review", role="coordinator")
    assert _stored_status(pkg["id"], "identify") == "todo"
    census.move(entry["id"], "approved", role="coordinator")
    # recorded when the entry is approved (not only when someone reads the procedure)
    assert _stored_status(pkg["id"], "identify") == "done"
    proc = call_action("tmopendata_procedure_show", ctx(census.users["member"]), id=pkg["id"])
    identify = proc["steps"][0]
    assert identify["status"] == "done" and identify["completed_by"] is None
    assert "approved" in identify["evidence"]
    assert proc["current_step"] == "legal_check"


def test_census_transition_with_deferred_commit_is_not_committed(census):
    entry = census.entry()
    pkg = factories.Dataset(owner_org=census.org["id"], private=True)
    call_action("tmopendata_procedure_create", census.ctx("editor"), package_id=pkg["id"],
                census_entry_id=entry["id"])
    census.move(entry["id"], "submitted", role="admin")
    census.move(entry["id"], "under_review", role="coordinator")
    context = dict(census.ctx("coordinator"), defer_commit=True)
    call_action("tmopendata_census_entry_transition", context, id=entry["id"], to_state="approved")
    model.Session.rollback()
    assert _stored_status(pkg["id"], "identify") == "todo"


@pytest.mark.parametrize("role", ["other_editor", "other_admin", "stranger_admin"])
def test_no_link_to_another_institutions_entry_of_a_private_campaign(census, role):
    """The census entry of another institution in a private campaign is
    "not found" for them (it would show its status with the dataset), and
    the error names nothing of it."""
    entry = census.entry(title="Registrul secret al altora")
    own_org = census.stranger_org if role == "stranger_admin" else census.other_org
    pkg = factories.Dataset(owner_org=own_org["id"], private=False)
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_procedure_create", census.ctx(role), package_id=pkg["id"],
                    census_entry_id=entry["id"])
    message = repr(e.value.error_dict)
    assert "census_entry_id" in e.value.error_dict
    assert "secret" not in message and census.org["name"] not in message
    assert e.value.error_dict == _error(census, role, pkg, "no-such-entry")
    assert model.Session.query(Procedure).count() == 0


def _error(census, role, pkg, entry_id):
    with pytest.raises(tk.ValidationError) as e:
        call_action("tmopendata_procedure_create", census.ctx(role), package_id=pkg["id"], census_entry_id=entry_id)
    return e.value.error_dict


def test_only_entries_of_the_datasets_institution_are_linked(census):
    """Even a visible entry (public campaign) or a sysadmin cannot link an
    entry of another institution."""
    call_action("tmopendata_census_campaign_patch", census.ctx("sysadmin"), id=census.campaign["id"], public=True)
    entry = census.entry(title="Bugetul local")
    census.move(entry["id"], "submitted", "under_review", "approved")
    pkg = factories.Dataset(owner_org=census.other_org["id"])
    for role in ("other_editor", "sysadmin"):
        with pytest.raises(tk.ValidationError) as e:
            call_action("tmopendata_procedure_create", census.ctx(role), package_id=pkg["id"],
                        census_entry_id=entry["id"])
        assert "another institution" in e.value.error_dict["census_entry_id"][0]
    # an entry of the dataset's own institution is linked
    own = factories.Dataset(owner_org=census.org["id"])
    proc = call_action("tmopendata_procedure_create", census.ctx("editor"), package_id=own["id"],
                       census_entry_id=entry["id"])
    assert proc["census_entry_id"] == entry["id"]
