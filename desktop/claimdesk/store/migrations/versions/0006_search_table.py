"""corpus search on PostgreSQL: a narrow table of its own, so a common word is ranked on a pool

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Migration 0004 put the tsvector in the articles' rows. A word most of an archive holds then
costs a visit to every article's row (wide: the text is stored in it) and the reading and
decompressing of every vector (a few kB, out of line) to rank it: seconds on 100,000 articles.

- PostgreSQL: the vectors move to article_search (article id, position, the title's own small
  tsvector, the whole search vector; GIN index on the latter), narrow rows of which a page
  holds dozens. A trigger on articles keeps it in sync on insert, update (of id, title, text or
  position) and delete; it runs as the table's owner (SECURITY DEFINER, with this schema's
  search path), so a team member's import writes it without a grant, and whoever could read
  the articles may read it. The search (store/search.py) picks its pool from this table.
- SQLite: nothing; FTS5 ranks from its own index.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TITLE = "to_tsvector('english', coalesce({row}.title, ''))"
_WHOLE = (
    "setweight(to_tsvector('english', coalesce({row}.title, '')), 'A') || "
    "setweight(to_tsvector('english', {row}.text), 'B')"
)

_FUNCTION = f"""
CREATE OR REPLACE FUNCTION claimdesk_article_search() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.text = OLD.text
       AND NEW.title IS NOT DISTINCT FROM OLD.title THEN
        -- only the position: the vectors stay
        UPDATE article_search SET position = NEW.position WHERE article_id = NEW.id;
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM article_search WHERE article_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO article_search (article_id, position, title_vector, search_vector)
        VALUES (NEW.id, NEW.position, {_TITLE.format(row="NEW")}, {_WHOLE.format(row="NEW")});
    END IF;
    RETURN NULL;
END;
$$
"""

_POSTGRES_UP = [
    "CREATE TABLE article_search ("
    "article_id varchar(40) PRIMARY KEY, position integer NOT NULL, "
    "title_vector tsvector NOT NULL, search_vector tsvector NOT NULL)",
    # the vectors already computed by 0004's generated column are copied, not recomputed
    "INSERT INTO article_search (article_id, position, title_vector, search_vector) "
    f"SELECT a.id, a.position, {_TITLE.format(row='a')}, a.search_vector FROM articles AS a",
    "CREATE INDEX ix_article_search_vector ON article_search USING gin (search_vector)",
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
    _FUNCTION,
    "CREATE TRIGGER articles_search_sync AFTER INSERT OR DELETE OR UPDATE OF id, title, text, "
    "position ON articles FOR EACH ROW EXECUTE FUNCTION claimdesk_article_search()",
    "ANALYZE article_search",
]
_POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS articles_search_sync ON articles",
    "DROP FUNCTION IF EXISTS claimdesk_article_search()",
    "DROP TABLE IF EXISTS article_search",
    "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    f"{_WHOLE.format(row='articles').replace('articles.', '')}) STORED",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
]

# who may read the articles may read their search rows (a team set up before this migration)
_GRANT_READERS = """
DO $$
DECLARE grantee text;
BEGIN
    FOR grantee IN
        SELECT DISTINCT g.grantee FROM information_schema.role_table_grants AS g
        WHERE g.table_schema = current_schema() AND g.table_name = 'articles'
          AND g.privilege_type = 'SELECT' AND g.grantee <> current_user
    LOOP
        EXECUTE format('GRANT SELECT ON article_search TO %I', grantee);
    END LOOP;
END;
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _POSTGRES_UP:
        op.execute(statement)
    # The definer's search path names this schema and then pg_temp, last, as team.py's own
    # definer functions do: otherwise a member's temporary table called article_search
    # would be found first, and the owner's trigger would write into it.
    op.execute(
        "DO $$ BEGIN EXECUTE format('ALTER FUNCTION claimdesk_article_search() "
        "SET search_path = %I, pg_temp', current_schema()); END $$"
    )
    op.execute(_GRANT_READERS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _POSTGRES_DOWN:
        op.execute(statement)
