"""Background job of the progress plugin (run by ``ckan jobs worker``)."""
from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

#: Title of the job in ``ckan jobs list``.
JOB_TITLE = "tmopendata: check overdue datasets and send reminders"


def check_overdue(dry_run: bool = False) -> dict[str, Any]:
    """Record the procedure steps the portal observes (with
    ``tmopendata_procedures``: validation results have no hook), send
    today's reminder digests and refresh this month's progress snapshot, as
    the site user. Safe to run several times a day: each person gets at
    most one digest a day, and the month's snapshot is replaced."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    observed = None
    if not dry_run:
        try:
            observe = tk.get_action("tmopendata_procedure_observe")
        except KeyError:
            observe = None
        if observe is not None:
            observed = observe({"user": site_user["name"]}, {})["count"]
    outcome = tk.get_action("tmopendata_reminders_send")(
        {"user": site_user["name"]}, {"dry_run": dry_run})
    outcome["steps_observed"] = observed
    if not dry_run:
        snapshot = tk.get_action("tmopendata_progress_snapshot")({"user": site_user["name"]}, {})
        outcome["snapshot"] = snapshot["month"]
    log.info("check-overdue: %s datasets overdue, %s steps late, %s digests sent, %s skipped, %s failed",
             outcome["datasets_overdue"], outcome["steps_late"], outcome["sent"],
             outcome["skipped"], outcome["failed"])
    return outcome


def enqueue(dry_run: bool = False) -> Any:
    """Queue :func:`check_overdue` for CKAN's background worker."""
    return tk.enqueue_job(check_overdue, kwargs={"dry_run": dry_run}, title=JOB_TITLE)
