"""The table of the ``tmopendata_datastore`` plugin (created by its alembic
migration, never at start-up): the state of each resource's table in the
DataStore, and which validated version of the file its rows come from."""
from __future__ import annotations

import datetime
from typing import Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

import ckan.model as model
from ckan.model.base import BaseModel

#: A load is queued (or the worker has not started it yet).
PENDING = "pending"
#: The worker is loading the file.
RUNNING = "running"
#: The rows of the resource's latest valid file are in the DataStore.
LOADED = "loaded"
#: The latest load failed, or the newer file failed validation; the rows of
#: the last valid version (if any) are still served.
FAILED = "failed"
#: The table was removed (resource deleted or no longer tabular).
REMOVED = "removed"
UNFINISHED = (PENDING, RUNNING)


class DatastoreLoad(BaseModel):  # type: ignore[valid-type,misc]
    """One row per resource that the plugin loaded or tried to load."""

    __tablename__ = "tmopendata_datastore_load"

    resource_id: Mapped[str] = sa.Column(sa.UnicodeText, primary_key=True)
    package_id: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False, index=True)
    status: Mapped[str] = sa.Column(sa.UnicodeText, nullable=False)
    #: why the latest attempt failed or was refused (user-facing)
    message: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    #: when the latest load was asked for / started
    requested: Mapped[datetime.datetime] = sa.Column(sa.DateTime, nullable=False)
    attempted: Mapped[Optional[datetime.datetime]] = sa.Column(sa.DateTime)
    #: the validation report of the latest attempt
    report_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    #: the validation report (and its time) of the rows served now
    loaded_report_id: Mapped[Optional[str]] = sa.Column(sa.UnicodeText)
    loaded_validated_at: Mapped[Optional[datetime.datetime]] = sa.Column(sa.DateTime)
    loaded_at: Mapped[Optional[datetime.datetime]] = sa.Column(sa.DateTime)
    rows: Mapped[Optional[int]] = sa.Column(sa.BigInteger)
    #: whether the columns are typed by a Table Schema (else all text)
    typed: Mapped[Optional[bool]] = sa.Column(sa.Boolean)

    @classmethod
    def get(cls, resource_id: str, lock: bool = False) -> Optional[DatastoreLoad]:
        query = model.Session.query(cls).filter(cls.resource_id == resource_id)
        if lock:
            query = query.with_for_update()
        return query.one_or_none()

    @classmethod
    def for_resources(cls, resource_ids: Iterable[str]) -> dict[str, DatastoreLoad]:
        ids = list(resource_ids)
        if not ids:
            return {}
        return {r.resource_id: r for r in model.Session.query(cls).filter(cls.resource_id.in_(ids))}
