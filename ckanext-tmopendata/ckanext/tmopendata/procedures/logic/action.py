"""Actions of the ``tmopendata_procedures`` plugin: the publication and
maintenance procedure of each dataset (steps from the procedure template,
owners, due dates, status, evidence)."""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise
from ckanext.tmopendata.procedures import auto, peers
from ckanext.tmopendata.procedures import template as tpl
from ckanext.tmopendata.procedures.logic import rules, schema
from ckanext.tmopendata.procedures.logic.dictize import package_and_org, procedure_dictize, show
from ckanext.tmopendata.procedures.model import (
    CLOSED_STATUSES, DONE, SKIPPED, TODO, Procedure, ProcedureStep, lock_procedure,
)

__all__ = [
    "tmopendata_procedure_create", "tmopendata_procedure_show", "tmopendata_procedure_list",
    "tmopendata_procedure_step_update", "tmopendata_procedure_step_complete",
    "tmopendata_procedure_step_skip", "tmopendata_procedure_delete", "tmopendata_procedure_observe",
]

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def _record(context: Context, procedure: Procedure) -> None:
    """Record what the portal observes, then commit the action's changes
    (unless ``context['defer_commit']``)."""
    auto.observe(procedure)
    commit(context)


def tmopendata_procedure_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Start the publication procedure of a dataset from the procedure
    template (``ckanext.tmopendata.procedures.template``).

    Due dates are computed from the start date and each step's default
    duration (cumulative) and may be changed later. Steps the portal can
    already observe (e.g. "publish" for a public dataset) are completed at
    once. One procedure per dataset. Editors of the dataset's organisation.

    :param package_id: id or name of the dataset
    :type package_id: string
    :param census_entry_id: id of the census entry the dataset comes from
        (optional; its approval completes the "identify" step)
    :type census_entry_id: string
    :param started: start date, ``YYYY-MM-DD`` (default: today)
    :type started: string
    :param owners: owner of the steps of each role, e.g.
        ``{"steward": "ana", "admin": "ion"}`` (roles: steward, editor,
        admin, coordinator); optional. Owners receive reminders naming the
        dataset, so they must be members of the dataset's organisation (or
        sysadmins); others are refused with a ``ValidationError``
    :type owners: dictionary
    :returns: the procedure (see :func:`tmopendata_procedure_show`)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.procedure_create(), context)
    tk.check_access("tmopendata_procedure_create", context, data)
    package, org = package_and_org(data["package_id"])
    if Procedure.for_package(package.id) is not None:
        raise tk.ValidationError({"package_id": [
            tk._("This dataset already has a procedure")]})
    census_entry_id = data.get("census_entry_id") or None
    if census_entry_id:
        rules.check_census_entry(context, census_entry_id, org)
    try:
        template = tpl.current()
    except tpl.TemplateError as e:
        raise tk.ValidationError({"template": e.errors})
    started = data.get("started") or now().date()
    owners = data.get("owners") or {}
    rules.check_owners(org, owners, "owners")
    user = model.User.get(context.get("user") or "")
    procedure = Procedure(
        package_id=package.id, census_entry_id=census_entry_id,
        template_name=template.name, template_version=template.version,
        started=started, created=now(), created_by=user.id if user else None,
    )
    due = started
    for position, step in enumerate(template.steps):
        due = due + datetime.timedelta(days=step.duration_days)
        procedure.steps.append(ProcedureStep(
            position=position, key=step.key, title_ro=step.title_ro, title_en=step.title_en,
            role=step.role, duration_days=step.duration_days, auto=step.auto,
            requires_previous=step.requires_previous, owner=owners.get(step.role),
            due=due, status=TODO, modified=now(),
        ))
    # One procedure per dataset: checked above, and by the unique key of
    # ``package_id`` when a parallel request started one meanwhile.
    locks.unique_or_error(lambda: model.Session.add(procedure), lambda: tk.ValidationError({
        "package_id": [tk._("This dataset already has a procedure")]}))
    auto.observe(procedure, package)
    commit(context)
    return procedure_dictize(procedure, package, org)


