"""Procedure actions: the happy path, due dates, order rules and bad input,
on the real database."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

from tests.procedures.conftest import ctx

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _private_dataset(org, **kw):
    return factories.Dataset(owner_org=org["id"], private=True, **kw)


def test_create_from_template_computes_due_dates_and_owners(org_with_users):
    org, users = org_with_users
    dataset = _private_dataset(org)
    proc = call_action(
        "tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["name"],
        started="2026-01-31", owners={"steward": users["editor"]["name"], "admin": users["admin"]["id"]},
    )
    assert proc["package_id"] == dataset["id"]
    assert proc["package_name"] == dataset["name"]
    assert proc["organization"] == org["name"]
    assert proc["template"] == "tm-publication-procedure"
    assert proc["template_version"] == 1
    assert proc["started"] == "2026-01-31"
    assert proc["created_by"] == users["editor"]["name"]
    steps = {s["key"]: s for s in proc["steps"]}
    # cumulative durations: 14, +14, +14, +21, +7 ...
    assert steps["identify"]["due"] == "2026-02-14"
    assert steps["legal_check"]["due"] == "2026-02-28"
    assert steps["standardise"]["due"] == "2026-03-14"
    assert steps["prepare_validate"]["due"] == "2026-04-04"
    assert steps["approve"]["due"] == "2026-04-11"
    assert steps["legal_check"]["owner"] == users["editor"]["name"]
    assert steps["approve"]["owner"] == users["admin"]["name"]
    assert steps["publish"]["owner"] is None
    assert all(s["status"] == "todo" for s in proc["steps"])
    assert proc["current_step"] == "identify"
    assert proc["progress"] == 0
    assert call_action("tmopendata_procedure_show", id=proc["id"]) == proc
    assert call_action("tmopendata_procedure_show", id=dataset["name"])["id"] == proc["id"]


@freeze_time("2024-02-20")
def test_default_start_is_today_and_leap_years_count(org_with_users):
    org, users = org_with_users
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]),
                       package_id=_private_dataset(org)["id"])
    assert proc["started"] == "2024-02-20"
    # 2024 is a leap year: 20 Feb + 14 days = 5 March
    assert proc["steps"][0]["due"] == "2024-03-05"
    assert proc["overdue"] is False


def test_one_procedure_per_dataset(org_with_users):
    org, users = org_with_users
    dataset = _private_dataset(org)
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    assert "already has a procedure" in str(err.value.error_dict["package_id"])


@pytest.mark.parametrize("data, field, message", [
    ({"started": "2026-02-30"}, "started", "Not a valid date"),
    ({"started": "tomorrow"}, "started", "Not a valid date"),
    ({"owners": {"mayor": "x"}}, "owners", "Unknown role"),
    ({"owners": {"steward": "nobody-such-user"}}, "owners", "User not found"),
    ({"owners": "not json"}, "owners", "Expected a JSON object"),
])
def test_create_bad_input(org_with_users, data, field, message):
    org, users = org_with_users
    dataset = _private_dataset(org)
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"], **data)
    assert message in str(err.value.error_dict[field])


def test_create_for_unknown_dataset(org_with_users):
    _, users = org_with_users
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id="no-such-dataset")
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_procedure_create", ctx(users["editor"]))


def test_complete_skip_and_order(org_with_users):
    org, users = org_with_users
    dataset = _private_dataset(org)
    editor, admin = ctx(users["editor"]), ctx(users["admin"])
    proc = call_action("tmopendata_procedure_create", editor, package_id=dataset["id"])
    # approve requires every earlier step closed
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_step_complete", admin, id=proc["id"], step="approve")
    message = str(err.value.error_dict["step"])
    # named by their titles, not their keys
    assert "can be completed or skipped only after the earlier steps" in message
    assert "“Approve (named responsible)”" in message and "“Identify and prioritise (census approved)”" in message
    assert "identify," not in message
    # steps without requires_previous may be done in any order
    proc = call_action("tmopendata_procedure_step_complete", editor, id=proc["id"],
                       step="standardise", evidence="schema parcari@1.0 assigned")
    steps = {s["key"]: s for s in proc["steps"]}
    assert steps["standardise"]["status"] == "done"
    assert steps["standardise"]["completed_by"] == users["editor"]["name"]
    assert steps["standardise"]["completed_at"]
    assert steps["standardise"]["evidence"] == "schema parcari@1.0 assigned"
    # skip needs a reason
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_step_skip", editor, id=proc["id"], step="legal_check")
    assert err.value.error_dict["reason"] == [
        'Say why the step “Legal check (personal data, anonymisation, licence)” is skipped '
        '(e.g. "no personal data: legal check not needed").']
    with pytest.raises(tk.ValidationError) as err:  # blank is no reason
        call_action("tmopendata_procedure_step_skip", editor, id=proc["id"], step="legal_check", reason="  ")
    assert "Say why the step" in err.value.error_dict["reason"][0]
    proc = call_action("tmopendata_procedure_step_skip", editor, id=proc["id"], step="legal_check",
                       reason="no personal data")
    steps = {s["key"]: s for s in proc["steps"]}
    assert steps["legal_check"]["status"] == "skipped"
    assert steps["legal_check"]["skip_reason"] == "no personal data"
    call_action("tmopendata_procedure_step_complete", admin, id=proc["id"], step="identify")
    call_action("tmopendata_procedure_step_complete", editor, id=proc["id"], step="prepare_validate")
    proc = call_action("tmopendata_procedure_step_complete", admin, id=proc["id"], step="approve")
    assert proc["current_step"] == "publish"
    assert proc["progress"] == round(100 * 5 / 9)
    # already done
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_step_complete", admin, id=proc["id"], step="approve")
    assert "The step “Approve (named responsible)” is already done." in str(err.value.error_dict["step"])
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_procedure_step_skip", admin, id=proc["id"], step="approve", reason="x")


def test_unknown_step_and_unknown_procedure(org_with_users):
    org, users = org_with_users
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]),
                       package_id=_private_dataset(org)["id"])
    for action, extra in (("tmopendata_procedure_step_complete", {}),
                          ("tmopendata_procedure_step_skip", {"reason": "r"}),
                          ("tmopendata_procedure_step_update", {"evidence": "e"})):
        with pytest.raises(tk.ValidationError) as err:
            call_action(action, ctx(users["admin"]), id=proc["id"], step="dance", **extra)
        message = str(err.value.error_dict["step"])
        assert "This procedure has no such step; its steps are: “Identify and prioritise" in message
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_procedure_show", id="no-such-procedure")
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_procedure_step_complete", ctx(users["admin"]), id="nope", step="identify")


def test_step_update_owner_due_evidence_and_reopen(org_with_users):
    org, users = org_with_users
    editor = ctx(users["editor"])
    proc = call_action("tmopendata_procedure_create", editor, package_id=_private_dataset(org)["id"],
                       started="2026-03-01")
    proc = call_action("tmopendata_procedure_step_update", editor, id=proc["id"], step="legal_check",
                       owner=users["member"]["name"], due="2026-06-30", evidence="https://x.example/aviz",
                       status="in_progress")
    step = next(s for s in proc["steps"] if s["key"] == "legal_check")
    assert step == {**step, "owner": users["member"]["name"], "due": "2026-06-30",
                    "evidence": "https://x.example/aviz", "status": "in_progress"}
    # other due dates are not moved
    assert next(s for s in proc["steps"] if s["key"] == "standardise")["due"] == "2026-04-12"
    proc = call_action("tmopendata_procedure_step_update", editor, id=proc["id"], step="legal_check", owner="")
    assert next(s for s in proc["steps"] if s["key"] == "legal_check")["owner"] is None
    # bad dates
    for bad in ("2026-13-01", "31/12/2026", ""):
        with pytest.raises(tk.ValidationError) as err:
            call_action("tmopendata_procedure_step_update", editor, id=proc["id"], step="legal_check", due=bad)
        assert "due" in err.value.error_dict
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_step_update", editor, id=proc["id"], step="legal_check",
                    due="2026-02-01")
    assert "before the start" in str(err.value.error_dict["due"])
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_step_update", editor, id=proc["id"], step="legal_check",
                    status="done")
    assert "status" in err.value.error_dict
    # re-open a done step
    call_action("tmopendata_procedure_step_complete", editor, id=proc["id"], step="legal_check")
    proc = call_action("tmopendata_procedure_step_update", editor, id=proc["id"], step="legal_check",
                       status="todo")
    step = next(s for s in proc["steps"] if s["key"] == "legal_check")
    assert step["status"] == "todo" and step["completed_by"] is None and step["completed_at"] is None


def test_overdue_steps(org_with_users):
    org, users = org_with_users
    editor = ctx(users["editor"])
    with freeze_time("2026-01-01"):
        proc = call_action("tmopendata_procedure_create", editor, package_id=_private_dataset(org)["id"])
    with freeze_time("2026-01-15"):  # identify due 2026-01-15: not yet overdue
        assert call_action("tmopendata_procedure_show", id=proc["id"])["overdue"] is False
    with freeze_time("2026-01-16"):
        shown = call_action("tmopendata_procedure_show", id=proc["id"])
        assert shown["overdue"] is True
        assert [s["key"] for s in shown["steps"] if s["overdue"]] == ["identify"]
        call_action("tmopendata_procedure_step_skip", ctx(users["admin"]), id=proc["id"],
                    step="identify", reason="started directly")
        assert call_action("tmopendata_procedure_show", id=proc["id"])["overdue"] is False


def test_list_filters(org_with_users):
    org, users = org_with_users
    other_org = factories.Organization()
    editor = ctx(users["editor"])
    sysadmin = factories.Sysadmin()
    with freeze_time("2026-01-01"):
        late = call_action("tmopendata_procedure_create", editor,
                           package_id=_private_dataset(org, title="A late")["id"])
    fresh = call_action("tmopendata_procedure_create", editor,
                        package_id=_private_dataset(org, title="B fresh")["id"])
    call_action("tmopendata_procedure_step_skip", ctx(users["admin"]), id=fresh["id"], step="identify",
                reason="direct")
    elsewhere = call_action("tmopendata_procedure_create", ctx(sysadmin),
                            package_id=factories.Dataset(owner_org=other_org["id"], private=True)["id"])
    as_admin = ctx(sysadmin)
    ids = lambda **kw: [p["id"] for p in call_action("tmopendata_procedure_list", as_admin, **kw)]  # noqa: E731
    assert set(ids()) == {late["id"], fresh["id"], elsewhere["id"]}
    assert ids(organization=org["name"]) == [late["id"], fresh["id"]]
    assert ids(organization=other_org["id"]) == [elsewhere["id"]]
    assert ids(overdue=True) == [late["id"]]
    assert set(ids(overdue=False)) == {fresh["id"], elsewhere["id"]}
    assert ids(step="legal_check") == [fresh["id"]]
    assert ids(organization=org["name"], limit=1, offset=1) == [fresh["id"]]
    listed = call_action("tmopendata_procedure_list", as_admin, overdue="true")[0]
    for key in ("id", "package_id", "package_name", "package_title", "organization", "template",
                "template_version", "census_entry_id", "started", "steps", "current_step", "progress",
                "overdue"):
        assert key in listed
    for key in ("key", "title", "role", "owner", "due", "status", "evidence", "completed_by",
                "completed_at", "skip_reason", "overdue"):
        assert key in listed["steps"][0]
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_list", as_admin, step="dance")
    assert "Unknown step" in str(err.value.error_dict["step"])
    with pytest.raises(tk.ValidationError) as err:
        call_action("tmopendata_procedure_list", as_admin, organization="no-such-org")
    assert "organization" in err.value.error_dict
    with pytest.raises(tk.ValidationError):
        call_action("tmopendata_procedure_list", as_admin, limit="lots")


def test_delete(org_with_users):
    org, users = org_with_users
    dataset = _private_dataset(org)
    proc = call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    result = call_action("tmopendata_procedure_delete", ctx(users["admin"]), id=dataset["name"])
    assert result == {"id": proc["id"], "package_id": dataset["id"]}
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_procedure_show", id=proc["id"])
    # the dataset stays, and a new procedure may be started
    assert call_action("package_show", id=dataset["id"])["id"] == dataset["id"]
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])


def test_deleted_dataset_disappears_from_lists(org_with_users):
    org, users = org_with_users
    dataset = _private_dataset(org)
    call_action("tmopendata_procedure_create", ctx(users["editor"]), package_id=dataset["id"])
    call_action("package_delete", ctx(users["admin"]), id=dataset["id"])
    assert call_action("tmopendata_procedure_list", ctx(users["admin"])) == []
    with pytest.raises(tk.ObjectNotFound):
        call_action("tmopendata_procedure_show", ctx(users["admin"]), id=dataset["id"])

