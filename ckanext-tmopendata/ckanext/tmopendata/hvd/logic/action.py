"""Actions of the HVD plugin: validation of resources and the schema store."""
from __future__ import annotations

import datetime
import logging
import os
import tempfile
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import uploader
from ckan.types import Context, DataDict

from ckanext.tmopendata.hvd import schema_store, validation
from ckanext.tmopendata.hvd.logic import schema
from ckanext.tmopendata.hvd.model import ERROR, FINAL_STATUSES, PENDING, RUNNING, ValidationReport
from ckanext.tmopendata.lib import fetch
from ckanext.tmopendata.lib.validation import validate_or_raise

log = logging.getLogger(__name__)

#: The actions (and chained core actions) this module gives CKAN; the other
#: public functions are helpers of the plugin's hooks.
__all__ = [
    "tmopendata_validation_run", "tmopendata_validation_show", "tmopendata_validation_list",
    "tmopendata_validation_delete", "tmopendata_validation_expire",
    "tmopendata_schema_list", "tmopendata_schema_show", "tmopendata_schema_infer",
    "package_create", "package_update", "bulk_update_public",
    "tmopendata_resource_release", "tmopendata_quarantine_list",
]

#: Context key: ids of the dataset's resources before a package_update.
RESOURCES_BEFORE = "tmopendata_resources_before"