@tk.side_effect_free
def tmopendata_procedure_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The procedure of a dataset, with its steps.

    Read only (it never writes): steps the portal observes (publication,
    validation results, census approval) but has not recorded yet are shown
    as done, with ``completed_at`` empty; they are recorded by the hooks,
    by changes to the procedure and by :func:`tmopendata_procedure_observe`.
    Whoever may see the dataset.

    :param id: id of the procedure, or id or name of its dataset
    :type id: string
    :returns: ``{id, package_id, package_name, package_title, private,
        organization, organization_id, organization_title, template,
        template_version, census_entry_id, started, created, created_by,
        steps, current_step, progress, overdue}``; each step is ``{key,
        position, title, title_ro, title_en, role, duration_days, auto,
        requires_previous, owner, due, status, evidence, completed_by,
        completed_at, skip_reason, overdue}`` (``status``: todo,
        in_progress, done, skipped; ``owner``/``completed_by``: user names,
        ``completed_by`` empty for steps the portal completed; dates ISO);
        ``current_step`` is the first open step, ``progress`` the percentage
        of steps done or skipped, ``overdue`` true when an open step is past
        its due date
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.procedure_show(), context)
    tk.check_access("tmopendata_procedure_show", context, data)
    return show(rules.procedure_or_404(context, data["id"]))


