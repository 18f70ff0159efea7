"""Census tables: campaigns, entries and the entries' audit trail.

Revision ID: c3e5a7b9d102
Revises:
Create Date: 2026-11-22 19:20:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "c3e5a7b9d102"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # No foreign keys to core tables: organisation, user and dataset ids are
    # stored as text (the audit trail outlives deleted objects).
    op.create_table(
        "tmopendata_census_campaign",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("name", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("methodology_version", sa.UnicodeText),
        sa.Column("coordinators", JSONB, nullable=False),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("package_id", sa.UnicodeText),
        sa.Column("creator_user_id", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_table(
        "tmopendata_census_entry",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("campaign_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("organization_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False, index=True),
        sa.Column("hvd_category", sa.UnicodeText),
        sa.Column("priority_theme", sa.UnicodeText),
        sa.Column("access_restriction", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText),
        sa.Column("data", JSONB, nullable=False),
        sa.Column("openness_score", sa.Float, nullable=False),
        sa.Column("value_score", sa.Float, nullable=False),
        sa.Column("feasibility_score", sa.Float, nullable=False),
        sa.Column("priority", sa.Float, nullable=False, index=True),
        sa.Column("creator_user_id", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
    )
    op.create_table(
        "tmopendata_census_entry_history",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("entry_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("campaign_id", sa.UnicodeText, nullable=False),
        sa.Column("action", sa.UnicodeText, nullable=False),
        sa.Column("user", sa.UnicodeText),
        sa.Column("timestamp", sa.DateTime, nullable=False),
        sa.Column("from_state", sa.UnicodeText),
        sa.Column("to_state", sa.UnicodeText),
        sa.Column("comment", sa.UnicodeText),
        sa.Column("changes", JSONB),
    )


def downgrade():
    op.drop_table("tmopendata_census_entry_history")
    op.drop_table("tmopendata_census_entry")
    op.drop_table("tmopendata_census_campaign")
