"""corpus search: a full-text index of the articles, kept in sync by the database itself

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

- SQLite: an FTS5 table over the articles' title and text (external content: it stores the
  index, not a second copy of the text), filled from the stored articles and kept in sync by
  triggers on insert, update and delete of an article.
- PostgreSQL: a stored generated tsvector column (English configuration, title weighted above
  the text) with a GIN index; PostgreSQL keeps a generated column in sync by itself.
- articles (published) and (position): an import places its new articles among the stored ones
  published near them, or the latest imported, with an index seek instead of a table scan.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SQLITE_UP = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
]
_POSTGRES_UP = [
    "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', text), 'B')) STORED",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
]
_POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    op.create_index("ix_articles_published", "articles", ["published"], unique=False)
    op.create_index("ix_articles_position", "articles", ["position"], unique=False)
    _run({"sqlite": _SQLITE_UP, "postgresql": _POSTGRES_UP})


def downgrade() -> None:
    _run({"sqlite": _SQLITE_DOWN, "postgresql": _POSTGRES_DOWN})
    op.drop_index("ix_articles_position", table_name="articles")
    op.drop_index("ix_articles_published", table_name="articles")
