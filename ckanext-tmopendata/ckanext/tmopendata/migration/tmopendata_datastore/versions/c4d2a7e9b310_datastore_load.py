"""State of each resource's table in the DataStore.

Revision ID: c4d2a7e9b310
Revises:
Create Date: 2026-11-30 17:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "c4d2a7e9b310"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Resources and reports are referred to by id as text (no foreign keys
    # to core tables or to another plugin's tables).
    op.create_table(
        "tmopendata_datastore_load",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("message", sa.UnicodeText),
        sa.Column("requested", sa.DateTime, nullable=False),
        sa.Column("attempted", sa.DateTime),
        sa.Column("report_id", sa.UnicodeText),
        sa.Column("loaded_report_id", sa.UnicodeText),
        sa.Column("loaded_validated_at", sa.DateTime),
        sa.Column("loaded_at", sa.DateTime),
        sa.Column("rows", sa.BigInteger),
        sa.Column("typed", sa.Boolean),
    )
    op.create_index("tmopendata_datastore_load_package_idx", "tmopendata_datastore_load", ["package_id"])


def downgrade():
    op.drop_index("tmopendata_datastore_load_package_idx", table_name="tmopendata_datastore_load")
    op.drop_table("tmopendata_datastore_load")
