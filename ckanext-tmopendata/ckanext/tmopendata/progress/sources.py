"""Where the progress figures come from: public actions only, always with
the caller's permissions (never ``ignore_auth``: what the caller may see
decides what is counted; snapshots use an anonymous visitor's context).

* ``package_search`` (CKAN): the datasets;
* ``tmopendata_validation_summary`` (plugin ``tmopendata_hvd``): which
  tabular resources passed validation, which datasets are validated;
* ``tmopendata_procedure_list`` (plugin ``tmopendata_procedures``): the
  publication procedures;
* ``tmopendata_census_entry_list`` (plugin ``tmopendata_census``): census
  entries by state (state names: :mod:`ckanext.tmopendata.lib.census_states`);
* ``tmopendata_quarantine_list`` (plugin ``tmopendata_hvd``): public
  datasets with files that failed validation (reminders);
* ``tmopendata_quality_list`` (plugin ``tmopendata_hvd``): average metadata
  quality scores.

Without a plugin its action is missing (``tk.get_action`` raises
``KeyError``) and the answer is ``None`` ("not available") or empty; no
module of another plugin is imported.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tmopendata.lib import census_states

#: Datasets read per package_search page.
PAGE = 1000
#: Procedures read per tmopendata_procedure_list page (its maximum).
PROCEDURE_PAGE = 1000
#: Datasets per tmopendata_validation_summary call (its maximum).
SUMMARY_BATCH = 1000


def _action(name: str) -> Optional[Callable[..., Any]]:
    try:
        return tk.get_action(name)
    except KeyError:  # the plugin that provides it is not loaded
        return None


def sub_context(context: Context) -> Context:
    """A fresh context for nested actions, as the same user. Never with
    ``ignore_auth``: what the caller may see decides what is counted."""
    return {"user": context.get("user") or "", "ignore_auth": False}


def public_context() -> Context:
    """What an anonymous visitor sees (snapshots hold public figures only)."""
    return {"user": "", "ignore_auth": False}


def visible_packages(context: Context, organization: Optional[str] = None) -> list[dict[str, Any]]:
    """Every active dataset the caller may see (``package_search`` with the
    caller's permissions), all dataset types."""
    fq = f'+owner_org:"{organization}"' if organization else ""
    results: list[dict[str, Any]] = []
    start = 0
    while True:
        page = tk.get_action("package_search")(sub_context(context), {
            "q": "*:*", "fq": fq, "rows": PAGE, "start": start, "sort": "name asc",
            "include_private": True, "include_drafts": False,
        })
        results.extend(page["results"])
        start += PAGE
        if start >= page["count"] or not page["results"]:
            return results


def validation(context: Context, package_ids: list[str]) -> dict[str, dict[str, Any]]:
    """``tmopendata_validation_summary`` of the datasets (``{dataset id:
    {"validated", "resources": {resource id: status}, ...}}``); empty without
    the HVD plugin. A batch the caller may no longer read (a dataset deleted
    or made private meanwhile) is asked for again one dataset at a time."""
    action = _action("tmopendata_validation_summary")
    if action is None or not package_ids:
        return {}
    found: dict[str, dict[str, Any]] = {}
    batches = [package_ids[i:i + SUMMARY_BATCH] for i in range(0, len(package_ids), SUMMARY_BATCH)]
    while batches:
        batch = batches.pop()
        try:
            found.update(action(sub_context(context), {"ids": batch})["datasets"])
        except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
            if len(batch) > 1:
                batches.extend([i] for i in batch)
    return found


def procedures(context: Context, **filters: Any) -> Optional[list[dict[str, Any]]]:
    """Procedures the caller may see, or ``None`` without the procedures plugin."""
    action = _action("tmopendata_procedure_list")
    if action is None:
        return None
    results: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = action(sub_context(context), dict(filters, limit=PROCEDURE_PAGE, offset=offset))
        results.extend(page)
        offset += PROCEDURE_PAGE
        if len(page) < PROCEDURE_PAGE:
            return results


def census(context: Context, organization: Optional[str]) -> Optional[dict[str, Any]]:
    """Census entries by state that the caller may see (through the census
    plugin's own action), or ``None`` without the census plugin."""
    action = _action("tmopendata_census_entry_list")
    if action is None:
        return None
    by_status = {}
    for state in census_states.STATES:
        data: dict[str, Any] = {"status": state, "limit": 1}
        if organization:
            data["organization"] = organization
        by_status[state] = action(sub_context(context), data)["count"]
    return {"total": sum(by_status.values()), "by_status": by_status}


def reuse(context: Context, organization: Optional[str]) -> Optional[dict[str, Any]]:
    """Reuse indicators (showcases, partnerships, usage) through the reuse
    plugin's own action, or ``None`` without that plugin."""
    action = _action("tmopendata_reuse_summary")
    if action is None:
        return None
    try:
        return action(sub_context(context), {"organization": organization} if organization else {})
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound):
        return None


def quality(context: Context, organization: Optional[str]) -> Optional[dict[str, Any]]:
    """Average metadata quality scores (data.europa.eu's MQA method) for the
    portal and per institution, through the hvd plugin's own action
    ``tmopendata_quality_list``, or ``None`` without it. The per-dataset
    rows are left out (snapshots keep the averages only)."""
    action = _action("tmopendata_quality_list")
    if action is None:
        return None
    try:
        result = action(sub_context(context), {"organization": organization} if organization else {})
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound):
        return None
    return {"max_points": result["max_points"], "portal": result["portal"],
            "organizations": result["organizations"]}


def quarantined() -> list[dict[str, Any]]:
    """Public datasets with files that failed validation (the HVD plugin's
    quarantine, read by the portal itself for the reminders); empty without it."""
    action = _action("tmopendata_quarantine_list")
    if action is None:
        return []
    return action({"ignore_auth": True}, {})["datasets"]
