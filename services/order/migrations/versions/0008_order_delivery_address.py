"""orders carry the address they are delivered to

Revision ID: 3d1f0c7a9b52
Revises: e15514cad120
Create Date: 2026-12-07 22:05:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '3d1f0c7a9b52'
down_revision = 'e15514cad120'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivery_address', sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('delivery_address')
