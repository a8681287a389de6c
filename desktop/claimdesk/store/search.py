"""Corpus search: articles whose title or text hold every word of a query, best first.

The index is the database's own full-text search: FTS5 on SQLite (migration 0004), tsvectors
with a GIN index in a table of their own on PostgreSQL (migration 0006, filled by a trigger).
Both are kept in sync with the articles by the database, so an import, a merge or an edit
never has to remember them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from claimdesk.errors import UsageError

# words as FTS5's unicode61 tokenizer and PostgreSQL's parser both see them, near enough
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    title: str | None
    story_id: str
    snippet: str  # the best passage, the matched words in [brackets]
    rank: float  # higher is better


def query_words(query: str) -> list[str]:
    words = _WORD.findall(query)
    if not words:
        raise UsageError(f"search: no words to look for in {query!r}")
    return words


# A common word matches most of an archive. Ranking every match is unavoidable, but only the
# ranking: the best are picked from (rowid, score) pairs alone, and only they are joined to
# their articles (a page read each) and given a snippet (a re-read of the text). rank() keeps
# every match tied with the last place, so the order by (score, id) is exact.
_SQLITE = text(
    """
    WITH scored AS MATERIALIZED (
        SELECT rowid AS hit, bm25(articles_fts, 2.0, 1.0) AS score
        FROM articles_fts WHERE articles_fts MATCH :match
    ), best AS MATERIALIZED (
        SELECT hit, score
        FROM (SELECT hit, score, rank() OVER (ORDER BY score) AS place FROM scored)
        WHERE place <= :limit
    )
    SELECT a.id, a.title, a.story_id,
           snippet(articles_fts, -1, '[', ']', '…', 12) AS snippet,
           -best.score AS rank
    FROM best
    CROSS JOIN articles_fts ON articles_fts.rowid = best.hit
    CROSS JOIN articles AS a ON a.rowid = best.hit
    WHERE articles_fts MATCH :match
    ORDER BY best.score, a.id
    LIMIT :limit
    """
)
# PostgreSQL: ranking reads and decompresses every vector it ranks (a few kB each, stored out
# of line), so for a word most of an archive holds, ranking every match takes seconds. Ranking
# is therefore limited to a pool: the matches come from the GIN index of article_search
# (migration 0006: narrow rows, dozens to a page; the index needs no recheck of the vector for
# plain words), and the pool is the RANK_POOL of them with the words in the title first, then
# the newest. Only the pool is ranked, and only the best are joined to their articles and given
# a headline. A query with fewer matches than the pool is ranked over all of them; for a
# common word the best are the best of the pool. (For one word, a title match outranks any
# match in the text alone: weight A against B.)
RANK_POOL = 1000
_POSTGRES = text(
    """
    WITH q AS MATERIALIZED (SELECT to_tsquery('english', :match) AS query),
    pool AS MATERIALIZED (
        SELECT s.article_id
        FROM article_search AS s, q
        WHERE s.search_vector @@ q.query
        ORDER BY (s.title_vector @@ q.query) DESC, s.position DESC, s.article_id
        LIMIT :pool
    ), best AS MATERIALIZED (
        SELECT s.article_id, ts_rank(s.search_vector, q.query) AS rank
        FROM pool JOIN article_search AS s ON s.article_id = pool.article_id, q
        ORDER BY rank DESC, s.article_id
        LIMIT :limit
    )
    SELECT a.id, a.title, a.story_id,
           ts_headline('english', a.text, q.query,
                       'StartSel=[, StopSel=], MaxWords=24, MinWords=8') AS snippet,
           best.rank
    FROM best JOIN articles AS a ON a.id = best.article_id, q
    ORDER BY best.rank DESC, best.article_id
    """
)


def _postgres_rows(session: Session, match: str, limit: int) -> list:
    # The planner, knowing a word is in most articles, would rather scan the table and test
    # every row's vector (reading each out of line) than take the GIN index, whose bitmap
    # needs no vector at all: sequential scans are off for this one statement.
    previous = session.execute(text("SELECT current_setting('enable_seqscan')")).scalar_one()
    session.execute(text("SELECT set_config('enable_seqscan', 'off', true)"))
    rows = session.execute(
        _POSTGRES, {"match": match, "limit": limit, "pool": max(RANK_POOL, limit)}
    ).all()
    # Restored for the rest of the transaction. Not in a `finally`: after a failed statement
    # the transaction is aborted, the setting ends with it, and a restore would only hide
    # the real error behind "current transaction is aborted".
    session.execute(text("SELECT set_config('enable_seqscan', :v, true)"), {"v": previous})
    return rows


def search_articles(session: Session, query: str, limit: int = 20) -> list[SearchHit]:
    """The `limit` best articles holding every word of `query` (whole words on SQLite, by
    English stem on PostgreSQL). Query syntax is not passed on: every word is quoted."""
    words = query_words(query)
    if session.get_bind().dialect.name == "postgresql":
        # each word quoted as a lexeme, all required: no query syntax reaches the parser
        match = " & ".join("'" + w.replace("'", "''") + "'" for w in words)
        rows = _postgres_rows(session, match, limit)
    else:
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = session.execute(_SQLITE, {"match": match, "limit": limit}).all()
    return [SearchHit(r.id, r.title, r.story_id, r.snippet or "", float(r.rank)) for r in rows]