#: Resource formats the pipeline validates (lower case).
TABULAR = {"csv": "csv", "text/csv": "csv", "tsv": "tsv", "xlsx": "xlsx",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx"}


# --- helpers (private: not exported as actions) ---------------------------------

def _now() -> datetime.datetime:
    return datetime.datetime.utcnow()


def _commit(context: Context) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()


def _resource_or_404(resource_id: str) -> model.Resource:
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state == "deleted":
        raise tk.ObjectNotFound(tk._("Resource not found"))
    return resource


def _tabular_format(res: dict[str, Any]) -> Optional[str]:
    """csv/tsv/xlsx for resources the pipeline validates, else ``None``."""
    fmt = (res.get("format") or "").strip().lower()
    if fmt in TABULAR:
        return TABULAR[fmt]
    if not fmt:
        ext = os.path.splitext((res.get("url") or "").split("?")[0])[1].lower().lstrip(".")
        return TABULAR.get(ext)
    return None


def _config_int(key: str) -> int:
    return int(tk.config.get(key))


def _stale(report: ValidationReport) -> bool:
    if report.status not in (PENDING, RUNNING):
        return False
    timeout = _config_int("ckanext.tmopendata.validation.job_timeout")
    since = report.started or report.created
    return (_now() - since).total_seconds() > timeout + 60


def report_status(report: ValidationReport) -> tuple[str, Optional[str]]:
    """The status a resource shows for its latest report, and since when:
    a run left pending/running past ``job_timeout`` is ``error``."""
    if _stale(report):
        return ERROR, (report.started or report.created).isoformat()
    when = {PENDING: report.created, RUNNING: report.started}.get(report.status, report.finished)
    when = when or report.finished or report.started or report.created
    return report.status, when.isoformat() if when else None


def apply_report_statuses(resources: Any) -> None:
    """Overwrite ``validation_status`` / ``validation_timestamp`` of each
    resource dict with what its latest report says (the report table is the
    only source of truth; a resource without a report has neither field).
    Whatever a client sent in these fields is discarded."""
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
    with ``tmopendata_skip_validation``, or before the plugin was enabled)
    are left to ``ckan tmopendata validate``."""
    known = known or set()
    pkg = model.Package.get(package_id)
    if pkg is None:
        return []
    resources = [r for r in pkg.resources if r.state == "active"]
    latest = ValidationReport.latest_for_many(r.id for r in resources)
    changed = []
    for res in resources:
        if not _tabular_format({"format": res.format, "url": res.url}):
            continue
        report = latest.get(res.id)
        if report is None:
            if res.id not in known:
                changed.append(res.id)
        elif report.source != resource_fingerprint(res):
            changed.append(res.id)
    return changed


def _dictize(report: ValidationReport, full: bool = False) -> dict[str, Any]:
    from ckanext.tmopendata.hvd.report_privacy import hide_requester  # user names for editors only
    data = hide_requester(report.dictize(full=full))
    if _stale(report):
        data["status"] = ERROR
        data["message"] = tk._(
            "The validation did not finish in time (was the worker stopped?). Run it again."
        )
    return data


def _local_copy(res: dict[str, Any], background: bool = False) -> tuple[str, bool]:
    """Path of the resource's file, and whether it is a temporary copy.

    A linked file is downloaded through the suite's fetcher
    (:mod:`ckanext.tmopendata.lib.fetch`: public addresses only, a byte cap
    and an overall deadline, ``background`` choosing the worker's or the
    request's); a refused or failed download raises
    :class:`~ckanext.tmopendata.lib.fetch.FetchError`.
    """
    if res.get("url_type") == "upload":
        path = uploader.get_resource_uploader(res).get_path(res["id"])
        if not os.path.exists(path):
            raise FileNotFoundError(tk._("The uploaded file is missing from storage."))
        return path, False
    url = (res.get("url") or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        raise fetch.FetchError(tk._("The resource has no file and no http(s) URL to validate."))
    policy = fetch.Policy.from_config(
        max_bytes=_config_int("ckanext.tmopendata.validation.max_bytes"), background=background
    )
    fmt = _tabular_format(res)
    fd, path = tempfile.mkstemp(prefix="tmopendata-", suffix="." + (fmt or "dat"))
    try:
        with os.fdopen(fd, "wb") as out:
            fetch.fetch(url, out, policy, expect=fmt or "csv")
    except BaseException:
        os.unlink(path)
        raise
    return path, True


def _set_resource_status(resource_id: str, status: str, when: datetime.datetime) -> None:
    """Keep ckanext-validation compatible fields on the resource itself
    (written to the model directly, so no resource hook fires again; the
    dataset is re-indexed on commit)."""
    resource = model.Resource.get(resource_id)
    if resource is None:
        return
    extras = dict(resource.extras or {})
    extras["validation_status"] = status
    extras["validation_timestamp"] = when.isoformat()
    resource.extras = extras


def _execute(report: ValidationReport, res: dict[str, Any], context: Context) -> None:
    """Run one validation. Never raises: any failure ends in status error."""
    report.status = RUNNING
    report.started = _now()
    _set_resource_status(report.resource_id, RUNNING, report.started)
    _commit(context)
    path, temporary = None, False
    try:
        background = report.mode == "background"
        descriptor, ref = schema_store.resolve(res.get("schema"), background=background)
        report.schema_ref, report.schema = ref, descriptor
        fmt = _tabular_format(res) or (res.get("format") or "").lower()
        path, temporary = _local_copy(res, background=background)
        limits = validation.Limits(
            max_errors=_config_int("ckanext.tmopendata.validation.max_errors"),
            max_cell_bytes=_config_int("ckanext.tmopendata.validation.max_cell_bytes"),
        )
        outcome = validation.validate_file(
            path, fmt, descriptor, encoding=res.get("encoding") or None, limits=limits
        )
        report.status = outcome.status
        report.encoding = outcome.encoding
        report.row_count = outcome.row_count
        report.error_count = outcome.error_count
        report.error_types = outcome.error_types
        report.errors = outcome.errors[:200]
        report.report = outcome.report()
        report.message = outcome.message
    except schema_store.SchemaError as e:
        report.status, report.message = ERROR, str(e)
    except fetch.FetchError as e:
        report.status = ERROR
        report.message = tk._("The linked file could not be downloaded: {reason}").format(reason=e)
    except Exception as e:  # noqa: BLE001 - the reason is recorded, never lost
        log.exception("Validation of resource %s failed", report.resource_id)
        report.status = ERROR
        report.message = tk._("Validation could not run: {reason}").format(
            reason=f"{type(e).__name__}: {e}"
        )
    finally:
        if temporary and path:
            os.unlink(path)
    report.finished = _now()
    _set_resource_status(report.resource_id, report.status, report.finished)
    _commit(context)


# --- actions --------------------------------------------------------------------

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
    resource = _resource_or_404(data["resource_id"])
    tk.check_access("tmopendata_validation_run", context, data)
    res = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource.id})
    if not _tabular_format(res):
        raise tk.ValidationError({"format": [tk._(
            'Only CSV, TSV and XLSX resources are validated (this one is "{fmt}").'
        ).format(fmt=res.get("format") or "?")]})

    report_id = data.get("report_id")
    if report_id:
        report = ValidationReport.get(report_id)
        if report is None or report.resource_id != resource.id:
            raise tk.ObjectNotFound(tk._("Validation report not found"))
        if report.status in FINAL_STATUSES:
            return _dictize(report)
        _execute(report, res, context)
        return _dictize(report)

    sync = data.get("sync")
    if sync is None:
        limit = _config_int("ckanext.tmopendata.validation.sync_max_bytes")
        if res.get("url_type") == "upload":
            try:
                size = os.path.getsize(uploader.get_resource_uploader(res).get_path(res["id"]))
            except OSError:
                size = 0
            sync = size <= limit
        else:
            sync = False
    report = ValidationReport(
        resource_id=resource.id,
        package_id=resource.package_id,
        status=PENDING,
        mode="sync" if sync else "background",
        requested_by=context.get("user"),
        created=_now(),
        source=resource_fingerprint(resource),
    )
    model.Session.add(report)
    _set_resource_status(resource.id, PENDING, report.created)
    if sync:
        _execute(report, res, context)
        return _dictize(report)
    _commit(context)
    from ckanext.tmopendata.hvd.jobs import validate_in_background

    try:
        tk.enqueue_job(
            validate_in_background,
            [report.id],
            title=f"tmopendata validation of resource {resource.id}",
            rq_kwargs={"timeout": _config_int("ckanext.tmopendata.validation.job_timeout")},
        )
    except Exception as e:  # noqa: BLE001 - e.g. Redis unreachable
        log.exception("Could not queue the validation of resource %s", resource.id)
        report.status = ERROR
        report.finished = _now()
        report.message = tk._("The validation could not be queued: {reason}").format(
            reason=f"{type(e).__name__}: {e}")
        _set_resource_status(resource.id, ERROR, report.finished)
        _commit(context)
    return _dictize(report)


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
    _resource_or_404(data["resource_id"])
    if data.get("report_id"):
        report = ValidationReport.get(data["report_id"])
        if report is None or report.resource_id != data["resource_id"]:
            raise tk.ObjectNotFound(tk._("Validation report not found"))
    else:
        report = ValidationReport.latest_for(data["resource_id"])
        if report is None:
            raise tk.ObjectNotFound(tk._("This resource has not been validated yet"))
    return _dictize(report, full=True)


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
    _resource_or_404(data["resource_id"])
    limit = min(data.get("limit", 20), 100)
    reports = ValidationReport.history(data["resource_id"], limit, data.get("offset", 0))
    return {
        "count": ValidationReport.count_for(data["resource_id"]),
        "results": [_dictize(r) for r in reports],
    }


def tmopendata_validation_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Delete every validation report of a resource (editors only).

    :param resource_id: id of the resource
    :type resource_id: string
    :returns: ``deleted``: how many reports were removed
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.validation_delete(), context)
    _resource_or_404(data["resource_id"])
    tk.check_access("tmopendata_validation_delete", context, data)
    deleted = (
        model.Session.query(ValidationReport)
        .filter(ValidationReport.resource_id == data["resource_id"])
        .delete()
    )
    resource = model.Resource.get(data["resource_id"])
    extras = dict(resource.extras or {})
    extras.pop("validation_status", None)
    extras.pop("validation_timestamp", None)
    resource.extras = extras
    _commit(context)
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
    timeout = _config_int("ckanext.tmopendata.validation.job_timeout")
    now = _now()
    cutoff = now - datetime.timedelta(seconds=timeout + 60)
    stale = (
        model.Session.query(ValidationReport)
        .filter(ValidationReport.status.in_([PENDING, RUNNING]))
        .filter(sa.func.coalesce(ValidationReport.started, ValidationReport.created) < cutoff)
        .all()
    )
    resources = set()
    for report in stale:
        report.status = ERROR
        report.finished = now
        report.message = tk._(
            "The validation did not finish in time (was the worker stopped?). Run it again."
        )
        resources.add(report.resource_id)
    model.Session.flush()
    latest = ValidationReport.latest_for_many(resources)
    closed_ids = {report.id for report in stale}
    # a resource follows only if the closed run is its latest one
    closed = sorted(rid for rid, report in latest.items() if report.id in closed_ids)
    for resource_id in closed:
        _set_resource_status(resource_id, ERROR, now)
    _commit(context)
    return {"count": len(stale), "resources": closed}


@tk.side_effect_free
def tmopendata_schema_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The city's data standards (Frictionless Table Schemas), every version.

    :returns: ``name``, ``version``, ``ref`` (``name@version``, what a
        resource's ``schema`` field takes), ``title``/``title_en``,
        ``description``/``description_en``, ``fields``, ``primary_key``,
        ``samples``
    :rtype: list of dictionaries
    """
    validate_or_raise(data_dict, schema.schema_list(), context)
    tk.check_access("tmopendata_schema_list", context, data_dict)
    return schema_store.standards()


@tk.side_effect_free
def tmopendata_schema_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One data standard's Table Schema.

    :param name: standard name (e.g. ``tm-parcari``) or ``name@version``
    :type name: string
    :param version: version (default: the latest)
    :type version: string
    :returns: ``name``, ``version``, ``ref``, ``versions`` (all versions) and
        ``schema`` (the Table Schema descriptor)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.schema_show(), context)
    tk.check_access("tmopendata_schema_show", context, data)
    name, _, version = data["name"].partition("@")
    version = data.get("version") or version or None
    try:
        path = schema_store.standard_path(name, version)
    except schema_store.SchemaError as e:
        raise tk.ObjectNotFound(str(e))
    return {
        "name": name,
        "version": path.parent.name,
        "ref": f"{name}@{path.parent.name}",
        "versions": schema_store.versions(name),
        "schema": schema_store.standard(name, path.parent.name),
    }


