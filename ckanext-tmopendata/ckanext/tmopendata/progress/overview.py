"""The maintenance overview (overdue datasets, late procedure steps) and the
progress figures, gathered from :mod:`sources` (with the caller's
permissions) and computed by :mod:`maintenance`. Used by the actions."""
from __future__ import annotations

import datetime
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tmopendata.lib.actions import now
from ckanext.tmopendata.progress import maintenance, sources

#: The HVD plugin's option naming the dataset type of high-value datasets
#: (read, not imported: its default when the HVD plugin is not loaded).
HVD_TYPE_OPTION = "ckanext.tmopendata.hvd.dataset_type"


def grace_days() -> int:
    return int(tk.config.get("ckanext.tmopendata.progress.grace_days"))


def targets() -> dict[str, int]:
    prefix = "ckanext.tmopendata.progress."
    return {
        "hvd_standardised": int(tk.config.get(prefix + "target_hvd_standardised")),
        "baseline_datasets": int(tk.config.get(prefix + "baseline_datasets")),
        "new_datasets": int(tk.config.get(prefix + "target_new_datasets")),
    }


def hvd_type() -> str:
    return tk.config.get(HVD_TYPE_OPTION) or "hvd"


def late_steps(procedures: list[dict[str, Any]], today: datetime.date) -> list[dict[str, Any]]:
    """The overdue steps of ``procedures`` (as ``tmopendata_procedure_list``
    returns them), most days late first."""
    steps = []
    for proc in procedures:
        for step in proc.get("steps", []):
            if not step.get("overdue"):
                continue
            due = datetime.date.fromisoformat(step["due"]) if step.get("due") else None
            steps.append({
                "procedure_id": proc["id"],
                "package_id": proc["package_id"],
                "package_name": proc["package_name"],
                "package_title": proc["package_title"],
                "private": bool(proc.get("private")),
                "organization": proc.get("organization"),
                "organization_id": proc.get("organization_id"),
                "organization_title": proc.get("organization_title"),
                "step": step["key"],
                "title": step.get("title"),
                "title_ro": step.get("title_ro"),
                "title_en": step.get("title_en"),
                "role": step.get("role"),
                "owner": step.get("owner"),
                "status": step.get("status"),
                "due": step.get("due"),
                "days_late": (today - due).days if due else 0,
            })
    steps.sort(key=lambda s: (-s["days_late"], s["package_title"].lower(), s["step"]))
    return steps


def organizations(organization: Optional[str] = None) -> list[dict[str, Any]]:
    """The active institutions (or one), by title."""
    query = model.Session.query(model.Group).filter(
        model.Group.is_organization == True,  # noqa: E712
        model.Group.state == "active",
    )
    if organization:
        query = query.filter(model.Group.id == organization)
    return [{"id": g.id, "name": g.name, "title": g.title or g.name}
            for g in query.order_by(model.Group.title)]


def overdue_overview(context: Context, organization: Optional[str] = None,
                     include_steps: bool = True) -> dict[str, Any]:
    """See ``tmopendata_overdue_list``."""
    today, grace = now().date(), grace_days()
    states = [
        maintenance.dataset_state(pkg, today, grace)
        for pkg in sources.visible_packages(context, organization)
        if pkg.get("update_frequency")
    ]
    states.sort(key=lambda s: (not s["overdue"], -s["days_overdue"], s["next_update_due"] or "9999",
                               s["title"].lower()))
    result: dict[str, Any] = {
        "today": today.isoformat(),
        "grace_days": grace,
        "datasets": states,
        "count": len(states),
        "overdue_count": sum(1 for s in states if s["overdue"]),
        "late_steps": None,
    }
    if include_steps:
        filters: dict[str, Any] = {"overdue": True}
        if organization:
            filters["organization"] = organization
        procedures = sources.procedures(context, **filters)
        if procedures is not None:
            result["late_steps"] = late_steps(procedures, today)
    return result


def compute_progress(context: Context, organization: Optional[str] = None) -> dict[str, Any]:
    """See ``tmopendata_progress_show``."""
    packages = sources.visible_packages(context, organization)
    published = [pkg["id"] for pkg in packages if not pkg.get("private")]
    procedures = sources.procedures(context, **({"organization": organization} if organization else {}))
    result = maintenance.indicators(
        packages, organizations(organization), now().date(), grace_days(), targets(), procedures,
        validation=sources.validation(context, published), hvd_type=hvd_type(),
    )
    result["generated"] = now().replace(microsecond=0).isoformat()
    result["grace_days"] = grace_days()
    result["organization"] = organization
    result["census"] = sources.census(context, organization)
    result["reuse"] = sources.reuse(context, organization)
    result["quality"] = sources.quality(context, organization)
    return result
