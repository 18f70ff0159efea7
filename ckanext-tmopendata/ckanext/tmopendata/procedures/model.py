"""Tables of the ``tmopendata_procedures`` plugin (created by its alembic
migrations, never at start-up). Datasets, users and census entries are
referred to by id (text), without foreign keys to core tables."""
from __future__ import annotations

import datetime
import uuid
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, relationship

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.model.base import BaseModel

from ckanext.tmopendata.lib import locks
from ckanext.tmopendata.lib import validators as lib_validators

#: Step statuses.
TODO, IN_PROGRESS, DONE, SKIPPED = "todo", "in_progress", "done", "skipped"
STATUSES = (TODO, IN_PROGRESS, DONE, SKIPPED)
OPEN_STATUSES = (TODO, IN_PROGRESS)
CLOSED_STATUSES = (DONE, SKIPPED)


def _now() -> datetime.datetime:
    return datetime.datetime.utcnow()


def _uuid() -> str:
    return str(uuid.uuid4())


class ProcedureStep(BaseModel):  # type: ignore[valid-type,misc]
    """One step of a procedure (its definition is copied from the template,
    so a later template version does not change procedures already started)."""

    __tablename__ = "tmopendata_procedure_step"

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=_uuid)
    procedure_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, index=True)
    position: Mapped[int] = sa.Column(sa.Integer, nullable=False)
    key: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    title_ro: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    title_en: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    role: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    duration_days: Mapped[int] = sa.Column(sa.Integer, nullable=False)
    auto: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    requires_previous: Mapped[bool] = sa.Column(sa.Boolean, nullable=False, default=False)
    owner: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)  # user id
    due: Mapped[Optional[datetime.date]] = sa.Column(sa.Date)
    status: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default=TODO)
    evidence: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    skip_reason: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    completed_by: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)  # user id, NULL = the portal
    completed_at: Mapped[Optional[datetime.datetime]] = sa.Column(sa.DateTime)
    modified: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=_now)


class Procedure(BaseModel):  # type: ignore[valid-type,misc]
    """The procedure of one dataset (one per dataset)."""

    __tablename__ = "tmopendata_procedure"

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=_uuid)
    package_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, unique=True)
    census_entry_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    template_name: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    template_version: Mapped[int] = sa.Column(sa.Integer, nullable=False)
    started: Mapped[datetime.date] = sa.Column(sa.Date, nullable=False)
    created: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=_now)
    created_by: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)

    steps = relationship(
        ProcedureStep,
        primaryjoin="foreign(ProcedureStep.procedure_id) == Procedure.id",
        order_by=ProcedureStep.position, cascade="all, delete-orphan", lazy="selectin",
    )

    @classmethod
    def get(cls, procedure_id: str) -> Optional[Procedure]:
        procedure_id = lib_validators.reference(procedure_id)
        return model.Session.get(cls, procedure_id) if procedure_id else None

    @classmethod
    def for_package(cls, package_id: str) -> Optional[Procedure]:
        package_id = lib_validators.reference(package_id)
        if not package_id:
            return None
        return model.Session.query(cls).filter(cls.package_id == package_id).first()


def lock_procedure(procedure: Procedure) -> Procedure:
    """The procedure with its row locked (``FOR UPDATE``, until the end
    of the transaction) and its steps read again from the database, so
    that whoever changes it next decides on what the previous writer left
    (a step completed by one caller is "already done" for the next, whose
    evidence does not overwrite the first). ``ObjectNotFound`` when it was
    deleted meanwhile."""
    locked = locks.lock_rows(
        model.Session.query(Procedure).filter(Procedure.id == procedure.id)).one_or_none()
    if locked is None:
        raise tk.ObjectNotFound(tk._("Procedure not found"))
    model.Session.query(ProcedureStep).filter(
        ProcedureStep.procedure_id == locked.id).populate_existing().all()
    return locked
