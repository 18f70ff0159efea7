"""Quarantine of failing files.

A resource whose latest finished validation (``success`` or ``failure``)
failed is *failing*: a public dataset holding one shows a warning and is
listed by ``tmopendata_quarantine_list`` (read by the procedures overview
and the reminders). When that failing report found personal data
(``tm-personal-data`` errors) the file is *withheld*: its download route
answers 403 and the pages no longer show its URL, for everyone but those
who may edit the dataset, until a valid version replaces it (a later
``success`` report) or a sysadmin releases it (``tmopendata_resource_release``,
recorded in ``tmopendata_resource_release``, for that report only).
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

import ckan.model as model

from ckanext.tmopendata.hvd.model import FAILURE, SUCCESS, ResourceRelease, ValidationReport

#: Error type of the personal-data guard (``checks.PersonalDataError``).
PERSONAL_DATA = "tm-personal-data"


def latest_finished(resource_ids: Iterable[str]) -> dict[str, ValidationReport]:
    """The latest ``success``/``failure`` report of each resource (runs that
    could not read the file, and runs still pending, do not change what is
    known of the file)."""
    ids = [i for i in resource_ids if i]
    if not ids:
        return {}
    rows = (
        model.Session.query(ValidationReport)
        .with_entities(
            ValidationReport.id, ValidationReport.resource_id, ValidationReport.status,
            ValidationReport.error_types, ValidationReport.finished, ValidationReport.created,
        )
        .filter(ValidationReport.resource_id.in_(ids))
        .filter(ValidationReport.status.in_([SUCCESS, FAILURE]))
        .distinct(ValidationReport.resource_id)
        .order_by(ValidationReport.resource_id, ValidationReport.created.desc())
        .all()
    )
    return {r.resource_id: r for r in rows}


def states(resource_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Quarantine state of each failing resource (resources not failing are
    absent): ``report_id``, ``since``, ``personal_data``, ``withheld``,
    ``release`` (the sysadmin's release record, or ``None``)."""
    latest = {rid: r for rid, r in latest_finished(resource_ids).items() if r.status == FAILURE}
    releases = ResourceRelease.for_reports(r.id for r in latest.values())
    out: dict[str, dict[str, Any]] = {}
    for rid, report in latest.items():
        personal = bool((report.error_types or {}).get(PERSONAL_DATA))
        release = releases.get(report.id)
        when = report.finished or report.created
        out[rid] = {
            "report_id": report.id,
            "since": when.isoformat() if when else None,
            "personal_data": personal,
            "withheld": personal and release is None,
            "release": release.dictize() if release else None,
        }
    return out


def withheld(resource_id: str) -> Optional[dict[str, Any]]:
    """The resource's quarantine state if its file is withheld, else ``None``."""
    state = states([resource_id]).get(resource_id)
    return state if state and state["withheld"] else None


def failing_public_datasets(organization_id: Optional[str] = None) -> list[dict[str, Any]]:
    """Public, active datasets with at least one active failing resource,
    each with its failing resources (plain dicts)."""
    query = (
        model.Session.query(model.Resource.id)
        .join(model.Package, model.Package.id == model.Resource.package_id)
        .filter(model.Resource.state == "active")
        .filter(model.Package.state == "active")
        .filter(model.Package.private.is_(False))
    )
    if organization_id:
        query = query.filter(model.Package.owner_org == organization_id)
    reported = (
        model.Session.query(ValidationReport.resource_id)
        .filter(ValidationReport.status == FAILURE).distinct()
    )
    query = query.filter(model.Resource.id.in_(reported))
    found = states(r.id for r in query.all())
    if not found:
        return []
    datasets: dict[str, dict[str, Any]] = {}
    resources = model.Session.query(model.Resource).filter(model.Resource.id.in_(list(found))).all()
    for res in sorted(resources, key=lambda r: (r.position or 0, r.id)):
        pkg = res.package
        if pkg.id not in datasets:
            org = model.Group.get(pkg.owner_org) if pkg.owner_org else None
            datasets[pkg.id] = {
                "id": pkg.id, "name": pkg.name, "title": pkg.title or pkg.name, "type": pkg.type,
                "organization_id": org.id if org else None,
                "organization_name": org.name if org else None,
                "organization_title": (org.title or org.name) if org else None,
                "withheld": False, "resources": [],
            }
        entry = dict(found[res.id], id=res.id, name=res.name or res.id)
        datasets[pkg.id]["resources"].append(entry)
        datasets[pkg.id]["withheld"] = datasets[pkg.id]["withheld"] or entry["withheld"]
    return sorted(datasets.values(), key=lambda d: (d["organization_title"] or "", d["title"]))
