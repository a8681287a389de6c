"""corpus search: the title's own tsvector on PostgreSQL, so a common word is ranked on a pool

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

- PostgreSQL: a stored generated tsvector of the title alone (English configuration). The
  article's search_vector (migration 0004) is a few kB, stored out of line: ranking every
  article a common word matches reads and decompresses all of them (seconds on an archive).
  The title vector is small and stays in the row, so the search picks its pool of candidates
  (title matches first, then the newest) from the GIN index and the rows alone, and only that
  pool is ranked on search_vector (store/search.py).
- SQLite: nothing; FTS5 ranks from its own index.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_POSTGRES_UP = [
    "ALTER TABLE articles ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('english', coalesce(title, ''))) STORED",
]
_POSTGRES_DOWN = ["ALTER TABLE articles DROP COLUMN IF EXISTS title_vector"]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES_DOWN:
            op.execute(statement)
