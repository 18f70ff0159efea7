"""Template helpers of the reuse pages: labels of the closed lists and the
approved showcases of a dataset (its "Used by" box)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckanext.tmopendata.reuse.model import PARTNER_KINDS, SHOWCASE_KINDS

__all__ = ["tmopendata_reuse_kind_label", "tmopendata_reuse_kinds", "tmopendata_partner_kind_label",
           "tmopendata_partner_kinds", "tmopendata_reuse_used_by", "tmopendata_reuse_usage"]


def _context() -> dict[str, Any]:
    return {"user": current_user.name if current_user.is_authenticated else ""}


def tmopendata_reuse_kind_label(code: str) -> str:
    labels = {
        "application": tk._("Application"),
        "visualisation": tk._("Visualisation"),
        "research": tk._("Research"),
        "article": tk._("Article"),
        "service": tk._("Service"),
    }
    return labels.get(code, code)


def tmopendata_reuse_kinds() -> list[tuple[str, str]]:
    return [(code, tmopendata_reuse_kind_label(code)) for code in SHOWCASE_KINDS]


def tmopendata_partner_kind_label(code: str) -> str:
    labels = {
        "tech_community": tk._("Tech community"),
        "academia": tk._("Academia"),
        "business": tk._("Business"),
        "ngo": tk._("NGO"),
    }
    return labels.get(code, code)


def tmopendata_partner_kinds() -> list[tuple[str, str]]:
    return [(code, tmopendata_partner_kind_label(code)) for code in PARTNER_KINDS]


def tmopendata_reuse_used_by(package_id: str) -> list[dict[str, Any]]:
    """Approved showcases using the dataset (empty when it cannot be read)."""
    try:
        return tk.get_action("tmopendata_showcase_list")(
            _context(), {"package_id": package_id, "limit": 50})["results"]
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound):
        return []


def tmopendata_reuse_usage(package_id: str) -> dict[str, Any] | None:
    """Usage figures of the dataset, or ``None``."""
    try:
        return tk.get_action("tmopendata_usage_show")(_context(), {"id": package_id})
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound):
        return None
