"""Actions of the DataStore plugin: load a resource's validated file into the
DataStore (``tmopendata_datastore_load``), remove it
(``tmopendata_datastore_remove``) and what the API serves for a dataset
(``tmopendata_datastore_status``)."""
from __future__ import annotations

import datetime
import logging
import os
import tempfile
from typing import Any, Optional

import sqlalchemy as sa

import ckan.lib.uploader as uploader
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.datastore import loader
from ckanext.tmopendata.datastore.logic import schema
from ckanext.tmopendata.datastore.model import (
    FAILED, LOADED, PENDING, REMOVED, RUNNING, UNFINISHED, DatastoreLoad,
)
from ckanext.tmopendata.lib import fetch, formats, locks, validated_copies
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise

log = logging.getLogger(__name__)

__all__ = ["tmopendata_datastore_load", "tmopendata_datastore_remove", "tmopendata_datastore_status"]


# --- helpers (private: not exported as actions) ---------------------------------

def _config_int(key: str) -> int:
    return int(tk.config.get(key))


def latest_validation(resource_id: str) -> Optional[dict[str, Any]]:
    """The resource's latest validation report through the HVD plugin's
    public action; ``None`` when that plugin is not loaded (then
    ckanext-xloader's own behaviour applies); ``{"status": "none"}`` when
    the resource was never validated."""
    try:
        show = tk.get_action("tmopendata_validation_show")
    except KeyError:
        return None
    try:
        return show({"ignore_auth": True}, {"resource_id": resource_id})
    except tk.ObjectNotFound:
        return {"status": "none"}


def gate_available() -> bool:
    try:
        tk.get_action("tmopendata_validation_show")
    except KeyError:
        return False
    return True


def _state(resource: model.Resource) -> DatastoreLoad:
    state = DatastoreLoad.get(resource.id, lock=True)
    if state is None:
        state = DatastoreLoad(resource_id=resource.id, package_id=resource.package_id,
                              status=PENDING, requested=now())
        model.Session.add(state)
    return state


