"""The census migration runs down and up on the real database."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model

TABLES = {"tmopendata_census_campaign", "tmopendata_census_entry", "tmopendata_census_entry_history"}


def _tables() -> set[str]:
    model.Session.remove()
    return set(sa.inspect(model.Session.get_bind()).get_table_names())


@pytest.mark.usefixtures("clean_db")
def test_census_migrations_down_and_up(migrate_db_for):
    assert TABLES <= _tables()
    migrate_db_for("tmopendata_census", "base", forward=False)
    assert not TABLES & _tables()
    migrate_db_for("tmopendata_census")
    assert TABLES <= _tables()
    inspector = sa.inspect(model.Session.get_bind())
    columns = {c["name"] for c in inspector.get_columns("tmopendata_census_entry")}
    assert {"campaign_id", "organization_id", "status", "data", "priority", "package_id"} <= columns
    history = {c["name"] for c in inspector.get_columns("tmopendata_census_entry_history")}
    assert {"entry_id", "user", "timestamp", "from_state", "to_state", "comment"} <= history
    for table in TABLES:
        assert inspector.get_foreign_keys(table) == [], table
