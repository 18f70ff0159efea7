"""The objects census actions work on, found or refused: campaigns and
entries (404), institutions (organisations) by id, name or title, and the
row locks that serialise parallel writers."""
from __future__ import annotations

from typing import Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.tmopendata.census import workflow
from ckanext.tmopendata.census.model import Campaign, Entry
from ckanext.tmopendata.census.values import norm
from ckanext.tmopendata.lib import locks


def campaign_or_404(reference: str) -> Campaign:
    campaign = Campaign.get(reference)
    if campaign is None:
        raise tk.ObjectNotFound(tk._("Census campaign not found"))
    return campaign


def entry_or_404(entry_id: str) -> Entry:
    entry = Entry.get(entry_id)
    if entry is None:
        raise tk.ObjectNotFound(tk._("Census entry not found"))
    return entry


def lock_entry(entry: Entry, expected: Optional[str] = None) -> Entry:
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
        ).format(state=workflow.state_named(locked.status))]})
    return locked


def lock_campaign(campaign: Campaign) -> Campaign:
    """The campaign, locked (``FOR UPDATE``) and read again: changes and
    deletion wait for the entries being added to it, and the other way
    round."""
    locked = locks.lock_rows(model.Session.query(Campaign).filter(Campaign.id == campaign.id)).one_or_none()
    if locked is None:
        raise tk.ObjectNotFound(tk._("Census campaign not found"))
    return locked


def open_campaign(reference: str) -> Campaign:
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


def not_covered() -> str:
    return tk._("This institution does not take part in this census campaign")


def organization(reference: str) -> Optional[model.Group]:
    group = model.Group.get(reference) if reference else None
    if group is None or not group.is_organization or group.state != "active":
        return None
    return group


def organization_by_name_or_title(reference: str) -> Optional[model.Group]:
    """The active organisation whose id or name is ``reference``, else the
    one whose name or title is the same apart from case, diacritics and
    spacing (``None`` when none or several match)."""
    group = organization(reference)
    if group is not None:
        return group
    key = norm(reference)
    if not key:
        return None
    found = [
        g for g in model.Session.query(model.Group).filter(
            model.Group.is_organization.is_(True), model.Group.state == "active")
        if key in (norm(g.name), norm(g.title or ""))
    ]
    return found[0] if len(found) == 1 else None
