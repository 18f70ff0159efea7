"""Validation reports and statuses: the one service that says what a
resource's (and a dataset's) validation status is.

The report table (:class:`~ckanext.tmopendata.hvd.model.ValidationReport`) is
the only source of truth. Everything that shows or decides on a status reads
it here: ``package_show`` and the search index (:func:`apply_report_statuses`),
the publication gate (:func:`authoritative_statuses`, :func:`summarize`), the
action ``tmopendata_validation_summary`` (:func:`summaries`: one query for
the latest reports of many datasets' resources) and the pages.

**The one definition of "validated"** (:func:`summarize`): a dataset is
validated when it has at least one tabular resource (:mod:`lib.formats
<ckanext.tmopendata.lib.formats>`) and the latest report of every one of
them has status ``success``. Procedures, progress and the gate use it
through ``tmopendata_validation_summary`` or this module.
"""
from __future__ import annotations

import datetime
from typing import Any, Iterable, Mapping, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.tmopendata.hvd.model import (
    ERROR, FAILURE, PENDING, RUNNING, SUCCESS, ValidationReport,
)
from ckanext.tmopendata.lib.actions import now
from ckanext.tmopendata.lib.formats import is_tabular

#: Status of a tabular resource without any report (and of a dataset whose
#: worst resource has none, or that has no tabular resource).
NONE = "none"

#: Worst first: a dataset's status is the worst of its tabular resources'.
ORDER = (ERROR, FAILURE, RUNNING, PENDING, NONE, SUCCESS)


def _job_timeout() -> int:
    return int(tk.config.get("ckanext.tmopendata.validation.job_timeout"))


def stale(report: Any) -> bool:
    """Whether a run is still ``pending``/``running`` past ``job_timeout``
    (its worker is gone): it counts as ``error``."""
    if report.status not in (PENDING, RUNNING):
        return False
    since = report.started or report.created
    return (now() - since).total_seconds() > _job_timeout() + 60


def stale_cutoff() -> datetime.datetime:
    """Runs unfinished since before this moment are :func:`stale`."""
    return now() - datetime.timedelta(seconds=_job_timeout() + 60)


def stale_message() -> str:
    return tk._("The validation did not finish in time (was the worker stopped?). Run it again.")


def report_status(report: Any) -> tuple[str, Optional[str]]:
    """The status a resource shows for its latest report, and since when:
    a run left pending/running past ``job_timeout`` is ``error``."""
    if stale(report):
        return ERROR, (report.started or report.created).isoformat()
    when = {PENDING: report.created, RUNNING: report.started}.get(report.status, report.finished)
    when = when or report.finished or report.started or report.created
    return report.status, when.isoformat() if when else None


def dictize(report: ValidationReport, full: bool = False) -> dict[str, Any]:
    """A report as the API gives it (a stale run shows as ``error``)."""
    data = report.dictize(full=full)
    if stale(report):
        data["status"] = ERROR
        data["message"] = stale_message()
    return data


def latest_statuses(resource_ids: Iterable[str]) -> dict[str, str]:
    """The status of each resource's latest report (resources without a
    report are absent). One query."""
    return {rid: report_status(r)[0] for rid, r in ValidationReport.latest_for_many(resource_ids).items()}


def apply_report_statuses(resources: Any) -> None:
    """Overwrite ``validation_status`` / ``validation_timestamp`` of each
    resource dict with what its latest report says (a resource without a
    report has neither field). Whatever a client sent in these fields is
    discarded."""
    if not isinstance(resources, list):
        return
    dicts = [r for r in resources if isinstance(r, dict)]
    latest = ValidationReport.latest_for_many(r.get("id") for r in dicts)
    for res in dicts:
        report = latest.get(res.get("id") or "")
        if report is None:
            res.pop("validation_status", None)
            res.pop("validation_timestamp", None)
        else:
            res["validation_status"], res["validation_timestamp"] = report_status(report)


def authoritative_statuses(pkg: dict[str, Any]) -> dict[str, Any]:
    """A copy of the dataset dict whose resources carry the status of their
    latest report (``None`` without one), never what a client sent; a
    resource whose latest run had no schema loses its ``schema`` (it was
    not checked against one). One query."""
    checked = dict(pkg)
    resources = [dict(r) for r in pkg.get("resources", []) or [] if isinstance(r, dict)]
    latest = ValidationReport.latest_for_many(r.get("id") for r in resources)
    for res in resources:
        report = latest.get(res.get("id") or "")
        if report is None:
            res["validation_status"] = None
        else:
            res["validation_status"] = report_status(report)[0]
            if report.schema_ref is None:
                res["schema"] = None
    checked["resources"] = resources
    return checked


def set_resource_status(resource_id: str, status: str, when: datetime.datetime) -> None:
    """Keep ckanext-validation compatible fields on the resource itself
    (written to the model directly, so no resource hook fires again; the
    dataset is re-indexed on commit). The caller commits."""
    resource = model.Resource.get(resource_id)
    if resource is None:
        return
    extras = dict(resource.extras or {})
    extras["validation_status"] = status
    extras["validation_timestamp"] = when.isoformat()
    resource.extras = extras


def clear_resource_status(resource: model.Resource) -> None:
    """Drop the resource's own status fields (its reports were deleted)."""
    extras = dict(resource.extras or {})
    extras.pop("validation_status", None)
    extras.pop("validation_timestamp", None)
    resource.extras = extras


