"""Validation reports of resources (history kept per resource).

Revision ID: a1c3e5f7b901
Revises:
Create Date: 2026-11-22 17:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "a1c3e5f7b901"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tmopendata_validation_report",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        # No foreign keys to core tables (resources may be deleted; the
        # report history stays for auditors).
        sa.Column("resource_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("mode", sa.UnicodeText, nullable=False),
        sa.Column("schema_ref", sa.UnicodeText),
        sa.Column("schema", JSONB),
        sa.Column("encoding", sa.UnicodeText),
        sa.Column("row_count", sa.Integer),
        sa.Column("error_count", sa.Integer),
        sa.Column("error_types", JSONB),
        sa.Column("errors", JSONB),
        sa.Column("report", JSONB),
        sa.Column("message", sa.UnicodeText),
        sa.Column("requested_by", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("started", sa.DateTime),
        sa.Column("finished", sa.DateTime),
    )
    op.create_index(
        "tmopendata_validation_report_resource_created_idx",
        "tmopendata_validation_report",
        ["resource_id", "created"],
    )


def downgrade():
    op.drop_table("tmopendata_validation_report")
