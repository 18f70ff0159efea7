"""Actions of the census: campaigns, entries (with scores and the workflow
audit trail), import, export, the public inventory and the dashboard.

Entry dicts carry every field of ``fields.ENTRY_FIELDS``, the scores of
``fields.SCORE_FIELDS`` with ``score_explanation`` (one line per score: the
formula with the numbers, see :mod:`ckanext.tmopendata.census.scores`),
``campaign_id``, ``organization`` (name), ``organization_title``,
``created`` and ``modified``; ``tmopendata_census_entry_show`` adds
``history``. Users who may not see an entry's details (the public,
outsiders) get only ``fields.PUBLIC_FIELDS`` plus ``organization_title``,
and only for public entries (``fields.PUBLIC_STATES`` of campaigns marked
``public``): the others are absent from their results.
"""
from __future__ import annotations

import base64
import datetime
import io as stdio
import json
import logging
import re
from typing import Any, Callable, Optional

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.census import fields, scores
from ckanext.tmopendata.census import io as census_io
from ckanext.tmopendata.census.logic import auth, schema
from ckanext.tmopendata.census.model import Campaign, CampaignOrganization, Entry, EntryHistory
from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib.i18n import N_, bilingual
from ckanext.tmopendata.lib.validation import validate_or_raise

log = logging.getLogger(__name__)

__all__ = [
    "tmopendata_census_campaign_create", "tmopendata_census_campaign_show",
    "tmopendata_census_campaign_list", "tmopendata_census_campaign_update",
    "tmopendata_census_campaign_patch", "tmopendata_census_campaign_delete",
    "tmopendata_census_entry_create", "tmopendata_census_entry_show",
    "tmopendata_census_entry_list", "tmopendata_census_entry_update",
    "tmopendata_census_entry_patch", "tmopendata_census_entry_delete",
    "tmopendata_census_entry_transition", "tmopendata_census_entry_import",
    "tmopendata_census_entry_export", "tmopendata_census_publish",
    "tmopendata_census_dashboard",
]

#: Names of the data fields (stored in ``Entry.data``).
DATA_FIELDS = [n for n, _t in fields.ENTRY_FIELDS if n not in schema.WORKFLOW_FIELDS and n != "organization"]
DEFAULT_LIMIT, MAX_LIMIT = 50, 1000


# --- helpers (private: not exported as actions) ---------------------------------

def _now() -> datetime.datetime:
    return datetime.datetime.utcnow()


def _commit(context: Context) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()


def _user_name(context: Context) -> Optional[str]:
    return context.get("user") or None


def _campaign_or_404(reference: str) -> Campaign:
    campaign = Campaign.get(reference)
    if campaign is None:
        raise tk.ObjectNotFound(tk._("Census campaign not found"))
    return campaign


def _entry_or_404(entry_id: str) -> Entry:
    entry = Entry.get(entry_id)
    if entry is None:
        raise tk.ObjectNotFound(tk._("Census entry not found"))
    return entry


def _state_named(state: str) -> str:
    """A state by its name in the user's language, and its code for the API."""
    from ckanext.tmopendata.census.helpers import tmopendata_census_lang

    return f"“{census_io.label('status', state, tmopendata_census_lang())}” ({state})"


def _lock_entry(entry: Entry, expected: Optional[str] = None) -> Entry:
    """The entry, locked (``FOR UPDATE``) until the end of the action's
    transaction and read again: parallel writers of one entry are served
    one after the other. The permission was checked on the state read
    before the lock; if another request changed it meanwhile (or it is not
    ``expected``, the state the caller saw), the request is refused with
    a ``ValidationError`` (HTTP 409) naming the state it is now in."""
    seen = entry.status
    locked = locks.lock_rows(model.Session.query(Entry).filter(Entry.id == entry.id)).one_or_none()
    if locked is None:
        raise tk.ObjectNotFound(tk._("Census entry not found"))
    if locked.status != seen or (expected and locked.status != expected):
        raise tk.ValidationError({"status": [tk._(
            "The entry changed meanwhile: it is now {state}. Reload it and try again."
        ).format(state=_state_named(locked.status))]})
    return locked


def _organization(reference: str) -> Optional[model.Group]:
    group = model.Group.get(reference) if reference else None
    if group is None or not group.is_organization or group.state != "active":
        return None
    return group


def _organization_by_name_or_title(reference: str) -> Optional[model.Group]:
    """The active organisation whose id or name is ``reference``, else the
    one whose name or title is the same apart from case, diacritics and
    spacing (``None`` when none or several match)."""
    group = _organization(reference)
    if group is not None:
        return group
    key = census_io._norm(reference)
    if not key:
        return None
    found = [
        g for g in model.Session.query(model.Group).filter(
            model.Group.is_organization.is_(True), model.Group.state == "active")
        if key in (census_io._norm(g.name), census_io._norm(g.title or ""))
    ]
    return found[0] if len(found) == 1 else None


