"""Who may do what with the DataStore tables (every decision here)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


def _package_of(resource_id: Any) -> str | None:
    res = model.Resource.get(str(resource_id or ""))
    return res.package_id if res is not None else None


def _can(action: str, context: Context, data: DataDict) -> AuthResult:
    try:
        tk.check_access(action, {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")}, data)
    except tk.NotAuthorized:
        return {"success": False}
    except tk.ObjectNotFound:
        return {"success": False, "msg": tk._("Not found")}
    return {"success": True}


def tmopendata_datastore_load(context: Context, data_dict: DataDict) -> AuthResult:
    """(Re)load a resource's rows: editors of its dataset (as package_update)."""
    package_id = _package_of(data_dict.get("resource_id"))
    if package_id is None:
        return {"success": False, "msg": tk._("Resource not found")}
    return _can("package_update", context, {"id": package_id})


def tmopendata_datastore_remove(context: Context, data_dict: DataDict) -> AuthResult:
    """Drop a resource's rows: editors of its dataset."""
    return tmopendata_datastore_load(context, data_dict)


@tk.auth_allow_anonymous_access
def tmopendata_datastore_status(context: Context, data_dict: DataDict) -> AuthResult:
    """As package_show of the dataset."""
    return _can("package_show", context, {"id": data_dict.get("id")})
