"""Census campaigns name the institutions (organisations) they cover.

Existing campaigns cover the organisations that already have entries in
them (so nobody loses access to what they entered; a campaign without
entries covers nobody until a coordinator picks its institutions).

Revision ID: d4a6c8e0f213
Revises: c3e5a7b9d102
Create Date: 2026-11-30 14:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "d4a6c8e0f213"
down_revision = "c3e5a7b9d102"
branch_labels = None
depends_on = None


def upgrade():
    # No foreign keys to core tables (organisation ids stored as text, as
    # in the other census tables).
    op.create_table(
        "tmopendata_census_campaign_organization",
        sa.Column("campaign_id", sa.UnicodeText, primary_key=True),
        sa.Column("organization_id", sa.UnicodeText, primary_key=True, index=True),
    )
    op.execute(
        "INSERT INTO tmopendata_census_campaign_organization (campaign_id, organization_id) "
        "SELECT DISTINCT campaign_id, organization_id FROM tmopendata_census_entry"
    )


def downgrade():
    op.drop_table("tmopendata_census_campaign_organization")
