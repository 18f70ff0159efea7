"""The rules the procedure actions enforce beyond their schemas: which step
a request names, who may own a step, the order of steps, re-opening a step,
and the census entry a procedure may link to. Each raises CKAN's
``ValidationError`` (or ``ObjectNotFound``) with a message naming steps by
their title."""
from __future__ import annotations

from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tmopendata.lib.actions import lang
from ckanext.tmopendata.procedures import peers
from ckanext.tmopendata.procedures.logic.auth import find_procedure
from ckanext.tmopendata.procedures.model import (
    CLOSED_STATUSES, OPEN_STATUSES, Procedure, ProcedureStep,
)


def procedure_or_404(context: Context, ref: str) -> Procedure:
    """The procedure with id ``ref`` or of the dataset ``ref``."""
    procedure = find_procedure(context, ref)
    if procedure is None:
        raise tk.ObjectNotFound(tk._("Procedure not found"))
    return procedure


def step_title(step: ProcedureStep) -> str:
    """The step's title in the user's language, quoted (messages name steps
    by title, not by key)."""
    return "“{}”".format(step.title_ro if lang() == "ro" else step.title_en)


def step_or_error(procedure: Procedure, key: str) -> ProcedureStep:
    step = next((s for s in procedure.steps if s.key == key), None)
    if step is None:
        raise tk.ValidationError({"step": [tk._("This procedure has no such step; its steps are: {steps}").format(
            steps=", ".join(step_title(s) for s in procedure.steps))]})
    return step


def check_owners(org: Optional[model.Group], owners: dict[str, str], field: str) -> None:
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


def check_order(procedure: Procedure, step: ProcedureStep) -> None:
    """A step with ``requires_previous`` waits for every earlier step."""
    if not step.requires_previous:
        return
    pending = [s for s in procedure.steps if s.position < step.position and s.status in OPEN_STATUSES]
    if pending:
        raise tk.ValidationError({"step": [tk._(
            "The step {step} can be completed or skipped only after the earlier steps are done or "
            "skipped; still open: {pending}."
        ).format(step=step_title(step), pending=", ".join(step_title(s) for s in pending))]})


def set_open_status(step: ProcedureStep, status: str) -> None:
    """Set an open status (``todo``/``in_progress``); on a closed step this
    re-opens it (who completed it, when and why skipped are cleared)."""
    if step.status in CLOSED_STATUSES and status == step.status:
        return
    step.status = status
    if status in OPEN_STATUSES:
        step.completed_by = None
        step.completed_at = None
        step.skip_reason = None


def check_census_entry(context: Context, entry_id: str, org: Optional[model.Group]) -> None:
    """The census entry must be one the caller may see (else it is "not
    found", whether it exists or not) and an asset of the dataset's
    organisation (the procedure shows the entry's status to whoever sees
    the dataset). Without the census plugin the link is kept unchecked."""
    if not peers.census_available():
        return
    entry = peers.census_entry(context, entry_id)
    if entry is None:
        raise tk.ValidationError({"census_entry_id": [tk._("Census entry not found")]})
    if org is None or entry.get("organization") != org.name:
        raise tk.ValidationError({"census_entry_id": [tk._(
            "The census entry is an asset of another institution: link an entry of the dataset's organisation")]})
