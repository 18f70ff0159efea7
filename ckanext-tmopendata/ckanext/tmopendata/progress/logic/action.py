"""Actions of the progress plugin: the maintenance overview (overdue
datasets, late procedure steps), reminder digests, and the programme's
progress indicators with their monthly snapshots."""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise
from ckanext.tmopendata.progress import reminders, sources
from ckanext.tmopendata.progress.logic import schema
from ckanext.tmopendata.progress.model import Reminder, Snapshot
from ckanext.tmopendata.progress.overview import compute_progress, overdue_overview

log = logging.getLogger(__name__)

__all__ = [
    "tmopendata_overdue_list", "tmopendata_progress_show", "tmopendata_progress_snapshot",
    "tmopendata_progress_history", "tmopendata_reminders_send", "tmopendata_reminder_list",
]


# --- actions --------------------------------------------------------------------

@tk.side_effect_free
def tmopendata_overdue_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Maintenance overview: every dataset with an update frequency that the
    caller may see, when its data last changed, when the next update is due
    and whether it is overdue (past due plus
    ``ckanext.tmopendata.progress.grace_days``); irregular, unknown and
    "never" frequencies are listed but never overdue. With the procedures
    plugin, also the late steps of publication procedures.

    Overdue datasets come first (most days late first), then by due date.

    :param organization: id or name of an institution (optional)
    :type organization: string
    :param overdue: ``true``: only overdue datasets (optional)
    :type overdue: bool
    :param include_steps: add ``late_steps`` (default ``true``)
    :type include_steps: bool
    :returns: ``{today, grace_days, count, overdue_count, datasets: [{id,
        name, title, type, private, organization, organization_title,
        frequency (code), scheduled, last_change, next_update_due, overdue,
        days_overdue, maintainer: {name, email}, maintainers}], late_steps:
        [{procedure_id, package_id, package_name, package_title,
        organization, step, title, role, owner, status, due, days_late}] or
        null without the procedures plugin}``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.overdue_list(), context)
    tk.check_access("tmopendata_overdue_list", context, data)
    result = overdue_overview(context, data.get("organization"), data.get("include_steps", True))
    if data.get("overdue"):
        result["datasets"] = [d for d in result["datasets"] if d["overdue"]]
        result["count"] = len(result["datasets"])
    return result


@tk.side_effect_free
def tmopendata_progress_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Progress indicators of the open data programme, over the datasets
    the caller may see (anonymous visitors: public datasets only).

    Only published (public) datasets count; ``figures.datasets_private`` is
    the number of not yet published datasets the caller may see.

    :param organization: id or name of an institution (optional; default
        the whole portal)
    :type organization: string
    :returns: ``{generated, grace_days, organization, targets:
        {hvd_standardised, baseline_datasets, datasets_new,
        datasets_published}, figures: {datasets_published,
        datasets_private, datasets_new, hvd_published, hvd_standardised,
        resources_tabular, resources_valid, resources_valid_share (percent),
        resources_api, resources_api_share (percent of the valid tables whose
        rows the DataStore API serves),
        datasets_with_frequency, datasets_scheduled, datasets_overdue,
        datasets_up_to_date, datasets_up_to_date_share (percent)}, progress:
        {hvd_standardised, datasets_new} (percent of target), institutions:
        [per-institution figures], procedures: {total, overdue, by_step}
        (only with the procedures plugin), census: {total, by_status: {state:
        count}} (entries the caller may see; null without the census plugin)}``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.progress_show(), context)
    tk.check_access("tmopendata_progress_show", context, data)
    return compute_progress(context, data.get("organization"))


