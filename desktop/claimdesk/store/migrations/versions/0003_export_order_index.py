"""claims in export order, from the index alone

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

- claims (article_id, start, end, id): the export's order, whole. The export is a merge scan:
  the claims and, beside them, their labels, adjudications and links, each one query walking
  the claims in this order. With the whole key in the index, SQLite walks the index alone for
  the labels, adjudications and links (no seek into the claims table per claim) and never
  sorts; (article_id, start) left `end` and `id` to a sort and a table lookup for every claim.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_claims_export_order", "claims", ["article_id", "start", "end", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_claims_export_order", table_name="claims")
