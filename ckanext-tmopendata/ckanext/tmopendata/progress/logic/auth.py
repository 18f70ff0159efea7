"""Authorization of the ``tmopendata_progress`` plugin.

Progress figures and the maintenance overview are public, but the actions
compute them only over the datasets the caller may see (``package_search``
with the caller's permissions: public datasets for everyone, private ones
for their organisation's members, everything for sysadmins), so private
datasets never appear to outsiders. Storing snapshots and sending reminders
are for sysadmins (the CLI and the background job run as the site user).
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


@tk.auth_allow_anonymous_access
def tmopendata_overdue_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone (the list holds only the datasets the caller may see)."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_progress_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone (figures count only the datasets the caller may see)."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_progress_history(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone: snapshots hold public figures only."""
    return {"success": True}


def tmopendata_progress_snapshot(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins only (CKAN lets sysadmins through before this is called)."""
    return {"success": False, "msg": tk._("Only system administrators may store progress snapshots")}


def tmopendata_reminders_send(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins only (CKAN lets sysadmins through before this is called)."""
    return {"success": False, "msg": tk._("Only system administrators may send reminders")}


def tmopendata_reminder_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins only: the log names people and their e-mail addresses."""
    return {"success": False, "msg": tk._("Only system administrators may read the reminder log")}
