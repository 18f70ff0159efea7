"""Reminder digests sent with CKAN's mailer to a real local SMTP server:
to maintainers and institution admins, late procedure steps to their
owners, one digest per person per day, recorded in the reminder log."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action

from tests.progress.conftest import TODAY, Mailbox

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_procedures", "tmopendata_progress"), pytest.mark.usefixtures("with_plugins")]
ROOT = {"user": "root"}


@freeze_time(TODAY)
def test_digest_to_maintainer_and_institution_admins(portal, mailbox):
    outcome = call_action("tmopendata_reminders_send", dict(ROOT))
    # parcari (public, overdue) and ciorna (private, overdue): both of institution A.
    assert outcome["datasets_overdue"] == 2
    statuses = {r["email"]: r["status"] for r in outcome["recipients"]}
    assert statuses == {"admin_a@example.org": "sent", "parcari@primariatm.ro": "sent",
                        "ciorna@primariatm.ro": "sent"}
    assert outcome["sent"] == 3 and outcome["failed"] == 0
    assert len(mailbox.messages) == 3
    admin = mailbox.to("admin_a@example.org")
    assert len(admin) == 1
    body = Mailbox.body(admin[0])
    assert "Parcări" in body and "Ciornă" in body and "2026-02-10" in body and "20 days late" in body
    assert "/dataset/parcari" in body
    assert admin[0]["Subject"] == tk.config.get("ckanext.tmopendata.progress.reminder_subject")
    maintainer = Mailbox.body(mailbox.to("parcari@primariatm.ro")[0])
    assert "Parcări" in maintainer and "Ciornă" not in maintainer
    # Nobody of institution B (nothing overdue there), no outsider.
    assert not mailbox.to("admin_b@example.org") and not mailbox.to("outsider@example.org")
    assert not mailbox.to("editor_b@example.org")
    log = call_action("tmopendata_reminder_list", dict(ROOT))
    assert {r["recipient"] for r in log} == set(statuses)
    entry = next(r for r in log if r["recipient"] == "admin_a@example.org")
    assert entry["user_name"] == "admin_a" and entry["day"] == "2026-03-02" and entry["status"] == "sent"
    assert {i["package_name"] for i in entry["items"]} == {"parcari", "ciorna"}


def test_one_digest_per_person_per_day(portal, mailbox):
    with freeze_time(TODAY):
        call_action("tmopendata_reminders_send", dict(ROOT))
        again = call_action("tmopendata_reminders_send", dict(ROOT))
    assert again["sent"] == 0 and again["skipped"] == 3
    assert len(mailbox.messages) == 3
    with freeze_time("2026-03-03 08:00:00"):
        next_day = call_action("tmopendata_reminders_send", dict(ROOT))
    assert next_day["sent"] == 3
    assert len(mailbox.to("admin_a@example.org")) == 2
    assert len(call_action("tmopendata_reminder_list", dict(ROOT))) == 6


@freeze_time(TODAY)
def test_dry_run_sends_and_records_nothing(portal, mailbox):
    outcome = call_action("tmopendata_reminders_send", dict(ROOT), dry_run=True)
    assert {r["status"] for r in outcome["recipients"]} == {"dry_run"}
    assert mailbox.messages == []
    assert call_action("tmopendata_reminder_list", dict(ROOT)) == []


@freeze_time(TODAY)
def test_late_procedure_steps_reach_their_owner(portal, mailbox):
    call_action("tmopendata_procedure_create", {"user": "admin_a"}, package_id="statii",
                started="2025-12-01", owners={"steward": "editor_a"})
    overview = call_action("tmopendata_overdue_list", dict(ROOT))
    late = [s for s in overview["late_steps"] if s["package_name"] == "statii"]
    assert late and all(s["days_late"] > 0 for s in late)
    outcome = call_action("tmopendata_reminders_send", dict(ROOT))
    assert outcome["steps_late"] == len(late)
    owned = [s for s in late if s["owner"] == "editor_a"]
    assert owned
    body = Mailbox.body(mailbox.to("editor_a@example.org")[0])
    assert "Stații" in body and "/dataset/statii/procedure" in body
    assert owned[0]["due"] in body


@freeze_time(TODAY)
def test_a_failed_delivery_is_recorded(portal):
    # No SMTP server listening: every delivery fails, and is recorded as such.
    outcome = call_action("tmopendata_reminders_send", dict(ROOT))
    assert outcome["failed"] == 3 and outcome["sent"] == 0
    log = call_action("tmopendata_reminder_list", dict(ROOT))
    assert {r["status"] for r in log} == {"failed"} and all(r["error"] for r in log)


@freeze_time(TODAY)
def test_failed_then_sent_the_same_day(portal):
    call_action("tmopendata_reminders_send", dict(ROOT))          # no server: failed
    from aiosmtpd.controller import Controller

    host, _, port = tk.config.get("smtp.test_server").partition(":")
    box = Mailbox()
    controller = Controller(box, hostname=host, port=int(port))
    controller.start()
    try:
        retry = call_action("tmopendata_reminders_send", dict(ROOT))
    finally:
        controller.stop()
    assert retry["sent"] == 3 and len(box.messages) == 3
    assert {r["status"] for r in call_action("tmopendata_reminder_list", dict(ROOT))} == {"sent"}


@pytest.mark.parametrize("user", ["", "outsider", "admin_a", "editor_a", "editor_b", "admin_b"])
def test_only_sysadmins_send(portal, user):
    with pytest.raises(tk.NotAuthorized):
        call_action("tmopendata_reminders_send", {"user": user, "ignore_auth": False})


@freeze_time(TODAY)
def test_owner_who_left_the_organisation_gets_no_step_reminder(portal, mailbox):
    call_action("tmopendata_procedure_create", {"user": "admin_a"}, package_id="statii",
                started="2025-12-01", owners={"steward": "editor_a"})
    call_action("organization_member_delete", dict(ROOT), id="directia-mobilitate", username="editor_a")
    outcome = call_action("tmopendata_reminders_send", dict(ROOT))
    assert outcome["steps_late"] > 0
    assert mailbox.to("editor_a@example.org") == []
    # the institution's admins still get the late steps
    assert "/dataset/statii/procedure" in Mailbox.body(mailbox.to("admin_a@example.org")[0])
