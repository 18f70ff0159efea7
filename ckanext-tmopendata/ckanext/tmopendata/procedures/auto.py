"""Steps the portal observes and completes by itself.

* ``identify``: the procedure's census entry is approved, in publication or
  published (when ``tmopendata_census`` is loaded);
* ``validate``: the dataset has resources with a schema and every one of them
  has ``validation_status`` ``success`` (when ``tmopendata_hvd`` is loaded);
* ``publish``: the dataset is active and public.

What the portal observes is recorded once, with ``completed_by`` empty (the
portal) and the observation as evidence: when a dataset or resource changes
(plugin hooks), when a census entry changes state
(``tmopendata_census_entry_transition``, chained), when a step of the
procedure is changed, and by ``tmopendata_procedure_observe`` (run by the
daily job of ``tmopendata_progress`` and ``ckan tmopendata procedure
observe``: validation results are written by the worker without a hook).
Reading a procedure never writes: ``tmopendata_procedure_show`` and
``_list`` show the observed steps as done (``completed_at`` empty until
recorded). Observed completion does not wait for earlier steps.
"""
from __future__ import annotations

import datetime
import logging
from typing import Any, Optional

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.i18n import N_
from ckanext.tmopendata.procedures.model import DONE, OPEN_STATUSES, Procedure, ProcedureStep

log = logging.getLogger(__name__)

CENSUS_DONE_STATES = ("approved", "in_publication", "published")


#: What the portal records as evidence of the steps it completes. Stored in
#: English (the message id) and translated when shown
#: (``h.tmopendata_procedure_evidence_text``), so that every visitor reads
#: it in their own language, whoever's request completed the step.
EVIDENCE_PUBLISHED = N_("Observed by the portal: the dataset is public.")
EVIDENCE_VALIDATED = N_("Observed by the portal: every resource with a schema is valid.")
EVIDENCE_CENSUS = {
    "approved": N_("Observed by the portal: the census entry is approved."),
    "in_publication": N_("Observed by the portal: the census entry is in publication."),
    "published": N_("Observed by the portal: the census entry is published."),
}
AUTO_EVIDENCE = frozenset([EVIDENCE_PUBLISHED, EVIDENCE_VALIDATED, *EVIDENCE_CENSUS.values()])


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


def pending(procedure: Procedure, package: Optional[model.Package] = None) -> dict[str, str]:
    """The open automatic steps whose condition holds now, ``{step key:
    evidence}``. Reads only (used by the side-effect-free actions to show
    what the portal observes before it is recorded)."""
    package = package or model.Package.get(procedure.package_id)
    if package is None:
        return {}
    found: dict[str, str] = {}
    census: Optional[str] = None
    for step in procedure.steps:
        if step.status not in OPEN_STATUSES or not step.auto:
            continue
        evidence = None
        if step.auto == "publish" and published(package):
            evidence = EVIDENCE_PUBLISHED
        elif step.auto == "validate" and validated(package):
            evidence = EVIDENCE_VALIDATED
        elif step.auto == "identify":
            census = census or census_status(procedure.census_entry_id)
            if census in CENSUS_DONE_STATES:
                evidence = EVIDENCE_CENSUS[census]
        if evidence:
            found[step.key] = evidence
    return found


def lock_procedure(procedure: Procedure) -> Procedure:
    """The procedure with its row locked (``FOR UPDATE``, until the end
    of the transaction) and its steps read again from the database, so
    that whoever changes it next decides on what the previous writer left.
    ``ObjectNotFound`` when it was deleted meanwhile."""
    locked = locks.lock_rows(
        model.Session.query(Procedure).filter(Procedure.id == procedure.id)).one_or_none()
    if locked is None:
        raise tk.ObjectNotFound(tk._("Procedure not found"))
    model.Session.query(ProcedureStep).filter(
        ProcedureStep.procedure_id == locked.id).populate_existing().all()
    return locked


def observe(procedure: Procedure, package: Optional[model.Package] = None) -> list[str]:
    """Record the open auto steps whose condition holds as done by the
    portal; return their keys (the caller commits)."""
    found = pending(procedure, package)
    if not found:
        return []
    now = datetime.datetime.utcnow()
    for step in procedure.steps:
        if step.key in found:
            step.status = DONE
            step.evidence = found[step.key]
            step.completed_by = None
            step.completed_at = now
            step.modified = now
    log.info("Procedure of dataset %s: steps completed by the portal: %s",
             procedure.package_id, ", ".join(found))
    return list(found)


def observe_package(package_id: str) -> list[str]:
    """Hook entry point: observe the procedure of a dataset, if it has one
    (inside the caller's transaction, committed with the dataset). Never
    breaks the dataset update that triggered it: a failure (e.g. the
    plugin's migration not applied) is rolled back to a savepoint and
    logged."""
    try:
        with model.Session.begin_nested():
            procedure = locks.lock_rows(
                model.Session.query(Procedure).filter(Procedure.package_id == package_id)).first()
            if procedure is None:
                return []
            return observe(lock_procedure(procedure))
    except Exception:  # noqa: BLE001 - the dataset update must go on
        log.exception("Could not check the procedure of dataset %s", package_id)
        return []
