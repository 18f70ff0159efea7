"""The ``ckan tmopendata`` command group shared by the suite's plugins.

Each plugin's ``cli.py`` adds its sub-commands to :data:`tmopendata` and
exposes the group through ``tk.blanket.cli``; registering the same group
object from several plugins is harmless, and only the commands of loaded
plugins are present.
"""
from __future__ import annotations

from typing import Any

import click

import ckan.plugins.toolkit as tk


@click.group(short_help="Timisoara open data programme tools.")
def tmopendata() -> None:
    """Commands of the ckanext-tmopendata suite."""


def site_context() -> dict[str, Any]:
    """Context for calling actions as the site user (what CLI commands do)."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": False}


def call(action: str, data: dict[str, Any]) -> Any:
    """Call ``action`` as the site user."""
    return tk.get_action(action)(site_context(), data)