def tmopendata_schema_infer(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Draft a Table Schema from a resource's data (frictionless describe),
    to help stewards write a new standard.

    :param resource_id: id of a CSV/TSV/XLSX resource
    :type resource_id: string
    :returns: ``schema`` (the inferred Table Schema), ``encoding``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.schema_infer(), context)
    _resource_or_404(data["resource_id"])
    tk.check_access("tmopendata_schema_infer", context, data)
    res = tk.get_action("resource_show")({"ignore_auth": True}, {"id": data["resource_id"]})
    fmt = _tabular_format(res)
    if not fmt:
        raise tk.ValidationError({"format": [tk._("Only CSV, TSV and XLSX resources can be described.")]})
    try:
        path, temporary = _local_copy(res)
    except fetch.FetchError as e:
        raise tk.ValidationError({"url": [
            tk._("The linked file could not be downloaded: {reason}").format(reason=e)]})
    except FileNotFoundError as e:
        raise tk.ValidationError({"resource_id": [str(e)]})
    except (ValueError, OSError) as e:
        # our own reasons (no http(s) URL, too large, file missing, refused address)
        raise tk.ValidationError({"resource_id": [tk._("The file could not be read: {reason}").format(
            reason=str(e)[:300])]})
    except Exception:  # noqa: BLE001 - unreachable host, HTTP error, timeout...
        # never echo what a server answered
        raise tk.ValidationError({"resource_id": [tk._(
            "The linked file could not be downloaded (the server cannot be reached or answered with an error).")]})
    try:
        return validation.infer_schema(path, fmt)
    except validation.InferenceError as e:
        raise tk.ValidationError({"resource_id": [str(e)]})
    except Exception:  # noqa: BLE001 - frictionless refuses files it cannot parse
        raise tk.ValidationError({"resource_id": [tk._("The file cannot be read as a table.")]})
    finally:
        if temporary:
            os.unlink(path)


