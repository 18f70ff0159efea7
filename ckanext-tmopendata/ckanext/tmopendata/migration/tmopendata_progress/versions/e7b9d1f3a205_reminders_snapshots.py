"""Reminder log and monthly progress snapshots.

Revision ID: e7b9d1f3a205
Revises:
Create Date: 2026-11-22 19:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "e7b9d1f3a205"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # No foreign keys to core tables: users and datasets are referred to by
    # name/id as text, so the log outlives them (auditors read it).
    op.create_table(
        "tmopendata_reminder",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("recipient", sa.UnicodeText, nullable=False),
        sa.Column("user_name", sa.UnicodeText),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("sent", sa.DateTime, nullable=False),
        sa.Column("subject", sa.UnicodeText, nullable=False),
        sa.Column("items", JSONB, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("error", sa.UnicodeText),
        sa.UniqueConstraint("recipient", "day", name="tmopendata_reminder_recipient_day_key"),
    )
    op.create_index("tmopendata_reminder_sent_idx", "tmopendata_reminder", ["sent"])
    op.create_table(
        "tmopendata_progress_snapshot",
        sa.Column("month", sa.UnicodeText, primary_key=True),
        sa.Column("taken", sa.DateTime, nullable=False),
        sa.Column("taken_by", sa.UnicodeText),
        sa.Column("figures", JSONB, nullable=False),
    )


def downgrade():
    op.drop_table("tmopendata_progress_snapshot")
    op.drop_table("tmopendata_reminder")
