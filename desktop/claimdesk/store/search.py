"""Corpus search: articles whose title or text hold every word of a query, best first.

The index is the database's own full-text search (migration 0004): FTS5 on SQLite, a tsvector
column with a GIN index on PostgreSQL. Both are kept in sync with the articles by the database,
so an import, a merge or an edit never has to remember them.
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
# rank first, from the index alone; the headline (which re-parses the text) only for the hits
_POSTGRES = text(
    """
    SELECT hit.id, hit.title, hit.story_id,
           ts_headline('english', hit.text, hit.query,
                       'StartSel=[, StopSel=], MaxWords=24, MinWords=8') AS snippet,
           hit.rank
    FROM (
        SELECT a.id, a.title, a.story_id, a.text, q.query,
               ts_rank(a.search_vector, q.query) AS rank
        FROM articles AS a, to_tsquery('english', :match) AS q(query)
        WHERE a.search_vector @@ q.query
        ORDER BY rank DESC, a.id
        LIMIT :limit
    ) AS hit
    ORDER BY hit.rank DESC, hit.id
    """
)


def search_articles(session: Session, query: str, limit: int = 20) -> list[SearchHit]:
    """The `limit` best articles holding every word of `query` (whole words on SQLite, by
    English stem on PostgreSQL). Query syntax is not passed on: every word is quoted."""
    words = query_words(query)
    if session.get_bind().dialect.name == "postgresql":
        # each word quoted as a lexeme, all required: no query syntax reaches the parser
        match = " & ".join("'" + w.replace("'", "''") + "'" for w in words)
        statement = _POSTGRES
    else:
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        statement = _SQLITE
    rows = session.execute(statement, {"match": match, "limit": limit}).all()
    return [SearchHit(r.id, r.title, r.story_id, r.snippet or "", float(r.rank)) for r in rows]
