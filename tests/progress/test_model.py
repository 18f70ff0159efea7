"""The progress plugin's tables: migration down and up on the real database,
one digest per recipient per day enforced by the table itself."""
from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa

import ckan.model as model

from ckanext.tmopendata.progress.model import Reminder, Snapshot

TABLES = {"tmopendata_reminder", "tmopendata_progress_snapshot"}


def _inspector():
    model.Session.remove()
    return sa.inspect(model.Session.get_bind())


@pytest.mark.usefixtures("clean_db")
def test_progress_migration_down_and_up(migrate_db_for):
    assert TABLES <= set(_inspector().get_table_names())
    migrate_db_for("tmopendata_progress", "base", forward=False)
    assert not TABLES & set(_inspector().get_table_names())
    migrate_db_for("tmopendata_progress")
    inspector = _inspector()
    assert TABLES <= set(inspector.get_table_names())
    columns = {c["name"] for c in inspector.get_columns("tmopendata_reminder")}
    assert {"recipient", "user_name", "day", "sent", "subject", "items", "status"} <= columns
    for table in TABLES:
        assert inspector.get_foreign_keys(table) == []


@pytest.mark.usefixtures("clean_db")
def test_one_reminder_per_recipient_per_day():
    day = datetime.date(2026, 11, 22)
    model.Session.add(Reminder(recipient="a@example.org", day=day, subject="s", items=[]))
    model.Session.commit()
    assert Reminder.sent_on("A@example.org", day) is not None
    assert Reminder.sent_on("a@example.org", day + datetime.timedelta(days=1)) is None
    model.Session.add(Reminder(recipient="a@example.org", day=day, subject="again", items=[]))
    with pytest.raises(sa.exc.IntegrityError):
        model.Session.commit()
    model.Session.rollback()


@pytest.mark.usefixtures("clean_db")
def test_snapshot_history_in_month_order():
    for month in ("2026-10", "2026-08", "2026-09"):
        model.Session.add(Snapshot(month=month, figures={"published": len(month)}))
    model.Session.commit()
    assert [s.month for s in Snapshot.history()] == ["2026-08", "2026-09", "2026-10"]
    assert [s.month for s in Snapshot.history(since="2026-09")] == ["2026-09", "2026-10"]
    assert Snapshot.get("2026-09").dictize()["figures"] == {"published": 7}
