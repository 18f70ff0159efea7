"""Tables of the ``tmopendata_progress`` plugin (created by its alembic
migration, never at start-up): the log of reminder digests sent, and the
monthly snapshots of the progress indicators."""
from __future__ import annotations

import datetime
import uuid
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

import ckan.model as model
from ckan.model.base import BaseModel


def _now() -> datetime.datetime:
    return datetime.datetime.utcnow()


class Reminder(BaseModel):  # type: ignore[valid-type,misc]
    """One reminder digest sent (or attempted) to one person on one day."""

    __tablename__ = "tmopendata_reminder"
    __table_args__ = (sa.UniqueConstraint("recipient", "day", name="tmopendata_reminder_recipient_day_key"),)

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=lambda: str(uuid.uuid4()))
    #: e-mail address (lower case): one digest per address per day.
    recipient: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    #: user name when the address belongs to a portal user.
    user_name: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    day: Mapped[datetime.date] = sa.Column(sa.Date, nullable=False)
    sent: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=_now)
    subject: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    #: what the digest listed: [{kind: dataset|step, package_id, package_name, ...}]
    items: Mapped[list[dict[str, Any]]] = sa.Column(JSONB, nullable=False, default=list)
    status: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default="sent")  # sent | failed
    error: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)

    @classmethod
    def sent_on(cls, recipient: str, day: datetime.date) -> Optional[Reminder]:
        return (
            model.Session.query(cls)
            .filter(cls.recipient == recipient.lower(), cls.day == day, cls.status == "sent")
            .first()
        )

    @classmethod
    def for_day(cls, recipient: str, day: datetime.date) -> Optional[Reminder]:
        return model.Session.query(cls).filter(cls.recipient == recipient.lower(), cls.day == day).first()

    @classmethod
    def recent(cls, limit: int, offset: int) -> list[Reminder]:
        return (
            model.Session.query(cls).order_by(cls.sent.desc()).limit(limit).offset(offset).all()
        )

    def dictize(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "recipient": self.recipient,
            "user_name": self.user_name,
            "day": self.day.isoformat(),
            "sent": self.sent.isoformat(),
            "subject": self.subject,
            "items": self.items or [],
            "status": self.status,
            "error": self.error,
        }


class Snapshot(BaseModel):  # type: ignore[valid-type,misc]
    """The public progress figures of one month (``YYYY-MM``), kept for trends."""

    __tablename__ = "tmopendata_progress_snapshot"

    month: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True)
    taken: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=_now)
    taken_by: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    figures: Mapped[dict[str, Any]] = sa.Column(JSONB, nullable=False)

    @classmethod
    def get(cls, month: str) -> Optional[Snapshot]:
        return model.Session.get(cls, month)

    @classmethod
    def history(cls, since: Optional[str] = None, until: Optional[str] = None) -> list[Snapshot]:
        query = model.Session.query(cls)
        if since:
            query = query.filter(cls.month >= since)
        if until:
            query = query.filter(cls.month <= until)
        return query.order_by(cls.month).all()

    def dictize(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "taken": self.taken.isoformat(),
            "taken_by": self.taken_by,
            "figures": self.figures,
        }
