"""``ckan tmopendata check-overdue`` (cron) and its background job through a
real ``ckan jobs worker``; ``ckan tmopendata progress-snapshot``."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

import ckan.model as model
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests.helpers import call_action

from tests.progress.conftest import TODAY
from tests.worker import run_worker

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_procedures", "tmopendata_progress"), pytest.mark.usefixtures("with_plugins")]


@freeze_time(TODAY)
def test_check_overdue_prints_and_sends(cli, portal, mailbox):
    result = cli.invoke(ckan_cli, ["tmopendata", "check-overdue"])
    assert result.exit_code == 0, result.output
    assert "2026-03-02: 2 dataset(s) overdue (grace 7 days)" in result.output
    assert "parcari: MONTHLY, due 2026-02-10, 20 days late" in result.output
    assert "sent     admin_a@example.org" in result.output
    assert "Digests: 3 sent, 0 already sent today, 0 failed." in result.output
    assert "Progress snapshot 2026-03 stored." in result.output
    assert len(mailbox.messages) == 3
    again = cli.invoke(ckan_cli, ["tmopendata", "check-overdue"])
    assert "Digests: 0 sent, 3 already sent today, 0 failed." in again.output
    assert len(mailbox.messages) == 3
    assert [s["month"] for s in call_action("tmopendata_progress_history")] == ["2026-03"]


@freeze_time(TODAY)
def test_check_overdue_dry_run(cli, portal, mailbox):
    result = cli.invoke(ckan_cli, ["tmopendata", "check-overdue", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry_run  parcari@primariatm.ro (1 item(s))" in result.output
    assert "Digests: 3 would be sent" in result.output
    assert mailbox.messages == []
    assert call_action("tmopendata_progress_history") == []


@freeze_time(TODAY)
def test_check_overdue_fails_when_mail_cannot_go(cli, portal):
    result = cli.invoke(ckan_cli, ["tmopendata", "check-overdue"])   # no SMTP server listening
    assert result.exit_code != 0
    assert "failed   admin_a@example.org" in result.output
    assert "3 digest(s) could not be sent" in result.output


def test_progress_snapshot_command(cli, portal):
    result = cli.invoke(ckan_cli, ["tmopendata", "progress-snapshot"])
    assert result.exit_code == 0, result.output
    assert "stored: 4 datasets published, 3 HVDs" in result.output
    assert "replaced" in cli.invoke(ckan_cli, ["tmopendata", "progress-snapshot"]).output


@pytest.mark.usefixtures("clean_queues")
def test_enqueued_check_runs_on_the_real_worker(cli, portal, mailbox):
    # Real time here (the worker is another process): the fixture's data
    # changed on 10 January 2026, so parcari (monthly) is overdue today too.
    result = cli.invoke(ckan_cli, ["tmopendata", "check-overdue", "--enqueue"])
    assert result.exit_code == 0, result.output
    assert "Queued job" in result.output
    assert [j["title"] for j in call_action("job_list")] == [
        "tmopendata: check overdue datasets and send reminders"]
    # The real worker (the run's ini file: the same plugins as this test),
    # with the mailer pointed at this test's SMTP server.
    output = run_worker(env={"CKAN_SMTP_SERVER": mailbox.server})
    assert call_action("job_list") == []
    assert mailbox.to("admin_a@example.org") and mailbox.to("parcari@primariatm.ro"), output[-3000:]
    model.Session.remove()
    log = call_action("tmopendata_reminder_list", {"user": "root"})
    assert {r["status"] for r in log} == {"sent"} and len(log) == len(mailbox.messages)
    assert len(call_action("tmopendata_progress_history")) == 1