class _Orgs:
    """Organisation names and titles by id, looked up once per call."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, str]] = {}

    def __call__(self, org_id: str) -> tuple[str, str]:
        if org_id not in self._cache:
            group = model.Group.get(org_id)
            self._cache[org_id] = (group.name, group.title or group.name) if group else (org_id, org_id)
        return self._cache[org_id]


def _entry_dict(entry: Entry, orgs: _Orgs, details: bool, history: bool = False) -> dict[str, Any]:
    name, title = orgs(entry.organization_id)
    if not details:
        public = {
            "id": entry.id, "organization": name, "title": entry.title, "status": entry.status,
            "planned_publication": (entry.data or {}).get("planned_publication"),
        }
        data = {f: public[f] for f in fields.PUBLIC_FIELDS}
        data["organization_title"] = title
        return data
    stored = entry.data or {}
    data = {f: stored.get(f) for f in DATA_FIELDS}
    data.update({
        "id": entry.id, "organization": name, "organization_title": title,
        "title": entry.title, "status": entry.status, "package_id": entry.package_id,
        "campaign_id": entry.campaign_id,
        "openness_score": entry.openness_score, "value_score": entry.value_score,
        "feasibility_score": entry.feasibility_score, "priority": entry.priority,
        "score_explanation": scores.compute(stored)["score_explanation"],
        "created": entry.created.isoformat() if entry.created else None,
        "modified": entry.modified.isoformat() if entry.modified else None,
    })
    for field in ("formats", "personal_data_categories"):
        data[field] = data.get(field) or []
    if history:
        data["history"] = [h.dictize() for h in EntryHistory.for_entry(entry.id)]
    return data


def _apply(entry: Entry, data: dict[str, Any]) -> None:
    """Store the data fields and recompute the scores."""
    clean = {f: data.get(f) for f in DATA_FIELDS}
    for field in ("formats", "personal_data_categories"):
        clean[field] = clean.get(field) or []
    if not clean.get("access_restriction"):
        clean["access_restriction"] = "none"
    entry.data = clean
    entry.title = clean["title"]
    entry.hvd_category = clean.get("hvd_category")
    entry.priority_theme = clean.get("priority_theme")
    entry.access_restriction = clean["access_restriction"]
    computed = scores.compute(clean)
    for field in fields.SCORE_FIELDS:
        setattr(entry, field, computed[field])
    entry.modified = _now()


def _check_restriction(data: dict[str, Any]) -> None:
    if data.get("access_restriction") not in (None, "", "none") and not data.get("restriction_reason"):
        raise tk.ValidationError({"restriction_reason": [
            tk._("A restricted data asset needs the legal reason of the restriction.")]})


def _blank(value: Any) -> Any:
    """``None`` for empty values ("" and [] are the same as unanswered;
    ``False`` and ``0`` are answers)."""
    return None if value is None or value == "" or value == [] else value


def _changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Changed data fields: field -> [old, new]."""
    return {
        f: [old.get(f), new.get(f)] for f in DATA_FIELDS
        if _blank(old.get(f)) != _blank(new.get(f))
    }


