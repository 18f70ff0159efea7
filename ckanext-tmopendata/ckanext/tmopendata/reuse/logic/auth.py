"""Authorization of the ``tmopendata_reuse`` plugin.

- **Showcases**: anyone registered may propose one (it starts *pending*);
  it becomes public only when approved by a **coordinator** (sysadmins,
  users named in ``ckanext.tmopendata.reuse.coordinators``, members of the
  group ``ckanext.tmopendata.reuse.coordinator_group``; the census options
  of the same name when these are empty) or by an **admin of an
  institution** owning one of the datasets it uses. Editors do not approve.
  A pending or rejected showcase is seen only by its proposer and by those
  who may approve it; for anyone else it does not exist (not found).
- **Partnerships** are public; coordinators record and delete them (a
  partnership is an agreement of the city, not of one institution).
- **Usage** figures of a dataset: whoever may see the dataset.
"""
from __future__ import annotations

from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.tmopendata.lib.validators import reference
from ckanext.tmopendata.reuse.model import APPROVED, Showcase

#: The auth functions (the other public functions are helpers of the actions).
__all__ = [
    "tmopendata_showcase_create", "tmopendata_showcase_show", "tmopendata_showcase_list",
    "tmopendata_showcase_review", "tmopendata_showcase_delete",
    "tmopendata_partnership_create", "tmopendata_partnership_delete",
    "tmopendata_partnership_list", "tmopendata_partnership_show",
    "tmopendata_usage_show", "tmopendata_reuse_summary",
]


def _user(context: Context) -> Optional[model.User]:
    name = context.get("user")
    return model.User.get(name) if name else None


def _names(option: str, fallback: str) -> list[str]:
    names = tk.config.get(option) or tk.config.get(fallback) or []
    if isinstance(names, str):
        names = names.split()
    return list(names)


def is_coordinator(context: Context) -> bool:
    """Sysadmin, a named coordinator, or a member of the coordinators' group."""
    user = _user(context)
    if user is None or user.state != "active":
        return False
    if user.sysadmin:
        return True
    if user.name in _names("ckanext.tmopendata.reuse.coordinators",
                           "ckanext.tmopendata.census.coordinators"):
        return True
    group_name = (tk.config.get("ckanext.tmopendata.reuse.coordinator_group")
                  or tk.config.get("ckanext.tmopendata.census.coordinator_group"))
    if group_name:
        group = model.Group.get(group_name)
        if group is not None and authz.users_role_for_group_or_org(group.id, user.name):
            return True
    return False


def admin_organization_ids(context: Context) -> set[str]:
    """Ids of the institutions the user is an admin of."""
    user = _user(context)
    if user is None:
        return set()
    return {
        org_id for (org_id,) in model.Session.query(model.Member.group_id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(model.Member.table_name == "user", model.Member.table_id == user.id,
                model.Member.state == "active", model.Member.capacity == "admin",
                model.Group.is_organization.is_(True), model.Group.state == "active")
    }


def dataset_organization_ids(package_ids: list[str]) -> set[str]:
    if not package_ids:
        return set()
    return {
        org for (org,) in model.Session.query(model.Package.owner_org)
        .filter(model.Package.id.in_(package_ids), model.Package.owner_org.isnot(None))
    }


def can_review(context: Context, showcase: Showcase) -> bool:
    """Coordinators, and admins of an institution owning one of its datasets."""
    if is_coordinator(context):
        return True
    admin_of = admin_organization_ids(context)
    return bool(admin_of & dataset_organization_ids(showcase.package_ids()))


def can_see(context: Context, showcase: Showcase) -> bool:
    if showcase.state == APPROVED:
        return True
    user = _user(context)
    if user is not None and showcase.creator_user_id == user.id:
        return True
    return can_review(context, showcase)


def _showcase(data_dict: DataDict) -> Optional[Showcase]:
    return Showcase.get(reference((data_dict or {}).get("id")))


def tmopendata_showcase_create(context: Context, data_dict: DataDict) -> AuthResult:
    """Anyone registered (CKAN refuses anonymous visitors before this)."""
    if _user(context) is None:
        return {"success": False, "msg": tk._("Log in to propose a showcase")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_showcase_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Approved showcases: everyone; others: proposer and reviewers."""
    showcase = _showcase(data_dict)
    if showcase is None or can_see(context, showcase):
        # a missing showcase is the action's "not found"
        return {"success": True}
    return {"success": False, "msg": tk._("Not authorized to see this showcase")}


@tk.auth_allow_anonymous_access
def tmopendata_showcase_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone (the list holds only the showcases the caller may see)."""
    return {"success": True}


def tmopendata_showcase_review(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators and admins of an institution whose dataset it uses."""
    showcase = _showcase(data_dict)
    if showcase is not None and can_review(context, showcase):
        return {"success": True}
    return {"success": False, "msg": tk._("Not authorized to review this showcase")}


def tmopendata_showcase_delete(context: Context, data_dict: DataDict) -> AuthResult:
    """Reviewers of the showcase, and its proposer while it is pending."""
    showcase = _showcase(data_dict)
    if showcase is not None:
        if can_review(context, showcase):
            return {"success": True}
        user = _user(context)
        if (user is not None and showcase.creator_user_id == user.id
                and showcase.state != APPROVED):
            return {"success": True}
    return {"success": False, "msg": tk._("Not authorized to delete this showcase")}


def tmopendata_partnership_create(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators only."""
    if is_coordinator(context):
        return {"success": True}
    return {"success": False, "msg": tk._("Only coordinators may record partnerships")}


def tmopendata_partnership_delete(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators only."""
    if is_coordinator(context):
        return {"success": True}
    return {"success": False, "msg": tk._("Only coordinators may delete partnerships")}


@tk.auth_allow_anonymous_access
def tmopendata_partnership_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone: partnerships are public."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_partnership_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone: partnerships are public."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_usage_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the dataset (a missing one is the action's "not found")."""
    package = model.Package.get(reference((data_dict or {}).get("id")))
    if package is None:
        return {"success": True}
    try:
        tk.check_access("package_show", {"user": context.get("user") or ""}, {"id": package.id})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see this dataset")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_reuse_summary(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone (figures count only the datasets the caller may see)."""
    return {"success": True}