@tk.side_effect_free
def tmopendata_procedure_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Procedures of the datasets the user may see (public datasets for
    everyone, private ones for their organisation's members), by
    institution then dataset title.

    :param organization: id or name of an institution (optional)
    :type organization: string
    :param step: only procedures whose current step is this one (a step key
        of the template, e.g. ``approve``) (optional)
    :type step: string
    :param overdue: ``true``: only procedures with a step past its due date;
        ``false``: only those without (optional)
    :type overdue: bool
    :param limit: at most this many (default 100, at most 1000)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: procedures as :func:`tmopendata_procedure_show` returns them
        (read only, like it)
    :rtype: list of dictionaries
    """
    data = validate_or_raise(data_dict, schema.procedure_list(), context)
    tk.check_access("tmopendata_procedure_list", context, data)
    query = (
        model.Session.query(Procedure, model.Package)
        .join(model.Package, model.Package.id == Procedure.package_id)
        .filter(model.Package.state == "active")
    )
    if data.get("organization"):
        org = model.Group.get(data["organization"])
        if org is None or not org.is_organization:
            raise tk.ValidationError({"organization": [tk._("Organization not found")]})
        query = query.filter(model.Package.owner_org == org.id)
    step = data.get("step")
    if step:
        try:
            keys = [s.key for s in tpl.current().steps]
        except tpl.TemplateError:
            keys = []
        known = keys or [k for (k,) in model.Session.query(ProcedureStep.key).distinct()]
        if step not in known:
            raise tk.ValidationError({"step": [tk._("Unknown step: {step} (steps: {steps})").format(
                step=step, steps=", ".join(known))]})
    user = context.get("user")
    if not authz.is_sysadmin(user):
        user_obj = model.User.get(user) if user else None
        org_ids = user_obj.get_group_ids(group_type="organization") if user_obj else []
        visible = model.Package.private == sa.false()
        if org_ids:
            visible = sa.or_(visible, model.Package.owner_org.in_(org_ids))
        query = query.filter(visible)
    rows = query.all()
    orgs = {g.id: g for g in model.Session.query(model.Group).filter(
        model.Group.id.in_({pkg.owner_org for _, pkg in rows if pkg.owner_org}))} if rows else {}
    # one question to the HVD plugin for every dataset whose "validate" step is open
    validated = peers.validated_datasets(
        package.id for procedure, package in rows if auto.awaits_validation(procedure))
    results = [
        procedure_dictize(procedure, package, orgs.get(package.owner_org),
                          auto.pending(procedure, package, validated=package.id in validated))
        for procedure, package in rows
    ]
    if step:
        results = [r for r in results if r["current_step"] == step]
    if data.get("overdue") is not None:
        results = [r for r in results if r["overdue"] == data["overdue"]]
    results.sort(key=lambda r: ((r["organization_title"] or "").lower(), r["package_title"].lower()))
    offset = data.get("offset", 0)
    limit = min(data.get("limit", DEFAULT_LIMIT), MAX_LIMIT)
    return results[offset:offset + limit]


def tmopendata_procedure_step_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Change a step's owner, due date, evidence, or status (``todo`` /
    ``in_progress``; on a done or skipped step this re-opens it). Editors of
    the dataset's organisation; re-opening a step of the admin or coordinator
    role needs an admin of the organisation.

    :param id: id of the procedure, or id or name of its dataset
    :type id: string
    :param step: key of the step, e.g. ``legal_check``
    :type step: string
    :param owner: user name or id of the step's owner (a member of the
        dataset's organisation, or a sysadmin); empty clears it
    :type owner: string
    :param due: due date ``YYYY-MM-DD`` (not before the procedure's start)
    :type due: string
    :param evidence: link or note
    :type evidence: string
    :param status: ``todo`` or ``in_progress``
    :type status: string
    :returns: the procedure (see :func:`tmopendata_procedure_show`)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.step_update(), context)
    tk.check_access("tmopendata_procedure_step_update", context, data)
    procedure = lock_procedure(rules.procedure_or_404(context, data["id"]))
    step = rules.step_or_error(procedure, data["step"])
    if "due" in data:
        if not data["due"]:
            raise tk.ValidationError({"due": [tk._(
                "Give the due date of the step {step} (YYYY-MM-DD).").format(step=rules.step_title(step))]})
        if data["due"] < procedure.started:
            raise tk.ValidationError({"due": [tk._(
                "The due date cannot be before the start of the procedure ({started})"
            ).format(started=procedure.started.isoformat())]})
        step.due = data["due"]
    if "owner" in data:
        if data["owner"]:
            rules.check_owners(package_and_org(procedure.package_id)[1], {step.key: data["owner"]}, "owner")
        step.owner = data["owner"] or None
    if "evidence" in data:
        step.evidence = data["evidence"] or None
    if data.get("status"):
        rules.set_open_status(step, data["status"])
    step.modified = now()
    _record(context, procedure)
    return show(procedure)


def tmopendata_procedure_step_complete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Mark an open step done (by the calling user, now). Steps with
    ``requires_previous`` in the template cannot be completed before every
    earlier step is done or skipped. Editors of the dataset's organisation;
    steps of the admin or coordinator role (e.g. "approve") need an admin of
    the organisation.

    :param id: id of the procedure, or id or name of its dataset
    :type id: string
    :param step: key of the step
    :type step: string
    :param evidence: link or note (optional; keeps the current one if absent)
    :type evidence: string
    :returns: the procedure (see :func:`tmopendata_procedure_show`)
    :rtype: dictionary

    Of several callers completing or skipping one step at once, one wins
    (the procedure's row is locked); the others get a ``ValidationError``
    (HTTP 409: the step is already done or skipped) and change nothing.
    """
    data = validate_or_raise(data_dict, schema.step_complete(), context)
    tk.check_access("tmopendata_procedure_step_complete", context, data)
    procedure = lock_procedure(rules.procedure_or_404(context, data["id"]))
    step = rules.step_or_error(procedure, data["step"])
    if step.status == DONE:
        raise tk.ValidationError({"step": [tk._("The step {step} is already done.").format(
            step=rules.step_title(step))]})
    if step.status == SKIPPED:
        # (the first of two callers, one completing and one skipping, wins)
        raise tk.ValidationError({"step": [tk._(
            "The step {step} was skipped; re-open it (status todo) before completing it.").format(
            step=rules.step_title(step))]})
    rules.check_order(procedure, step)
    user = model.User.get(context.get("user") or "")
    step.status = DONE
    step.skip_reason = None
    step.completed_by = user.id if user else None
    step.completed_at = step.modified = now()
    if data.get("evidence"):
        step.evidence = data["evidence"]
    _record(context, procedure)
    return show(procedure)


def tmopendata_procedure_step_skip(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Skip a step, with a reason (e.g. "no personal data: legal check not
    needed"). Same permissions and order rule as
    :func:`tmopendata_procedure_step_complete`.

    :param id: id of the procedure, or id or name of its dataset
    :type id: string
    :param step: key of the step
    :type step: string
    :param reason: why the step is skipped (required)
    :type reason: string
    :returns: the procedure (see :func:`tmopendata_procedure_show`)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.step_skip(), context)
    tk.check_access("tmopendata_procedure_step_skip", context, data)
    procedure = lock_procedure(rules.procedure_or_404(context, data["id"]))
    step = rules.step_or_error(procedure, data["step"])
    if step.status in CLOSED_STATUSES:
        raise tk.ValidationError({"step": [tk._("The step {step} is already done or skipped.").format(
            step=rules.step_title(step))]})
    if not (data.get("reason") or "").strip():
        raise tk.ValidationError({"reason": [tk._(
            "Say why the step {step} is skipped (e.g. \"no personal data: legal check not needed\").").format(
            step=rules.step_title(step))]})
    rules.check_order(procedure, step)
    user = model.User.get(context.get("user") or "")
    step.status = SKIPPED
    step.skip_reason = data["reason"]
    step.completed_by = user.id if user else None
    step.completed_at = step.modified = now()
    _record(context, procedure)
    return show(procedure)


def tmopendata_procedure_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Delete the procedure of a dataset and its steps (the dataset stays).
    Admins of the dataset's organisation.

    :param id: id of the procedure, or id or name of its dataset
    :type id: string
    :returns: ``{"id": <procedure id>, "package_id": <dataset id>}``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.procedure_delete(), context)
    tk.check_access("tmopendata_procedure_delete", context, data)
    procedure = lock_procedure(rules.procedure_or_404(context, data["id"]))
    result = {"id": procedure.id, "package_id": procedure.package_id}
    model.Session.delete(procedure)
    commit(context)
    return result


def tmopendata_procedure_observe(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Record the steps the portal observes (publication, validation
    results, census approval) as done, for one procedure or for all. Run
    daily by the job of ``tmopendata_progress`` and by ``ckan tmopendata
    procedure observe`` (a safety net: the plugin's hooks and signal
    subscriptions record most observations as they happen, but not, e.g.,
    those made while it was not loaded). One procedure: editors of the
    dataset's organisation; all: sysadmins.

    :param id: id of a procedure, or id or name of its dataset (optional:
        all procedures of active datasets)
    :type id: string
    :returns: ``{"count": <steps recorded>, "procedures": {<dataset name>:
        [<step keys>]}}`` (only procedures where something was recorded)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.procedure_observe(), context)
    tk.check_access("tmopendata_procedure_observe", context, data)
    if data.get("id"):
        rows = [(rules.procedure_or_404(context, data["id"]), None)]
    else:
        rows = (
            model.Session.query(Procedure, model.Package)
            .join(model.Package, model.Package.id == Procedure.package_id)
            .filter(model.Package.state == "active").order_by(Procedure.id).all()
        )
    recorded: dict[str, list[str]] = {}
    for procedure, package in rows:
        package = package or model.Package.get(procedure.package_id)
        try:
            procedure = lock_procedure(procedure)
        except tk.ObjectNotFound:  # deleted meanwhile
            continue
        keys = auto.observe(procedure, package)
        if keys and package is not None:
            recorded[package.name] = keys
    if recorded:
        commit(context)
    return {"count": sum(len(keys) for keys in recorded.values()), "procedures": recorded}
