"""Actions of the ``tmopendata_procedures`` plugin: the publication and
maintenance procedure of each dataset (steps from the procedure template,
owners, due dates, status, evidence)."""
from __future__ import annotations

import datetime
from typing import Any, Iterable, Optional

import sqlalchemy as sa

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.validation import validate_or_raise
from ckanext.tmopendata.procedures import auto
from ckanext.tmopendata.procedures import template as tpl
from ckanext.tmopendata.procedures.logic import schema
from ckanext.tmopendata.procedures.auto import lock_procedure
from ckanext.tmopendata.procedures.logic.auth import find_procedure
from ckanext.tmopendata.procedures.model import (
    CLOSED_STATUSES, DONE, OPEN_STATUSES, SKIPPED, TODO, Procedure, ProcedureStep,
)

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


# --- helpers (private: not exported as actions) ---------------------------------

def _now() -> datetime.datetime:
    return datetime.datetime.utcnow()


def _today() -> datetime.date:
    return _now().date()


def _commit(context: Context) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()


def _lang() -> str:
    try:
        from ckan.lib.i18n import get_lang

        return get_lang() or "en"
    except Exception:  # noqa: BLE001 - outside a request
        return tk.config.get("ckan.locale_default") or "en"


def _user_names(ids: Iterable[Optional[str]]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = model.Session.query(model.User.id, model.User.name).filter(model.User.id.in_(wanted))
    return {row.id: row.name for row in rows}


def _dictize(procedure: Procedure, package: model.Package, org: Optional[model.Group],
             observed: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """Plain dict of a procedure; ``observed`` (``{step key: evidence}``,
    from :func:`auto.pending`) shows steps the portal observes but has not
    recorded yet as done, with ``completed_at`` empty."""
    today = _today()
    observed = observed or {}
    lang = _lang()
    names = _user_names([s.owner for s in procedure.steps] + [s.completed_by for s in procedure.steps]
                        + [procedure.created_by])
    steps = []
    for step in procedure.steps:
        status = DONE if step.key in observed else step.status
        steps.append({
            "key": step.key,
            "position": step.position,
            "title": step.title_ro if lang == "ro" else step.title_en,
            "title_ro": step.title_ro,
            "title_en": step.title_en,
            "role": step.role,
            "duration_days": step.duration_days,
            "auto": step.auto,
            "requires_previous": step.requires_previous,
            "owner": names.get(step.owner) if step.owner else None,
            "due": step.due.isoformat() if step.due else None,
            "status": status,
            "evidence": observed.get(step.key, step.evidence),
            "completed_by": names.get(step.completed_by) if step.completed_by else None,
            "completed_at": step.completed_at.isoformat() if step.completed_at else None,
            "skip_reason": step.skip_reason,
            "overdue": status in OPEN_STATUSES and step.due is not None and step.due < today,
        })
    current = next((s for s in steps if s["status"] in OPEN_STATUSES), None)
    closed = sum(1 for s in steps if s["status"] in CLOSED_STATUSES)
    total = len(steps)
    return {
        "id": procedure.id,
        "package_id": package.id,
        "package_name": package.name,
        "package_title": package.title or package.name,
        "private": bool(package.private),
        "organization": org.name if org else None,
        "organization_id": org.id if org else None,
        "organization_title": (org.title or org.name) if org else None,
        "template": procedure.template_name,
        "template_version": procedure.template_version,
        "census_entry_id": procedure.census_entry_id,
        "started": procedure.started.isoformat(),
        "created": procedure.created.isoformat() if procedure.created else None,
        "created_by": names.get(procedure.created_by) if procedure.created_by else None,
        "steps": steps,
        "current_step": current["key"] if current else None,
        "progress": round(100 * closed / total) if total else 100,
        "overdue": any(s["overdue"] for s in steps),
    }


def _package_and_org(package_id: str) -> tuple[model.Package, Optional[model.Group]]:
    package = model.Package.get(package_id)
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    org = model.Group.get(package.owner_org) if package.owner_org else None
    return package, org


def _procedure_or_404(context: Context, ref: str) -> Procedure:
    procedure = find_procedure(context, ref)
    if procedure is None:
        raise tk.ObjectNotFound(tk._("Procedure not found"))
    return procedure


def _locked(procedure: Procedure) -> Procedure:
    """The procedure, its row locked (``FOR UPDATE``) until the end of
    the action's transaction, and its steps read again: parallel changes
    of one procedure are served one after the other, each deciding on what
    the previous one left (a step completed by one caller is "already
    done" for the next, whose evidence does not overwrite the first)."""
    return lock_procedure(procedure)


def _title(step: ProcedureStep) -> str:
    """The step's title in the user's language, quoted (messages name steps
    by title, not by key)."""
    return "“{}”".format(step.title_ro if _lang() == "ro" else step.title_en)


def _step_or_error(procedure: Procedure, key: str) -> ProcedureStep:
    step = next((s for s in procedure.steps if s.key == key), None)
    if step is None:
        raise tk.ValidationError({"step": [tk._("This procedure has no such step; its steps are: {steps}").format(
            steps=", ".join(_title(s) for s in procedure.steps))]})
    return step


def _show(procedure: Procedure) -> dict[str, Any]:
    """The procedure as it is now (read only: observed steps not yet
    recorded are shown as done)."""
    package, org = _package_and_org(procedure.package_id)
    return _dictize(procedure, package, org, auto.pending(procedure, package))


def _record(context: Context, procedure: Procedure) -> None:
    """Record what the portal observes, then commit the action's changes
    (unless ``context['defer_commit']``)."""
    auto.observe(procedure)
    _commit(context)


def _check_owners(org: Optional[model.Group], owners: dict[str, str], field: str) -> None:
    """Step owners receive reminders naming the dataset (even a private
    one): only members of the dataset's organisation (any capacity) and
    sysadmins may own a step. ``owners`` maps a label (role or step) to a
    user id."""
    refused = []
    for user_id in owners.values():
        user = model.User.get(user_id)
        if user is None:
            continue  # the validator answers "user not found"
        if user.sysadmin:
            continue
        if org is not None and authz.users_role_for_group_or_org(org.id, user.name):
            continue
        refused.append(user.name)
    if not refused:
        return
    users = ", ".join(sorted(set(refused)))
    if org is None:
        message = tk._("The dataset has no organisation: only sysadmins may own its steps "
                       "(not: {users})").format(users=users)
    else:
        message = tk._("Step owners must be members of the dataset's organisation ({organization}): "
                       "{users}").format(organization=org.title or org.name, users=users)
    raise tk.ValidationError({field: [message]})


def _check_order(procedure: Procedure, step: ProcedureStep) -> None:
    if not step.requires_previous:
        return
    pending = [s for s in procedure.steps if s.position < step.position and s.status in OPEN_STATUSES]
    if pending:
        raise tk.ValidationError({"step": [tk._(
            "The step {step} can be completed or skipped only after the earlier steps are done or "
            "skipped; still open: {pending}."
        ).format(step=_title(step), pending=", ".join(_title(s) for s in pending))]})


def _open_step(step: ProcedureStep, status: str) -> None:
    if step.status in CLOSED_STATUSES and status == step.status:
        return
    step.status = status
    if status in OPEN_STATUSES:
        step.completed_by = None
        step.completed_at = None
        step.skip_reason = None


# --- actions --------------------------------------------------------------------

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
    package, org = _package_and_org(data["package_id"])
    if Procedure.for_package(package.id) is not None:
        raise tk.ValidationError({"package_id": [
            tk._("This dataset already has a procedure")]})
    census_entry_id = data.get("census_entry_id") or None
    if census_entry_id and _census_available():
        _check_census_entry(context, census_entry_id, org)
    try:
        template = tpl.current()
    except tpl.TemplateError as e:
        raise tk.ValidationError({"template": e.errors})
    started = data.get("started") or _today()
    owners = data.get("owners") or {}
    _check_owners(org, owners, "owners")
    user = model.User.get(context.get("user") or "")
    procedure = Procedure(
        package_id=package.id, census_entry_id=census_entry_id,
        template_name=template.name, template_version=template.version,
        started=started, created=_now(), created_by=user.id if user else None,
    )
    due = started
    for position, step in enumerate(template.steps):
        due = due + datetime.timedelta(days=step.duration_days)
        procedure.steps.append(ProcedureStep(
            position=position, key=step.key, title_ro=step.title_ro, title_en=step.title_en,
            role=step.role, duration_days=step.duration_days, auto=step.auto,
            requires_previous=step.requires_previous, owner=owners.get(step.role),
            due=due, status=TODO, modified=_now(),
        ))
    # One procedure per dataset: checked above, and by the unique key of
    # ``package_id`` when a parallel request started one meanwhile.
    locks.unique_or_error(lambda: model.Session.add(procedure), lambda: tk.ValidationError({
        "package_id": [tk._("This dataset already has a procedure")]}))
    auto.observe(procedure, package)
    _commit(context)
    return _dictize(procedure, package, org)


def _check_census_entry(context: Context, entry_id: str, org: Optional[model.Group]) -> None:
    """The census entry must be one the caller may see (else it is "not
    found", whether it exists or not) and an asset of the dataset's
    organisation (the procedure shows the entry's status to whoever sees
    the dataset)."""
    try:
        entry = tk.get_action("tmopendata_census_entry_show")(
            {"user": context.get("user") or "", "ignore_auth": bool(context.get("ignore_auth"))},
            {"id": entry_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        entry = None
    if entry is None:
        raise tk.ValidationError({"census_entry_id": [tk._("Census entry not found")]})
    if org is None or entry.get("organization") != org.name:
        raise tk.ValidationError({"census_entry_id": [tk._(
            "The census entry is an asset of another institution: link an entry of the dataset's organisation")]})


def _census_available() -> bool:
    import ckan.plugins as p

    if not p.plugin_loaded("tmopendata_census"):
        return False
    try:
        tk.get_action("tmopendata_census_entry_show")
    except KeyError:
        return False
    return True


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
    return _show(_procedure_or_404(context, data["id"]))


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
    results = [
        _dictize(procedure, package, orgs.get(package.owner_org), auto.pending(procedure, package))
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
    procedure = _locked(_procedure_or_404(context, data["id"]))
    step = _step_or_error(procedure, data["step"])
    if "due" in data:
        if not data["due"]:
            raise tk.ValidationError({"due": [tk._(
                "Give the due date of the step {step} (YYYY-MM-DD).").format(step=_title(step))]})
        if data["due"] < procedure.started:
            raise tk.ValidationError({"due": [tk._(
                "The due date cannot be before the start of the procedure ({started})"
            ).format(started=procedure.started.isoformat())]})
        step.due = data["due"]
    if "owner" in data:
        if data["owner"]:
            _check_owners(_package_and_org(procedure.package_id)[1], {step.key: data["owner"]}, "owner")
        step.owner = data["owner"] or None
    if "evidence" in data:
        step.evidence = data["evidence"] or None
    if data.get("status"):
        _open_step(step, data["status"])
    step.modified = _now()
    _record(context, procedure)
    return _show(procedure)


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
    procedure = _locked(_procedure_or_404(context, data["id"]))
    step = _step_or_error(procedure, data["step"])
    if step.status == DONE:
        raise tk.ValidationError({"step": [tk._("The step {step} is already done.").format(step=_title(step))]})
    if step.status == SKIPPED:
        # (the first of two callers, one completing and one skipping, wins)
        raise tk.ValidationError({"step": [tk._(
            "The step {step} was skipped; re-open it (status todo) before completing it.").format(step=_title(step))]})
    _check_order(procedure, step)
    user = model.User.get(context.get("user") or "")
    step.status = DONE
    step.skip_reason = None
    step.completed_by = user.id if user else None
    step.completed_at = step.modified = _now()
    if data.get("evidence"):
        step.evidence = data["evidence"]
    _record(context, procedure)
    return _show(procedure)


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
    procedure = _locked(_procedure_or_404(context, data["id"]))
    step = _step_or_error(procedure, data["step"])
    if step.status in CLOSED_STATUSES:
        raise tk.ValidationError({"step": [tk._("The step {step} is already done or skipped.").format(
            step=_title(step))]})
    if not (data.get("reason") or "").strip():
        raise tk.ValidationError({"reason": [tk._(
            "Say why the step {step} is skipped (e.g. \"no personal data: legal check not needed\").").format(
            step=_title(step))]})
    _check_order(procedure, step)
    user = model.User.get(context.get("user") or "")
    step.status = SKIPPED
    step.skip_reason = data["reason"]
    step.completed_by = user.id if user else None
    step.completed_at = step.modified = _now()
    _record(context, procedure)
    return _show(procedure)


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
    procedure = _locked(_procedure_or_404(context, data["id"]))
    result = {"id": procedure.id, "package_id": procedure.package_id}
    model.Session.delete(procedure)
    _commit(context)
    return result


def tmopendata_procedure_observe(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Record the steps the portal observes (publication, validation
    results, census approval) as done, for one procedure or for all. Run
    daily by the job of ``tmopendata_progress`` and by ``ckan tmopendata
    procedure observe`` (validation results are written by the worker
    without a hook). One procedure: editors of the dataset's organisation;
    all: sysadmins.

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
        rows = [(_procedure_or_404(context, data["id"]), None)]
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
            procedure = _locked(procedure)
        except tk.ObjectNotFound:  # deleted meanwhile
            continue
        keys = auto.observe(procedure, package)
        if keys and package is not None:
            recorded[package.name] = keys
    if recorded:
        _commit(context)
    return {"count": sum(len(keys) for keys in recorded.values()), "procedures": recorded}


@tk.chained_action
def tmopendata_census_entry_transition(original_action: Any, context: Context,
                                       data_dict: DataDict) -> dict[str, Any]:
    """The census plugin's transition (see its docstring), then: when the
    entry is now approved, in publication or published, the "identify" step
    of the procedures started from it is recorded as done by the portal (in
    the same transaction; committed unless ``context['defer_commit']``).
    Registered only when ``tmopendata_census`` is loaded."""
    result = original_action(context, data_dict)
    if result.get("status") in auto.CENSUS_DONE_STATES:
        procedures = locks.lock_rows(model.Session.query(Procedure).filter(
            Procedure.census_entry_id == result["id"]).order_by(Procedure.id)).all()
        changed = [procedure for procedure in procedures if auto.observe(lock_procedure(procedure))]
        if changed:
            _commit(context)
    return result


def actions() -> dict[str, Any]:
    """The actions the plugin registers: those of ``__all__`` and, with the
    census plugin, the chained census transition (observes census approval)."""
    import ckan.plugins as p

    registered: dict[str, Any] = {name: globals()[name] for name in __all__}
    if p.plugin_loaded("tmopendata_census"):
        registered["tmopendata_census_entry_transition"] = tmopendata_census_entry_transition
    return registered


__all__ = [
    "tmopendata_procedure_create", "tmopendata_procedure_show", "tmopendata_procedure_list",
    "tmopendata_procedure_step_update", "tmopendata_procedure_step_complete",
    "tmopendata_procedure_step_skip", "tmopendata_procedure_delete", "tmopendata_procedure_observe",
]
