"""Tables of the ``tmopendata_hvd`` plugin (created by its alembic migrations,
never at start-up)."""
from __future__ import annotations

import datetime
import uuid
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, load_only

import ckan.model as model
from ckan.model.base import BaseModel

#: Validation statuses, in lifecycle order (ckanext-validation compatible).
PENDING, RUNNING, SUCCESS, FAILURE, ERROR = (
    "pending", "running", "success", "failure", "error",
)
STATUSES = (PENDING, RUNNING, SUCCESS, FAILURE, ERROR)
FINAL_STATUSES = (SUCCESS, FAILURE, ERROR)


def _now() -> datetime.datetime:
    return datetime.datetime.utcnow()


class ValidationReport(BaseModel):  # type: ignore[valid-type,misc]
    """One validation run of one resource."""

    __tablename__ = "tmopendata_validation_report"

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=lambda: str(uuid.uuid4()))
    resource_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, index=True)
    package_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, index=True)
    status: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default=PENDING)
    mode: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, default="sync")
    schema_ref: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    schema: Mapped[Optional[dict[str, Any]]] = sa.Column(JSONB)
    encoding: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    row_count: Mapped[Optional[int]] = sa.Column(sa.Integer)
    error_count: Mapped[Optional[int]] = sa.Column(sa.Integer)
    error_types: Mapped[Optional[dict[str, int]]] = sa.Column(JSONB)
    errors: Mapped[Optional[list[dict[str, Any]]]] = sa.Column(JSONB)
    report: Mapped[Optional[dict[str, Any]]] = sa.Column(JSONB)
    message: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    requested_by: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    created: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=_now)
    started: Mapped[Optional[datetime.datetime]] = sa.Column(sa.DateTime)
    finished: Mapped[Optional[datetime.datetime]] = sa.Column(sa.DateTime)
    #: What the run read (URL, schema, size, last modification... of the
    #: resource, see ``logic.action.resource_fingerprint``).
    source: Mapped[Optional[dict[str, Any]]] = sa.Column(JSONB)

    @classmethod
    def get(cls, report_id: str) -> Optional[ValidationReport]:
        return model.Session.get(cls, report_id)

    @classmethod
    def latest_for(cls, resource_id: str) -> Optional[ValidationReport]:
        return (
            model.Session.query(cls)
            .filter(cls.resource_id == resource_id)
            .order_by(cls.created.desc())
            .first()
        )

    @classmethod
    def latest_for_many(cls, resource_ids: Iterable[str]) -> dict[str, ValidationReport]:
        """The latest report of each resource (one query; the large JSON
        columns are not loaded)."""
        ids = [i for i in resource_ids if i]
        if not ids:
            return {}
        rows = (
            model.Session.query(cls)
            .options(load_only(
                cls.id, cls.resource_id, cls.status, cls.created, cls.started,
                cls.finished, cls.schema_ref, cls.source,
            ))
            .filter(cls.resource_id.in_(ids))
            .distinct(cls.resource_id)
            .order_by(cls.resource_id, cls.created.desc())
            .all()
        )
        return {r.resource_id: r for r in rows}

    @classmethod
    def history(cls, resource_id: str, limit: int, offset: int) -> list[ValidationReport]:
        return (
            model.Session.query(cls)
            .filter(cls.resource_id == resource_id)
            .order_by(cls.created.desc())
            .limit(limit)
            .offset(offset)
            .all()
        )

    @classmethod
    def count_for(cls, resource_id: str) -> int:
        return model.Session.query(cls).filter(cls.resource_id == resource_id).count()

    def dictize(self, full: bool = False) -> dict[str, Any]:
        """Plain dict for the API; ``full`` adds the whole frictionless report."""
        data: dict[str, Any] = {
            "id": self.id,
            "resource_id": self.resource_id,
            "package_id": self.package_id,
            "status": self.status,
            "mode": self.mode,
            "schema_ref": self.schema_ref,
            "encoding": self.encoding,
            "row_count": self.row_count,
            "error_count": self.error_count,
            "error_types": self.error_types or {},
            "errors": self.errors or [],
            "message": self.message,
            "requested_by": self.requested_by,
            "created": self.created.isoformat() if self.created else None,
            "started": self.started.isoformat() if self.started else None,
            "finished": self.finished.isoformat() if self.finished else None,
        }
        if full:
            data["schema"] = self.schema
            data["report"] = self.report
        return data


class ResourceRelease(BaseModel):  # type: ignore[valid-type,misc]
    """A sysadmin's release of a withheld file (one failing report with
    personal data), with the reason."""

    __tablename__ = "tmopendata_resource_release"

    id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True, default=lambda: str(uuid.uuid4()))
    resource_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, index=True)
    package_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    report_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, unique=True)
    reason: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    user_name: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    created: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False, default=_now)

    @classmethod
    def for_reports(cls, report_ids: Iterable[str]) -> dict[str, ResourceRelease]:
        ids = [i for i in report_ids if i]
        if not ids:
            return {}
        rows = model.Session.query(cls).filter(cls.report_id.in_(ids)).all()
        return {r.report_id: r for r in rows}

    def dictize(self) -> dict[str, Any]:
        return {
            "id": self.id, "resource_id": self.resource_id, "package_id": self.package_id,
            "report_id": self.report_id, "reason": self.reason, "user_name": self.user_name,
            "created": self.created.isoformat() if self.created else None,
        }
