"""audit trail: append-only

Revision ID: 5a1e0c3d9b27
Revises: 4d88b67e0e91
Create Date: 2026-12-07 16:20:00
"""
from alembic import op
import sqlalchemy as sa
import crm_common.types
from sqlalchemy.dialects import postgresql


revision = '5a1e0c3d9b27'
down_revision = '4d88b67e0e91'
branch_labels = None
depends_on = None

# An entry may change only once, when an erasure blanks its personal values: every other
# column stays as it was written. Anything else, and any DELETE, is refused by the database.
_SAME = " AND ".join(
    f"NEW.{c} IS OLD.{c}"
    for c in ("id", "at", "actor", "actor_role", "action", "customer_id", "source", "source_event_id")
)


def upgrade() -> None:
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', crm_common.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=True),
    sa.Column('actor_role', sa.String(length=20), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=120), nullable=True),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_event_id', sa.String(length=36), nullable=True),
    sa.Column('erased_at', crm_common.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_event_id')
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_customer_id'), ['customer_id'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
                 AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
                 AND NEW.actor IS NOT DISTINCT FROM OLD.actor
                 AND NEW.actor_role IS NOT DISTINCT FROM OLD.actor_role
                 AND NEW.customer_id IS NOT DISTINCT FROM OLD.customer_id
                 AND NEW.source = OLD.source
                 AND NEW.source_event_id IS NOT DISTINCT FROM OLD.source_event_id THEN
                RETURN NEW;
              END IF;
              RAISE EXCEPTION 'the audit trail is append-only';
            END $$ LANGUAGE plpgsql;
            """
        )
        op.execute(
            "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
            "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )
        op.execute(
            "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
            f"WHEN NOT (OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL AND {_SAME}) "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION audit_entries_append_only()")
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_customer_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_actor'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_action'))

    op.drop_table('audit_entries')
