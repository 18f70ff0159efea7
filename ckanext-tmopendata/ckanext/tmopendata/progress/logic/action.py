"""Actions of the progress plugin: the maintenance overview (overdue
datasets, late procedure steps), reminder digests, and the programme's
progress indicators with their monthly snapshots."""
from __future__ import annotations

import datetime
import logging
from typing import Any, Optional

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.validation import validate_or_raise
from ckanext.tmopendata.progress import maintenance, reminders
from ckanext.tmopendata.progress.logic import schema
from ckanext.tmopendata.progress.model import Reminder, Snapshot

log = logging.getLogger(__name__)

#: Datasets read per package_search page.
PAGE = 1000
#: Procedures read per tmopendata_procedure_list page (its maximum).
PROCEDURE_PAGE = 1000


# --- helpers (private: not exported as actions) ---------------------------------

def _today() -> datetime.date:
    return datetime.datetime.utcnow().date()


def _commit(context: Context) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()


def _grace_days() -> int:
    return int(tk.config.get("ckanext.tmopendata.progress.grace_days"))


def _targets() -> dict[str, int]:
    prefix = "ckanext.tmopendata.progress."
    return {
        "hvd_standardised": int(tk.config.get(prefix + "target_hvd_standardised")),
        "baseline_datasets": int(tk.config.get(prefix + "baseline_datasets")),
        "new_datasets": int(tk.config.get(prefix + "target_new_datasets")),
    }


def _sub_context(context: Context) -> Context:
    """A fresh context for nested actions, as the same user. Never with
    ``ignore_auth``: what the caller may see decides what is counted."""
    return {"user": context.get("user") or "", "ignore_auth": False}


def _public_context() -> Context:
    """What an anonymous visitor sees (snapshots hold public figures only)."""
    return {"user": "", "ignore_auth": False}


def _visible_packages(context: Context, organization: Optional[str] = None) -> list[dict[str, Any]]:
    """Every active dataset the caller may see (``package_search`` with the
    caller's permissions), all dataset types."""
    fq = f'+owner_org:"{organization}"' if organization else ""
    results: list[dict[str, Any]] = []
    start = 0
    while True:
        page = tk.get_action("package_search")(_sub_context(context), {
            "q": "*:*", "fq": fq, "rows": PAGE, "start": start, "sort": "name asc",
            "include_private": True, "include_drafts": False,
        })
        results.extend(page["results"])
        start += PAGE
        if start >= page["count"] or not page["results"]:
            return results


def _procedures_ready() -> bool:
    if not p.plugin_loaded("tmopendata_procedures"):
        return False
    try:
        tk.get_action("tmopendata_procedure_list")
    except (KeyError, AttributeError):
        return False
    return True


def _procedures(context: Context, **filters: Any) -> Optional[list[dict[str, Any]]]:
    """Procedures the caller may see, or ``None`` without the procedures plugin."""
    if not _procedures_ready():
        return None
    results: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = tk.get_action("tmopendata_procedure_list")(_sub_context(context), dict(
            filters, limit=PROCEDURE_PAGE, offset=offset))
        results.extend(page)
        offset += PROCEDURE_PAGE
        if len(page) < PROCEDURE_PAGE:
            return results


def _late_steps(procedures: list[dict[str, Any]], today: datetime.date) -> list[dict[str, Any]]:
    steps = []
    for proc in procedures:
        for step in proc.get("steps", []):
            if not step.get("overdue"):
                continue
            due = datetime.date.fromisoformat(step["due"]) if step.get("due") else None
            steps.append({
                "procedure_id": proc["id"],
                "package_id": proc["package_id"],
                "package_name": proc["package_name"],
                "package_title": proc["package_title"],
                "private": bool(proc.get("private")),
                "organization": proc.get("organization"),
                "organization_id": proc.get("organization_id"),
                "organization_title": proc.get("organization_title"),
                "step": step["key"],
                "title": step.get("title"),
                "title_ro": step.get("title_ro"),
                "title_en": step.get("title_en"),
                "role": step.get("role"),
                "owner": step.get("owner"),
                "status": step.get("status"),
                "due": step.get("due"),
                "days_late": (today - due).days if due else 0,
            })
    steps.sort(key=lambda s: (-s["days_late"], s["package_title"].lower(), s["step"]))
    return steps