# --- the publication gate (chained core actions) ---------------------------------

def _authoritative_statuses(pkg: dict[str, Any]) -> dict[str, Any]:
    """The dataset dict with each resource's validation status and schema
    taken from the report table, not from what the client sent."""
    checked = dict(pkg)
    resources = []
    for res in pkg.get("resources", []) or []:
        res = dict(res)
        report = ValidationReport.latest_for(res["id"]) if res.get("id") else None
        if report is None:
            res["validation_status"] = None
        else:
            res["validation_status"] = report_status(report)[0]
            if report.schema_ref is None:
                res["schema"] = None
        resources.append(res)
    checked["resources"] = resources
    return checked


def _changed_in_request(res: dict[str, Any], before: Optional[dict[str, Any]]) -> bool:
    """Whether a resource dict sent to package_update replaces what the
    stored resource ``before`` was validated with (file, URL, schema...)."""
    if before is None:
        return True
    if res.get("upload"):  # a new file (FileStorage is true when it has one)
        return True
    for key in ("schema", "format", "encoding"):
        if (res.get(key) or "") != (before.get(key) or ""):
            return True
    url, old = res.get("url") or "", before.get("url") or ""
    if before.get("url_type") == "upload" and res.get("url_type", "upload") == "upload":
        # package_show gives uploads a full download URL; clients may send the file name
        url, old = url.rsplit("/", 1)[-1], old.rsplit("/", 1)[-1]
    return url != old


