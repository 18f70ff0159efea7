"""What the procedures plugin learns from the other plugins, through CKAN's
``action_succeeded`` signal (as ``ckanext/activity/subscriptions.py`` does),
instead of wrapping their actions:

================================================  ==========================================
sender (action that succeeded)                    what the procedure records
================================================  ==========================================
``tmopendata_census_entry_transition``            the census entry is now approved, in
                                                  publication or published: the "identify"
                                                  step of the procedures started from it
``tmopendata_census_entry_create_dataset``        same (the entry went to in publication)
``tmopendata_validation_run``                     a validation ended as a success (in the
                                                  request or in the worker): the "validate"
                                                  step, when the whole dataset is validated
``tmopendata_datastore_load``                     rows loaded into the DataStore: the
                                                  "validate" and "publish" steps say that
                                                  every table is served by the API
================================================  ==========================================

The receivers use the action's ``result`` as it is (the entry's state, the
report's dataset): they never read the census entry again. They run after
the action succeeded, so they never break it: what they record is written in
a savepoint (a failure is rolled back and logged) and committed unless the
caller deferred the commit (``context["defer_commit"]``, CKAN's convention:
then it is committed, or rolled back, with the caller's transaction).
Without the census, HVD or DataStore plugin these senders never send:
nothing to do.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan import types

from ckanext.tmopendata.lib.actions import commit
from ckanext.tmopendata.procedures import auto

log = logging.getLogger(__name__)


def get_subscriptions() -> types.SignalMapping:
    return {
        tk.signals.action_succeeded: [
            {"sender": "tmopendata_census_entry_transition", "receiver": census_entry_moved},
            {"sender": "tmopendata_census_entry_create_dataset", "receiver": census_dataset_created},
            {"sender": "tmopendata_validation_run", "receiver": validation_ended},
            {"sender": "tmopendata_datastore_load", "receiver": rows_loaded},
        ]
    }


def _record(context: types.Context, what: str, work: Callable[[], list[str]]) -> list[str]:
    """Run ``work`` (which records observed steps) in a savepoint; commit
    what it recorded unless the caller deferred the commit."""
    try:
        with model.Session.begin_nested():
            changed = work()
    except Exception:
        log.exception("Could not record the procedure steps observed after %s", what)
        return []
    if changed:
        commit(context)
    return changed


# action, context, data_dict, result
def census_entry_moved(sender: str, **kwargs: Any) -> None:
    """After ``tmopendata_census_entry_transition``: its result is the entry."""
    entry = kwargs.get("result") or {}
    if entry.get("id"):
        _record(kwargs.get("context") or {}, sender,
                lambda: auto.observe_census_entry(entry["id"], entry.get("status")))


def census_dataset_created(sender: str, **kwargs: Any) -> None:
    """After ``tmopendata_census_entry_create_dataset``: its result holds the
    entry (now in publication)."""
    entry = (kwargs.get("result") or {}).get("entry") or {}
    if entry.get("id"):
        _record(kwargs.get("context") or {}, sender,
                lambda: auto.observe_census_entry(entry["id"], entry.get("status")))


def validation_ended(sender: str, **kwargs: Any) -> None:
    """After ``tmopendata_validation_run``: its result is the report (a
    queued run is ``pending``: the worker's run sends its own signal)."""
    report = kwargs.get("result") or {}
    if report.get("status") == "success" and report.get("package_id"):
        _record(kwargs.get("context") or {}, sender,
                lambda: auto.observe_package(report["package_id"]))


def rows_loaded(sender: str, **kwargs: Any) -> None:
    """After ``tmopendata_datastore_load``: its result is the resource's
    DataStore state (a queued load is ``pending``: the worker's load sends
    its own signal)."""
    state = kwargs.get("result") or {}
    if isinstance(state, dict) and state.get("status") == "loaded" and state.get("package_id"):
        _record(kwargs.get("context") or {}, sender, lambda: auto.observe_api(state["package_id"]))
