"""Actions on validation runs and reports: run, show, list, delete, close
stale runs, and the datasets' validation summary (the one definition of
"validated", :func:`~ckanext.tmopendata.hvd.reports.summarize`). Thin:
the rules live in :mod:`~ckanext.tmopendata.hvd.runs` (running a
validation) and :mod:`~ckanext.tmopendata.hvd.reports` (statuses)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.hvd import reports, runs
from ckanext.tmopendata.hvd.logic import schema
from ckanext.tmopendata.hvd.model import ERROR, FINAL_STATUSES, PENDING, RUNNING, ValidationReport
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.compat import reindex_dataset
from ckanext.tmopendata.lib.formats import tabular_format
from ckanext.tmopendata.lib.validation import validate_or_raise

__all__ = [
    "tmopendata_validation_run", "tmopendata_validation_show", "tmopendata_validation_list",
    "tmopendata_validation_delete", "tmopendata_validation_expire", "tmopendata_validation_summary",
]


def resource_or_404(resource_id: str) -> model.Resource:
    """The active resource, or ``ObjectNotFound``."""
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state == "deleted":
        raise tk.ObjectNotFound(tk._("Resource not found"))
    return resource


def tmopendata_validation_run(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Validate a resource's file against its schema (or structurally).

    Uploaded files up to ``ckanext.tmopendata.validation.sync_max_bytes`` are
    validated at once; larger uploads and linked files in a background job
    (status ``pending`` until the worker runs it). Editors of the dataset's
    organisation only. The resource keeps ``validation_status`` and
    ``validation_timestamp`` (as in ckanext-validation).

    :param resource_id: id of the resource
    :type resource_id: string
    :param sync: ``true`` validates now whatever the size, ``false`` always
        queues a job; default: by size
    :type sync: bool
    :returns: the report (see :func:`tmopendata_validation_show`), with
        ``status`` one of ``pending``, ``running``, ``success``, ``failure``,
        ``error``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.validation_run(), context)
    resource = resource_or_404(data["resource_id"])
    tk.check_access("tmopendata_validation_run", context, data)
    # the resource as it is in this transaction, not the search index's copy
    # (CKAN 2.12 runs after_dataset_update before the index follows)
    res = tk.get_action("resource_show")({"ignore_auth": True, "use_cache": False}, {"id": resource.id})
    if not tabular_format(res):
        raise tk.ValidationError({"format": [tk._(
            'Only CSV, TSV and XLSX resources are validated (this one is "{fmt}").'
        ).format(fmt=res.get("format") or "?")]})

    report_id = data.get("report_id")
    if report_id:
        report = ValidationReport.get(report_id)
        if report is None or report.resource_id != resource.id:
            raise tk.ObjectNotFound(tk._("Validation report not found"))
        if report.status not in FINAL_STATUSES:
            runs.execute(report, res, context)
        return reports.dictize(report)

    sync = data.get("sync")
    if sync is None:
        sync = runs.runs_now(res)
    report = runs.new_report(resource, sync, context.get("user"))
    if sync:
        runs.execute(report, res, context)
    else:
        runs.enqueue(report, context)
    return reports.dictize(report)


@tk.side_effect_free
def tmopendata_validation_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The latest validation report of a resource (or a given one), in full.

    :param resource_id: id of the resource
    :type resource_id: string
    :param report_id: a report of the history (default: the latest)
    :type report_id: string
    :returns: ``id``, ``resource_id``, ``package_id``, ``status``, ``mode``
        (sync/background), ``schema_ref`` (``name@version``, URL or
        ``inline``), ``schema`` (the Table Schema used), ``encoding``,
        ``row_count``, ``error_count``, ``error_types`` (type → count),
        ``errors`` (first 200: ``type``, ``title``, ``message``, ``row``,
        ``column``, ``cell`` — personal data masked), ``report`` (the whole
        report), ``message`` (why a run ended in ``error``), ``created``,
        ``started``, ``finished``, ``requested_by``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.validation_show(), context)
    tk.check_access("tmopendata_validation_show", context, data)
    resource_or_404(data["resource_id"])
    if data.get("report_id"):
        report = ValidationReport.get(data["report_id"])
        if report is None or report.resource_id != data["resource_id"]:
            raise tk.ObjectNotFound(tk._("Validation report not found"))
    else:
        report = ValidationReport.latest_for(data["resource_id"])
        if report is None:
            raise tk.ObjectNotFound(tk._("This resource has not been validated yet"))
    return reports.dictize(report, full=True)


@tk.side_effect_free
def tmopendata_validation_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """History of a resource's validations, newest first (summaries).

    :param resource_id: id of the resource
    :type resource_id: string
    :param limit: reports per page (default 20, at most 100)
    :type limit: int
    :param offset: reports to skip
    :type offset: int
    :returns: ``count`` and ``results`` (reports without ``report`` and
        ``schema``)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.validation_list(), context)
    tk.check_access("tmopendata_validation_list", context, data)
    resource_or_404(data["resource_id"])
    limit = min(data.get("limit", 20), 100)
    history = ValidationReport.history(data["resource_id"], limit, data.get("offset", 0))
    return {
        "count": ValidationReport.count_for(data["resource_id"]),
        "results": [reports.dictize(r) for r in history],
    }


