"""What the DataStore plugin does on CKAN's resource events: a resource
deleted, or turned into a non-tabular one, leaves the DataStore."""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib import formats
from ckanext.tmopendata.lib.compat import inside_core_savepoint

log = logging.getLogger(__name__)


def _remove(resource_id: str, context: Any) -> None:
    ctx: dict[str, Any] = {"ignore_auth": True, "user": (context or {}).get("user") or ""}
    if (context or {}).get("defer_commit") or inside_core_savepoint():
        # inside the caller's transaction (CKAN 2.12: package_update's
        # savepoint around after_dataset_update): committed with it
        ctx["defer_commit"] = True
    try:
        tk.get_action("tmopendata_datastore_remove")(ctx, {"resource_id": resource_id})
    except tk.ObjectNotFound:
        pass
    except Exception:
        log.exception("Could not remove resource %s from the DataStore", resource_id)


DELETING = "tmopendata_datastore_deleting"


def resource_deleting(context: Any, resource: dict[str, Any]) -> None:
    """before_resource_delete: remember which resource goes."""
    if isinstance(context, dict) and resource.get("id"):
        context[DELETING] = resource["id"]


def resource_deleted(context: Any) -> None:
    """after_resource_delete: its table goes."""
    resource_id = context.pop(DELETING, None) if isinstance(context, dict) else None
    res = model.Resource.get(resource_id) if resource_id else None
    if res is not None and res.state != "active":
        _remove(resource_id, context)


def resource_updated(context: Any, resource: dict[str, Any]) -> None:
    """after_resource_update: a resource no longer tabular leaves the
    DataStore (also its rows loaded by ckanext-xloader)."""
    if resource.get("id") and not formats.is_tabular(resource) and resource.get("datastore_active"):
        _remove(resource["id"], context)


def dataset_updated(context: Any, pkg_dict: dict[str, Any]) -> None:
    """after_dataset_update (package_update/patch/revise): the same for
    every resource of the dataset, and resources dropped from it."""
    from ckanext.tmopendata.datastore.model import LOADED, FAILED, DatastoreLoad

    if not pkg_dict.get("id"):
        return
    pkg = model.Package.get(pkg_dict["id"])
    if pkg is None:
        return
    active = {r.id: r for r in pkg.resources}
    for state in model.Session.query(DatastoreLoad).filter(
            DatastoreLoad.package_id == pkg.id, DatastoreLoad.status.in_([LOADED, FAILED, "pending", "running"])):
        res = active.get(state.resource_id)
        if res is None or res.state != "active":
            _remove(state.resource_id, context)
        elif not formats.is_tabular({"format": res.format, "url": res.url}):
            _remove(state.resource_id, context)
    for res in pkg.resources:
        if (res.extras or {}).get("datastore_active") and not formats.is_tabular({"format": res.format, "url": res.url}):
            _remove(res.id, context)


def dataset_deleted(context: Any, data_dict: dict[str, Any]) -> None:
    """after_dataset_delete: the dataset's tables go."""
    from ckanext.tmopendata.datastore.model import DatastoreLoad

    pkg = model.Package.get(data_dict.get("id") or "")
    if pkg is None:
        return
    ids = {s.resource_id for s in model.Session.query(DatastoreLoad).filter(DatastoreLoad.package_id == pkg.id)}
    ids |= {r.id for r in pkg.resources_all if (r.extras or {}).get("datastore_active")}
    for resource_id in ids:
        _remove(resource_id, context)
