"""Showcases (reuse items), partnerships and the datasets they use.

Revision ID: b3c5d7e9f102
Revises:
Create Date: 2026-11-30 17:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "b3c5d7e9f102"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Datasets and users are referred to by id as text (no foreign key to
    # core tables); the links between our own tables cascade.
    op.create_table(
        "tmopendata_showcase",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("url", sa.UnicodeText, nullable=False),
        sa.Column("author", sa.UnicodeText, nullable=False),
        sa.Column("image_url", sa.UnicodeText),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("state", sa.UnicodeText, nullable=False, server_default="pending"),
        sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("creator_user_id", sa.UnicodeText),
        sa.Column("reviewer_user_id", sa.UnicodeText),
        sa.Column("reviewed", sa.DateTime),
        sa.Column("review_note", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.CheckConstraint("state IN ('pending', 'approved', 'rejected')",
                           name="tmopendata_showcase_state_check"),
    )
    op.create_index("tmopendata_showcase_state_idx", "tmopendata_showcase", ["state"])
    op.create_table(
        "tmopendata_showcase_dataset",
        sa.Column("showcase_id", sa.UnicodeText,
                  sa.ForeignKey("tmopendata_showcase.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
    )
    op.create_index("tmopendata_showcase_dataset_package_idx", "tmopendata_showcase_dataset",
                    ["package_id"])
    op.create_table(
        "tmopendata_partnership",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("partner", sa.UnicodeText, nullable=False),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("scope", sa.UnicodeText, nullable=False, server_default=""),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("agreement_url", sa.UnicodeText),
        sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("creator_user_id", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date",
                           name="tmopendata_partnership_dates_check"),
    )
    op.create_table(
        "tmopendata_partnership_dataset",
        sa.Column("partnership_id", sa.UnicodeText,
                  sa.ForeignKey("tmopendata_partnership.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
    )


def downgrade():
    op.drop_table("tmopendata_partnership_dataset")
    op.drop_table("tmopendata_partnership")
    op.drop_table("tmopendata_showcase_dataset")
    op.drop_table("tmopendata_showcase")
