"""Activity of the site user shown (option
``ckanext.tmopendata.activity.show_site_user``, default true).

CKAN's activity plugin hides the activity of the accounts listed in
``ckan.hide_activity_from_users`` and, when that option is empty, of the
site user (harvesters act as it and would flood the streams). This portal
has no harvester: the site user is who loads the demo content and runs the
suite's CLI commands and jobs, so their changes were missing from every
activity stream (``package_activity_list`` empty for the demo datasets).
Unless the portal lists accounts itself, the list is set to one that
matches no account (not a valid user name), so nothing is hidden.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

#: Not a valid CKAN user name (parentheses), so it never matches an account.
NOBODY = "(nobody)"


def show_site_user(config: Any) -> None:
    """update_config: unhide the site user's activity unless configured."""
    current = config.get("ckan.hide_activity_from_users")
    ours = current in ([NOBODY], NOBODY)
    if not tk.asbool(config.get("ckanext.tmopendata.activity.show_site_user", True)):
        if ours:  # set by an earlier load of this plugin: CKAN's default again
            config["ckan.hide_activity_from_users"] = []
        return
    if current and not ours:
        return
    config["ckan.hide_activity_from_users"] = [NOBODY]
