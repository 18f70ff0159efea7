"""Procedures (one per dataset) and their steps.

Revision ID: c4d2e6a8b010
Revises:
Create Date: 2026-11-22 19:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "c4d2e6a8b010"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # No foreign keys (the suite's rule): datasets, users and census entries
    # are stored as ids (text); steps are deleted with their procedure by the
    # ORM (cascade), in the same transaction.
    op.create_table(
        "tmopendata_procedure",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("census_entry_id", sa.UnicodeText),
        sa.Column("template_name", sa.UnicodeText, nullable=False),
        sa.Column("template_version", sa.Integer, nullable=False),
        sa.Column("started", sa.Date, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.UnicodeText),
    )
    op.create_table(
        "tmopendata_procedure_step",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("procedure_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("key", sa.UnicodeText, nullable=False),
        sa.Column("title_ro", sa.UnicodeText, nullable=False),
        sa.Column("title_en", sa.UnicodeText, nullable=False),
        sa.Column("role", sa.UnicodeText, nullable=False),
        sa.Column("duration_days", sa.Integer, nullable=False),
        sa.Column("auto", sa.UnicodeText),
        sa.Column("requires_previous", sa.Boolean, nullable=False),
        sa.Column("owner", sa.UnicodeText),
        sa.Column("due", sa.Date),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("evidence", sa.UnicodeText),
        sa.Column("skip_reason", sa.UnicodeText),
        sa.Column("completed_by", sa.UnicodeText),
        sa.Column("completed_at", sa.DateTime),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.UniqueConstraint("procedure_id", "key", name="tmopendata_procedure_step_key_uq"),
    )


def downgrade():
    op.drop_table("tmopendata_procedure_step")
    op.drop_table("tmopendata_procedure")