def tmopendata_validation_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Delete every validation report of a resource (editors only).

    :param resource_id: id of the resource
    :type resource_id: string
    :returns: ``deleted``: how many reports were removed
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.validation_delete(), context)
    resource = resource_or_404(data["resource_id"])
    tk.check_access("tmopendata_validation_delete", context, data)
    deleted = (
        model.Session.query(ValidationReport)
        .filter(ValidationReport.resource_id == data["resource_id"])
        .delete()
    )
    reports.clear_resource_status(resource)
    commit(context)
    return {"deleted": deleted}


def tmopendata_validation_expire(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Close the validation runs left ``pending``/``running`` past
    ``ckanext.tmopendata.validation.job_timeout`` (a worker killed hard, a
    lost job): each such report ends in ``error`` with the reason, and its
    resource's own status follows (badge, search index). Pages and the API
    already show these runs as ``error``; this makes it permanent and
    searchable. Sysadmins only; meant for cron
    (``ckan tmopendata validate --expire-stale``).

    :returns: ``count``: reports closed; ``resources``: ids of the resources
        whose latest run was closed
    :rtype: dictionary
    """
    validate_or_raise(data_dict, schema.validation_expire(), context)
    tk.check_access("tmopendata_validation_expire", context, data_dict)
    closed_at = now()
    cutoff = reports.stale_cutoff()
    stale = (
        model.Session.query(ValidationReport)
        .filter(ValidationReport.status.in_([PENDING, RUNNING]))
        .filter(sa.func.coalesce(ValidationReport.started, ValidationReport.created) < cutoff)
        .all()
    )
    resources = set()
    for report in stale:
        report.status = ERROR
        report.finished = closed_at
        report.message = reports.stale_message()
        resources.add(report.resource_id)
    model.Session.flush()
    latest = ValidationReport.latest_for_many(resources)
    closed_ids = {report.id for report in stale}
    # a resource follows only if the closed run is its latest one
    closed = sorted(rid for rid, report in latest.items() if report.id in closed_ids)
    for resource_id in closed:
        reports.set_resource_status(resource_id, ERROR, closed_at)
    commit(context)
    # the statuses were written to the model: the datasets' index follows
    # (CKAN 2.12 indexes only in its actions; nothing to do on 2.11)
    for package_id in sorted({latest[rid].package_id for rid in closed}):
        reindex_dataset(package_id)
    return {"count": len(stale), "resources": closed}


@tk.side_effect_free
def tmopendata_validation_summary(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Whether each dataset of a list is validated, with the status of each
    of its tabular (CSV, TSV, XLSX) resources: the one definition of
    "validated" of the suite, for any dataset type. One query reads the
    latest report of every resource of the datasets.

    A dataset is ``validated`` when it has at least one active tabular
    resource and the latest validation report of every one of them has
    status ``success`` (a run left unfinished past
    ``ckanext.tmopendata.validation.job_timeout`` counts as ``error``). A
    dataset without tabular resources is not validated.

    Like ``package_show``: the caller must be allowed to see every dataset
    of the list.

    :param ids: ids or names of datasets (1 to 1000; one text is taken as a
        list of one)
    :type ids: list of strings
    :returns: ``{"datasets": {<dataset id>: {"validated": bool, "status":
        "success"|"failure"|"error"|"pending"|"running"|"none", "tabular":
        int, "valid": int, "resources": {<resource id>: <status>}}}}``:
        ``status`` is the worst status of the dataset's tabular resources
        (``error``, ``failure``, ``running``, ``pending``, ``none``,
        ``success`` from worst to best; ``none``: a resource was never
        validated, or the dataset has no tabular resource), ``tabular`` the
        number of tabular resources, ``valid`` how many are ``success``,
        ``resources`` the status of each tabular resource (``none`` when it
        has no report)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.validation_summary(), context)
    refs = data["ids"]
    found = (
        model.Session.query(model.Package.id, model.Package.name)
        .filter(sa.or_(model.Package.id.in_(refs), model.Package.name.in_(refs)))
        .all()
    )
    known = {row.id for row in found} | {row.name for row in found}
    missing = [ref for ref in refs if ref not in known]
    if missing:
        raise tk.ObjectNotFound(tk._("Dataset not found: {ids}").format(ids=", ".join(missing[:20])))
    tk.check_access("tmopendata_validation_summary", context, data)
    return {"datasets": reports.summaries(row.id for row in found)}
