"""Authorization functions of the core plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


@tk.auth_allow_anonymous_access
def tmopendata_status_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Anyone, anonymous visitors included, may read the suite's status."""
    return {"success": True}


def tmopendata_dump_create(context: Context, data_dict: DataDict) -> AuthResult:
    """Only sysadmins (who pass every auth function) build the dump."""
    return {"success": False, "msg": tk._("Only sysadmins may build the metadata dump.")}


@tk.auth_allow_anonymous_access
def tmopendata_dump_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Anyone may read where the public metadata dump is."""
    return {"success": True}
