"""The HVD publication gate: what a high-value dataset must have before it is
public (Regulation (EU) 2023/138 and the city's rules)."""
from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.hvd.helpers import tmopendata_validation_badge

_ORDER = ["error", "failure", "running", "pending", "success"]


def _tabular(res: dict[str, Any]) -> bool:
    from ckanext.tmopendata.hvd.logic.action import _tabular_format

    return _tabular_format(res) is not None


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v]
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            return [str(v) for v in json.loads(value) if v]
        except ValueError:
            return [value]
    return [value] if value else []


def dataset_validation_status(pkg: dict[str, Any]) -> str | None:
    """Worst validation status among the dataset's tabular resources."""
    statuses = [r.get("validation_status") for r in pkg.get("resources", []) if _tabular(r)]
    statuses = [s for s in statuses if s]
    if not statuses:
        return None
    return min(statuses, key=lambda s: _ORDER.index(s) if s in _ORDER else 0)


def publication_problems(pkg: dict[str, Any]) -> list[str]:
    """What stops ``pkg`` (a dataset dict, resources included) from being
    published as an HVD; an empty list means it may be public."""
    problems: list[str] = []
    allowed = [key for key, _ in vocab.HVD_LICENCES]
    if pkg.get("license_id") not in allowed:
        problems.append(tk._(
            "Licence: HVDs need CC BY 4.0 or a less restrictive licence ({allowed}); this dataset has \"{licence}\"."
        ).format(allowed=", ".join(allowed), licence=pkg.get("license_id") or "-"))
    resources = [r for r in pkg.get("resources", []) if r.get("state", "active") == "active"]
    for res in resources:
        if not _tabular(res):
            continue
        label = res.get("name") or res.get("id") or "?"
        if not res.get("schema"):
            problems.append(tk._('Resource "{name}": no data standard (schema) assigned.').format(name=label))
        status = res.get("validation_status")
        if status != "success":
            badge = tmopendata_validation_badge(status)  # a label, not the code
            problems.append(tk._('Resource "{name}": not valid (validation status: {status}).').format(
                name=label, status=badge["label"] if badge else tk._("not validated")))
    bulk = [
        r for r in resources
        if (r.get("format") or "").strip().lower() not in vocab.API_FORMATS
        and (r.get("url_type") == "upload" or (r.get("url") or "").startswith(("http://", "https://")))
    ]
    if not bulk:
        problems.append(tk._("Bulk download: add at least one downloadable file (e.g. CSV)."))
    api = [
        r for r in resources
        if r.get("datastore_active") in (True, "true", "True")
        or (r.get("format") or "").strip().lower() in vocab.API_FORMATS
    ]
    if not api:
        problems.append(tk._(
            "API access: add a resource in the CKAN DataStore or an API resource (format API, WMS, WFS...)."
        ))
    contacts = [c for c in (pkg.get("contact") or []) if isinstance(c, dict)]
    if not any(c.get("name") and c.get("email") for c in contacts):
        problems.append(tk._("Contact point: give a name and an e-mail address."))
    if not _list(pkg.get("hvd_category")):
        problems.append(tk._("HVD category: choose at least one category of the EU vocabulary."))
    if vocab.HVD_REGULATION_ELI not in _list(pkg.get("applicable_legislation")):
        problems.append(tk._("Applicable legislation: must include {eli}.").format(eli=vocab.HVD_REGULATION_ELI))
    return problems
