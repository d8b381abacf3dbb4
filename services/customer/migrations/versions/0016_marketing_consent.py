"""marketing consent

Marketing is opt-in: a customer's consent, when it last changed and how it was given or
withdrawn. Nobody has consented before this (false for every customer).

Revision ID: 7c4e2a9b1d16
Revises: 3b9d0e6a5c15
Create Date: 2026-12-07 22:15:00.000000
"""

import sqlalchemy as sa
from alembic import op

import crm_common.types

revision = "7c4e2a9b1d16"
down_revision = "3b9d0e6a5c15"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "customers",
        sa.Column("marketing_consent", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "customers",
        sa.Column("consent_changed_at", crm_common.types.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column("customers", sa.Column("consent_source", sa.String(80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("consent_source")
        batch.drop_column("consent_changed_at")
        batch.drop_column("marketing_consent")