def _organizations(organization: Optional[str] = None) -> list[dict[str, Any]]:
    query = model.Session.query(model.Group).filter(
        model.Group.is_organization == True,  # noqa: E712
        model.Group.state == "active",
    )
    if organization:
        query = query.filter(model.Group.id == organization)
    return [{"id": g.id, "name": g.name, "title": g.title or g.name}
            for g in query.order_by(model.Group.title)]


def overdue_overview(context: Context, organization: Optional[str] = None,
                     include_steps: bool = True) -> dict[str, Any]:
    today, grace = _today(), _grace_days()
    states = [
        maintenance.dataset_state(pkg, today, grace)
        for pkg in _visible_packages(context, organization)
        if pkg.get("update_frequency")
    ]
    states.sort(key=lambda s: (not s["overdue"], -s["days_overdue"], s["next_update_due"] or "9999",
                               s["title"].lower()))
    result: dict[str, Any] = {
        "today": today.isoformat(),
        "grace_days": grace,
        "datasets": states,
        "count": len(states),
        "overdue_count": sum(1 for s in states if s["overdue"]),
        "late_steps": None,
    }
    if include_steps:
        filters = {"overdue": True}
        if organization:
            filters["organization"] = organization
        procedures = _procedures(context, **filters)
        if procedures is not None:
            result["late_steps"] = _late_steps(procedures, today)
    return result


def compute_progress(context: Context, organization: Optional[str] = None) -> dict[str, Any]:
    packages = _visible_packages(context, organization)
    procedures = _procedures(context, **({"organization": organization} if organization else {}))
    result = maintenance.indicators(
        packages, _organizations(organization), _today(), _grace_days(), _targets(), procedures,
    )
    result["generated"] = datetime.datetime.utcnow().replace(microsecond=0).isoformat()
    result["grace_days"] = _grace_days()
    result["organization"] = organization
    result["census"] = _census(context, organization)
    return result


def _census(context: Context, organization: Optional[str]) -> Optional[dict[str, Any]]:
    """Census entries by status that the caller may see (through the census
    plugin's own action), or ``None`` without the census plugin."""
    if not p.plugin_loaded("tmopendata_census"):
        return None
    try:
        action = tk.get_action("tmopendata_census_entry_list")
        from ckanext.tmopendata.census.fields import STATES
    except (KeyError, ImportError, AttributeError):
        return None
    by_status = {}
    for state in STATES:
        data = {"status": state, "limit": 1}
        if organization:
            data["organization"] = organization
        by_status[state] = action(_sub_context(context), data)["count"]
    return {"total": sum(by_status.values()), "by_status": by_status}


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
    figures = compute_progress(_public_context())
    month = _today().strftime("%Y-%m")
    # Parallel snapshots of one month one after the other: the second
    # replaces the first's figures instead of failing on the month's key.
    locks.advisory_lock("tmopendata_progress_snapshot", month)
    snapshot = locks.lock_rows(model.Session.query(Snapshot).filter(Snapshot.month == month)).one_or_none()
    created = snapshot is None
    if created:
        snapshot = Snapshot(month=month)
        model.Session.add(snapshot)
    snapshot.figures = figures
    snapshot.taken = datetime.datetime.utcnow()
    snapshot.taken_by = context.get("user")
    _commit(context)
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
    try:  # the HVD plugin's quarantine, when it is enabled
        quarantined = tk.get_action("tmopendata_quarantine_list")({"ignore_auth": True}, {})["datasets"]
    except KeyError:
        quarantined = []
    digests = reminders.build_digests(overdue, steps, quarantined)
    today = _today()
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
        record.sent = datetime.datetime.utcnow()
        try:
            reminders.send(digest)
            record.status, record.error = "sent", None
            item["status"] = "sent"
            outcome["sent"] += 1
        except Exception as e:  # noqa: BLE001 - recorded; the others still get theirs
            log.exception("Reminder to %s failed", digest.email)
            record.status, record.error = "failed", f"{type(e).__name__}: {e}"
            item["status"], item["error"] = "failed", record.error
            outcome["failed"] += 1
        model.Session.add(record)
        # One commit per person: a crash later on never re-sends a digest.
        _commit(context)
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
