"""What the procedures plugin reads from the other plugins of the suite,
through their public actions only (never their modules):

* ``tmopendata_census_entry_show`` (plugin ``tmopendata_census``): the census
  entry a procedure is started from (its institution, its state);
* ``tmopendata_validation_summary`` (plugin ``tmopendata_hvd``): whether a
  dataset is validated (THE one definition: every tabular resource's latest
  validation report is a success);
* ``tmopendata_datastore_status`` (plugin ``tmopendata_datastore``): whether
  the rows of every tabular resource of a dataset are served by the
  DataStore API.

Each works when the other plugin is not loaded (``tk.get_action`` raises
``KeyError``): the answer is then "not available" (``None`` / not
validated / rows not in the DataStore). Census state names come from
:mod:`ckanext.tmopendata.lib.census_states`.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

import ckan.plugins.toolkit as tk
from ckan.types import Context

#: Most dataset ids ``tmopendata_validation_summary`` takes at once.
SUMMARY_BATCH = 1000


def _action(name: str) -> Optional[Callable[..., Any]]:
    try:
        return tk.get_action(name)
    except KeyError:  # the plugin that provides it is not loaded
        return None


def census_available() -> bool:
    """Whether the census plugin's entries can be read."""
    return _action("tmopendata_census_entry_show") is not None


def census_entry(context: Context, entry_id: str) -> Optional[dict[str, Any]]:
    """The census entry as the caller (``context``'s user, or with
    ``ignore_auth``) may see it, or ``None`` (no such entry, not visible,
    or no census plugin)."""
    action = _action("tmopendata_census_entry_show")
    if action is None or not entry_id:
        return None
    try:
        return action({"user": context.get("user") or "", "ignore_auth": bool(context.get("ignore_auth"))},
                      {"id": entry_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


def census_status(entry_id: Optional[str]) -> Optional[str]:
    """The state of a census entry (read by the portal itself), or ``None``."""
    if not entry_id:
        return None
    entry = census_entry({"ignore_auth": True}, entry_id)
    return entry.get("status") if entry else None


def validated_datasets(package_ids: Iterable[str]) -> set[str]:
    """The ids among ``package_ids`` of the datasets that are validated
    (``tmopendata_validation_summary``); empty without the HVD plugin."""
    action = _action("tmopendata_validation_summary")
    ids = list(dict.fromkeys(i for i in package_ids if i))
    if action is None or not ids:
        return set()
    found: set[str] = set()
    batches = [ids[start:start + SUMMARY_BATCH] for start in range(0, len(ids), SUMMARY_BATCH)]
    while batches:
        batch = batches.pop()
        try:
            result = action({"ignore_auth": True}, {"ids": batch})
        except (tk.ObjectNotFound, tk.ValidationError):
            if len(batch) > 1:  # one dataset gone meanwhile: ask for each alone
                batches.extend([i] for i in batch)
            continue
        found.update(pid for pid, summary in (result.get("datasets") or {}).items()
                     if summary.get("validated"))
    return found


def validated(package_id: str) -> bool:
    """Whether one dataset is validated (see :func:`validated_datasets`)."""
    return package_id in validated_datasets([package_id])


def api_served(package_id: str) -> bool:
    """Whether the rows of every tabular resource of the dataset are served
    by the DataStore API (``tmopendata_datastore_status``: ``all_loaded``);
    ``False`` without the DataStore plugin."""
    action = _action("tmopendata_datastore_status")
    if action is None or not package_id:
        return False
    try:
        return bool(action({"ignore_auth": True}, {"id": package_id}).get("all_loaded"))
    except (tk.ObjectNotFound, tk.ValidationError):
        return False
