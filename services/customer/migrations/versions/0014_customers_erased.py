"""customers erased

Revision ID: 5e1a2c0d7f14
Revises: 746def8723ac
Create Date: 2026-12-07 16:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

import crm_common.types

revision = "5e1a2c0d7f14"
down_revision = "746def8723ac"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "customers", sa.Column("erased_at", crm_common.types.UTCDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("erased_at")
