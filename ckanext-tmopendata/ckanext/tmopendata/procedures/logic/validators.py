"""Validators of the procedure actions."""
from __future__ import annotations

import datetime
import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tmopendata.procedures.template import ROLES


def tmopendata_procedure_date(value: Any, context: Context) -> Any:
    """An ISO date (YYYY-MM-DD), returned as ``datetime.date``."""
    if value is tk.missing or value is None or value == "":
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or len(value) > 30:
        raise tk.Invalid(tk._("Not a valid date (expected YYYY-MM-DD)"))
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise tk.Invalid(tk._("Not a valid date (expected YYYY-MM-DD): {value}").format(value=value))


def tmopendata_procedure_user(value: Any, context: Context) -> Any:
    """An existing active user (name or id), returned as the user's id;
    an empty value clears the owner."""
    if value is tk.missing or value is None or value == "":
        return value
    user = context["model"].User.get(str(value).strip())
    if user is None or user.state != "active":
        raise tk.Invalid(tk._("User not found: {user}").format(user=value))
    return user.id


def tmopendata_procedure_owners(value: Any, context: Context) -> Any:
    """Owners per role: a mapping (or its JSON) ``{role: user name or id}``,
    returned as ``{role: user id}``."""
    if value is tk.missing or value in (None, "", {}):
        return value
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise tk.Invalid(tk._("Expected a JSON object {role: user}"))
    if not isinstance(value, dict):
        raise tk.Invalid(tk._("Expected a JSON object {role: user}"))
    owners: dict[str, str] = {}
    for role, user in value.items():
        if role not in ROLES:
            raise tk.Invalid(tk._("Unknown role: {role} (expected one of {roles})").format(
                role=role, roles=", ".join(ROLES)))
        if user in (None, ""):
            continue
        owners[role] = tmopendata_procedure_user(user, context)
    return owners


__all__ = ["tmopendata_procedure_date", "tmopendata_procedure_user", "tmopendata_procedure_owners"]
