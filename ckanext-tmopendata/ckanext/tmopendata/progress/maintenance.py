"""Maintenance state of a dataset (update frequency, last data change, next
update due, overdue) and the progress indicators, computed from dataset
dicts as ``package_search`` returns them and the validation summaries of
``tmopendata_validation_summary``. No database access: ``overview`` gathers
the dicts (with the caller's permissions) and calls these."""
from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any, Iterable, Optional

from ckanext.tmopendata.lib.formats import is_tabular
from ckanext.tmopendata.progress import frequency as freq

#: ``{dataset id: summary}`` as ``tmopendata_validation_summary`` returns it.
Validation = dict[str, dict[str, Any]]


def parse_moment(value: Any) -> Optional[datetime.datetime]:
    """A CKAN ISO timestamp (``2026-11-22T10:00:00.123456``) or ``None``."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.datetime.fromisoformat(str(value).replace("Z", ""))
    except ValueError:
        return None


def _active(resources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in resources or [] if r.get("state", "active") == "active"]


def last_data_change(pkg: dict[str, Any]) -> Optional[datetime.datetime]:
    """When the dataset's data last changed: the latest, over its resources,
    of ``last_modified`` (set when a file is uploaded again) or else the
    resource's ``metadata_modified`` / ``created``; a dataset without
    resources counts from its creation."""
    moments = []
    for res in _active(pkg.get("resources", [])):
        moment = (parse_moment(res.get("last_modified"))
                  or parse_moment(res.get("metadata_modified"))
                  or parse_moment(res.get("created")))
        if moment:
            moments.append(moment)
    if moments:
        return max(moments)
    return parse_moment(pkg.get("metadata_created"))


def contacts(pkg: dict[str, Any]) -> list[dict[str, str]]:
    """The dataset's maintainers: the scheming ``contact`` points and CKAN's
    ``maintainer`` / ``maintainer_email``, with an e-mail, no duplicates."""
    found: list[dict[str, str]] = []
    seen: set[str] = set()
    candidates = list(pkg.get("contact") or [])
    candidates.append({"name": pkg.get("maintainer"), "email": pkg.get("maintainer_email")})
    for item in candidates:
        if not isinstance(item, dict):
            continue
        email = (item.get("email") or "").strip()
        if email and "@" in email and email.lower() not in seen:
            seen.add(email.lower())
            found.append({"name": (item.get("name") or "").strip(), "email": email})
    return found


def dataset_state(pkg: dict[str, Any], today: datetime.date, grace_days: int) -> dict[str, Any]:
    """Maintenance state of one dataset (plain, JSON-serialisable dict)."""
    raw = pkg.get("update_frequency")
    try:
        code = freq.frequency_code(raw)
    except ValueError:
        code = None
    last = last_data_change(pkg)
    due = freq.next_update_due(code, last)
    overdue = freq.is_overdue(due, today, grace_days)
    org = pkg.get("organization") or {}
    people = contacts(pkg)
    return {
        "id": pkg["id"],
        "name": pkg["name"],
        "title": pkg.get("title") or pkg["name"],
        "type": pkg.get("type"),
        "private": bool(pkg.get("private")),
        "organization": org.get("name"),
        "organization_id": org.get("id") or pkg.get("owner_org"),
        "organization_title": org.get("title"),
        "frequency": code,
        "frequency_raw": raw or None,
        "scheduled": freq.is_scheduled(code) if code else False,
        "last_change": last.isoformat() if last else None,
        "next_update_due": due.isoformat() if due else None,
        "overdue": overdue,
        "days_overdue": (today - due).days if overdue and due else 0,
        "maintainer": people[0] if people else None,
        "maintainers": people,
    }


def tabular_resources(pkg: dict[str, Any]) -> list[dict[str, Any]]:
    """The dataset's active tabular resources (``lib.formats``)."""
    return [r for r in _active(pkg.get("resources", [])) if is_tabular(r)]


def valid(res: dict[str, Any], validation: Validation) -> bool:
    """Whether the resource's latest validation is a success."""
    summary = validation.get(res.get("package_id") or "") or {}
    return (summary.get("resources") or {}).get(res.get("id")) == "success"


def standardised(pkg: dict[str, Any], validation: Validation) -> bool:
    """A dataset is standardised when it is validated (the HVD plugin's one
    definition: it has tabular resources and every one passed validation)
    and every tabular resource has a data standard (schema)."""
    tab = tabular_resources(pkg)
    return (bool((validation.get(pkg["id"]) or {}).get("validated"))
            and bool(tab) and all(r.get("schema") for r in tab))


def _share(part: int, whole: int) -> Optional[float]:
    return round(100.0 * part / whole, 1) if whole else None


