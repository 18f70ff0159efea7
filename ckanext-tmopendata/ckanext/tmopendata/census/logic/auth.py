"""Authorization of the census: every permission decision of the plugin.

Roles, per entry (``organization`` = the institution holding the asset):

- **sysadmins** may do everything;
- **coordinators** (sysadmins, users named in
  ``ckanext.tmopendata.census.coordinators``, members of the CKAN group named
  by ``ckanext.tmopendata.census.coordinator_group``, and the users listed in
  a campaign's ``coordinators``) create and manage campaigns, see every
  entry, review and decide (workflow), export and publish the inventory;
- **members** of the institution's organisation (any capacity) see its
  entries in full; **editors** and **admins** create and edit its drafts;
  **admins** submit them; editors and admins also move approved entries
  through publication;
- a campaign names the **institutions** (organisations) it covers
  (``organizations``): only their members take part (see its private
  campaign, add and import entries); a member of any other organisation
  (e.g. one a user created for themselves) is an outsider of the campaign;
- coordinators act in an organisation only where CKAN lets them: publishing
  the inventory needs ``package_create`` in the owning organisation
  (``package_update`` on an existing inventory dataset); only a campaign's
  creator and sysadmins change its coordinators;
- everybody else (**outsiders**, **anonymous** visitors) sees only
  ``fields.PUBLIC_FIELDS`` of the entries of campaigns marked ``public``
  whose state is in ``workflow.PUBLIC_STATES`` (never restricted, rejected
  or draft entries).

Who sees what is the one rule of :mod:`ckanext.tmopendata.census.visibility`
(used here and by the lists' SQL); who moves which transition is the table
of :mod:`ckanext.tmopendata.census.workflow`; the role look-ups are
:mod:`ckanext.tmopendata.census.roles`.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.tmopendata.census import workflow
from ckanext.tmopendata.census.model import Campaign, Entry
from ckanext.tmopendata.census.roles import (
    edits_in, is_coordinator, is_sysadmin, organization_role, participant_organization_ids, user,
)
from ckanext.tmopendata.census.visibility import Viewer
from ckanext.tmopendata.census.workflow import EDITING_ROLES

__all__ = [
    "tmopendata_census_campaign_create", "tmopendata_census_campaign_show",
    "tmopendata_census_campaign_list", "tmopendata_census_campaign_update",
    "tmopendata_census_campaign_patch", "tmopendata_census_campaign_delete",
    "tmopendata_census_entry_create", "tmopendata_census_entry_show",
    "tmopendata_census_entry_details", "tmopendata_census_entry_list",
    "tmopendata_census_entry_update", "tmopendata_census_entry_patch",
    "tmopendata_census_entry_delete", "tmopendata_census_entry_transition",
    "tmopendata_census_entry_import", "tmopendata_census_entry_export",
    "tmopendata_census_publish", "tmopendata_census_dashboard",
    "tmopendata_census_dashboard_full", "tmopendata_census_campaign_coordinators",
]


def _refuse(msg: str) -> AuthResult:
    return {"success": False, "msg": msg}


def _campaign_of(data_dict: DataDict) -> Optional[Campaign]:
    return Campaign.get(data_dict.get("campaign_id") or data_dict.get("id") or "")


def _entry_of(data_dict: DataDict) -> Optional[Entry]:
    return Entry.get(data_dict.get("id") or "")


def _organization_id(reference: Any) -> Optional[str]:
    if not reference or not isinstance(reference, str):
        return None
    group = model.Group.get(reference)
    return group.id if group is not None and group.is_organization else None


# --- campaigns ------------------------------------------------------------------

def tmopendata_census_campaign_create(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators only."""
    if is_coordinator(context):
        return {"success": True}
    return _refuse(tk._("Only census coordinators may create campaigns"))


def tmopendata_census_campaign_coordinators(context: Context, data_dict: DataDict) -> AuthResult:
    """Whether the user may change who coordinates the campaign: its creator
    (and sysadmins). Not an action: checked by ``campaign_update``/``patch``
    when the coordinators change."""
    campaign = _campaign_of(data_dict)
    caller = user(context)
    if campaign is not None and caller is not None and campaign.creator_user_id == caller.id:
        return {"success": True}
    return _refuse(tk._("Only the creator of the campaign and sysadmins may change its coordinators"))


def _campaign_manage(context: Context, data_dict: DataDict) -> AuthResult:
    campaign = _campaign_of(data_dict)
    if is_coordinator(context, campaign):
        return {"success": True}
    return _refuse(tk._("Only census coordinators may manage this campaign"))


