"""finished imports drop their files

An import's uploaded file is blanked when its last batch is done
(services/customer/importing.py process_batch); this does the same for the imports
finished before, so no erased person's row stays in a stored file.

Revision ID: 3b9d0e6a5c15
Revises: 5e1a2c0d7f14
Create Date: 2026-12-07 17:00:00.000000
"""

from alembic import op

revision = "3b9d0e6a5c15"
down_revision = "5e1a2c0d7f14"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE import_jobs SET content = '' WHERE status = 'done'")


def downgrade() -> None:
    pass  # the files are gone
