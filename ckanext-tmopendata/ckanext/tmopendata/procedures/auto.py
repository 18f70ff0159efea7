"""Steps the portal observes and completes by itself.

* ``identify``: the procedure's census entry is approved, in publication or
  published (``lib.census_states.APPROVED_STATES``; read with the census
  plugin's ``tmopendata_census_entry_show``, or taken from the result of the
  census action that moved it);
* ``validate``: the dataset is validated, as ``tmopendata_validation_summary``
  (plugin ``tmopendata_hvd``) defines it: every tabular resource's latest
  validation report is a success (never without the HVD plugin);
* ``publish``: the dataset is active and public.

Both "validate" and "publish" notice the DataStore (plugin
``tmopendata_datastore``, read through its action
``tmopendata_datastore_status``): when the rows of every tabular resource
are served by the DataStore API, the evidence says so. A load that ends
after the step was recorded (the rows follow their validation) upgrades the
portal's own evidence of the step (:func:`observe_api`, on the
``tmopendata_datastore_load`` signal). Without that plugin the evidence is
the plain one.

What the portal observes is recorded once, with ``completed_by`` empty (the
portal) and the observation as evidence: when a dataset or resource changes
(plugin hooks, :func:`observe_package`), when a census entry moves or a
validation ends (``subscriptions``: CKAN's ``action_succeeded`` signal), when
a step of the procedure is changed, and by ``tmopendata_procedure_observe``
(run by the daily job of ``tmopendata_progress`` and ``ckan tmopendata
procedure observe``). Reading a procedure never writes:
``tmopendata_procedure_show`` and ``_list`` show the observed steps as done
(``completed_at`` empty until recorded). Observed completion does not wait
for earlier steps.
"""
from __future__ import annotations

import logging
from typing import Optional

import ckan.model as model

from ckanext.tmopendata.lib import census_states, locks
from ckanext.tmopendata.lib.actions import now
from ckanext.tmopendata.lib.i18n import N_
from ckanext.tmopendata.procedures import peers
from ckanext.tmopendata.procedures.model import DONE, OPEN_STATUSES, Procedure, lock_procedure

log = logging.getLogger(__name__)


#: What the portal records as evidence of the steps it completes. Stored in
#: English (the message id) and translated when shown
#: (``h.tmopendata_procedure_evidence_text``), so that every visitor reads
#: it in their own language, whoever's request completed the step.
EVIDENCE_PUBLISHED = N_("Observed by the portal: the dataset is public.")
EVIDENCE_VALIDATED = N_("Observed by the portal: every tabular resource passed validation.")
#: The same, once the rows of every tabular resource are in the DataStore.
EVIDENCE_VALIDATED_API = N_(
    "Observed by the portal: every tabular resource passed validation and its rows are served "
    "by the DataStore API.")
EVIDENCE_PUBLISHED_API = N_(
    "Observed by the portal: the dataset is public and the rows of every tabular resource are "
    "served by the DataStore API.")
#: The portal's evidence of a step, and what it becomes when the rows are
#: in the DataStore.
API_EVIDENCE = {EVIDENCE_VALIDATED: EVIDENCE_VALIDATED_API, EVIDENCE_PUBLISHED: EVIDENCE_PUBLISHED_API}
#: The evidence of the "validate" step recorded before validation had one
#: definition (still translated when shown).
EVIDENCE_VALIDATED_SCHEMA = N_("Observed by the portal: every resource with a schema is valid.")
EVIDENCE_CENSUS = {
    "approved": N_("Observed by the portal: the census entry is approved."),
    "in_publication": N_("Observed by the portal: the census entry is in publication."),
    "published": N_("Observed by the portal: the census entry is published."),
}
AUTO_EVIDENCE = frozenset([EVIDENCE_PUBLISHED, EVIDENCE_VALIDATED, EVIDENCE_VALIDATED_SCHEMA,
                           EVIDENCE_VALIDATED_API, EVIDENCE_PUBLISHED_API, *EVIDENCE_CENSUS.values()])


