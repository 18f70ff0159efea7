"""Actions on census campaigns: create, show, list, update, patch, delete
(coordinators manage them; who sees one is
:mod:`ckanext.tmopendata.census.visibility`'s rule)."""
from __future__ import annotations

import datetime
from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.census import visibility
from ckanext.tmopendata.census.logic import schema
from ckanext.tmopendata.census.logic.dictize import Orgs, campaign_dict
from ckanext.tmopendata.census.logic.lookups import campaign_or_404, lock_campaign, organization
from ckanext.tmopendata.census.model import Campaign, Entry
from ckanext.tmopendata.census.roles import is_coordinator
from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise


def _check_campaign(data: dict[str, Any], campaign_id: Optional[str] = None) -> None:
    """Name free, coordinators and institutions known (``organizations``
    becomes their ids), no institution with entries removed, end not before
    start: every problem at once."""
    errors: dict[str, list[str]] = {}
    _check_organizations(data, campaign_id, errors)
    if data.get("name"):
        other = model.Session.query(Campaign).filter(Campaign.name == data["name"]).first()
        if other is not None and other.id != campaign_id:
            errors["name"] = [tk._("A campaign with this name already exists")]
    unknown = [n for n in data.get("coordinators") or [] if model.User.get(n) is None]
    if unknown:
        errors["coordinators"] = [tk._("Unknown users: {names}").format(names=", ".join(unknown))]
    if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
        errors["end_date"] = [tk._("The end date is before the start date")]
    if errors:
        raise tk.ValidationError(errors)


def _name_taken() -> tk.ValidationError:
    return tk.ValidationError({"name": [tk._("A campaign with this name already exists")]})


def _check_organizations(data: dict[str, Any], campaign_id: Optional[str], errors: dict[str, list[str]]) -> None:
    if data.get("organizations") is None:
        return
    ids, unknown = [], []
    for reference in data["organizations"]:
        org = organization(reference)
        if org is None:
            unknown.append(reference)
        elif org.id not in ids:
            ids.append(org.id)
    if unknown:
        errors["organizations"] = [tk._("Unknown organisations: {names}").format(names=", ".join(unknown))]
        return
    data["organizations"] = ids
    if campaign_id:
        kept = (
            model.Session.query(Entry.organization_id).distinct()
            .filter(Entry.campaign_id == campaign_id, Entry.organization_id.notin_(ids) if ids else sa.true())
            .all()
        )
        if kept:
            names = ", ".join(sorted(Orgs()(org_id)[0] for (org_id,) in kept))
            errors["organizations"] = [tk._(
                "These institutions have entries in the campaign and cannot be removed: {names}").format(names=names)]


def _check_coordinators_change(context: Context, campaign: Campaign, data: dict[str, Any]) -> None:
    """Only the campaign's creator and sysadmins change its coordinators."""
    if "coordinators" not in data or set(data["coordinators"] or []) == set(campaign.coordinators or []):
        return
    tk.check_access("tmopendata_census_campaign_coordinators", context, {"id": campaign.id})


def _set_campaign(campaign: Campaign, data: dict[str, Any]) -> None:
    for field in ("name", "title", "description", "methodology_version"):
        if field in data:
            setattr(campaign, field, data[field])
    for field in ("start_date", "end_date"):
        if field in data:
            setattr(campaign, field, datetime.date.fromisoformat(data[field]) if data[field] else None)
    if data.get("status"):
        campaign.status = data["status"]
    if "coordinators" in data:
        campaign.coordinators = data["coordinators"] or []
    if "public" in data:
        campaign.public = bool(data["public"])
    if data.get("organizations") is not None and campaign.id:
        campaign.set_organizations(data["organizations"])
    campaign.modified = now()