def _apply_gate(context: Context, data_dict: DataDict, existing: Optional[dict[str, Any]]) -> None:
    from ckanext.tmopendata.hvd.gate import publication_problems
    import json as _json
    from ckan import authz

    reason = data_dict.pop("publication_override_reason", None)
    # Only the override path below writes publication_override: whatever a
    # client sends is replaced by the stored record (or dropped).
    stored_override = (existing or {}).get("publication_override")
    if stored_override:
        data_dict["publication_override"] = stored_override
    else:
        data_dict.pop("publication_override", None)
    # Validation statuses come from the report table, never from the client.
    apply_report_statuses(data_dict.get("resources"))
    hvd_type = tk.config.get("ckanext.tmopendata.hvd.dataset_type")
    pkg_type = data_dict.get("type") or (existing or {}).get("type")
    if pkg_type != hvd_type or context.get("tmopendata_skip_gate"):
        return
    private = tk.asbool(data_dict.get("private", (existing or {}).get("private", False)))
    state = data_dict.get("state") or (existing or {}).get("state") or "active"
    if private or state != "active":
        return
    was_public = bool(existing) and not existing.get("private") and existing.get("state") == "active"
    if was_public:
        return
    merged = dict(existing or {})
    merged.update(data_dict)
    if "resources" not in data_dict and existing:
        merged["resources"] = existing.get("resources", [])
    checked = _authoritative_statuses(merged)
    # A file, URL or schema replaced in this very request has not been
    # validated yet: its previous report does not count.
    before = {r.get("id"): r for r in (existing or {}).get("resources", [])}
    for res in checked.get("resources", []):
        if _changed_in_request(res, before.get(res.get("id"))):
            res["validation_status"] = None
    problems = publication_problems(checked)
    if not problems:
        return
    if reason:
        if not authz.is_sysadmin(context.get("user")):
            raise tk.ValidationError({"publication_override_reason": [
                tk._("Only sysadmins may publish an HVD that fails its checks.")]})
        data_dict["publication_override"] = _json.dumps({
            "reason": reason, "user": context.get("user"),
            "at": _now().isoformat(), "problems": problems,
        }, ensure_ascii=False)
        log.warning("HVD %s published by %s despite: %s", merged.get("name"), context.get("user"), problems)
        return
    if existing and existing.get("state") == "draft":
        # The last step of the web form (draft -> active): keep the new
        # dataset private instead of failing the request, and say why.
        data_dict["private"] = True
        _tell_web_user(problems)
        return
    raise tk.ValidationError({"publication": problems})


def _tell_web_user(problems: list[str]) -> None:
    from flask import has_request_context

    if has_request_context():
        tk.h.flash_error(
            tk._("The dataset was saved as private: it cannot be public yet. Missing: {problems}").format(
                problems=" ".join(problems)
            )
        )


