"""an agent's case description is their internal note

A case an agent opened for a customer used to journal its description (the agent's
summary of a call, say) as a public message from the customer. Those entries become the
agent's internal notes. They are told apart with certainty: a public message in with no
Message-ID (everything taken in has one), written by the agent who opened the case (not
intake, whose messages name their sender as `name <address>`), at the moment the case
was opened.

Revision ID: 5d0c2f8e7a41
Revises: ab3911d8ac42
Create Date: 2026-12-07 20:00:00.000000
"""

from alembic import op

revision = "5d0c2f8e7a41"
down_revision = "ab3911d8ac42"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        UPDATE journal_entries SET kind = 'note', visibility = 'internal', direction = NULL
        WHERE kind = 'message' AND direction = 'in' AND visibility = 'public'
          AND message_id IS NULL
          AND EXISTS (
            SELECT 1 FROM cases
            WHERE cases.id = journal_entries.case_id
              AND cases.opened_by <> 'intake'
              AND cases.opened_by = journal_entries.author
              AND cases.created_at = journal_entries.created_at
          )
        """
    )


def downgrade() -> None:
    # Nothing to undo: showing the agents' notes to their customers again is no state to go back to.
    pass