def tmopendata_census_campaign_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Create a census campaign (coordinators only).

    :param name: URL name, 2-100 lower-case letters, digits, ``-`` or ``_``
    :type name: string
    :param title: title, e.g. "Recensământ 2026"
    :type title: string
    :param description: description (optional)
    :type description: string
    :param start_date: first day, ``YYYY-MM-DD`` (optional)
    :type start_date: string
    :param end_date: last day, ``YYYY-MM-DD`` (optional)
    :type end_date: string
    :param status: ``open`` (default) or ``closed`` (no new entries)
    :type status: string
    :param methodology_version: version of the methodology used (optional)
    :type methodology_version: string
    :param coordinators: user names coordinating this campaign (optional;
        only the campaign's creator and sysadmins change them later)
    :type coordinators: list of strings
    :param organizations: names or ids of the institutions (organisations)
        the campaign covers; only their members take part (see a private
        campaign, add and import entries). An institution that has entries
        cannot be removed. Returned as names.
    :type organizations: list of strings
    :param public: whether the public sees the public inventory fields of
        its approved entries (default ``False``)
    :type public: bool
    :returns: the campaign
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_campaign_create", context, data_dict)
    data = validate_or_raise(data_dict, schema.campaign_create(), context)
    _check_campaign(data)
    user = model.User.get(context.get("user") or "")
    campaign = Campaign(creator_user_id=user.id if user else None, status="open", coordinators=[], public=False)
    organizations = data.pop("organizations", None)
    _set_campaign(campaign, data)
    campaign.created = campaign.modified
    # The name is checked above, and again by its unique key when a
    # parallel request took it meanwhile.
    locks.unique_or_error(lambda: model.Session.add(campaign), _name_taken)
    campaign.set_organizations(organizations or [])
    commit(context)
    return campaign.dictize()


@tk.side_effect_free
def tmopendata_census_campaign_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A census campaign, with ``entry_count`` (entries the user may see)
    and ``is_coordinator``. ``coordinators`` and ``creator_user_id`` are
    returned only to the people who may manage the campaign.

    :param id: id or name of the campaign
    :type id: string
    :returns: the campaign
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_campaign_show", context, data_dict)
    data = validate_or_raise(data_dict, schema.campaign_id(), context)
    campaign = campaign_or_404(data["id"])
    result = campaign_dict(context, campaign)
    query, _viewer = visibility.entries(context, campaign)
    result["entry_count"] = query.count()
    result["is_coordinator"] = is_coordinator(context, campaign)
    return result


@tk.side_effect_free
def tmopendata_census_campaign_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The campaigns the user may see, newest first (``coordinators`` and
    ``creator_user_id`` only of the campaigns the user may manage).

    :param limit: at most this many (default 50)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: ``{"count": total, "results": [campaign dicts]}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_campaign_list", context, data_dict)
    data = validate_or_raise(data_dict, schema.campaign_list(), context)
    query = model.Session.query(Campaign)
    condition = visibility.Viewer(context).campaign_condition()
    if condition is not None:
        query = query.filter(condition)
    count = query.count()
    limit = min(data.get("limit", schema.DEFAULT_LIMIT), schema.MAX_LIMIT)
    rows = query.order_by(Campaign.created.desc(), Campaign.name).limit(limit).offset(data.get("offset", 0)).all()
    return {"count": count, "results": [campaign_dict(context, c) for c in rows]}


def tmopendata_census_campaign_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Replace a campaign's fields (coordinators). Parameters as in
    :func:`tmopendata_census_campaign_create`, plus:

    :param id: id or name of the campaign
    :type id: string
    :returns: the campaign
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_campaign_update", context, data_dict)
    data = validate_or_raise(data_dict, schema.campaign_update(), context)
    return _save_campaign(context, data, full=True)


def tmopendata_census_campaign_patch(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Change only the given fields of a campaign (coordinators).

    :param id: id or name of the campaign
    :type id: string
    :returns: the campaign
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_campaign_patch", context, data_dict)
    data = validate_or_raise(data_dict, schema.campaign_patch(), context)
    return _save_campaign(context, data, full=False)


def _save_campaign(context: Context, data: dict[str, Any], full: bool) -> dict[str, Any]:
    campaign = lock_campaign(campaign_or_404(data.pop("id")))
    if full:
        for field in ("description", "start_date", "end_date", "methodology_version"):
            data.setdefault(field, None)
        for field in ("coordinators", "organizations"):
            data.setdefault(field, [])
    _check_coordinators_change(context, campaign, data)
    merged = campaign.dictize()
    merged.update(data)
    merged["name"] = data.get("name")
    merged["coordinators"] = data.get("coordinators")
    merged["organizations"] = data.get("organizations")
    _check_campaign(merged, campaign.id)
    if merged["organizations"] is not None:
        data["organizations"] = merged["organizations"]  # ids
    locks.unique_or_error(lambda: _set_campaign(campaign, data), _name_taken)
    commit(context)
    return campaign.dictize()


def tmopendata_census_campaign_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Delete a campaign that has no entries (coordinators).

    :param id: id or name of the campaign
    :type id: string
    :returns: ``{"id": ..., "deleted": true}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_campaign_delete", context, data_dict)
    data = validate_or_raise(data_dict, schema.campaign_id(), context)
    campaign = lock_campaign(campaign_or_404(data["id"]))
    count = model.Session.query(Entry).filter(Entry.campaign_id == campaign.id).count()
    if count:
        raise tk.ValidationError({"id": [tk._(
            "The campaign has {count} entries; delete them first (their history is kept)"
        ).format(count=count)]})
    campaign.set_organizations([])
    model.Session.delete(campaign)
    commit(context)
    return {"id": campaign.id, "deleted": True}