@tk.chained_action
def package_create(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """Core ``package_create``, refusing a public HVD that fails its checks.

    ``publication_override`` and the resources' ``validation_status`` /
    ``validation_timestamp`` sent by the client are dropped (only the gate
    and the validation reports write them).
    """
    _apply_gate(context, data_dict, None)
    return up_func(context, data_dict)


@tk.chained_action
def package_update(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """Core ``package_update``, refusing to make an HVD public while any
    publication check fails (sysadmins may override with
    ``publication_override_reason``, which is recorded).

    ``publication_override`` keeps its stored value whatever the client
    sends, and each resource's ``validation_status`` /
    ``validation_timestamp`` are those of its latest validation report. After
    the update, resources whose URL, file, schema, format or encoding changed
    (and new ones) are validated again (see ``hooks.dataset_updated``).
    """
    existing = None
    ref = data_dict.get("id") or data_dict.get("name")
    if ref:
        pkg = model.Package.get(ref)
        if pkg is not None:
            existing = tk.get_action("package_show")(
                {"ignore_auth": True, "use_cache": False}, {"id": pkg.id}
            )
    # for after_dataset_update: which resources are new in this update
    context[RESOURCES_BEFORE] = [r["id"] for r in (existing or {}).get("resources", [])]  # type: ignore[literal-required]
    _apply_gate(context, data_dict, existing)
    return up_func(context, data_dict)


def bulk_publication_problems(data_dict: DataDict) -> dict[str, list[str]]:
    """For ``bulk_update_public``: the HVDs of the list that would become
    public and fail a publication check, by name, with what they miss."""
    from ckanext.tmopendata.hvd.gate import publication_problems

    ids = data_dict.get("datasets") or []
    if isinstance(ids, str):
        ids = [ids]
    hvd_type = tk.config.get("ckanext.tmopendata.hvd.dataset_type")
    candidates = (
        model.Session.query(model.Package)
        .filter(model.Package.id.in_([str(i) for i in ids]))
        .filter(model.Package.owner_org == data_dict.get("org_id"))
        .filter(model.Package.type == hvd_type)
        .filter(model.Package.state == "active")
        .filter(model.Package.private.is_(True))
        .order_by(model.Package.name)
        .all()
    )
    failing: dict[str, list[str]] = {}
    for pkg in candidates:
        shown = tk.get_action("package_show")({"ignore_auth": True, "use_cache": False}, {"id": pkg.id})
        shown["private"] = False
        problems = publication_problems(_authoritative_statuses(shown))
        if problems:
            failing[pkg.name] = problems
    return failing


@tk.chained_action
def bulk_update_public(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """Core ``bulk_update_public`` (the organisation's bulk "Make public"),
    refusing the whole request if any HVD of the list fails its publication
    checks; nothing is changed then.

    The error (``{"publication": [...]}``) names each refused dataset with
    what it misses. There is no override here, for sysadmins either: publish
    such a dataset on its own with ``package_patch`` and
    ``publication_override_reason`` (sysadmins only, recorded).
    """
    tk.check_access("bulk_update_public", context, data_dict)
    failing = bulk_publication_problems(data_dict)
    if failing:
        raise tk.ValidationError({"publication": [
            tk._('Dataset "{name}": {problem}').format(name=name, problem=problem)
            for name, problems in failing.items() for problem in problems
        ]})
    return up_func(context, data_dict)


# --- quarantine of failing files (see ``quarantine``) ------------------------------

def tmopendata_resource_release(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Let a withheld file be downloaded again: its latest validation found
    personal data, and a sysadmin judged it may be published anyway (e.g.
    the "personal data" are an institution's public phone numbers). The
    release, with its reason, is recorded for that failing report only: a
    new file that fails again is withheld again. Sysadmins only.

    :param resource_id: id of the withheld resource
    :type resource_id: string
    :param reason: why the file may be published (recorded)
    :type reason: string
    :returns: the release record: ``id``, ``resource_id``, ``package_id``,
        ``report_id``, ``reason``, ``user_name``, ``created``
    :rtype: dictionary
    """
    from ckanext.tmopendata.hvd import quarantine
    from ckanext.tmopendata.hvd.model import ResourceRelease

    data = validate_or_raise(data_dict, schema.resource_release(), context)
    tk.check_access("tmopendata_resource_release", context, data)
    resource = _resource_or_404(data["resource_id"])
    # one release per report, even for two sysadmins at once
    model.Session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                          {"key": "tmopendata_resource_release:" + resource.id})
    state = quarantine.withheld(resource.id)
    if state is None:
        raise tk.ValidationError({"resource_id": [tk._("This file is not withheld: there is nothing to release.")]})
    release = ResourceRelease(
        resource_id=resource.id, package_id=resource.package_id, report_id=state["report_id"],
        reason=data["reason"], user_name=context.get("user") or "", created=_now(),
    )
    model.Session.add(release)
    model.Session.flush()
    result = release.dictize()
    _commit(context)
    log.warning("Withheld file of resource %s released by %s: %s", resource.id, result["user_name"], data["reason"])
    return result


@tk.side_effect_free
def tmopendata_quarantine_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Public datasets with files that fail their latest validation (the
    quarantine): read by the procedures overview and the reminders. A file
    whose failing report found personal data is ``withheld`` (not
    downloadable) until a valid version replaces it or a sysadmin releases
    it.

    :param organization: id or name of an organisation (optional)
    :type organization: string
    :returns: ``count`` and ``datasets``: ``[{id, name, title, type,
        organization_id, organization_name, organization_title, withheld,
        resources: [{id, name, report_id, since, personal_data, withheld,
        release}]}]``
    :rtype: dictionary
    """
    from ckanext.tmopendata.hvd import quarantine

    data = validate_or_raise(data_dict, schema.quarantine_list(), context)
    tk.check_access("tmopendata_quarantine_list", context, data)
    org_id = None
    if data.get("organization"):
        org = model.Group.get(data["organization"])
        if org is None or not org.is_organization or org.state != "active":
            raise tk.ObjectNotFound(tk._("Organization not found"))
        org_id = org.id
    datasets = quarantine.failing_public_datasets(org_id)
    return {"count": len(datasets), "datasets": datasets}
