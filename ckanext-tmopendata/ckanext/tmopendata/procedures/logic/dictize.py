"""A procedure as the actions return it (plain dicts; read only)."""
from __future__ import annotations

from typing import Any, Iterable, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib.actions import lang, now
from ckanext.tmopendata.procedures import auto
from ckanext.tmopendata.procedures.model import CLOSED_STATUSES, DONE, OPEN_STATUSES, Procedure


def user_names(ids: Iterable[Optional[str]]) -> dict[str, str]:
    """User id -> user name, for the given ids."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = model.Session.query(model.User.id, model.User.name).filter(model.User.id.in_(wanted))
    return {row.id: row.name for row in rows}


def package_and_org(package_id: str) -> tuple[model.Package, Optional[model.Group]]:
    """The procedure's dataset (``ObjectNotFound`` when it is gone) and its
    organisation."""
    package = model.Package.get(package_id)
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    org = model.Group.get(package.owner_org) if package.owner_org else None
    return package, org


def procedure_dictize(procedure: Procedure, package: model.Package, org: Optional[model.Group],
                      observed: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """Plain dict of a procedure; ``observed`` (``{step key: evidence}``,
    from :func:`auto.pending`) shows steps the portal observes but has not
    recorded yet as done, with ``completed_at`` empty."""
    today = now().date()
    observed = observed or {}
    language = lang()
    names = user_names([s.owner for s in procedure.steps] + [s.completed_by for s in procedure.steps]
                       + [procedure.created_by])
    steps = []
    for step in procedure.steps:
        status = DONE if step.key in observed else step.status
        steps.append({
            "key": step.key,
            "position": step.position,
            "title": step.title_ro if language == "ro" else step.title_en,
            "title_ro": step.title_ro,
            "title_en": step.title_en,
            "role": step.role,
            "duration_days": step.duration_days,
            "auto": step.auto,
            "requires_previous": step.requires_previous,
            "owner": names.get(step.owner) if step.owner else None,
            "due": step.due.isoformat() if step.due else None,
            "status": status,
            "evidence": observed.get(step.key, step.evidence),
            "completed_by": names.get(step.completed_by) if step.completed_by else None,
            "completed_at": step.completed_at.isoformat() if step.completed_at else None,
            "skip_reason": step.skip_reason,
            "overdue": status in OPEN_STATUSES and step.due is not None and step.due < today,
        })
    current = next((s for s in steps if s["status"] in OPEN_STATUSES), None)
    closed = sum(1 for s in steps if s["status"] in CLOSED_STATUSES)
    total = len(steps)
    return {
        "id": procedure.id,
        "package_id": package.id,
        "package_name": package.name,
        "package_title": package.title or package.name,
        "private": bool(package.private),
        "organization": org.name if org else None,
        "organization_id": org.id if org else None,
        "organization_title": (org.title or org.name) if org else None,
        "template": procedure.template_name,
        "template_version": procedure.template_version,
        "census_entry_id": procedure.census_entry_id,
        "started": procedure.started.isoformat(),
        "created": procedure.created.isoformat() if procedure.created else None,
        "created_by": names.get(procedure.created_by) if procedure.created_by else None,
        "steps": steps,
        "current_step": current["key"] if current else None,
        "progress": round(100 * closed / total) if total else 100,
        "overdue": any(s["overdue"] for s in steps),
    }


def show(procedure: Procedure) -> dict[str, Any]:
    """The procedure as it is now (read only: observed steps not yet
    recorded are shown as done)."""
    package, org = package_and_org(procedure.package_id)
    return procedure_dictize(procedure, package, org, auto.pending(procedure, package))