def tmopendata_progress_snapshot(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Store this month's public progress figures (what an anonymous visitor
    sees). Idempotent per month: running it again in the same month
    replaces that month's figures with the current ones. Sysadmins only
    (``ckan tmopendata check-overdue`` and the daily job run it).

    :returns: ``{month, taken, taken_by, figures, created}`` with
        ``created`` false when the month's snapshot was replaced
    :rtype: dictionary
    """
    validate_or_raise(data_dict, schema.progress_snapshot(), context)
    tk.check_access("tmopendata_progress_snapshot", context, data_dict)
    figures = compute_progress(sources.public_context())
    month = now().strftime("%Y-%m")
    # Parallel snapshots of one month one after the other: the second
    # replaces the first's figures instead of failing on the month's key.
    locks.advisory_lock("tmopendata_progress_snapshot", month)
    snapshot = locks.lock_rows(model.Session.query(Snapshot).filter(Snapshot.month == month)).one_or_none()
    created = snapshot is None
    if created:
        snapshot = Snapshot(month=month)
        model.Session.add(snapshot)
    snapshot.figures = figures
    snapshot.taken = now()
    snapshot.taken_by = context.get("user")
    commit(context)
    return dict(snapshot.dictize(), created=created)


@tk.side_effect_free
def tmopendata_progress_history(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Monthly snapshots of the public progress figures, oldest first.

    :param since: first month, ``YYYY-MM`` (optional)
    :type since: string
    :param until: last month, ``YYYY-MM`` (optional)
    :type until: string
    :returns: ``[{month, taken, taken_by, figures}]`` (``figures`` as
        :func:`tmopendata_progress_show` returns them)
    :rtype: list of dictionaries
    """
    data = validate_or_raise(data_dict, schema.progress_history(), context)
    tk.check_access("tmopendata_progress_history", context, data)
    if data.get("since") and data.get("until") and data["since"] > data["until"]:
        raise tk.ValidationError({"until": [tk._("The last month is before the first one.")]})
    return [s.dictize() for s in Snapshot.history(data.get("since"), data.get("until"))]


def tmopendata_reminders_send(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Send today's reminder digests: for every overdue dataset, its
    maintainers (contact points) and its institution's admins; for every
    late procedure step, the step's owner and the institution's admins; for
    every public dataset with files that failed validation (HVD plugin's
    quarantine), the institution's admins.
    One digest per person per day at most (recorded in the reminder log:
    whoever already got today's digest is skipped). Sysadmins only.

    :param dry_run: ``true``: work out the digests without sending or
        recording anything (default ``false``)
    :type dry_run: bool
    :returns: ``{day, dry_run, datasets_overdue, steps_late,
        datasets_quarantined, sent, skipped,
        failed, recipients: [{email, name, user_name, items, status
        (sent|skipped|failed|dry_run), error}]}``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.reminders_send(), context)
    tk.check_access("tmopendata_reminders_send", context, data)
    overview = overdue_overview(context)
    overdue = [d for d in overview["datasets"] if d["overdue"]]
    steps = overview["late_steps"] or []
    quarantined = sources.quarantined()  # empty without the HVD plugin
    digests = reminders.build_digests(overdue, steps, quarantined)
    today = now().date()
    outcome: dict[str, Any] = {
        "day": today.isoformat(), "dry_run": bool(data.get("dry_run")),
        "datasets_overdue": len(overdue), "steps_late": len(steps),
        "datasets_quarantined": len(quarantined),
        "sent": 0, "skipped": 0, "failed": 0, "recipients": [],
    }
    for digest in digests:
        item = {"email": digest.email, "name": digest.name, "user_name": digest.user_name,
                "items": len(digest.items), "status": None, "error": None}
        outcome["recipients"].append(item)
        if data.get("dry_run"):
            item["status"] = "dry_run"
            continue
        # One sender per person and day at a time (the daily job and the
        # command line may run at once): the second waits, then finds the
        # digest sent and skips it (the lock ends with the commit below).
        locks.advisory_lock("tmopendata_reminder", digest.email.lower(), today.isoformat())
        if Reminder.sent_on(digest.email, today):
            item["status"] = "skipped"
            outcome["skipped"] += 1
            continue
        record = Reminder.for_day(digest.email, today) or Reminder(
            recipient=digest.email.lower(), day=today)
        record.user_name = digest.user_name
        record.subject = digest.subject()
        record.items = digest.items
        record.sent = now()
        try:
            reminders.send(digest)
            record.status, record.error = "sent", None
            item["status"] = "sent"
            outcome["sent"] += 1
        except Exception as e:
            log.exception("Reminder to %s failed", digest.email)
            record.status, record.error = "failed", f"{type(e).__name__}: {e}"
            item["status"], item["error"] = "failed", record.error
            outcome["failed"] += 1
        model.Session.add(record)
        # One commit per person: a crash later on never re-sends a digest.
        commit(context)
    return outcome


@tk.side_effect_free
def tmopendata_reminder_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The reminder log, newest first. Sysadmins only.

    :param limit: at most this many (default 100)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: ``[{id, recipient, user_name, day, sent, subject, items,
        status, error}]``
    :rtype: list of dictionaries
    """
    data = validate_or_raise(data_dict, schema.reminder_list(), context)
    tk.check_access("tmopendata_reminder_list", context, data)
    return [r.dictize() for r in Reminder.recent(data.get("limit", 100), data.get("offset", 0))]