def resource_fingerprint(resource: model.Resource) -> dict[str, Any]:
    """What a validation of ``resource`` depends on: a change of any of these
    (a new file or URL, another schema, format or encoding) calls for a new
    run. Read from the model, so that it is the same in every code path."""
    extras = resource.extras or {}
    return {
        "url": resource.url or "",
        "url_type": resource.url_type or "",
        "format": (resource.format or "").strip().lower(),
        "schema": extras.get("schema") or "",
        "encoding": extras.get("encoding") or "",
        "size": resource.size,
        "last_modified": resource.last_modified.isoformat() if resource.last_modified else None,
    }


def resources_to_revalidate(package_id: str, known: Optional[set[str]] = None) -> list[str]:
    """Active tabular resources of a dataset that changed (URL, file,
    schema, format, encoding) since their latest validation, and new ones
    (not in ``known``, the resource ids before the update) never validated.
    Resources that were already there and were never validated (created
    with :data:`~ckanext.tmopendata.lib.context_keys.SKIP_VALIDATION`, or
    before the plugin was enabled) are left to ``ckan tmopendata validate``."""
    known = known or set()
    pkg = model.Package.get(package_id)
    if pkg is None:
        return []
    resources = [r for r in pkg.resources if r.state == "active"]
    latest = ValidationReport.latest_for_many(r.id for r in resources)
    changed = []
    for res in resources:
        if not is_tabular({"format": res.format, "url": res.url}):
            continue
        report = latest.get(res.id)
        if report is None:
            if res.id not in known:
                changed.append(res.id)
        elif report.source != resource_fingerprint(res):
            changed.append(res.id)
    return changed


# --- "validated": the one definition --------------------------------------------

def summarize(statuses: Mapping[str, Optional[str]]) -> dict[str, Any]:
    """The validation summary of one dataset from the statuses of its
    tabular resources (``{key: status or None}``; ``None`` = no report).

    Returns ``validated`` (every tabular resource's latest report is a
    ``success``; a dataset with no tabular resource is *not* validated),
    ``status`` (the worst of :data:`ORDER`; ``none`` without tabular
    resources), ``tabular`` and ``valid`` (counts) and ``resources``
    (``{key: status}``, ``none`` for a resource never validated).
    """
    resources = {key: (status if status in ORDER else (NONE if not status else ERROR))
                 for key, status in statuses.items()}
    valid = sum(1 for s in resources.values() if s == SUCCESS)
    status = min(resources.values(), key=ORDER.index) if resources else NONE
    return {
        "validated": bool(resources) and valid == len(resources),
        "status": status,
        "tabular": len(resources),
        "valid": valid,
        "resources": resources,
    }


def summaries(package_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """:func:`summarize` for each dataset of ``package_ids`` (ids, not
    names), from its active tabular resources: ONE query reads the
    resources and the latest report of each."""
    ids = list(dict.fromkeys(i for i in package_ids if i))
    if not ids:
        return {}
    R, V = model.Resource, ValidationReport
    latest = (
        sa.select(V.resource_id, V.status, V.created, V.started, V.finished)
        .join(R, R.id == V.resource_id)
        .where(R.package_id.in_(ids))
        .where(R.state == "active")
        .distinct(V.resource_id)
        .order_by(V.resource_id, V.created.desc())
        .subquery()
    )
    rows = model.Session.execute(
        sa.select(
            R.id, R.package_id, R.format, R.url,
            latest.c.status, latest.c.created, latest.c.started, latest.c.finished,
        )
        .outerjoin(latest, latest.c.resource_id == R.id)
        .where(R.package_id.in_(ids))
        .where(R.state == "active")
        .order_by(R.package_id, R.position)
    ).all()
    statuses: dict[str, dict[str, Optional[str]]] = {pid: {} for pid in ids}
    for row in rows:
        if not is_tabular({"format": row.format, "url": row.url}):
            continue
        status = None
        if row.status is not None:
            status = report_status(row)[0]
        statuses[row.package_id][row.id] = status
    return {pid: summarize(found) for pid, found in statuses.items()}


def dataset_status(pkg: dict[str, Any]) -> Optional[str]:
    """The worst status among the dataset dict's tabular resources that
    have one (``None`` when none has): the badge of a dataset and the
    ``validation_status`` facet of the search index."""
    statuses = [r.get("validation_status") for r in pkg.get("resources", []) or [] if is_tabular(r)]
    statuses = [s for s in statuses if s]
    if not statuses:
        return None
    return min(statuses, key=lambda s: ORDER.index(s) if s in ORDER else 0)


# --- how statuses are shown -------------------------------------------------------

def badge(status: Optional[str]) -> Optional[dict[str, str]]:
    """CSS class and translated label of a validation status, or ``None``."""
    badges = {
        SUCCESS: ("success", tk._("Valid")),
        FAILURE: ("danger", tk._("Invalid")),
        ERROR: ("warning", tk._("Validation error")),
        PENDING: ("secondary", tk._("Validation pending")),
        RUNNING: ("info", tk._("Validating")),
    }
    if not status or status not in badges:
        return None
    css, label = badges[status]
    return {"css": css, "label": label, "status": status}


def status_label(status: Optional[str]) -> str:
    """A status as people read it (``none``/``None``: "not validated")."""
    shown = badge(status)
    return shown["label"] if shown else tk._("not validated")
