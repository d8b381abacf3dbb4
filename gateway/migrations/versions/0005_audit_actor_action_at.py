"""audit entries: an index on (actor, action, at), to count one person's recent acts

Revision ID: 3c9d4e7a1f08
Revises: 87f965003400
Create Date: 2026-12-07 17:30:00.000000
"""
from alembic import op


revision = '3c9d4e7a1f08'
down_revision = '87f965003400'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # no batch: a copy of the table on SQLite would lose its append-only triggers
    op.create_index('ix_audit_entries_actor_action_at', 'audit_entries', ['actor', 'action', 'at'])


def downgrade() -> None:
    op.drop_index('ix_audit_entries_actor_action_at', table_name='audit_entries')
