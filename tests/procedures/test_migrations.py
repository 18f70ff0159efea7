"""The procedures plugin's migration runs down and up on the real database."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model


def _inspector():
    model.Session.remove()
    return sa.inspect(model.Session.get_bind())


@pytest.mark.usefixtures("clean_db")
def test_procedures_migration_down_and_up(migrate_db_for):
    tables = {"tmopendata_procedure", "tmopendata_procedure_step"}
    assert tables <= set(_inspector().get_table_names())
    migrate_db_for("tmopendata_procedures", "base", forward=False)
    assert not tables & set(_inspector().get_table_names())
    migrate_db_for("tmopendata_procedures")
    inspector = _inspector()
    assert tables <= set(inspector.get_table_names())
    columns = {c["name"] for c in inspector.get_columns("tmopendata_procedure_step")}
    assert {"procedure_id", "key", "role", "owner", "due", "status", "evidence", "skip_reason",
            "completed_by", "completed_at"} <= columns
    for table in tables:
        assert inspector.get_foreign_keys(table) == []
