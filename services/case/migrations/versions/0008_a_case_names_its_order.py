"""a case names the order it is about

Revision ID: 7c1e9a4b2d60
Revises: 5d0c2f8e7a41
Create Date: 2026-12-07 22:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "7c1e9a4b2d60"
down_revision = "5d0c2f8e7a41"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("order_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("cases", "order_id")
