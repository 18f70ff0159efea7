"""Steps the portal observes and completes by itself.

* ``identify``: the procedure's census entry is approved, in publication or
  published (when ``tmopendata_census`` is loaded);
* ``validate``: the dataset has resources with a schema and every one of them
  has ``validation_status`` ``success`` (when ``tmopendata_hvd`` is loaded);
* ``publish``: the dataset is active and public.

The check runs when a dataset or resource changes (plugin hooks) and when a
procedure is read (validation results are written by the worker without a
hook, census decisions by another plugin): an observed fact is recorded once,
with ``completed_by`` empty (the portal) and the observation as evidence.
Observed completion does not wait for earlier steps.
"""
from __future__ import annotations

import datetime
import logging
from typing import Any, Optional

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.tmopendata.procedures.model import DONE, OPEN_STATUSES, Procedure

log = logging.getLogger(__name__)

CENSUS_DONE_STATES = ("approved", "in_publication", "published")


def _resource_fields(resource: model.Resource) -> dict[str, Any]:
    extras = resource.extras or {}
    return {"schema": extras.get("schema"), "validation_status": extras.get("validation_status")}


def validated(package: model.Package) -> bool:
    if not p.plugin_loaded("tmopendata_hvd"):
        return False
    with_schema = [
        _resource_fields(r) for r in package.resources if r.state == "active"
    ]
    with_schema = [r for r in with_schema if r["schema"]]
    return bool(with_schema) and all(r["validation_status"] == "success" for r in with_schema)


def published(package: model.Package) -> bool:
    return package.state == "active" and not package.private


def census_status(entry_id: Optional[str]) -> Optional[str]:
    if not entry_id or not p.plugin_loaded("tmopendata_census"):
        return None
    try:
        action = tk.get_action("tmopendata_census_entry_show")
    except KeyError:
        return None
    try:
        entry = action({"ignore_auth": True}, {"id": entry_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return None
    return entry.get("status")


def observe(procedure: Procedure, package: Optional[model.Package] = None) -> list[str]:
    """Complete the open auto steps whose condition holds; return their keys
    (the caller commits)."""
    package = package or model.Package.get(procedure.package_id)
    if package is None:
        return []
    done: list[str] = []
    for step in procedure.steps:
        if step.status not in OPEN_STATUSES or not step.auto:
            continue
        evidence = None
        if step.auto == "publish" and published(package):
            evidence = tk._("Observed by the portal: the dataset is public.")
        elif step.auto == "validate" and validated(package):
            evidence = tk._("Observed by the portal: every resource with a schema is valid.")
        elif step.auto == "identify":
            status = census_status(procedure.census_entry_id)
            if status in CENSUS_DONE_STATES:
                evidence = tk._("Observed by the portal: the census entry is {status}.").format(
                    status=status)
        if evidence:
            now = datetime.datetime.utcnow()
            step.status = DONE
            step.evidence = evidence
            step.completed_by = None
            step.completed_at = now
            step.modified = now
            done.append(step.key)
    if done:
        log.info("Procedure of dataset %s: steps completed by the portal: %s",
                 procedure.package_id, ", ".join(done))
    return done


def observe_package(package_id: str) -> list[str]:
    """Hook entry point: observe the procedure of a dataset, if it has one
    (inside the caller's transaction, committed with the dataset). Never
    breaks the dataset update that triggered it: a failure (e.g. the
    plugin's migration not applied) is rolled back to a savepoint and
    logged."""
    try:
        with model.Session.begin_nested():
            procedure = Procedure.for_package(package_id)
            if procedure is None:
                return []
            return observe(procedure)
    except Exception:  # noqa: BLE001 - the dataset update must go on
        log.exception("Could not check the procedure of dataset %s", package_id)
        return []