def tmopendata_census_campaign_update(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators (global or of this campaign)."""
    return _campaign_manage(context, data_dict)


def tmopendata_census_campaign_patch(context: Context, data_dict: DataDict) -> AuthResult:
    """Same as update."""
    return _campaign_manage(context, data_dict)


def tmopendata_census_campaign_delete(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators (global or of this campaign)."""
    return _campaign_manage(context, data_dict)


@tk.auth_allow_anonymous_access
def tmopendata_census_campaign_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Public campaigns: everybody; others: coordinators and members of
    institutions."""
    campaign = _campaign_of(data_dict)
    if campaign is None or Viewer(context).sees_campaign(campaign):
        return {"success": True}  # the action answers 404 for a missing one
    return _refuse(tk._("This census campaign is not public"))


@tk.auth_allow_anonymous_access
def tmopendata_census_campaign_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Everybody (the list only holds the campaigns the user may see)."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_census_dashboard(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the campaign (public figures only for the public)."""
    return tmopendata_census_campaign_show(context, {"id": data_dict.get("campaign_id")})


def tmopendata_census_dashboard_full(context: Context, data_dict: DataDict) -> AuthResult:
    """Whether the user works on the campaign and gets its dashboard page:
    coordinators (global or of the campaign) and members of institutions
    (organisations). Not an action: the dashboard page sends everybody else
    (outsiders, anonymous visitors) to the public inventory list, even when
    the campaign is public and the API answers them with public figures."""
    campaign = _campaign_of(data_dict)
    if is_coordinator(context, campaign) or participant_organization_ids(context, campaign):
        return {"success": True}
    return _refuse(tk._("The dashboard is for census coordinators and members of institutions"))


# --- entries --------------------------------------------------------------------

def tmopendata_census_entry_create(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors and admins of the institution's organisation (and sysadmins),
    when the campaign (``campaign_id``, when given) covers the institution."""
    campaign = Campaign.get(data_dict["campaign_id"]) if isinstance(data_dict.get("campaign_id"), str) else None
    org_id = _organization_id(data_dict.get("organization"))
    if org_id is None:
        # Let the action report the unknown institution (validation error)
        # to users who may create entries somewhere.
        if is_sysadmin(context) or edits_in(context, campaign):
            return {"success": True}
        return _refuse(tk._("You may not add census entries"))
    if campaign is not None and not campaign.covers(org_id) and _still_exists(campaign):
        return _refuse(tk._("This institution does not take part in this census campaign"))
    if organization_role(context, org_id) in EDITING_ROLES:
        return {"success": True}
    return _refuse(tk._("Only editors of the institution may add its census entries"))


def _still_exists(campaign: Campaign) -> bool:
    """Whether the campaign's row is still there: a campaign deleted after it
    was read no longer lists its institutions (the action then answers that
    the campaign is not found)."""
    return model.Session.query(Campaign.id).filter(Campaign.id == campaign.id).scalar() is not None


@tk.auth_allow_anonymous_access
def tmopendata_census_entry_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators and the institution's members see the entry in full; the
    public sees the public fields of public entries; others get 403."""
    entry = _entry_of(data_dict)
    if entry is None:
        return {"success": True}  # 404 from the action
    campaign = Campaign.get(entry.campaign_id)
    if campaign is None or Viewer(context).sees_entry(entry, campaign):
        return {"success": True}
    return _refuse(tk._("You may not see this census entry"))


def tmopendata_census_entry_details(context: Context, data_dict: DataDict) -> AuthResult:
    """Whether the user sees all fields of the entry (not an action: checked
    by ``entry_show``/``entry_list``/``dashboard``)."""
    entry = _entry_of(data_dict)
    campaign = Campaign.get(entry.campaign_id) if entry is not None else None
    if campaign is not None and Viewer(context).sees_details(entry, campaign):
        return {"success": True}
    return _refuse(tk._("You may not see the details of this census entry"))


@tk.auth_allow_anonymous_access
def tmopendata_census_entry_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the campaign (filtered by the action); without a
    campaign, everybody (only visible entries are listed)."""
    if data_dict.get("campaign_id"):
        return tmopendata_census_campaign_show(context, {"id": data_dict["campaign_id"]})
    return {"success": True}


def _edit_entry(context: Context, data_dict: DataDict, refused: str) -> AuthResult:
    entry = _entry_of(data_dict)
    if entry is None:
        return {"success": True}  # 404 from the action
    if is_sysadmin(context):
        return {"success": True}
    role = organization_role(context, entry.organization_id)
    if role not in EDITING_ROLES:
        return _refuse(refused)
    if entry.status != workflow.DRAFT:
        return _refuse(tk._(
            "Only drafts may be changed; this entry is {state} (a coordinator can send it back to draft)"
        ).format(state=tk.h.tmopendata_census_label("status", entry.status)))
    return {"success": True}


def tmopendata_census_entry_update(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors and admins of the institution, while the entry is a draft
    (sysadmins always)."""
    return _edit_entry(context, data_dict, tk._("Only editors of the institution may edit its census entries"))


def tmopendata_census_entry_patch(context: Context, data_dict: DataDict) -> AuthResult:
    """Same as update."""
    return _edit_entry(context, data_dict, tk._("Only editors of the institution may edit its census entries"))


def tmopendata_census_entry_delete(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors and admins of the institution, while the entry is a draft
    (sysadmins always)."""
    return _edit_entry(context, data_dict, tk._("Only editors of the institution may delete its census entries"))


def tmopendata_census_entry_transition(context: Context, data_dict: DataDict) -> AuthResult:
    """Submitting (draft → submitted): the institution's admins. Moving an
    approved entry through publication: its editors and admins (and
    coordinators). Everything else (review, decisions, sending back):
    coordinators. A transition the workflow does not allow is let through to
    users with some role on the entry, so the action can explain which ones
    are allowed."""
    entry = _entry_of(data_dict)
    if entry is None:
        return {"success": True}
    campaign = Campaign.get(entry.campaign_id)
    coordinator = is_coordinator(context, campaign)
    role = organization_role(context, entry.organization_id)
    to_state = data_dict.get("to_state")
    if not workflow.allowed(entry.status, to_state):
        if coordinator or role in EDITING_ROLES:
            return {"success": True}
        return _refuse(tk._("You may not change the state of this census entry"))
    movers = workflow.movers(entry.status, to_state)
    if role in movers.roles or (coordinator and movers.coordinators):
        return {"success": True}
    if not movers.roles:
        return _refuse(tk._("Only census coordinators may review and decide on entries"))
    if not movers.coordinators:
        return _refuse(tk._("Only admins of the institution may submit its census entries"))
    return _refuse(tk._("Only editors of the institution or coordinators may do this"))


def tmopendata_census_entry_import(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators of the campaign (global or of the campaign; sysadmins)
    import for any institution; editors and admins of an institution import
    for their institution. With ``organization``: may the user import rows
    of that institution; without: may the user import at all (the action
    then checks each row's institution with this function)."""
    campaign = _campaign_of({"campaign_id": data_dict.get("campaign_id")})
    if is_coordinator(context, campaign):
        return {"success": True}
    reference = data_dict.get("organization")
    if reference:
        org_id = _organization_id(reference)
        if org_id is None:
            # an unknown institution is reported by the action (row by row)
            # to users who may import for some institution
            return tmopendata_census_entry_import(context, {"campaign_id": data_dict.get("campaign_id")})
        if campaign is not None and not campaign.covers(org_id):
            return _refuse(tk._("This institution does not take part in this census campaign"))
        if organization_role(context, org_id) in EDITING_ROLES:
            return {"success": True}
        return _refuse(tk._("Only editors of the institution and census coordinators may import its entries"))
    if edits_in(context, campaign):
        return {"success": True}
    return _refuse(tk._("Only editors of an institution and census coordinators may import census entries"))


def tmopendata_census_entry_export(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators (every entry) and members of institutions (their own
    entries)."""
    campaign = _campaign_of(data_dict)
    if is_coordinator(context, campaign) or participant_organization_ids(context, campaign):
        return {"success": True}
    return _refuse(tk._("Only coordinators and members of institutions may export census entries"))


def _ckan_allows(context: Context, action: str, data_dict: DataDict) -> bool:
    try:
        tk.check_access(action, {"user": context.get("user")}, data_dict)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def tmopendata_census_publish(context: Context, data_dict: DataDict) -> AuthResult:
    """Coordinators (global or of the campaign) whom CKAN lets write the
    inventory dataset: ``package_update`` on the campaign's existing
    dataset, else ``package_create`` in the owning organisation
    (``owner_org``, default ``ckanext.tmopendata.census.publish_organization``)."""
    campaign = _campaign_of(data_dict)
    if not is_coordinator(context, campaign):
        return _refuse(tk._("Only census coordinators may publish the inventory"))
    package = model.Package.get(campaign.package_id) if campaign is not None and campaign.package_id else None
    if package is not None and package.state == "active":
        if _ckan_allows(context, "package_update", {"id": package.id}):
            return {"success": True}
        return _refuse(tk._("You may not update the inventory dataset: ask an admin of its organisation "
                            "to make you an editor"))
    owner_id = _organization_id(data_dict.get("owner_org")
                                or tk.config.get("ckanext.tmopendata.census.publish_organization"))
    if owner_id is None:
        return {"success": True}  # the action reports the unknown organisation
    if _ckan_allows(context, "package_create", {"owner_org": owner_id}):
        return {"success": True}
    return _refuse(tk._("You may not publish datasets in the organisation owning the inventory: ask one of "
                        "its admins to make you an editor"))


# --- census → dataset hand-off ------------------------------------------------------

def tmopendata_census_entry_create_dataset(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors and admins of the entry's institution (and sysadmins): they
    create datasets in its organisation. Coordinators who are not editors of
    the institution may not (the dataset belongs to the institution)."""
    entry = _entry_of(data_dict)
    if entry is None:
        return {"success": True}  # 404 from the action
    if organization_role(context, entry.organization_id) in EDITING_ROLES:
        return {"success": True}
    return _refuse(tk._("Only editors of the institution may create the dataset of its census entries"))


__all__ += ["tmopendata_census_entry_create_dataset"]
