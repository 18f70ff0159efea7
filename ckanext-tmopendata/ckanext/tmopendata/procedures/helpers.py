"""Template helpers of the procedure pages (they call actions only)."""
from __future__ import annotations

from typing import Any, Optional
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.actions import lang
from ckanext.tmopendata.lib.views import context as _context
from ckanext.tmopendata.procedures import template as tpl
from ckanext.tmopendata.procedures.auto import AUTO_EVIDENCE


def tmopendata_procedure_for(package_id: str) -> Optional[dict[str, Any]]:
    """The procedure of a dataset as the current user may see it, or None."""
    try:
        return tk.get_action("tmopendata_procedure_show")(_context(), {"id": package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


def tmopendata_procedure_can(action: str, data_dict: dict[str, Any]) -> bool:
    """May the current user call ``tmopendata_procedure_<action>``?"""
    try:
        tk.check_access(f"tmopendata_procedure_{action}", _context(), data_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def tmopendata_procedure_status_label(status: str) -> str:
    return {
        "todo": tk._("To do"),
        "in_progress": tk._("In progress"),
        "done": tk._("Done"),
        "skipped": tk._("Skipped"),
    }.get(status, status)


def tmopendata_procedure_status_css(status: str, overdue: bool = False) -> str:
    if overdue:
        return "danger"
    return {"done": "success", "skipped": "secondary", "in_progress": "info"}.get(status, "light")


def tmopendata_procedure_role_label(role: str) -> str:
    return {
        "steward": tk._("Data steward"),
        "editor": tk._("Editor"),
        "admin": tk._("Institution admin"),
        "coordinator": tk._("Programme coordinator"),
    }.get(role, role)


def tmopendata_procedure_evidence_url(evidence: Optional[str]) -> Optional[str]:
    """The evidence itself when it is a single http(s) URL (shown as a
    link), else None (shown as text)."""
    value = (evidence or "").strip()
    if not value or any(c.isspace() for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value
    return None


def tmopendata_procedure_evidence_text(evidence: Optional[str]) -> str:
    """The evidence of a step as the visitor reads it: what the portal
    recorded itself (stored as an English message id, see
    ``procedures.auto``) in the page's language; what people typed as typed."""
    if evidence and evidence in AUTO_EVIDENCE:
        return tk._(evidence)
    return evidence or ""


def tmopendata_procedure_steps() -> list[dict[str, str]]:
    """Steps of the configured template (for filters)."""
    try:
        template = tpl.current()
    except tpl.TemplateError:
        return []
    language = lang()
    return [{"key": s.key, "title": s.title(language)} for s in template.steps]


__all__ = [
    "tmopendata_procedure_for", "tmopendata_procedure_can", "tmopendata_procedure_status_label",
    "tmopendata_procedure_status_css", "tmopendata_procedure_role_label", "tmopendata_procedure_steps",
    "tmopendata_procedure_evidence_url", "tmopendata_procedure_evidence_text",
]
