"""Tables of the ``tmopendata_reuse`` plugin (created by its alembic
migration, never at start-up): showcases (reuse items) and partnerships,
each with the datasets it uses."""
from __future__ import annotations

import datetime
import uuid
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

import ckan.model as model
from ckan.model.base import BaseModel

#: Kinds of reuse item (codes stored; labels in helpers.py).
SHOWCASE_KINDS = ("application", "visualisation", "research", "article", "service")
#: Review states of a showcase: only ``approved`` ones are public.
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATES = (PENDING, APPROVED, REJECTED)
#: Kinds of partner.
PARTNER_KINDS = ("tech_community", "academia", "business", "ngo")


def _now() -> datetime.datetime:
    return datetime.datetime.utcnow()


def _uuid() -> str:
    return str(uuid.uuid4())


class Showcase(BaseModel):  # type: ignore[valid-type,misc]
    """A reuse item: an application, visualisation, study, article or
    service built on the portal's datasets."""

    __tablename__ = "tmopendata_showcase"

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=_uuid)
    title: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    description: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default="")
    url: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    author: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    image_url: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    kind: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    date: Mapped[Optional[datetime.date]] = sa.Column(sa.Date)
    state: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default=PENDING)
    demo: Mapped[bool] = sa.Column(sa.Boolean, nullable=False, default=False)
    creator_user_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    reviewer_user_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    reviewed: Mapped[Optional[datetime.datetime]] = sa.Column(sa.DateTime)
    review_note: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=_now)

    @classmethod
    def get(cls, reference: str) -> Optional[Showcase]:
        if not reference:
            return None
        return model.Session.get(cls, reference)

    def package_ids(self) -> list[str]:
        return [
            pid for (pid,) in model.Session.query(ShowcaseDataset.package_id)
            .filter(ShowcaseDataset.showcase_id == self.id)
            .order_by(ShowcaseDataset.package_id)
        ]

    def dictize(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "url": self.url,
            "author": self.author,
            "image_url": self.image_url,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "state": self.state,
            "demo": bool(self.demo),
            "created": self.created.isoformat() if self.created else None,
            "reviewed": self.reviewed.isoformat() if self.reviewed else None,
        }


class ShowcaseDataset(BaseModel):  # type: ignore[valid-type,misc]
    """A dataset a showcase uses."""

    __tablename__ = "tmopendata_showcase_dataset"

    showcase_id: Mapped[str] = sa.Column(
        sa.UnicodeText, sa.ForeignKey("tmopendata_showcase.id", ondelete="CASCADE"),
        primary_key=True)
    package_id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True)


class Partnership(BaseModel):  # type: ignore[valid-type,misc]
    """A partnership for using the open data (the action plan counts them)."""

    __tablename__ = "tmopendata_partnership"

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=_uuid)
    partner: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    kind: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    scope: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default="")
    start_date: Mapped[datetime.date] = sa.Column(sa.Date, nullable=False)
    end_date: Mapped[Optional[datetime.date]] = sa.Column(sa.Date)
    agreement_url: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    demo: Mapped[bool] = sa.Column(sa.Boolean, nullable=False, default=False)
    creator_user_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=_now)

    @classmethod
    def get(cls, reference: str) -> Optional[Partnership]:
        if not reference:
            return None
        return model.Session.get(cls, reference)

    def package_ids(self) -> list[str]:
        return [
            pid for (pid,) in model.Session.query(PartnershipDataset.package_id)
            .filter(PartnershipDataset.partnership_id == self.id)
            .order_by(PartnershipDataset.package_id)
        ]

    def active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def dictize(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "partner": self.partner,
            "kind": self.kind,
            "scope": self.scope,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "agreement_url": self.agreement_url,
            "demo": bool(self.demo),
            "created": self.created.isoformat() if self.created else None,
        }


class PartnershipDataset(BaseModel):  # type: ignore[valid-type,misc]
    """A dataset a partnership covers."""

    __tablename__ = "tmopendata_partnership_dataset"

    partnership_id: Mapped[str] = sa.Column(
        sa.UnicodeText, sa.ForeignKey("tmopendata_partnership.id", ondelete="CASCADE"),
        primary_key=True)
    package_id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True)
