"""What the HVD plugin does on CKAN's dataset and resource events
(``plugin.py`` only wires these functions to CKAN's interfaces).

- A resource created or updated through ``resource_create`` /
  ``resource_update`` (and ``resource_patch``) is validated.
- ``package_create`` validates every tabular resource; ``package_update``
  (and ``package_revise``, ``package_patch``) validates the tabular
  resources whose URL, file (size, last modification), ``schema``, format or
  encoding changed since their latest report, and the resources it adds.
  Validation writes the resource's status straight to the model (no hook
  fires again), so nothing loops.
- ``validation_status`` / ``validation_timestamp`` shown by ``package_show``
  and indexed in Solr are those of the latest report (a run left unfinished
  past ``job_timeout`` shows ``error``).
"""
from __future__ import annotations

import json
import logging
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from ckan.types import Context

from ckanext.tmopendata.hvd import quarantine, reports, schema_links, search_index, update_context
from ckanext.tmopendata.lib.compat import inside_core_savepoint
from ckanext.tmopendata.lib.context_keys import SKIP_VALIDATION
from ckanext.tmopendata.lib.formats import is_tabular

log = logging.getLogger(__name__)

def validate_soon(context: Context, resource: dict[str, Any]) -> None:
    """Validate a new or changed tabular resource; never breaks the request
    that created it (a failure is recorded in the report instead)."""
    if context.get(SKIP_VALIDATION) or not is_tabular(resource):
        return
    _run(context, resource["id"])


def _run(context: Context, resource_id: str) -> None:
    run_context: Context = {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")}
    if context.get("defer_commit") or inside_core_savepoint():
        # inside the caller's transaction (CKAN 2.12: package_update's
        # savepoint around after_dataset_update): committed with it
        run_context["defer_commit"] = True
    try:
        tk.get_action("tmopendata_validation_run")(run_context, {"resource_id": resource_id})
    except tk.NotAuthorized:
        log.info("Resource %s not validated: user %s may not", resource_id, context.get("user"))
    except Exception:
        log.exception("Could not start the validation of resource %s", resource_id)


def resource_action_started(context: Context, package_id: Optional[str] = None) -> None:
    """before_resource_create / before_resource_update."""
    update_context.resource_action_started(context, package_id)


def resource_action_done(context: Context, resource: dict[str, Any]) -> None:
    """after_resource_create / after_resource_update: validate the resource."""
    update_context.resource_action_ended(context)
    validate_soon(context, resource)


def dataset_created(context: Context, pkg_dict: dict[str, Any]) -> None:
    for resource in pkg_dict.get("resources") or []:
        if resource.get("id"):
            validate_soon(context, resource)


def dataset_updated(context: Context, pkg_dict: dict[str, Any]) -> None:
    """after_dataset_update: validate the resources that changed since their
    latest report (package_update / package_revise / package_patch)."""
    known = update_context.resources_before(context)
    if context.get(update_context.RESOURCE_ACTION) or context.get(SKIP_VALIDATION) or not pkg_dict.get("id"):
        return
    for resource_id in reports.resources_to_revalidate(pkg_dict["id"], known):
        _run(context, resource_id)


def dataset_shown(pkg_dict: dict[str, Any]) -> None:
    """after_dataset_show: each resource's status is its latest report's."""
    reports.apply_report_statuses(pkg_dict.get("resources"))
    schema_links.add_schema_urls(pkg_dict)  # ``schema_url`` beside ``schema``


def dataset_view(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """before_dataset_view (pages only, not the API): each failing resource
    carries its quarantine state (``tmopendata_quarantine``); the URL of a
    withheld file is not shown to those who may not download it."""
    resources = [r for r in pkg_dict.get("resources") or [] if isinstance(r, dict) and r.get("id")]
    found = quarantine.states(r["id"] for r in resources)
    if not found:
        return pkg_dict
    may_download = None
    for res in resources:
        state = found.get(res["id"])
        if state is None:
            continue
        res["tmopendata_quarantine"] = state
        if not state["withheld"]:
            continue
        if may_download is None:
            may_download = _may_download_withheld(res["id"])
        if not may_download:
            res["url"] = ""
    return pkg_dict


def hide_withheld_links(datasets: list[dict[str, Any]], user: Optional[str]) -> None:
    """after_dataset_show / after_dataset_search (the API too): the URL of a
    withheld *linked* file is left out for callers who may not download it
    (an upload's URL is the portal's download route, which answers 403 by
    itself). One query for every resource of the datasets."""
    linked = [r for d in datasets for r in d.get("resources") or []
              if isinstance(r, dict) and r.get("id") and r.get("url") and r.get("url_type") != "upload"]
    if not linked:
        return
    found = quarantine.states(r["id"] for r in linked)
    for res in linked:
        if (found.get(res["id"]) or {}).get("withheld") and not _allowed_withheld(user, res["id"]):
            res["url"] = ""


def _allowed_withheld(user: Optional[str], resource_id: str) -> bool:
    try:
        tk.check_access("tmopendata_withheld_download", {"user": user or ""}, {"id": resource_id})
    except tk.NotAuthorized:
        return False
    return True


def current_user_name() -> str:
    try:
        return current_user.name if current_user.is_authenticated else ""
    except (RuntimeError, AttributeError):  # outside a request
        return ""


def _may_download_withheld(resource_id: str) -> bool:
    return _allowed_withheld(current_user_name(), resource_id)


def dataset_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """before_dataset_index: the dataset's worst status, from the reports."""
    data = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    if not data:
        return pkg_dict
    reports.apply_report_statuses(data.get("resources"))
    status = reports.dataset_status(data)
    if status:
        pkg_dict["validation_status"] = status
    else:
        pkg_dict.pop("validation_status", None)
    return pkg_dict


def facets(facets_dict: dict[str, Any]) -> dict[str, Any]:
    """IFacets: the datasets' validation status."""
    facets_dict["validation_status"] = tk._("Data validation")
    return search_index.facets(facets_dict)  # HVD category, data standard


def search_results(results: dict[str, Any]) -> dict[str, Any]:
    """after_dataset_search: the validation facet's values carry the badges'
    translated labels ("Valid", "Invalid"...) instead of the raw statuses."""
    facet = (results.get("search_facets") or {}).get("validation_status")
    for item in (facet or {}).get("items", []):
        try:
            badge = reports.badge(item.get("name"))
        except RuntimeError:  # no application context to translate in
            return results
        if badge:
            item["display_name"] = badge["label"]
    return results