def _may_see_package(context: Context, package: model.Package) -> bool:
    if context.get("ignore_auth"):
        return True
    try:
        tk.check_access("package_show", {"user": context.get("user") or ""}, {"id": package.id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _record(context: Context, entry: Entry, action: str, **kwargs: Any) -> None:
    model.Session.add(EntryHistory(
        entry_id=entry.id, campaign_id=entry.campaign_id, action=action,
        user=_user_name(context), timestamp=_now(), **kwargs,
    ))


def _NOT_COVERED() -> str:
    return tk._("This institution does not take part in this census campaign")


def _open_campaign(reference: str) -> Campaign:
    """The campaign, if open; its row is share-locked until the end of the
    transaction, so that it is not closed or deleted while entries are
    added to it (adding entries at once is not held up)."""
    campaign = Campaign.get(reference)
    if campaign is not None:
        campaign = model.Session.query(Campaign).filter(Campaign.id == campaign.id).with_for_update(
            read=True).populate_existing().one_or_none()
    if campaign is None:
        raise tk.ValidationError({"campaign_id": [tk._("Census campaign not found")]})
    if campaign.status != "open":
        raise tk.ValidationError({"campaign_id": [
            tk._("The campaign is closed: entries can no longer be added or imported")]})
    return campaign


def _visible(context: Context, campaign: Optional[Campaign] = None) -> tuple[Any, Callable[[Entry, Campaign], bool]]:
    """A query of the entries the user may see (joined with their
    campaign) and a function telling whether one is seen in full."""
    query = model.Session.query(Entry, Campaign).join(Campaign, Campaign.id == Entry.campaign_id)
    if campaign is not None:
        query = query.filter(Entry.campaign_id == campaign.id)
    if auth.is_coordinator(context):
        return query, lambda e, c: True
    org_ids = auth.detail_organization_ids(context)
    name = _user_name(context)
    conditions = [sa.and_(Campaign.public.is_(True), Entry.status.in_(fields.PUBLIC_STATES))]
    if org_ids:
        conditions.append(Entry.organization_id.in_(org_ids))
    if name:
        conditions.append(Campaign.coordinators.contains([name]))
    query = query.filter(sa.or_(*conditions))

    def details(entry: Entry, camp: Campaign) -> bool:
        return entry.organization_id in org_ids or bool(name and name in (camp.coordinators or []))

    return query, details


# --- campaigns ------------------------------------------------------------------

#: Campaign fields only the people who manage the campaign see.
MANAGER_FIELDS = ("coordinators", "creator_user_id")


def _campaign_dict(context: Context, campaign: Campaign) -> dict[str, Any]:
    """The campaign as the user may see it: who coordinates and created it
    only for those who may manage it (``campaign_update``)."""
    data = campaign.dictize()
    try:
        tk.check_access("tmopendata_census_campaign_update", dict(context), {"id": campaign.id})
    except tk.NotAuthorized:
        for field in MANAGER_FIELDS:
            data.pop(field, None)
    return data


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
        org = _organization(reference)
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
            names = ", ".join(sorted(_Orgs()(org_id)[0] for (org_id,) in kept))
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
    campaign.modified = _now()


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
    user = model.User.get(_user_name(context) or "")
    campaign = Campaign(creator_user_id=user.id if user else None, status="open", coordinators=[], public=False)
    organizations = data.pop("organizations", None)
    _set_campaign(campaign, data)
    campaign.created = campaign.modified
    # The name is checked above, and again by its unique key when a
    # parallel request took it meanwhile.
    locks.unique_or_error(lambda: model.Session.add(campaign), _name_taken)
    campaign.set_organizations(organizations or [])
    _commit(context)
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
    campaign = _campaign_or_404(data["id"])
    result = _campaign_dict(context, campaign)
    query, _details = _visible(context, campaign)
    result["entry_count"] = query.count()
    result["is_coordinator"] = auth.is_coordinator(context, campaign)
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
    if not auth.is_coordinator(context):
        name = _user_name(context)
        condition = Campaign.public.is_(True)
        if name:
            condition = sa.or_(condition, Campaign.coordinators.contains([name]))
        org_ids = auth.detail_organization_ids(context)
        if org_ids:
            condition = sa.or_(condition, Campaign.id.in_(
                model.Session.query(CampaignOrganization.campaign_id)
                .filter(CampaignOrganization.organization_id.in_(org_ids))))
        query = query.filter(condition)
    count = query.count()
    limit = min(data.get("limit", DEFAULT_LIMIT), MAX_LIMIT)
    rows = query.order_by(Campaign.created.desc(), Campaign.name).limit(limit).offset(data.get("offset", 0)).all()
    return {"count": count, "results": [_campaign_dict(context, c) for c in rows]}


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


def _lock_campaign(campaign: Campaign) -> Campaign:
    """The campaign, locked (``FOR UPDATE``) and read again: changes and
    deletion wait for the entries being added to it, and the other way
    round."""
    locked = locks.lock_rows(model.Session.query(Campaign).filter(Campaign.id == campaign.id)).one_or_none()
    if locked is None:
        raise tk.ObjectNotFound(tk._("Census campaign not found"))
    return locked


def _save_campaign(context: Context, data: dict[str, Any], full: bool) -> dict[str, Any]:
    campaign = _lock_campaign(_campaign_or_404(data.pop("id")))
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
    _commit(context)
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
    campaign = _lock_campaign(_campaign_or_404(data["id"]))
    count = model.Session.query(Entry).filter(Entry.campaign_id == campaign.id).count()
    if count:
        raise tk.ValidationError({"id": [tk._(
            "The campaign has {count} entries; delete them first (their history is kept)"
        ).format(count=count)]})
    campaign.set_organizations([])
    model.Session.delete(campaign)
    _commit(context)
    return {"id": campaign.id, "deleted": True}


# --- entries --------------------------------------------------------------------

def _create_entry(context: Context, campaign: Campaign, org: model.Group, data: dict[str, Any],
                  action: str = "create") -> Entry:
    _check_restriction(data)
    user = model.User.get(_user_name(context) or "")
    entry = Entry(campaign_id=campaign.id, organization_id=org.id, status=fields.DRAFT,
                  creator_user_id=user.id if user else None)
    _apply(entry, data)
    entry.created = entry.modified
    model.Session.add(entry)
    model.Session.flush()
    _record(context, entry, action, to_state=fields.DRAFT)
    return entry


def tmopendata_census_entry_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Add a data asset held by an institution to a campaign, as a draft
    (editors and admins of the institution's organisation). Scores are
    computed from the fields.

    :param campaign_id: id or name of an open campaign
    :type campaign_id: string
    :param organization: name or id of the institution's organisation
    :type organization: string
    :param title: title of the data asset
    :type title: string
    :param description, department, owner_name, owner_email, volume,
        legal_basis, restriction_reason: texts (optional)
    :param storage: ``paper``, ``office_files``, ``database``, ``gis``,
        ``other_system``
    :param formats: file formats (list, or text separated by ``;``)
    :param update_frequency: EU frequency code (``ANNUAL``, ``MONTHLY``...)
    :param personal_data: whether it holds personal data
    :type personal_data: bool
    :param personal_data_categories: categories of personal data (list)
    :param access_restriction: ``none`` (default), ``personal_data``,
        ``classified``, ``third_party_rights``,
        ``commercial_confidentiality``; anything but ``none`` needs
        ``restriction_reason``
    :param published_url: where it is already published (http/https URL)
    :param hvd_category: suggested HVD category URI
    :param priority_theme: local priority theme key
    :param information_requests: information requests per year (demand)
    :type information_requests: int
    :param q_exists, q_digital, q_public, q_free, q_online,
        q_machine_readable, q_bulk, q_open_licence, q_up_to_date: the
        openness questionnaire (bools; missing = not answered)
    :param effort: ``low``, ``medium``, ``high``
    :param planned_publication: planned publication date ``YYYY-MM-DD``
    :returns: the entry
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_create", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_create(), context)
    campaign = _open_campaign(data["campaign_id"])
    org = _organization(data["organization"])
    if org is None:
        raise tk.ValidationError({"organization": [tk._("Institution (organisation) not found")]})
    tk.check_access("tmopendata_census_entry_create", context, {"organization": org.id, "campaign_id": campaign.id})
    if not campaign.covers(org.id):
        raise tk.ValidationError({"organization": [_NOT_COVERED()]})
    entry = _create_entry(context, campaign, org, data)
    _commit(context)
    return _entry_dict(entry, _Orgs(), details=True)


@tk.side_effect_free
def tmopendata_census_entry_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One entry: in full, with ``history`` (the audit trail: action, user,
    timestamp, from_state, to_state, comment, changes), for coordinators and
    members of its institution; only the public fields for the public
    (public entries only).

    :param id: id of the entry
    :type id: string
    :returns: the entry
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_show", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_id(), context)
    entry = _entry_or_404(data["id"])
    details = auth.may_see_details(context, entry)
    return _entry_dict(entry, _Orgs(), details=details, history=details)


@tk.side_effect_free
def tmopendata_census_entry_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Entries the user may see (the public: public fields of public
    entries only), filtered, sorted and paginated.

    :param campaign_id: id or name of the campaign (optional)
    :type campaign_id: string
    :param organization: institution (organisation) name or id (optional)
    :type organization: string
    :param status: one state or several (list or ``;``-separated)
    :type status: string or list
    :param hvd_category: HVD category URI (optional)
    :type hvd_category: string
    :param priority_theme: local priority theme key (optional)
    :type priority_theme: string
    :param q: text searched in the titles (optional)
    :type q: string
    :param sort: ``priority`` (default, highest first), ``title`` or
        ``modified`` (latest first)
    :type sort: string
    :param limit: page size (default 50, at most 1000)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: ``{"count": total matching, "results": [entry dicts]}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_list", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_list(), context)
    campaign = None
    if data.get("campaign_id"):
        campaign = _campaign_or_404(data["campaign_id"])
    query, details = _visible(context, campaign)
    if data.get("organization"):
        org = _organization(data["organization"])
        query = query.filter(Entry.organization_id == (org.id if org else data["organization"]))
    if data.get("status"):
        unknown = [s for s in data["status"] if s not in fields.STATES]
        if unknown:
            raise tk.ValidationError({"status": [tk._("Unknown state {value!r}; allowed: {allowed}").format(
                value=unknown[0], allowed=", ".join(fields.STATES))]})
        query = query.filter(Entry.status.in_(data["status"]))
    if data.get("hvd_category"):
        query = query.filter(Entry.hvd_category == data["hvd_category"])
    if data.get("priority_theme"):
        query = query.filter(Entry.priority_theme == data["priority_theme"])
    if data.get("q"):
        query = query.filter(Entry.title.ilike("%" + data["q"].replace("%", r"\%") + "%"))
    count = query.count()
    sort = data.get("sort") or "priority"
    order = {
        "priority": (Entry.priority.desc(), Entry.title, Entry.id),
        "title": (Entry.title, Entry.id),
        "modified": (Entry.modified.desc(), Entry.id),
    }[sort]
    limit = min(data.get("limit", DEFAULT_LIMIT), MAX_LIMIT)
    rows = query.order_by(*order).limit(limit).offset(data.get("offset", 0)).all()
    orgs = _Orgs()
    return {
        "count": count,
        "results": [_entry_dict(e, orgs, details=details(e, c)) for e, c in rows],
    }


def _save_entry(context: Context, data: dict[str, Any], full: bool) -> dict[str, Any]:
    entry = _lock_entry(_entry_or_404(data.pop("id")))
    if data.get("organization"):
        org = _organization(data["organization"])
        if org is None or org.id != entry.organization_id:
            raise tk.ValidationError({"organization": [
                tk._("The institution of an entry cannot be changed; create the entry in the other institution")]})
    old = dict(entry.data or {})
    new = {f: data.get(f) for f in DATA_FIELDS} if full else {**old, **{f: data[f] for f in DATA_FIELDS if f in data}}
    if not new.get("title"):
        raise tk.ValidationError({"title": [tk._("Missing value")]})
    _check_restriction(new)
    changes = _changes(old, new)
    _apply(entry, new)
    if changes:
        _record(context, entry, "update", from_state=entry.status, to_state=entry.status, changes=changes)
    _commit(context)
    return _entry_dict(entry, _Orgs(), details=True)


def tmopendata_census_entry_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Replace the fields of a draft entry (editors and admins of its
    institution); fields left out are emptied. Parameters as in
    :func:`tmopendata_census_entry_create`, with ``id`` instead of
    ``campaign_id``; the institution cannot change. The changed fields are
    recorded in the history.

    :param id: id of the entry
    :type id: string
    :returns: the entry
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_update", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_update(), context)
    return _save_entry(context, data, full=True)


def tmopendata_census_entry_patch(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Change only the given fields of a draft entry (editors and admins of
    its institution). Parameters as in :func:`tmopendata_census_entry_create`.

    :param id: id of the entry
    :type id: string
    :returns: the entry
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_patch", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_patch(), context)
    return _save_entry(context, data, full=False)


def tmopendata_census_entry_delete(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Delete a draft entry (editors and admins of its institution; sysadmins
    any entry). Its history is kept, with a ``delete`` line.

    :param id: id of the entry
    :type id: string
    :returns: ``{"id": ..., "deleted": true}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_delete", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_id(), context)
    entry = _lock_entry(_entry_or_404(data["id"]))
    _record(context, entry, "delete", from_state=entry.status, comment=entry.title)
    model.Session.delete(entry)
    _commit(context)
    return {"id": data["id"], "deleted": True}


def tmopendata_census_entry_transition(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Move an entry through the workflow (``fields.TRANSITIONS``) and
    record it in its audit trail::

        draft → submitted → under_review → approved | restricted | rejected
        | duplicate; approved → in_publication → published

    (and back: submitted/under_review → draft, decisions → under_review,
    approved ↔ in_publication). Institution admins submit; coordinators
    review and decide; editors, admins and coordinators move approved
    entries through publication. A transition the workflow does not allow
    is refused with a ``ValidationError`` naming the allowed ones.

    :param id: id of the entry
    :type id: string
    :param to_state: the new state
    :type to_state: string
    :param comment: a comment kept in the history (optional)
    :type comment: string
    :param access_restriction: the legal category of the restriction,
        ``personal_data``, ``classified``, ``third_party_rights`` or
        ``commercial_confidentiality`` (required to go to ``restricted``
        unless the entry already has one; stored as the entry's
        ``access_restriction``)
    :type access_restriction: string
    :param reason: the legal reason (required to go to ``restricted``
        unless the entry already has one; stored as the entry's
        ``restriction_reason``)
    :type reason: string
    :param package_id: id or name of the published CKAN dataset (required
        to go to ``published``): an active, public dataset of the entry's
        institution (``owner_org``)
    :type package_id: string
    :param from_state: the state the caller saw (optional): if the entry is
        no longer in it, nothing changes and a ``ValidationError`` says
        which state it is in now
    :type from_state: string
    :returns: the entry (with its history)
    :rtype: dictionary

    Parallel transitions of one entry are served one after the other (the
    entry's row is locked): of two decisions sent at once, one wins and the
    other is refused with a ``ValidationError`` (HTTP 409) naming the state
    the entry is now in; the last line of the audit trail is always the
    entry's current state.
    """
    tk.check_access("tmopendata_census_entry_transition", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_transition(), context)
    entry = _lock_entry(_entry_or_404(data["id"]), data.get("from_state"))
    current, target = entry.status, data["to_state"]
    allowed = fields.TRANSITIONS.get(current, ())
    if target not in allowed:
        named = _state_named
        if allowed:
            message = tk._("An entry in state {current} cannot go to {target}; allowed: {allowed}.").format(
                current=named(current), target=named(target),
                allowed=", ".join(named(state) for state in allowed))
        else:
            message = tk._("An entry in state {current} cannot change state any more.").format(
                current=named(current))
        raise tk.ValidationError({"to_state": [message]})
    comment = data.get("comment")
    stored = dict(entry.data or {})
    changes: dict[str, Any] = {}
    if target == fields.RESTRICTED:
        category = data.get("access_restriction")
        if category == "none":
            raise tk.ValidationError({"access_restriction": [
                tk._("Choose the category of the restriction (not \"none\").")]})
        category = category or (stored.get("access_restriction") if stored.get("access_restriction") != "none" else None)
        reason = data.get("reason") or stored.get("restriction_reason")
        missing: dict[str, list[str]] = {}
        if not category:
            from ckanext.tmopendata.census.helpers import tmopendata_census_lang

            allowed = ", ".join(census_io.label("access_restriction", r, tmopendata_census_lang())
                                for r in fields.RESTRICTIONS if r != "none")
            missing["access_restriction"] = [tk._(
                "Choose the legal category of the restriction ({allowed}).").format(allowed=allowed)]
        if not reason:
            missing["reason"] = [tk._("Give the legal reason of the restriction.")]
        if missing:
            raise tk.ValidationError(missing)
        updated = dict(stored, access_restriction=category, restriction_reason=reason)
        changes = _changes(stored, updated)
        if changes:
            _apply(entry, updated)
            stored = dict(entry.data)
        if data.get("reason"):
            comment = "; ".join(x for x in (comment, data["reason"]) if x)
    if target == fields.PUBLISHED:
        reference = data.get("package_id") or entry.package_id
        package = model.Package.get(reference) if reference else None
        if package is not None and not _may_see_package(context, package):
            package = None  # never name a dataset the caller cannot see
        if package is None or package.state != "active":
            raise tk.ValidationError({"package_id": [
                tk._("Link the published dataset: give the id or name of an existing dataset.")]})
        if package.owner_org != entry.organization_id:
            _name, institution = _Orgs()(entry.organization_id)
            raise tk.ValidationError({"package_id": [tk._(
                "The dataset \"{dataset}\" is not published by {institution}: link a dataset of the "
                "entry's institution.").format(dataset=package.name, institution=institution)]})
        if package.private:
            raise tk.ValidationError({"package_id": [tk._(
                "The dataset \"{dataset}\" is private: make it public before marking the entry as "
                "published.").format(dataset=package.name)]})
        entry.package_id = package.id
        if not stored.get("published_url"):
            updated = dict(stored, published_url=tk.url_for("dataset.read", id=package.name, qualified=True))
            changes = _changes(stored, updated)
            _apply(entry, updated)
    entry.status = target
    entry.modified = _now()
    _record(context, entry, "transition", from_state=current, to_state=target, comment=comment,
            changes=changes or None)
    _commit(context)
    return _entry_dict(entry, _Orgs(), details=True, history=True)


@tk.side_effect_free
def tmopendata_census_dashboard(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Figures of a campaign per institution and its top priorities, over
    the entries the user may see.

    :param campaign_id: id or name of the campaign
    :type campaign_id: string
    :param top: length of the top-priority list (default 10)
    :type top: int
    :returns: ``{"campaign": ..., "organizations": [{organization,
        organization_title, entries, submitted (submitted or under review),
        approved (approved or in publication), published, restricted,
        rejected, by_status: {state: count}}], "totals": {...},
        "top": [entry dicts by priority]}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_dashboard", context, data_dict)
    data = validate_or_raise(data_dict, schema.dashboard(), context)
    campaign = _campaign_or_404(data["campaign_id"])
    query, details = _visible(context, campaign)
    counts = (
        query.with_entities(Entry.organization_id, Entry.status, sa.func.count(Entry.id))
        .group_by(Entry.organization_id, Entry.status).all()
    )
    orgs = _Orgs()
    per_org: dict[str, dict[str, Any]] = {}
    groups = {
        "submitted": (fields.SUBMITTED, fields.UNDER_REVIEW),
        "approved": (fields.APPROVED, fields.IN_PUBLICATION),
        "published": (fields.PUBLISHED,),
        "restricted": (fields.RESTRICTED,),
        "rejected": (fields.REJECTED, fields.DUPLICATE),
    }
    totals: dict[str, Any] = {"entries": 0, **{k: 0 for k in groups}}
    for org_id, status, count in counts:
        name, title = orgs(org_id)
        row = per_org.setdefault(org_id, {
            "organization": name, "organization_title": title, "entries": 0,
            **{k: 0 for k in groups}, "by_status": {},
        })
        row["entries"] += count
        totals["entries"] += count
        row["by_status"][status] = count
        for key, states in groups.items():
            if status in states:
                row[key] += count
                totals[key] += count
    top_n = data.get("top", 10)
    top = query.order_by(Entry.priority.desc(), Entry.title).limit(top_n).all()
    return {
        "campaign": _campaign_dict(context, campaign),
        "organizations": sorted(per_org.values(), key=lambda r: r["organization_title"].lower()),
        "totals": totals,
        "top": [_entry_dict(e, orgs, details=details(e, c)) for e, c in top],
    }


# --- import, export, public inventory ---------------------------------------------

def _upload_bytes(upload: Any, filename: Optional[str]) -> tuple[bytes, str]:
    """Bytes and file name of an uploaded file (a werkzeug ``FileStorage``
    from a form or the API, or bytes/text from the CLI with ``filename``)."""
    if hasattr(upload, "read"):
        name = filename or getattr(upload, "filename", None) or "import.csv"
        stream = getattr(upload, "stream", upload)
        return stream.read(), name
    if isinstance(upload, bytes):
        return upload, filename or "import.csv"
    if isinstance(upload, str):
        return upload.encode("utf-8"), filename or "import.csv"
    raise tk.ValidationError({"upload": [tk._("Upload a CSV or XLSX file")]})


def _merged(entry: Entry, data: dict[str, Any]) -> dict[str, Any]:
    """The entry's data fields after an import row: the row's values over
    the stored ones. An import never clears a stored value: empty cells and
    missing columns are not in ``data`` (see ``census_io.row_to_entry``) and
    leave the stored value as it is."""
    old = entry.data or {}
    return {f: data[f] if f in data else old.get(f) for f in DATA_FIELDS}


def _same(entry: Entry, data: dict[str, Any]) -> bool:
    return not _changes(entry.data or {}, _merged(entry, data))


def tmopendata_census_entry_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Import entries from a spreadsheet (CSV or XLSX, Romanian or English
    headers of the import templates; UTF-8 with or without BOM,
    Windows-1250 or ISO-8859-2), with a row-by-row error report.

    Each row becomes a draft entry of its institution (column
    ``organization``, or the ``organization`` parameter for rows without
    one), which must take part in the campaign (``organizations``); the
    user must be an editor or admin of every institution named, or a
    coordinator of the campaign. A row
    matching an existing entry of the campaign (same ``id``, or the same
    institution and title) updates it if it is a draft, is counted as
    ``unchanged`` when nothing differs, and is an error otherwise. **An
    import never clears a stored value**: an update changes only the fields
    whose cells hold a value; empty cells and columns missing from the file
    leave the stored values (clear a field by editing the entry). (Workflow
    states and linked datasets in the file are ignored: imported entries go
    through the workflow like any other). **When any row has an error,
    nothing is changed**, unless ``accept_valid`` is true: then the valid
    rows are imported and the others reported.

    :param campaign_id: id or name of an open campaign
    :type campaign_id: string
    :param upload: the file (multipart upload)
    :type upload: file
    :param filename: the file name, when ``upload`` is raw content (optional)
    :type filename: string
    :param organization: default institution for rows without one (optional)
    :type organization: string
    :param accept_valid: import the valid rows even if others have errors
        (default false)
    :type accept_valid: bool
    :returns: ``{"rows": rows read, "created": n, "updated": n,
        "unchanged": n, "imported": whether anything was saved,
        "encoding": detected encoding, "errors": [{"row": row number in
        the file (header = 1), "errors": {field: [messages]}}], "updates":
        [{"row", "id", "title", "organization", "fields": names of the
        fields changed, "changes": {field: [old, new]}}] (one per updated
        entry)}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_import", context, data_dict)
    data = validate_or_raise(data_dict, schema.entry_import(), context)
    campaign = _open_campaign(data["campaign_id"])
    content, filename = _upload_bytes(data["upload"], data.get("filename"))
    try:
        rows, encoding = census_io.read_table(content, filename)
    except census_io.ImportFileError as e:
        raise tk.ValidationError({"upload": [str(e)]})
    progress = context.get("census_progress")
    create_schema = schema.entry_create()
    # Imports into one campaign one after the other (a parallel identical
    # import then finds the entries the first one created: "unchanged"), and
    # the campaign's entries locked while the file is matched against them
    # (a transition or an edit waits; no entry changes state under the
    # import).
    locks.advisory_lock("tmopendata_census_entry_import", campaign.id)
    existing = {
        e.id: e for e in locks.lock_rows(
            model.Session.query(Entry).filter(Entry.campaign_id == campaign.id).order_by(Entry.id))
    }
    by_title = {(e.organization_id, e.title.strip().lower()): e for e in existing.values()}
    covered = set(campaign.organization_ids())
    orgs: dict[str, Optional[model.Group]] = {}
    may_create: dict[str, bool] = {}
    plan: list[tuple[str, Optional[Entry], model.Group, dict[str, Any]]] = []
    errors: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    unchanged = 0
    for index, row in enumerate(rows):
        try:
            number = int(row.get("_row", index + 2))
        except (TypeError, ValueError):
            number = index + 2
        entry_data, row_errors = census_io.row_to_entry(row)
        org_ref = entry_data.pop("organization", None) or data.get("organization")
        row_id = entry_data.pop("id", None)
        for ignored in schema.WORKFLOW_FIELDS:
            entry_data.pop(ignored, None)
        org = None
        if not org_ref:
            row_errors.setdefault("organization", []).append(tk._("The institution is missing."))
        else:
            if org_ref not in orgs:
                orgs[org_ref] = _organization_by_name_or_title(org_ref)
            org = orgs[org_ref]
            if org is None:
                row_errors.setdefault("organization", []).append(
                    tk._('Unknown institution "{name}": write its name in the portal or its title, as in '
                         'the list of institutions of the import page and of the templates.').format(name=org_ref))
            elif org.id not in covered:
                row_errors.setdefault("organization", []).append(
                    tk._('"{name}" does not take part in this census campaign.').format(name=org.title or org.name))
            else:
                if org.id not in may_create:
                    try:
                        tk.check_access("tmopendata_census_entry_import", context,
                                        {"campaign_id": campaign.id, "organization": org.id})
                        may_create[org.id] = True
                    except tk.NotAuthorized:
                        may_create[org.id] = False
                if not may_create[org.id]:
                    row_errors.setdefault("organization", []).append(
                        tk._('You may not add entries for "{name}".').format(name=org.title or org.name))
        if not row_errors:
            _clean, schema_errors = tk.navl_validate(
                {**entry_data, "campaign_id": campaign.id, "organization": org.id}, create_schema, context)
            for field, messages in schema_errors.items():
                row_errors.setdefault(field, []).extend(str(m) for m in messages)
        target = None
        if not row_errors:
            key = (org.id, entry_data["title"].strip().lower())
            if key in seen:
                row_errors.setdefault("title", []).append(
                    tk._("The same title appears twice for this institution in the file."))
            seen.add(key)
            target = existing.get(row_id) if row_id else None
            if target is not None and target.organization_id != org.id:
                target = None
            target = target or by_title.get(key)
            if target is not None and not row_errors:
                if _same(target, entry_data):
                    unchanged += 1
                    continue
                if target.status != fields.DRAFT:
                    row_errors.setdefault("title", []).append(tk._(
                        "This entry already exists and is {state}: only drafts can be changed by an import."
                    ).format(state=target.status))
        if row_errors:
            errors.append({"row": number, "errors": row_errors})
            continue
        plan.append(("update" if target is not None else "create", target, org, entry_data, number))
    result: dict[str, Any] = {
        "rows": len(rows), "created": 0, "updated": 0, "unchanged": unchanged,
        "imported": False, "encoding": encoding, "errors": errors, "updates": [],
    }
    if errors and not data.get("accept_valid"):
        return result
    for done, (kind, target, org, entry_data, number) in enumerate(plan, 1):
        if kind == "create":
            _create_entry(context, campaign, org, entry_data, action="import")
            result["created"] += 1
        else:
            old = dict(target.data or {})
            _apply(target, _merged(target, entry_data))
            changes = _changes(old, target.data)
            _record(context, target, "import", from_state=target.status, to_state=target.status,
                    changes=changes)
            result["updated"] += 1
            result["updates"].append({
                "row": number, "id": target.id, "title": target.title, "organization": org.name,
                "fields": sorted(changes), "changes": changes,
            })
        if progress:
            progress(done, len(plan))
    result["imported"] = bool(plan)
    _commit(context)
    return result


def _detail_entries(context: Context, campaign: Campaign, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The campaign's entries the user sees in full (by institution, title)."""
    query, details = _visible(context, campaign)
    if data.get("organization"):
        org = _organization(data["organization"])
        query = query.filter(Entry.organization_id == (org.id if org else data["organization"]))
    if data.get("status"):
        query = query.filter(Entry.status.in_(data["status"]))
    orgs = _Orgs()
    rows = [(e, c) for e, c in query.order_by(Entry.title, Entry.id).all() if details(e, c)]
    entries = [_entry_dict(e, orgs, details=True) for e, _c in rows]
    entries.sort(key=lambda e: (e["organization"], e["title"].lower()))
    return entries


def tmopendata_census_entry_export(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Export the entries of a campaign the user sees in full (coordinators:
    all; members of institutions: their own), with their scores.

    :param campaign_id: id or name of the campaign
    :type campaign_id: string
    :param format: ``csv`` (default; UTF-8 with BOM, for spreadsheets),
        ``xlsx`` or ``datapackage`` (Frictionless Data Package, ZIP with
        ``datapackage.json`` and ``entries.csv``, Table Schema
        ``census/inventory-schema.json``)
    :type format: string
    :param lang: ``ro`` (default) or ``en``: headers and labels of csv/xlsx
    :type lang: string
    :param organization: only this institution (optional)
    :type organization: string
    :param status: only these states (optional)
    :type status: string or list
    :returns: ``{"filename", "format", "mimetype", "count", "encoding":
        "text" (csv) or "base64" (xlsx, datapackage), "content"}``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_census_entry_export", context, data_dict)
    data = validate_or_raise(data_dict, {**schema.entry_export(), "status": schema.entry_list()["status"]}, context)
    campaign = _campaign_or_404(data["campaign_id"])
    fmt, lang = data.get("format") or "csv", data.get("lang") or "ro"
    entries = _detail_entries(context, campaign, data)
    if fmt == "csv":
        content: Any = census_io.write_csv(entries, lang).decode("utf-8")
        encoding, mimetype, ext = "text", "text/csv", "csv"
    elif fmt == "xlsx":
        content = base64.b64encode(census_io.write_xlsx(entries, lang)).decode("ascii")
        encoding, ext = "base64", "xlsx"
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = base64.b64encode(census_io.write_datapackage(entries, campaign.dictize())).decode("ascii")
        encoding, mimetype, ext = "base64", "application/zip", "zip"
    return {
        "filename": f"{campaign.name}.{ext}", "format": fmt, "mimetype": mimetype,
        "count": len(entries), "encoding": encoding, "content": content,
    }


def _public_entries(campaign: Campaign) -> list[dict[str, Any]]:
    query = (
        model.Session.query(Entry)
        .filter(Entry.campaign_id == campaign.id, Entry.status.in_(fields.PUBLIC_STATES))
    )
    orgs = _Orgs()
    entries = [_entry_dict(e, orgs, details=False) for e in query.all()]
    entries.sort(key=lambda e: (e["organization"], e["title"].lower()))
    return entries


def tmopendata_census_publish(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Publish the inventory: create or update a public CKAN dataset holding
    the public inventory list of the campaign as CSV (``fields.PUBLIC_FIELDS``
    and the institution's title of the entries in ``fields.PUBLIC_STATES``;
    never restricted entries), with its Table Schema
    (``census/public-inventory-schema.json``) on the resource so the HVD
    validation pipeline validates it. The campaign becomes public.
    Coordinators only.

    :param campaign_id: id or name of the campaign
    :type campaign_id: string
    :param owner_org: organisation owning the dataset (default: config
        option ``ckanext.tmopendata.census.publish_organization``)
    :type owner_org: string
    :returns: ``{"package_id", "name", "resource_id", "count", "created":
        whether the dataset was created now, "validation_status": status of
        the validation of the CSV against its schema (``None`` without the
        HVD plugin)}``
    :rtype: dictionary

    Parallel publications of one campaign are served one after the other:
    the second finds the dataset the first created and updates it (one
    dataset per campaign).
    """
    tk.check_access("tmopendata_census_publish", context, data_dict)
    data = validate_or_raise(data_dict, {**schema.publish(), "owner_org": schema.entry_list()["organization"]}, context)
    campaign = _campaign_or_404(data["campaign_id"])
    # package_create and resource_create commit on their own: the lock is
    # held across those commits, until the campaign records its dataset.
    with locks.advisory_mutex("tmopendata_census_publish", campaign.id):
        # read again: a publication that ran meanwhile may have created it
        campaign = model.Session.query(Campaign).filter(
            Campaign.id == campaign.id).populate_existing().one_or_none()
        if campaign is None:  # deleted meanwhile
            raise tk.ObjectNotFound(tk._("Census campaign not found"))
        return _publish(context, data, campaign)


def _publish(context: Context, data: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
    """The publication itself, the campaign's lock held."""
    owner_ref = data.get("owner_org") or tk.config.get("ckanext.tmopendata.census.publish_organization")
    owner = _organization(owner_ref or "")
    if owner is None:
        raise tk.ValidationError({"owner_org": [tk._(
            'The coordinating organisation "{name}" does not exist; set '
            'ckanext.tmopendata.census.publish_organization.').format(name=owner_ref or "")]})
    entries = _public_entries(campaign)
    body = census_io.public_inventory_csv(entries)
    package = model.Package.get(campaign.package_id) if campaign.package_id else None
    if package is not None and package.state != "active":
        package = None
    # CKAN's own permission to write the dataset (package_create in its
    # organisation, package_update on it) was checked above
    # (auth.tmopendata_census_publish); the nested calls skip the HVD
    # validation hook and run the validation once at the end.
    nested: Context = {"user": context.get("user"), "ignore_auth": True,
                       "tmopendata_skip_validation": True}
    schema_json = json.dumps(census_io.public_inventory_schema(), ensure_ascii=False)
    resource_fields = {
        "name": "inventar.csv", "format": "CSV", "schema": schema_json, "encoding": "utf-8",
        # Generated texts in both languages, whoever publishes.
        "description": bilingual(N_("Public inventory list of {title} (Law 179/2022), {count} entries."),
                                 separator="\n\n", title=campaign.title, count=len(entries)),
    }

    def upload() -> FileStorage:
        return FileStorage(stdio.BytesIO(body), "inventar.csv", content_type="text/csv")

    created = package is None
    if created:
        name = re.sub(r"[^a-z0-9_-]+", "-", f"inventar-date-{campaign.name}".lower())[:100]
        suffix = 1
        while model.Package.get(name) is not None:
            suffix += 1
            name = f"inventar-date-{campaign.name}-{suffix}"[:100]
        pkg = tk.get_action("package_create")(dict(nested), {
            "name": name,
            "title": bilingual(N_("Inventory of public data: {title}"), title=campaign.title),
            "notes": bilingual(N_(
                "The inventory list of the data held by the institutions, from the census "
                "campaign {title} (Law 179/2022): title, institution, status and planned "
                "publication of each data asset."
            ), separator="\n\n", title=campaign.title),
            "owner_org": owner.id, "private": False, "license_id": "cc-by",
            "tags": [{"name": "inventar"}, {"name": "recensamant"}],
            "resources": [],
        })
        resource = tk.get_action("resource_create")(
            dict(nested), {"package_id": pkg["id"], "url": "inventar.csv", "upload": upload(), **resource_fields})
        campaign.package_id = pkg["id"]
    else:
        pkg = tk.get_action("package_show")(dict(nested), {"id": package.id})
        existing = [r for r in pkg.get("resources", []) if r.get("name") == "inventar.csv"]
        if existing:
            resource = tk.get_action("resource_patch")(dict(nested), {
                "id": existing[0]["id"], "url": "inventar.csv", "upload": upload(), **resource_fields})
        else:
            resource = tk.get_action("resource_create")(
                dict(nested), {"package_id": pkg["id"], "url": "inventar.csv", "upload": upload(), **resource_fields})
    campaign.public = True
    campaign.modified = _now()
    _commit(context)
    validation_status = None
    try:
        run = tk.get_action("tmopendata_validation_run")
    except KeyError:  # the HVD plugin is not loaded
        run = None
    if run is not None:
        report = run({"user": context.get("user"), "ignore_auth": True},
                     {"resource_id": resource["id"], "sync": True})
        validation_status = report.get("status")
    return {"package_id": pkg["id"], "name": pkg["name"], "resource_id": resource["id"],
            "count": len(entries), "created": created, "validation_status": validation_status}


# --- census → dataset hand-off (its own module) -----------------------------------------

from ckanext.tmopendata.census.logic.handoff import tmopendata_census_entry_create_dataset  # noqa: E402

__all__ += ["tmopendata_census_entry_create_dataset"]
