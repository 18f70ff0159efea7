"""Validation reports name who asked for the run (``requested_by``, an
internal user name). Over the web (API or pages), only those who may edit
the report's dataset see it; anonymous visitors and other users get the
report without it. Internal calls outside a request (CLI, background jobs)
keep it."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def _request_user() -> tuple[bool, str]:
    """(inside a web request, the user's name or "")."""
    from flask import has_request_context

    if not has_request_context():
        return False, ""
    from ckan.common import current_user

    try:
        return True, current_user.name if current_user.is_authenticated else ""
    except (RuntimeError, AttributeError):
        return True, ""


def may_see_requester(package_id: str) -> bool:
    inside, user = _request_user()
    if not inside:
        return True
    if not user:
        return False
    from flask import g

    cache = g.setdefault("tmopendata_requester_visible", {})
    if package_id not in cache:
        try:
            tk.check_access("package_update", {"user": user}, {"id": package_id})
            cache[package_id] = True
        except (tk.NotAuthorized, tk.ObjectNotFound):
            cache[package_id] = False
    return cache[package_id]


def hide_requester(data: dict[str, Any]) -> dict[str, Any]:
    """Leave ``requested_by`` out unless the caller may see it."""
    if data.get("requested_by") and not may_see_requester(data.get("package_id") or ""):
        data.pop("requested_by", None)
    return data
