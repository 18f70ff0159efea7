"""The HVD publication checks: what a high-value dataset must have before it
is public (Regulation (EU) 2023/138 and the city's rules). Pure rules on a
dataset dict; :mod:`~ckanext.tmopendata.hvd.publication` gives them the
authoritative validation statuses and the DataStore's answer, and applies
them when a dataset is created, updated or bulk-published.

To change a publication check, change :func:`publication_problems` (and its
tests in ``tests/hvd/test_gate.py``).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.hvd import reports
from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib.formats import is_tabular
from ckanext.tmopendata.lib.values import json_list


def _list(value: Any) -> list[Any]:
    """A multi-valued field's non-empty items (:func:`json_list`)."""
    return [v for v in json_list(value) if v]


def _web_address(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def describes_api_service(res: dict[str, Any]) -> bool:
    """Whether a resource describes an API service: an entry of its
    ckanext-dcat ``access_services`` (DCAT-AP 3 ``dcat:accessService``)
    with an ``endpoint_url`` (a web address; ckanext-dcat keeps a list) and
    an ``endpoint_description`` (the service's documentation). A resource
    whose format is merely "API" (or WMS, WFS...) does not."""
    for service in _list(res.get("access_services")):
        if not isinstance(service, dict):
            continue
        urls = _list(service.get("endpoint_url"))
        description = service.get("endpoint_description")
        if any(_web_address(u) for u in urls) and isinstance(description, str) and description.strip():
            return True
    return False


def datastore_serves_all(status: dict[str, Any] | None) -> bool:
    """Whether ``tmopendata_datastore_status``'s answer (``None``: not
    available) says that every tabular resource's rows are in the DataStore
    (at least one)."""
    return bool(status) and bool(status.get("all_loaded")) and int(status.get("tabular") or 0) > 0


def publication_problems(pkg: dict[str, Any], datastore: dict[str, Any] | None = None) -> list[str]:
    """What stops ``pkg`` (a dataset dict, resources included, with their
    authoritative ``validation_status``) from being published as an HVD;
    an empty list means it may be public. ``datastore`` is the dataset's
    ``tmopendata_datastore_status`` (``None`` when not available)."""
    problems: list[str] = []
    allowed = [key for key, _ in vocab.HVD_LICENCES]
    if pkg.get("license_id") not in allowed:
        problems.append(tk._(
            "Licence: HVDs need CC BY 4.0 or a less restrictive licence ({allowed}); this dataset has \"{licence}\"."
        ).format(allowed=", ".join(allowed), licence=pkg.get("license_id") or "-"))
    resources = [r for r in pkg.get("resources", []) if r.get("state", "active") == "active"]
    tables = [(str(r.get("id") or f"#{i}"), r) for i, r in enumerate(resources) if is_tabular(r)]
    # "validated" is the one definition of reports.summarize
    summary = reports.summarize({key: r.get("validation_status") for key, r in tables})
    for key, res in tables:
        label = res.get("name") or res.get("id") or "?"
        if not res.get("schema"):
            problems.append(tk._('Resource "{name}": no data standard (schema) assigned.').format(name=label))
        status = summary["resources"][key]
        if status != reports.SUCCESS:
            problems.append(tk._('Resource "{name}": not valid (validation status: {status}).').format(
                name=label, status=reports.status_label(status)))
    bulk = [
        r for r in resources
        if (r.get("format") or "").strip().lower() not in vocab.API_FORMATS
        and (r.get("url_type") == "upload" or (r.get("url") or "").startswith(("http://", "https://")))
    ]
    if not bulk:
        problems.append(tk._("Bulk download: add at least one downloadable file (e.g. CSV)."))
    if not (datastore_serves_all(datastore) or any(describes_api_service(r) for r in resources)):
        problems.append(tk._(
            "API access: describe the API service of a resource (its endpoint URL and documentation) "
            "or load every table in the CKAN DataStore."
        ))
    contacts = [c for c in (pkg.get("contact") or []) if isinstance(c, dict)]
    if not any(c.get("name") and c.get("email") for c in contacts):
        problems.append(tk._("Contact point: give a name and an e-mail address."))
    if not _list(pkg.get("hvd_category")):
        problems.append(tk._("HVD category: choose at least one category of the EU vocabulary."))
    if vocab.HVD_REGULATION_ELI not in [str(v) for v in _list(pkg.get("applicable_legislation"))]:
        problems.append(tk._("Applicable legislation: must include {eli}.").format(eli=vocab.HVD_REGULATION_ELI))
    return problems
