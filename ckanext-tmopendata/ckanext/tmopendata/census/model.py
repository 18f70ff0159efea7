"""Tables of the ``tmopendata_census`` plugin (created by its alembic
migrations, never at start-up; no foreign keys to core CKAN tables:
organisation, user and dataset ids are stored as text).

- :class:`Campaign` (``tmopendata_census_campaign``): a census round.
- :class:`Entry` (``tmopendata_census_entry``): one data asset held by an
  institution. The fields of ``fields.ENTRY_FIELDS`` live in the ``data``
  JSONB column; the ones used to filter and sort (title, status, HVD
  category, priority theme, organisation, linked dataset) and the computed
  scores are also real columns.
- :class:`CampaignOrganization` (``tmopendata_census_campaign_organization``):
  the institutions (organisations) a campaign covers; only they take part.
- :class:`EntryHistory` (``tmopendata_census_entry_history``): the audit
  trail (who, when, what: creation, edits with the changed fields, workflow
  transitions from -> to with a comment). Kept when an entry is deleted.
"""
from __future__ import annotations

import datetime
import uuid
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

import ckan.model as model
from ckan.model.base import BaseModel

from ckanext.tmopendata.lib import validators as lib_validators
from ckanext.tmopendata.lib.actions import now


def _uuid() -> str:
    return str(uuid.uuid4())


def _iso(value: Optional[datetime.datetime]) -> Optional[str]:
    return value.isoformat() if value else None


class Campaign(BaseModel):  # type: ignore[valid-type,misc]
    """A census round (e.g. "Recensământ 2026")."""

    __tablename__ = "tmopendata_census_campaign"

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=_uuid)
    name: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, unique=True)
    title: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    description: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    start_date: Mapped[Optional[datetime.date]] = sa.Column(sa.Date)
    end_date: Mapped[Optional[datetime.date]] = sa.Column(sa.Date)
    status: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default="open")
    methodology_version: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    coordinators: Mapped[list[str]] = sa.Column(JSONB, nullable=False, default=list)
    public: Mapped[bool] = sa.Column(sa.Boolean, nullable=False, default=False)
    package_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    creator_user_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=now)
    modified: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=now)

    @classmethod
    def get(cls, reference: str) -> Optional[Campaign]:
        """By id or name."""
        reference = lib_validators.reference(reference)
        if not reference:
            return None
        return model.Session.get(cls, reference) or (
            model.Session.query(cls).filter(cls.name == reference).first()
        )

    def dictize(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "description": self.description or "",
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "status": self.status,
            "methodology_version": self.methodology_version or "",
            "coordinators": list(self.coordinators or []),
            "organizations": self.organization_names(),
            "public": bool(self.public),
            "package_id": self.package_id,
            "creator_user_id": self.creator_user_id,
            "created": _iso(self.created),
            "modified": _iso(self.modified),
        }

    def organization_ids(self) -> list[str]:
        """Ids of the organisations the campaign covers."""
        return CampaignOrganization.ids(self.id) if self.id else []

    def organization_names(self) -> list[str]:
        """Names of the (active) organisations the campaign covers, by title."""
        ids = self.organization_ids()
        if not ids:
            return []
        groups = model.Session.query(model.Group).filter(
            model.Group.id.in_(ids), model.Group.state == "active").all()
        return [g.name for g in sorted(groups, key=lambda g: ((g.title or g.name).lower(), g.name))]

    def covers(self, organization_id: Optional[str]) -> bool:
        """Whether the organisation takes part in the campaign."""
        return bool(organization_id) and organization_id in self.organization_ids()

    def set_organizations(self, organization_ids: list[str]) -> None:
        """Replace the organisations the campaign covers (by id)."""
        wanted = set(organization_ids)
        current = set(self.organization_ids())
        for org_id in current - wanted:
            model.Session.query(CampaignOrganization).filter(
                CampaignOrganization.campaign_id == self.id,
                CampaignOrganization.organization_id == org_id).delete(synchronize_session=False)
        for org_id in sorted(wanted - current):
            model.Session.add(CampaignOrganization(campaign_id=self.id, organization_id=org_id))
        model.Session.flush()


class CampaignOrganization(BaseModel):  # type: ignore[valid-type,misc]
    """An institution (organisation) taking part in a campaign."""

    __tablename__ = "tmopendata_census_campaign_organization"

    campaign_id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True)
    organization_id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, index=True)

    @classmethod
    def ids(cls, campaign_id: str) -> list[str]:
        return [org_id for (org_id,) in model.Session.query(cls.organization_id)
                .filter(cls.campaign_id == campaign_id).order_by(cls.organization_id)]


class Entry(BaseModel):  # type: ignore[valid-type,misc]
    """One data asset held by an institution, in one campaign."""

    __tablename__ = "tmopendata_census_entry"

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=_uuid)
    campaign_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, index=True)
    organization_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, index=True)
    title: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    status: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default="draft", index=True)
    hvd_category: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    priority_theme: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    access_restriction: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default="none")
    package_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    data: Mapped[dict[str, Any]] = sa.Column(JSONB, nullable=False, default=dict)
    openness_score: Mapped[float] = sa.Column(sa.Float, nullable=False, default=0)
    value_score: Mapped[float] = sa.Column(sa.Float, nullable=False, default=0)
    feasibility_score: Mapped[float] = sa.Column(sa.Float, nullable=False, default=0)
    priority: Mapped[float] = sa.Column(sa.Float, nullable=False, default=0, index=True)
    creator_user_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=now)
    modified: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=now)

    @classmethod
    def get(cls, entry_id: str) -> Optional[Entry]:
        entry_id = lib_validators.reference(entry_id)
        return model.Session.get(cls, entry_id) if entry_id else None


class EntryHistory(BaseModel):  # type: ignore[valid-type,misc]
    """One line of an entry's audit trail."""

    __tablename__ = "tmopendata_census_entry_history"

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=_uuid)
    entry_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, index=True)
    campaign_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    #: create | update | transition | import | delete
    action: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    user: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    timestamp: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=now)
    from_state: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    to_state: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    comment: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    #: field -> [old, new] for edits
    changes: Mapped[Optional[dict[str, Any]]] = sa.Column(JSONB)

    @classmethod
    def for_entry(cls, entry_id: str) -> list[EntryHistory]:
        return (
            model.Session.query(cls)
            .filter(cls.entry_id == entry_id)
            .order_by(cls.timestamp, cls.id)
            .all()
        )

    def dictize(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "user": self.user,
            "timestamp": _iso(self.timestamp),
            "from_state": self.from_state,
            "to_state": self.to_state,
            "comment": self.comment or "",
            "changes": self.changes or {},
        }