def published(package: model.Package) -> bool:
    return package.state == "active" and not package.private


def awaits_validation(procedure: Procedure) -> bool:
    """Whether the procedure has an open "validate" step."""
    return any(s.auto == "validate" and s.status in OPEN_STATUSES for s in procedure.steps)


def pending(procedure: Procedure, package: Optional[model.Package] = None, *,
            validated: Optional[bool] = None, census: Optional[str] = None) -> dict[str, str]:
    """The open automatic steps whose condition holds now, ``{step key:
    evidence}``. Reads only (used by the side-effect-free actions to show
    what the portal observes before it is recorded). ``validated`` and
    ``census`` (the census entry's state) are facts the caller already
    knows; when ``None`` they are asked of the other plugins' actions, and
    only when an open step needs them."""
    package = package or model.Package.get(procedure.package_id)
    if package is None:
        return {}
    found: dict[str, str] = {}
    api: Optional[bool] = None
    for step in procedure.steps:
        if step.status not in OPEN_STATUSES or not step.auto:
            continue
        evidence = None
        if step.auto == "publish" and published(package):
            evidence = EVIDENCE_PUBLISHED
        elif step.auto == "validate":
            if validated is None:
                validated = peers.validated(package.id)
            if validated:
                evidence = EVIDENCE_VALIDATED
        elif step.auto == "identify":
            if census is None:
                census = peers.census_status(procedure.census_entry_id)
            if census in census_states.APPROVED_STATES:
                evidence = EVIDENCE_CENSUS[census]
        if evidence in API_EVIDENCE:
            if api is None:
                api = peers.api_served(package.id)
            if api:
                evidence = API_EVIDENCE[evidence]
        if evidence:
            found[step.key] = evidence
    return found


def observe(procedure: Procedure, package: Optional[model.Package] = None, *,
            validated: Optional[bool] = None, census: Optional[str] = None) -> list[str]:
    """Record the open auto steps whose condition holds as done by the
    portal; return their keys (the caller commits). ``validated`` and
    ``census`` as in :func:`pending`."""
    found = pending(procedure, package, validated=validated, census=census)
    if not found:
        return []
    moment = now()
    for step in procedure.steps:
        if step.key in found:
            step.status = DONE
            step.evidence = found[step.key]
            step.completed_by = None
            step.completed_at = moment
            step.modified = moment
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
    except Exception:
        log.exception("Could not check the procedure of dataset %s", package_id)
        return []


def observe_census_entry(entry_id: str, status: Optional[str]) -> list[str]:
    """A census entry is now in ``status`` (the result of the census action
    that moved it, not read again): record the "identify" step of the
    procedures started from it, their rows locked. Returns the ids of the
    datasets whose procedure changed (the caller commits)."""
    if not entry_id or status not in census_states.APPROVED_STATES:
        return []
    procedures = locks.lock_rows(model.Session.query(Procedure).filter(
        Procedure.census_entry_id == entry_id).order_by(Procedure.id)).all()
    return [procedure.package_id for procedure in procedures
            if observe(lock_procedure(procedure), census=status)]


def observe_api(package_id: str) -> list[str]:
    """The rows of a dataset's table were loaded into the DataStore: observe
    its procedure (a load follows a successful validation) and, when every
    tabular resource is now served by the API, upgrade the portal's own
    evidence of its done "validate" and "publish" steps (a person's
    evidence is left alone). Returns the keys of the steps changed (the
    caller commits)."""
    procedure = locks.lock_rows(
        model.Session.query(Procedure).filter(Procedure.package_id == package_id)).first()
    if procedure is None:
        return []
    procedure = lock_procedure(procedure)
    changed = observe(procedure)
    upgradable = [s for s in procedure.steps if s.status == DONE and s.completed_by is None
                  and s.auto in ("validate", "publish") and s.evidence in API_EVIDENCE]
    if upgradable and peers.api_served(package_id):
        moment = now()
        for step in upgradable:
            step.evidence = API_EVIDENCE[step.evidence]
            step.modified = moment
            changed.append(step.key)
    return changed
