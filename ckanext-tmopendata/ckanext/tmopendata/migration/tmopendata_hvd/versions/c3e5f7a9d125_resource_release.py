"""Releases of withheld files: a sysadmin lets a file whose latest
validation found personal data be downloaded again, with a recorded reason.

Revision ID: c3e5f7a9d125
Revises: b2d4f6a8c013
Create Date: 2026-11-30 14:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "c3e5f7a9d125"
down_revision = "b2d4f6a8c013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tmopendata_resource_release",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        # No foreign keys to core tables (the record stays for auditors).
        sa.Column("resource_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        # The failing report whose file is released: a later failing
        # report (another file) is withheld again.
        sa.Column("report_id", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("user_name", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_unique_constraint(
        "tmopendata_resource_release_report_key", "tmopendata_resource_release", ["report_id"])


def downgrade():
    op.drop_table("tmopendata_resource_release")
