"""The suite's alembic migrations run down and up on the real database
(tables are never created at start-up)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model


def _tables() -> set[str]:
    model.Session.remove()
    return set(sa.inspect(model.Session.get_bind()).get_table_names())


@pytest.mark.usefixtures("clean_db")
def test_hvd_migrations_down_and_up(migrate_db_for):
    assert "tmopendata_validation_report" in _tables()
    migrate_db_for("tmopendata_hvd", "base", forward=False)
    assert "tmopendata_validation_report" not in _tables()
    migrate_db_for("tmopendata_hvd")
    assert "tmopendata_validation_report" in _tables()
    columns = {c["name"] for c in sa.inspect(model.Session.get_bind()).get_columns("tmopendata_validation_report")}
    assert {"resource_id", "status", "error_types", "report", "message"} <= columns


@pytest.mark.usefixtures("clean_db")
def test_every_table_of_the_suite_is_prefixed_and_has_no_foreign_key_to_core():
    inspector = sa.inspect(model.Session.get_bind())
    ours = [t for t in inspector.get_table_names() if t.startswith("tmopendata_")]
    assert ours
    for table in ours:
        # a suite table may refer to another table of its own plugin, never to CKAN's
        referred = [fk["referred_table"] for fk in inspector.get_foreign_keys(table)]
        assert all(name.startswith("tmopendata_") for name in referred), (table, referred)
