"""What each validation run read: the resource's URL, schema, size and
last modification (to tell, after a package_update or package_revise,
which resources changed since they were last validated).

Revision ID: b2d4f6a8c013
Revises: a1c3e5f7b901
Create Date: 2026-11-25 22:40:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "b2d4f6a8c013"
down_revision = "a1c3e5f7b901"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("tmopendata_validation_report", sa.Column("source", JSONB))


def downgrade():
    op.drop_column("tmopendata_validation_report", "source")
