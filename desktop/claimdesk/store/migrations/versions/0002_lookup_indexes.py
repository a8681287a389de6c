"""indexes for the window's per-action lookups

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

- events (annotator, state) replaces events (annotator): each new action drops this annotator's
  undone events, and undo finds the latest done one, by an index seek instead of a walk over
  every event the annotator ever made.
- claims (article_id, active) replaces claims (active): per-article counts of active claims
  (progress after each action, the story tree) read the index alone. The boolean index selected
  almost every row, and without statistics SQLite preferred it to the article indexes.
- labels (annotator, claim_id) replaces labels (annotator): one annotator's labels with their
  claims straight from the index.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_annotator_state", "events", ["annotator", "state"], unique=False)
    op.drop_index("ix_events_annotator", table_name="events")
    op.create_index("ix_claims_article_active", "claims", ["article_id", "active"], unique=False)
    op.drop_index("ix_claims_active", table_name="claims")
    op.create_index("ix_labels_annotator_claim", "labels", ["annotator", "claim_id"], unique=False)
    op.drop_index("ix_labels_annotator", table_name="labels")


def downgrade() -> None:
    op.create_index("ix_labels_annotator", "labels", ["annotator"], unique=False)
    op.drop_index("ix_labels_annotator_claim", table_name="labels")
    op.create_index("ix_claims_active", "claims", ["active"], unique=False)
    op.drop_index("ix_claims_article_active", table_name="claims")
    op.create_index("ix_events_annotator", "events", ["annotator"], unique=False)
    op.drop_index("ix_events_annotator_state", table_name="events")
