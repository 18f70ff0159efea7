"""Actions on census entries: create, show, list, update, patch, delete;
and the rules of an entry's data every writer follows (scores recomputed,
restriction reason, changed fields recorded in the audit trail)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.census import fields, scores, visibility, workflow
from ckanext.tmopendata.census.logic import schema
from ckanext.tmopendata.census.logic.dictize import DATA_FIELDS, Orgs, entry_dict
from ckanext.tmopendata.census.logic.lookups import (
    campaign_or_404, entry_or_404, lock_entry, not_covered, open_campaign, organization,
)
from ckanext.tmopendata.census.model import Campaign, Entry, EntryHistory
from ckanext.tmopendata.lib.actions import commit, now
from ckanext.tmopendata.lib.validation import validate_or_raise


def apply_data(entry: Entry, data: dict[str, Any]) -> None:
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
    entry.modified = now()


def check_restriction(data: dict[str, Any]) -> None:
    """A restriction other than ``none`` needs its legal reason."""
    if data.get("access_restriction") not in (None, "", "none") and not data.get("restriction_reason"):
        raise tk.ValidationError({"restriction_reason": [
            tk._("A restricted data asset needs the legal reason of the restriction.")]})


def _blank(value: Any) -> Any:
    """``None`` for empty values ("" and [] are the same as unanswered;
    ``False`` and ``0`` are answers)."""
    return None if value is None or value == "" or value == [] else value


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Changed data fields: field -> [old, new]."""
    return {
        f: [old.get(f), new.get(f)] for f in DATA_FIELDS
        if _blank(old.get(f)) != _blank(new.get(f))
    }


def record(context: Context, entry: Entry, action: str, **kwargs: Any) -> None:
    """A line of the entry's audit trail (``from_state``, ``to_state``,
    ``comment``, ``changes`` in ``kwargs``)."""
    model.Session.add(EntryHistory(
        entry_id=entry.id, campaign_id=entry.campaign_id, action=action,
        user=context.get("user") or None, timestamp=now(), **kwargs,
    ))


def create_entry(context: Context, campaign: Campaign, org: model.Group, data: dict[str, Any],
                 action: str = "create") -> Entry:
    """A new draft entry of ``org`` in ``campaign`` (not committed)."""
    check_restriction(data)
    user = model.User.get(context.get("user") or "")
    entry = Entry(campaign_id=campaign.id, organization_id=org.id, status=workflow.DRAFT,
                  creator_user_id=user.id if user else None)
    apply_data(entry, data)
    entry.created = entry.modified
    model.Session.add(entry)
    model.Session.flush()
    record(context, entry, action, to_state=workflow.DRAFT)
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
    campaign = open_campaign(data["campaign_id"])
    org = organization(data["organization"])
    if org is None:
        raise tk.ValidationError({"organization": [tk._("Institution (organisation) not found")]})
    tk.check_access("tmopendata_census_entry_create", context, {"organization": org.id, "campaign_id": campaign.id})
    if not campaign.covers(org.id):
        raise tk.ValidationError({"organization": [not_covered()]})
    entry = create_entry(context, campaign, org, data)
    commit(context)
    return entry_dict(entry, Orgs(), details=True)


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
    entry = entry_or_404(data["id"])
    campaign = Campaign.get(entry.campaign_id)
    details = campaign is not None and visibility.Viewer(context).sees_details(entry, campaign)
    return entry_dict(entry, Orgs(), details=details, history=details)


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
        campaign = campaign_or_404(data["campaign_id"])
    query, viewer = visibility.entries(context, campaign)
    if data.get("organization"):
        org = organization(data["organization"])
        query = query.filter(Entry.organization_id == (org.id if org else data["organization"]))
    if data.get("status"):
        unknown = [s for s in data["status"] if s not in workflow.STATES]
        if unknown:
            raise tk.ValidationError({"status": [tk._("Unknown state {value!r}; allowed: {allowed}").format(
                value=unknown[0], allowed=", ".join(workflow.STATES))]})
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
    limit = min(data.get("limit", schema.DEFAULT_LIMIT), schema.MAX_LIMIT)
    rows = query.order_by(*order).limit(limit).offset(data.get("offset", 0)).all()
    orgs = Orgs()
    return {
        "count": count,
        "results": [entry_dict(e, orgs, details=viewer.sees_details(e, c)) for e, c in rows],
    }


def _save_entry(context: Context, data: dict[str, Any], full: bool) -> dict[str, Any]:
    entry = lock_entry(entry_or_404(data.pop("id")))
    if data.get("organization"):
        org = organization(data["organization"])
        if org is None or org.id != entry.organization_id:
            raise tk.ValidationError({"organization": [
                tk._("The institution of an entry cannot be changed; create the entry in the other institution")]})
    old = dict(entry.data or {})
    new = {f: data.get(f) for f in DATA_FIELDS} if full else {**old, **{f: data[f] for f in DATA_FIELDS if f in data}}
    if not new.get("title"):
        raise tk.ValidationError({"title": [tk._("Missing value")]})
    check_restriction(new)
    changes = changed_fields(old, new)
    apply_data(entry, new)
    if changes:
        record(context, entry, "update", from_state=entry.status, to_state=entry.status, changes=changes)
    commit(context)
    return entry_dict(entry, Orgs(), details=True)


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
    entry = lock_entry(entry_or_404(data["id"]))
    record(context, entry, "delete", from_state=entry.status, comment=entry.title)
    model.Session.delete(entry)
    commit(context)
    return {"id": data["id"], "deleted": True}
