"""Validators of the progress plugin's action parameters."""
from __future__ import annotations

import re
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def tmopendata_progress_month(value: Any) -> str:
    """A month as ``YYYY-MM``."""
    value = str(value or "").strip()
    if not _MONTH.match(value):
        raise tk.Invalid(tk._("Give a month as YYYY-MM (e.g. 2026-11)."))
    return value


def tmopendata_progress_organization(value: Any) -> str:
    """The id of an active institution given by id or name."""
    org = model.Group.get(str(value))
    if org is None or not org.is_organization or org.state != "active":
        raise tk.Invalid(tk._("Institution not found: {name}").format(name=value))
    return org.id