def _counts(packages: list[dict[str, Any]], today: datetime.date, grace_days: int,
            validation: Validation, hvd_type: str) -> dict[str, Any]:
    published = [p for p in packages if not p.get("private")]
    hvds = [p for p in published if p.get("type") == hvd_type]
    tab = [dict(r, package_id=p["id"]) for p in published for r in tabular_resources(p)]
    passed = [r for r in tab if valid(r, validation)]
    # valid tables whose rows the DataStore API serves (tmopendata_datastore)
    api = [r for r in passed if r.get("datastore_active") in (True, "true", "True")]
    states = [dataset_state(p, today, grace_days) for p in published]
    scheduled = [s for s in states if s["scheduled"]]
    overdue = [s for s in scheduled if s["overdue"]]
    return {
        "datasets_published": len(published),
        "datasets_private": len(packages) - len(published),
        "hvd_published": len(hvds),
        "hvd_standardised": sum(1 for p in hvds if standardised(p, validation)),
        "resources_tabular": len(tab),
        "resources_valid": len(passed),
        "resources_valid_share": _share(len(passed), len(tab)),
        "resources_api": len(api),
        "resources_api_share": _share(len(api), len(passed)),
        "datasets_with_frequency": sum(1 for s in states if s["frequency"]),
        "datasets_scheduled": len(scheduled),
        "datasets_overdue": len(overdue),
        "datasets_up_to_date": len(scheduled) - len(overdue),
        "datasets_up_to_date_share": _share(len(scheduled) - len(overdue), len(scheduled)),
    }


def indicators(
    packages: list[dict[str, Any]],
    organizations: list[dict[str, Any]],
    today: datetime.date,
    grace_days: int,
    targets: dict[str, int],
    procedures: Optional[list[dict[str, Any]]] = None,
    validation: Optional[Validation] = None,
    hvd_type: str = "hvd",
) -> dict[str, Any]:
    """The progress figures over ``packages`` (the datasets the caller may
    see). Only published (public) datasets count for the indicators;
    ``datasets_private`` tells members how many of theirs are not yet
    published. ``procedures`` (from ``tmopendata_procedure_list``) adds the
    procedures by current step; ``None`` leaves that indicator out.
    ``validation`` (from ``tmopendata_validation_summary``; empty without the
    HVD plugin: nothing is valid) decides the validated resources and the
    standardised datasets of type ``hvd_type``."""
    validation = validation or {}
    figures = _counts(packages, today, grace_days, validation, hvd_type)
    baseline = targets["baseline_datasets"]
    figures["datasets_new"] = max(figures["datasets_published"] - baseline, 0)
    result: dict[str, Any] = {
        "targets": {
            "hvd_standardised": targets["hvd_standardised"],
            "baseline_datasets": baseline,
            "datasets_new": targets["new_datasets"],
            "datasets_published": baseline + targets["new_datasets"],
        },
        "figures": figures,
        "progress": {
            "hvd_standardised": _share(figures["hvd_standardised"], targets["hvd_standardised"]),
            "datasets_new": _share(figures["datasets_new"], targets["new_datasets"]),
        },
    }
    by_org: dict[Optional[str], list[dict[str, Any]]] = defaultdict(list)
    for pkg in packages:
        by_org[(pkg.get("organization") or {}).get("id") or pkg.get("owner_org")].append(pkg)
    proc_by_org: dict[Optional[str], list[dict[str, Any]]] = defaultdict(list)
    for proc in procedures or []:
        proc_by_org[proc.get("organization_id")].append(proc)
    rows = []
    for org in organizations:
        row = {"id": org["id"], "name": org["name"], "title": org.get("title") or org["name"]}
        row.update(_counts(by_org.get(org["id"], []), today, grace_days, validation, hvd_type))
        if procedures is not None:
            row["procedures"] = len(proc_by_org.get(org["id"], []))
            row["procedures_overdue"] = sum(1 for p in proc_by_org.get(org["id"], []) if p.get("overdue"))
        rows.append(row)
    rows.sort(key=lambda r: (-r["datasets_published"], r["title"].lower()))
    result["institutions"] = rows
    if procedures is not None:
        counts = Counter(p.get("current_step") or "completed" for p in procedures)
        known: dict[str, dict[str, Any]] = {}
        for proc in procedures:
            for step in proc.get("steps", []):
                known.setdefault(step["key"], {
                    "key": step["key"], "position": step.get("position", 0),
                    "title_en": step.get("title_en") or step["key"],
                    "title_ro": step.get("title_ro") or step["key"]})
        ordered = sorted(known.values(), key=lambda s: s["position"])
        ordered.append({"key": "completed", "position": len(ordered) + 1,
                        "title_en": "Completed", "title_ro": "Finalizate"})
        result["procedures"] = {
            "total": len(procedures),
            "overdue": sum(1 for p in procedures if p.get("overdue")),
            "by_step": {s["key"]: counts.get(s["key"], 0) for s in ordered},
            "steps": [dict(s, count=counts.get(s["key"], 0)) for s in ordered],
        }
    return result
