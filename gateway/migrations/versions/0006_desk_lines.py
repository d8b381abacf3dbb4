"""desk lines: when each staff member's live desk stream was last seen, for presence

Revision ID: 5e1a7c2d9b34
Revises: 3c9d4e7a1f08
Create Date: 2026-12-07 22:10:00.000000
"""
from alembic import op
import sqlalchemy as sa

import crm_common.types


revision = '5e1a7c2d9b34'
down_revision = '3c9d4e7a1f08'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'desk_lines',
        sa.Column('username', sa.String(length=80), nullable=False),
        sa.Column('seen_at', crm_common.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('gone_at', crm_common.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('username'),
    )
    op.create_index('ix_desk_lines_seen_at', 'desk_lines', ['seen_at'])


def downgrade() -> None:
    op.drop_index('ix_desk_lines_seen_at', table_name='desk_lines')
    op.drop_table('desk_lines')