def _local_file(res: dict[str, Any], report: Optional[dict[str, Any]]) -> tuple[str, bool, bool]:
    """The file to load, whether it is a temporary copy to remove, and
    whether it is the very file validated (``verbatim``: PostgreSQL may
    read it as it is). An upload is read from the portal's storage; a
    linked file from the copy its validation kept
    (:mod:`~ckanext.tmopendata.lib.validated_copies`); without that copy
    (pruned, another machine) it is downloaded again through the suite's
    fetcher (the outbound fetch policy) and every row is checked again
    while read. Never any other download."""
    if res.get("url_type") == "upload":
        path = uploader.get_resource_uploader(res).get_path(res["id"])
        if not os.path.exists(path):
            raise loader.LoadError(tk._("The uploaded file is missing from storage."))
        return path, False, True
    kept = validated_copies.find(res["id"], (report or {}).get("id"))
    if kept:
        return kept, False, True
    url = (res.get("url") or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        raise loader.LoadError(tk._("The resource has no file and no http(s) URL."))
    fmt = formats.tabular_format(res) or "csv"
    policy = fetch.Policy.from_config(
        max_bytes=tk.config.get("ckanext.tmopendata.validation.max_bytes"), background=True)
    fd, path = tempfile.mkstemp(prefix="tmopendata-ds-", suffix="." + fmt)
    try:
        with os.fdopen(fd, "wb") as out:
            fetch.fetch(url, out, policy, expect=fmt)
    except fetch.FetchError as e:
        os.unlink(path)
        raise loader.LoadError(tk._("The linked file could not be downloaded: {reason}").format(reason=e)) from e
    except BaseException:
        os.unlink(path)
        raise
    return path, True, False


def _set_active(resource_id: str, active: bool) -> None:
    """``datastore_active`` on the resource, as DataStore actions set it."""
    from ckanext.tmopendata.lib.compat import set_datastore_active

    try:
        set_datastore_active(resource_id, active)
    except Exception:
        log.exception("Could not set datastore_active=%s on resource %s", active, resource_id)
        model.Session.rollback()


def _standard(report: dict[str, Any]) -> Optional[str]:
    ref = report.get("schema_ref")
    return ref if ref and ref != "inline" else None


def _dictize(state: DatastoreLoad) -> dict[str, Any]:
    status, message = _effective(state)
    return {
        "resource_id": state.resource_id,
        "package_id": state.package_id,
        "status": status,
        "message": message,
        "rows": state.rows,
        "loaded_at": state.loaded_at.isoformat() if state.loaded_at else None,
        "validated_at": state.loaded_validated_at.isoformat() if state.loaded_validated_at else None,
        "report_id": state.report_id,
        "loaded_report_id": state.loaded_report_id,
        "typed": state.typed,
        "requested": state.requested.isoformat() if state.requested else None,
    }


#: the advisory mutex a process holds while it loads a resource (see run_load)
LOADING = "tmopendata_datastore_load"


def _loader_gone(state: DatastoreLoad) -> bool:
    """A load marked ``running`` whose process is gone (the worker killed
    with ``kill -9``, its machine restarted, out of memory): the loading
    process holds the advisory mutex :data:`LOADING` of the resource on a
    PostgreSQL connection of its own from before it records ``running``
    until after it records the end; a dead process holds it no more
    (PostgreSQL ends its session with the connection). Read-only: looks at
    ``pg_locks``; the status is read again from the database so that a load
    that just finished is not taken for a dead one."""
    if state.status != RUNNING or locks.mutex_held(LOADING, state.resource_id):
        return False
    current = model.Session.execute(
        sa.select(DatastoreLoad.status).where(DatastoreLoad.resource_id == state.resource_id)).scalar()
    if current != RUNNING:
        return False
    # a load of the same resource may have started in between: asked again
    return not locks.mutex_held(LOADING, state.resource_id)


def _stale(state: DatastoreLoad) -> bool:
    """A load left pending/running past the job timeout (worker killed,
    Redis lost the job): reported as failed, never pending for ever."""
    if state.status not in UNFINISHED:
        return False
    limit = datetime.timedelta(seconds=_config_int("ckanext.tmopendata.datastore.job_timeout") + 60)
    return (state.attempted or state.requested) < now() - limit


#: seconds after which a queued load whose job is gone from Redis is failed
#: (the job is queued right after the state is committed)
JOB_GRACE = 60


def _job_gone(state: DatastoreLoad) -> bool:
    """A load queued for the worker (``pending``, no message: not waiting
    for a validation) whose RQ job is gone without having started the load
    (Redis flushed, the job failed or its work horse was killed before the
    load began): reported failed without waiting for the job timeout.
    Read-only (asks Redis)."""
    if state.status != PENDING or state.message or state.attempted is not None:
        return False
    if state.requested > now() - datetime.timedelta(seconds=JOB_GRACE):
        return False
    from ckanext.tmopendata.datastore import jobs

    if not jobs.job_gone(state.resource_id, state.requested):
        return False
    current = model.Session.execute(
        sa.select(DatastoreLoad.status, DatastoreLoad.requested).where(
            DatastoreLoad.resource_id == state.resource_id)).first()
    return current is not None and current[0] == PENDING and current[1] == state.requested


def _effective(state: DatastoreLoad) -> tuple[str, Optional[str]]:
    """The status and message to report: ``failed`` with the reason when
    the load can no longer finish (past the job timeout, its process gone,
    its queued job lost), else as recorded. Each check asks PostgreSQL or
    Redis once."""
    lost = tk._("The load did not finish (the worker stopped or the job was lost); load it again.")
    if _stale(state):
        return FAILED, lost
    if _loader_gone(state):
        return FAILED, tk._("The loader stopped before the end (the worker was killed or restarted); "
                            "the rows served before stay. Load it again.")
    if _job_gone(state):
        return FAILED, lost
    return state.status, state.message


def _refuse(state: DatastoreLoad, report: dict[str, Any], context: Context) -> dict[str, Any]:
    status = report.get("status")
    if status in ("pending", "running"):
        state.status = PENDING
        state.message = tk._("Waiting for the validation of the file.")
    else:
        state.status = FAILED
        if status == "none":
            state.message = tk._("The file has not been validated: it is not loaded.")
        elif state.loaded_at is None:
            state.message = tk._("The file failed validation: it is not loaded.")
        else:
            state.message = tk._("The newer file failed validation: it is not loaded.")
    state.report_id = report.get("id")
    state.requested = now()
    commit(context)
    return _dictize(state)


def run_load(state: DatastoreLoad, res: dict[str, Any], report: Optional[dict[str, Any]],
             context: Context, progress: Any = None) -> dict[str, Any]:
    """Load now; never raises for a failure of the file or of PostgreSQL:
    the state says why and the previous rows stay.

    The whole load holds the resource's advisory mutex :data:`LOADING`
    (a connection of its own): a second load of the same resource waits for
    the first, and a load whose process died is told from a running one
    (:func:`_loader_gone`). The state's row lock is released first (commit),
    so that no process waits for the mutex while holding the row."""
    commit(context)
    with locks.advisory_mutex(LOADING, res["id"]):
        state = DatastoreLoad.get(res["id"], lock=True) or state
        return _load_holding_mutex(state, res, report, context, progress)


def _load_holding_mutex(state: DatastoreLoad, res: dict[str, Any], report: Optional[dict[str, Any]],
                        context: Context, progress: Any = None) -> dict[str, Any]:
    state.status = RUNNING
    state.attempted = now()
    state.report_id = (report or {}).get("id")
    commit(context)
    path, temporary, verbatim = None, False, False
    try:
        path, temporary, verbatim = _local_file(res, report)
        fmt = formats.tabular_format(res) or "csv"
        descriptor = (report or {}).get("schema")
        outcome = loader.load_file(
            path, fmt, res["id"], schema=descriptor, encoding=(report or {}).get("encoding"),
            standard=_standard(report or {}),
            statement_timeout_ms=_config_int("ckanext.tmopendata.datastore.statement_timeout") * 1000,
            progress=progress,
            # the very file validated (an upload, a linked file's validated
            # copy): PostgreSQL may read it as it is
            verbatim=verbatim,
        )
    except loader.LoadError as e:
        model.Session.rollback()
        state = DatastoreLoad.get(res["id"], lock=True) or state
        state.status, state.message = FAILED, str(e)
        commit(context)
        return _dictize(state)
    except Exception as e:
        log.exception("Loading resource %s into the DataStore failed", res["id"])
        model.Session.rollback()
        state = DatastoreLoad.get(res["id"], lock=True) or state
        state.status = FAILED
        state.message = tk._("The load could not run: {reason}").format(reason=f"{type(e).__name__}: {e}")
        commit(context)
        return _dictize(state)
    finally:
        if temporary and path:
            os.unlink(path)
    if verbatim and res.get("url_type") != "upload":
        # used: a retry downloads and checks again
        validated_copies.discard(res["id"], (report or {}).get("id"))
    state = DatastoreLoad.get(res["id"], lock=True) or state
    state.status, state.message = LOADED, None
    state.rows, state.typed, state.loaded_at = outcome["rows"], outcome["typed"], now()
    state.loaded_report_id = (report or {}).get("id")
    finished = (report or {}).get("finished")
    state.loaded_validated_at = datetime.datetime.fromisoformat(finished) if finished else state.loaded_at
    commit(context)
    _set_active(res["id"], True)
    _after_upload(context, res)
    return _dictize(state)


def _after_upload(context: Context, res: dict[str, Any]) -> None:
    """ckanext-xloader's IXloader.after_upload of every plugin, as after its
    own loads (ckanext-xloader's ``xloader_hook``)."""
    try:
        from ckanext.xloader.interfaces import IXloader
    except ImportError:  # pragma: no cover
        return
    import ckan.plugins as p

    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": res["package_id"]})
    fresh = next((r for r in dataset.get("resources") or [] if r.get("id") == res["id"]), res)
    # The preview (datatables_view) needs the rows: create the default
    # views that need the DataStore now, as ckanext-xloader does, as the
    # site user (CKAN 2.12's resource_view_create needs an existing user).
    try:
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        tk.get_action("resource_create_default_resource_views")(
            {"ignore_auth": True, "user": site_user},
            {"resource": fresh, "package": dataset, "create_datastore_views": True})
    except Exception:
        log.exception("Could not create the default views of resource %s", res["id"])
    for plugin in p.PluginImplementations(IXloader):
        try:
            plugin.after_upload(context, fresh, dataset)
        except Exception:
            log.exception("IXloader.after_upload of %s failed", plugin)


# --- actions --------------------------------------------------------------------

def tmopendata_datastore_load(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Load a tabular resource's file into the DataStore, if and only if its
    latest validation succeeded.

    The file validated is the one loaded (an upload from storage, a linked
    file from the copy its validation downloaded through the suite's
    fetcher), columns typed by the Table Schema it
    was validated against, the data dictionary from the standard. The rows
    are replaced in one transaction: a failing load or a failing newer file
    leaves the rows of the last valid version served. Without the HVD plugin
    the resource goes to ckanext-xloader (``xloader_submit``). Editors of
    the dataset only.

    :param resource_id: id of the resource
    :type resource_id: string
    :param sync: ``true`` loads now; default ``false`` queues a job for the
        worker (status ``pending``; inside a caller that defers its commit,
        queued when that caller commits)
    :type sync: bool
    :returns: the resource's DataStore state: ``resource_id``,
        ``package_id``, ``status`` (``pending``, ``running``, ``loaded``,
        ``failed``, ``removed``), ``message``, ``rows``, ``loaded_at``,
        ``validated_at`` (the validation of the version served),
        ``report_id``, ``loaded_report_id``, ``typed``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.datastore_load(), context)
    resource = model.Resource.get(data["resource_id"])
    if resource is None or resource.state != "active":
        raise tk.ObjectNotFound(tk._("Resource not found"))
    tk.check_access("tmopendata_datastore_load", context, data)
    # as it is in this transaction, not the search index's copy (see hvd)
    res = tk.get_action("resource_show")({"ignore_auth": True, "use_cache": False}, {"id": resource.id})
    if not formats.is_tabular(res):
        raise tk.ValidationError({"format": [tk._(
            'Only CSV, TSV and XLSX resources are loaded into the DataStore (this one is "{fmt}").'
        ).format(fmt=res.get("format") or "?")]})
    if not gate_available():
        return tk.get_action("xloader_submit")(
            {"ignore_auth": True, "user": context.get("user")},
            {"resource_id": resource.id, "ignore_hash": True, "sync": bool(data.get("sync"))},
        )
    state = _state(resource)
    report = latest_validation(resource.id) or {"status": "none"}
    if report.get("status") != "success":
        return _refuse(state, report, context)
    if not data.get("sync"):
        state.status, state.message, state.requested, state.attempted = PENDING, None, now(), None
        state.report_id = report.get("id")
        commit(context)
        from ckanext.tmopendata.datastore import jobs

        try:
            if context.get("defer_commit"):
                jobs.enqueue_after_commit(resource.id, state.requested)
            else:
                jobs.enqueue(resource.id, state.requested)
        except Exception as e:
            log.exception("Could not queue the load of resource %s", resource.id)
            state = DatastoreLoad.get(resource.id, lock=True) or state
            state.status = FAILED
            state.message = tk._("The load could not be queued: {reason}").format(reason=f"{type(e).__name__}: {e}")
            commit(context)
        return _dictize(state)
    return run_load(state, res, report, context, progress=context.get("tmopendata_progress"))  # type: ignore[misc]


def tmopendata_datastore_remove(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Remove a resource's rows from the DataStore (a deleted resource, or
    one no longer tabular). Editors of the dataset.

    :param resource_id: id of the resource
    :type resource_id: string
    :returns: ``{"resource_id", "removed": bool}``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.datastore_remove(), context)
    resource = model.Resource.get(data["resource_id"])
    if resource is None:
        raise tk.ObjectNotFound(tk._("Resource not found"))
    tk.check_access("tmopendata_datastore_remove", context, data)
    removed = loader.remove_table(resource.id)
    validated_copies.discard(resource.id)
    state = DatastoreLoad.get(resource.id, lock=True)
    if state is not None:
        state.status, state.message, state.rows = REMOVED, None, None
        state.loaded_at = state.loaded_validated_at = state.loaded_report_id = None
    commit(context)
    if removed and resource.state == "active":
        _set_active(resource.id, False)
    return {"resource_id": resource.id, "removed": removed}


