"""Who the caller is in the census: sysadmin, coordinator (global or of a
campaign), role in an institution's organisation. Plain look-ups used by
``logic/auth.py`` (every permission decision) and by
:mod:`~ckanext.tmopendata.census.visibility` (who sees an entry); they
decide nothing themselves.

Coordinators are sysadmins, users named in
``ckanext.tmopendata.census.coordinators``, members of the CKAN group named
by ``ckanext.tmopendata.census.coordinator_group``, and (for one campaign)
the users listed in its ``coordinators``.
"""
from __future__ import annotations

from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tmopendata.census.model import Campaign
from ckanext.tmopendata.census.workflow import EDITING_ROLES


def user(context: Context) -> Optional[model.User]:
    """The caller's user object (``None`` for anonymous callers)."""
    name = context.get("user")
    if not name:
        return None
    return context.get("auth_user_obj") or model.User.get(name)


def is_sysadmin(context: Context) -> bool:
    return bool(context.get("user")) and authz.is_sysadmin(context.get("user"))


def is_coordinator(context: Context, campaign: Optional[Campaign] = None) -> bool:
    """Sysadmin, configured coordinator (list or group), or a coordinator of
    ``campaign``."""
    caller = user(context)
    if caller is None:
        return False
    if caller.sysadmin:
        return True
    names = tk.config.get("ckanext.tmopendata.census.coordinators") or []
    if isinstance(names, str):
        names = names.split()
    if caller.name in names:
        return True
    if campaign is not None and caller.name in (campaign.coordinators or []):
        return True
    group_name = tk.config.get("ckanext.tmopendata.census.coordinator_group")
    if group_name:
        group = model.Group.get(group_name)
        if group is not None and authz.users_role_for_group_or_org(group.id, caller.name):
            return True
    return False


def organization_role(context: Context, organization_id: str) -> Optional[str]:
    """``admin``, ``editor``, ``member`` or ``None`` (sysadmins: ``admin``)."""
    caller = user(context)
    if caller is None or not organization_id:
        return None
    if caller.sysadmin:
        return "admin"
    return authz.users_role_for_group_or_org(organization_id, caller.name)


def member_organization_ids(context: Context) -> list[str]:
    """Ids of the active organisations the caller is an active member of
    (any capacity)."""
    caller = user(context)
    if caller is None:
        return []
    return [
        org_id for (org_id,) in model.Session.query(model.Member.group_id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(model.Member.table_name == "user", model.Member.table_id == caller.id,
                model.Member.state == "active", model.Group.is_organization.is_(True),
                model.Group.state == "active")
    ]


def participant_organization_ids(context: Context, campaign: Optional[Campaign]) -> list[str]:
    """Ids of the caller's organisations that take part in ``campaign`` (all
    the caller's organisations when there is no campaign)."""
    ids = member_organization_ids(context)
    if campaign is None or not ids:
        return ids
    covered = set(campaign.organization_ids())
    return [org_id for org_id in ids if org_id in covered]


def edits_in(context: Context, campaign: Optional[Campaign]) -> bool:
    """The caller is an editor or admin of an institution of the campaign."""
    return any(organization_role(context, o) in EDITING_ROLES
               for o in participant_organization_ids(context, campaign))
