"""Running a validation: fetch the resource's file (an upload from storage,
a linked file through the suite's fetcher), validate it with the engine
(:mod:`~ckanext.tmopendata.hvd.validation`) against its schema (resolved by
:mod:`~ckanext.tmopendata.hvd.schema_store`), and record the outcome in the
report, now or in a background job. Used by the action
``tmopendata_validation_run`` only (the job runs that action again)."""
from __future__ import annotations

import logging
import os
import tempfile
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import uploader
from ckan.types import Context

from ckanext.tmopendata.hvd import reports, schema_store, validation
from ckanext.tmopendata.hvd.jobs import validate_in_background
from ckanext.tmopendata.hvd.model import ERROR, PENDING, RUNNING, SUCCESS, ValidationReport
from ckanext.tmopendata.lib import fetch, validated_copies
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.compat import reindex_dataset
from ckanext.tmopendata.lib.formats import tabular_format

log = logging.getLogger(__name__)


def config_int(key: str) -> int:
    return int(tk.config.get(key))


def upload_size(res: dict[str, Any]) -> int:
    """Size of an uploaded resource's file in storage (0 when missing)."""
    try:
        return os.path.getsize(uploader.get_resource_uploader(res).get_path(res["id"]))
    except OSError:
        return 0


def runs_now(res: dict[str, Any]) -> bool:
    """Whether a run validates at once (an upload up to
    ``ckanext.tmopendata.validation.sync_max_bytes``) rather than in a job."""
    if res.get("url_type") != "upload":
        return False
    return upload_size(res) <= config_int("ckanext.tmopendata.validation.sync_max_bytes")


def local_copy(res: dict[str, Any], background: bool = False) -> tuple[str, bool]:
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
        max_bytes=config_int("ckanext.tmopendata.validation.max_bytes"), background=background
    )
    fmt = tabular_format(res)
    fd, path = tempfile.mkstemp(prefix="tmopendata-", suffix="." + (fmt or "dat"))
    try:
        with os.fdopen(fd, "wb") as out:
            fetch.fetch(url, out, policy, expect=fmt or "csv")
    except BaseException:
        os.unlink(path)
        raise
    return path, True


def new_report(resource: model.Resource, sync: bool, user: Any) -> ValidationReport:
    """A ``pending`` report of ``resource`` (added to the session; the
    resource's own status follows)."""
    report = ValidationReport(
        resource_id=resource.id,
        package_id=resource.package_id,
        status=PENDING,
        mode="sync" if sync else "background",
        requested_by=user,
        created=now(),
        source=reports.resource_fingerprint(resource),
    )
    model.Session.add(report)
    reports.set_resource_status(resource.id, PENDING, report.created)
    return report


def execute(report: ValidationReport, res: dict[str, Any], context: Context) -> None:
    """Run one validation. Never raises: any failure ends in status error."""
    report.status = RUNNING
    report.started = now()
    reports.set_resource_status(report.resource_id, RUNNING, report.started)
    commit(context)
    path, temporary = None, False
    try:
        background = report.mode == "background"
        descriptor, ref = schema_store.resolve(res.get("schema"), background=background)
        report.schema_ref, report.schema = ref, descriptor
        fmt = tabular_format(res) or (res.get("format") or "").lower()
        path, temporary = local_copy(res, background=background)
        limits = validation.Limits(
            max_errors=config_int("ckanext.tmopendata.validation.max_errors"),
            max_cell_bytes=config_int("ckanext.tmopendata.validation.max_cell_bytes"),
            engine=tk.config.get("ckanext.tmopendata.validation.engine") or "fast",
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
    except Exception as e:
        log.exception("Validation of resource %s failed", report.resource_id)
        report.status = ERROR
        report.message = tk._("Validation could not run: {reason}").format(
            reason=f"{type(e).__name__}: {e}"
        )
    finally:
        # a linked file that validated is kept for whatever uses it next
        # (the DataStore loader): the very bytes validated, not a new download
        if temporary and path and not (
                report.status == SUCCESS and validated_copies.keep(report.resource_id, report.id, path)):
            os.unlink(path)
    report.finished = now()
    reports.set_resource_status(report.resource_id, report.status, report.finished)
    commit(context)
    reindex_dataset(report.package_id)


def enqueue(report: ValidationReport, context: Context) -> None:
    """Queue the pending ``report`` for the worker (committed first); if
    the queue cannot be reached, the report ends in ``error`` at once."""
    commit(context)
    try:
        tk.enqueue_job(
            validate_in_background,
            [report.id],
            title=f"tmopendata validation of resource {report.resource_id}",
            rq_kwargs={"timeout": config_int("ckanext.tmopendata.validation.job_timeout")},
        )
    except Exception as e:
        log.exception("Could not queue the validation of resource %s", report.resource_id)
        report.status = ERROR
        report.finished = now()
        report.message = tk._("The validation could not be queued: {reason}").format(
            reason=f"{type(e).__name__}: {e}")
        reports.set_resource_status(report.resource_id, ERROR, report.finished)
        commit(context)
        reindex_dataset(report.package_id)