@tk.side_effect_free
def tmopendata_datastore_status(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Which resources of a dataset the DataStore API serves.

    :param id: id or name of the dataset
    :type id: string
    :returns: ``dataset_id``, ``tabular`` (tabular resources), ``loaded``
        (how many have the rows of their latest valid file in the
        DataStore), ``all_loaded`` (every tabular resource loaded, and at
        least one), ``resources``: for each resource ``id``, ``name``,
        ``status`` (``loaded``, ``pending``, ``failed``, ``not_loaded``,
        ``not_tabular``), ``rows``, ``loaded_at`` (ISO), ``validated_at``
        (ISO: the validation of the version served), ``message``; a load
        whose process died (worker killed) or whose queued job was lost is
        reported ``failed``, never ``pending`` for ever
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.datastore_status(), context)
    tk.check_access("tmopendata_datastore_status", context, data)
    pkg = tk.get_action("package_show")(
        {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj"),
         "ignore_auth": bool(context.get("ignore_auth"))}, {"id": data["id"]})
    resources = [r for r in pkg.get("resources") or [] if r.get("id")]
    states = DatastoreLoad.for_resources(r["id"] for r in resources)
    out, tabular, loaded = [], 0, 0
    for res in resources:
        entry: dict[str, Any] = {"id": res["id"], "name": res.get("name") or "", "rows": None,
                                 "loaded_at": None, "validated_at": None, "message": None}
        state = states.get(res["id"])
        if not formats.is_tabular(res):
            entry["status"] = "not_tabular"
        else:
            tabular += 1
            if state is None or state.status == REMOVED:
                entry["status"] = "loaded" if (not gate_available() and res.get("datastore_active")) else "not_loaded"
            else:
                status, entry["message"] = _effective(state)
                entry["status"] = PENDING if status == RUNNING else status
                entry["rows"] = state.rows
                entry["loaded_at"] = state.loaded_at.isoformat() if state.loaded_at else None
                entry["validated_at"] = (
                    state.loaded_validated_at.isoformat() if state.loaded_validated_at else None)
            if entry["status"] == "loaded":
                loaded += 1
        out.append(entry)
    return {"dataset_id": pkg["id"], "tabular": tabular, "loaded": loaded,
            "all_loaded": tabular > 0 and loaded == tabular, "resources": out}
