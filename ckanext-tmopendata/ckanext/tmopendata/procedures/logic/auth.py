"""Authorization of the ``tmopendata_procedures`` plugin.

Every decision defers to CKAN's own permissions: whoever may see the dataset
(``package_show``: public datasets for everyone, private ones only for the
organisation's members) reads its procedure; editors of the dataset's
organisation (``package_update``) start it and work on its steps; steps whose
role is ``admin`` or ``coordinator`` (e.g. "approve") and deleting a
procedure need an admin of the organisation (or a sysadmin).
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.tmopendata.lib.validators import reference
from ckanext.tmopendata.procedures.model import Procedure

#: Step roles that need an organisation admin; the others need an editor.
ADMIN_ROLES = ("admin", "coordinator")


def find_procedure(context: Context, ref: Optional[str]) -> Optional[Procedure]:
    """The procedure with id ``ref``, or the procedure of the dataset whose
    id or name is ``ref``."""
    ref = reference(ref)
    if not ref:
        return None
    procedure = Procedure.get(ref)
    if procedure is None:
        package = context["model"].Package.get(ref)
        if package is not None:
            procedure = Procedure.for_package(package.id)
    return procedure


def _may(context: Context, action: str, package_id: str) -> bool:
    try:
        tk.check_access(action, dict(context), {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def is_org_admin(context: Context, package_id: str) -> bool:
    user = context.get("user")
    if authz.is_sysadmin(user):
        return True
    package = context["model"].Package.get(reference(package_id)) if reference(package_id) else None
    if not user or package is None or not package.owner_org:
        return False
    return authz.has_user_permission_for_group_or_org(package.owner_org, user, "admin")


def may_act_on_step(context: Context, package_id: str, role: str) -> bool:
    """May the user complete or skip a step of this role?"""
    if role in ADMIN_ROLES:
        return is_org_admin(context, package_id)
    return _may(context, "package_update", package_id)


def _denied(message: str) -> AuthResult:
    return {"success": False, "msg": message}


def tmopendata_procedure_create(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors of the dataset's organisation may start its procedure."""
    package_id = reference(data_dict.get("package_id"))
    package = context["model"].Package.get(package_id) if package_id else None
    if package is None:
        return {"success": True}  # the action answers "not found"
    if not _may(context, "package_update", package.id):
        return _denied(tk._("You may not start a procedure for this dataset"))
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_procedure_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the dataset (private datasets stay private)."""
    procedure = find_procedure(context, data_dict.get("id"))
    if procedure is None:
        return {"success": True}  # the action answers "not found"
    if not _may(context, "package_show", procedure.package_id):
        return _denied(tk._("You may not see this procedure"))
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_procedure_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone; the action lists only procedures of datasets the user may see."""
    return {"success": True}


def _step_role(procedure: Procedure, key: Any) -> Optional[str]:
    step = next((s for s in procedure.steps if s.key == key), None)
    return step.role if step else None


def tmopendata_procedure_step_update(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors of the dataset's organisation (owner, due date, evidence,
    status); re-opening a closed step of an admin role needs an admin."""
    procedure = find_procedure(context, data_dict.get("id"))
    if procedure is None:
        return {"success": True}
    if not _may(context, "package_update", procedure.package_id):
        return _denied(tk._("You may not update the steps of this procedure"))
    step = next((s for s in procedure.steps if s.key == data_dict.get("step")), None)
    if (step is not None and data_dict.get("status") and step.status in ("done", "skipped")
            and not may_act_on_step(context, procedure.package_id, step.role)):
        return _denied(tk._("Only an admin of the organisation may re-open this step"))
    return {"success": True}


def tmopendata_procedure_step_complete(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors complete steps of the steward/editor roles; admins of the
    organisation those of the admin/coordinator roles (e.g. "approve")."""
    procedure = find_procedure(context, data_dict.get("id"))
    if procedure is None:
        return {"success": True}
    role = _step_role(procedure, data_dict.get("step"))
    if role is None:
        return {"success": True}  # the action answers "unknown step"
    if not may_act_on_step(context, procedure.package_id, role):
        if role in ADMIN_ROLES:
            return _denied(tk._("Only an admin of the organisation may complete this step"))
        return _denied(tk._("You may not complete the steps of this procedure"))
    return {"success": True}


def tmopendata_procedure_step_skip(context: Context, data_dict: DataDict) -> AuthResult:
    """Same as :func:`tmopendata_procedure_step_complete`."""
    return tmopendata_procedure_step_complete(context, data_dict)


def tmopendata_procedure_delete(context: Context, data_dict: DataDict) -> AuthResult:
    """Admins of the dataset's organisation."""
    procedure = find_procedure(context, data_dict.get("id"))
    if procedure is None:
        return {"success": True}
    if not is_org_admin(context, procedure.package_id):
        return _denied(tk._("Only an admin of the organisation may delete this procedure"))
    return {"success": True}


def tmopendata_procedure_observe(context: Context, data_dict: DataDict) -> AuthResult:
    """One procedure: editors of the dataset's organisation; all procedures:
    sysadmins only (who pass every check)."""
    if not data_dict.get("id"):
        return _denied(tk._("Only sysadmins may check every procedure"))
    procedure = find_procedure(context, data_dict.get("id"))
    if procedure is None:
        return {"success": True}  # the action answers "not found"
    if not _may(context, "package_update", procedure.package_id):
        return _denied(tk._("You may not update the steps of this procedure"))
    return {"success": True}


__all__ = [
    "tmopendata_procedure_create", "tmopendata_procedure_show", "tmopendata_procedure_list",
    "tmopendata_procedure_step_update", "tmopendata_procedure_step_complete",
    "tmopendata_procedure_step_skip", "tmopendata_procedure_delete", "tmopendata_procedure_observe",
]
