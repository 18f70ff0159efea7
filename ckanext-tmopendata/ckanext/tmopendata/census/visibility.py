"""Who sees a census entry (and a campaign): ONE rule, written once as a
Python test of one object and once as the SQL condition of the lists, side
by side, from the same facts about the caller (:class:`Viewer`).

- An entry is seen **in full** by the coordinators (global, or of its
  campaign) and by the members (any capacity) of its institution's
  organisation.
- Everybody else sees only ``fields.PUBLIC_FIELDS`` of the **public**
  entries: those of campaigns marked ``public`` whose state is in
  ``workflow.PUBLIC_STATES`` (never restricted, rejected or draft ones);
  the other entries do not exist for them.
- A campaign is seen by everybody when it is public, else by its
  coordinators and the members of the institutions it covers.

``logic/auth.py`` uses :meth:`Viewer.sees_entry`/:meth:`Viewer.sees_details`/
:meth:`Viewer.sees_campaign`; the list, dashboard and export actions use
:meth:`Viewer.entry_condition` and :meth:`Viewer.campaign_condition`.
"""
from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa

import ckan.model as model
from ckan.types import Context

from ckanext.tmopendata.census import roles
from ckanext.tmopendata.census.model import Campaign, CampaignOrganization, Entry
from ckanext.tmopendata.census.workflow import PUBLIC_STATES


def is_public(entry: Entry, campaign: Campaign) -> bool:
    """The public sees this entry (its public fields only)."""
    return bool(campaign.public) and entry.status in PUBLIC_STATES


def public_condition() -> Any:
    """:func:`is_public` in SQL (over ``Entry`` joined with ``Campaign``)."""
    return sa.and_(Campaign.public.is_(True), Entry.status.in_(PUBLIC_STATES))


class Viewer:
    """The caller, as far as seeing census entries goes: a global
    coordinator sees everything; others see the entries of their
    organisations and of the campaigns they coordinate in full, and the
    public entries."""

    def __init__(self, context: Context) -> None:
        self.everything = roles.is_coordinator(context)
        self.name: Optional[str] = context.get("user") or None
        self.organization_ids: list[str] = [] if self.everything else roles.member_organization_ids(context)

    # --- one entry / campaign ---------------------------------------------------

    def coordinates(self, campaign: Campaign) -> bool:
        return self.everything or bool(self.name and self.name in (campaign.coordinators or []))

    def sees_details(self, entry: Entry, campaign: Campaign) -> bool:
        """Coordinators and members of the entry's organisation."""
        return self.coordinates(campaign) or entry.organization_id in self.organization_ids

    def sees_entry(self, entry: Entry, campaign: Campaign) -> bool:
        """In full, or its public fields."""
        return self.sees_details(entry, campaign) or is_public(entry, campaign)

    def sees_campaign(self, campaign: Campaign) -> bool:
        """Public campaigns: everybody; others: its coordinators and the
        members of the institutions it covers."""
        if campaign.public or self.coordinates(campaign):
            return True
        covered = set(campaign.organization_ids())
        return any(org_id in covered for org_id in self.organization_ids)

    # --- the same in SQL --------------------------------------------------------

    def details_condition(self) -> Any:
        """:meth:`sees_details` in SQL (``None``: every entry)."""
        if self.everything:
            return None
        conditions = []
        if self.organization_ids:
            conditions.append(Entry.organization_id.in_(self.organization_ids))
        if self.name:
            conditions.append(Campaign.coordinators.contains([self.name]))
        return sa.or_(*conditions) if conditions else sa.false()

    def entry_condition(self) -> Any:
        """:meth:`sees_entry` in SQL (``None``: every entry)."""
        details = self.details_condition()
        return None if details is None else sa.or_(public_condition(), details)

    def campaign_condition(self) -> Any:
        """:meth:`sees_campaign` in SQL over ``Campaign`` (``None``: every
        campaign)."""
        if self.everything:
            return None
        conditions = [Campaign.public.is_(True)]
        if self.name:
            conditions.append(Campaign.coordinators.contains([self.name]))
        if self.organization_ids:
            conditions.append(Campaign.id.in_(
                model.Session.query(CampaignOrganization.campaign_id)
                .filter(CampaignOrganization.organization_id.in_(self.organization_ids))))
        return sa.or_(*conditions)


def entries(context: Context, campaign: Optional[Campaign] = None) -> tuple[Any, Viewer]:
    """A query of the entries (joined with their campaign) the caller sees,
    of ``campaign`` or of all campaigns, and the caller as a
    :class:`Viewer` (``viewer.sees_details(entry, campaign)`` tells which
    rows are seen in full)."""
    viewer = Viewer(context)
    query = model.Session.query(Entry, Campaign).join(Campaign, Campaign.id == Entry.campaign_id)
    if campaign is not None:
        query = query.filter(Entry.campaign_id == campaign.id)
    condition = viewer.entry_condition()
    if condition is not None:
        query = query.filter(condition)
    return query, viewer
