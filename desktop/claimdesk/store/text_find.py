"""Find in all articles: claims, titles and texts holding a string (SQL LIKE, ASCII case
folded), for the window's find dialog. Ranked word search is `store/search.py`."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from claimdesk.store.models import Article, Claim


def like_pattern(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def claims_containing(connection: Connection, pattern: str, limit: int) -> list[tuple]:
    """(claim id, claim text, article id, title, article text) of active claims, story order."""
    return connection.execute(
        select(Claim.id, Claim.text, Article.id, Article.title, Article.text)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.active.is_(True), Claim.text.ilike(pattern, escape="\\"))
        .order_by(Article.position, Claim.start)
        .limit(limit)
    ).all()


def articles_containing(connection: Connection, pattern: str, limit: int) -> list[tuple]:
    """(article id, title, text) of articles whose title or text holds the pattern."""
    return connection.execute(
        select(Article.id, Article.title, Article.text)
        .where(
            or_(
                Article.title.ilike(pattern, escape="\\"),
                Article.text.ilike(pattern, escape="\\"),
            )
        )
        .order_by(Article.position)
        .limit(limit)
    ).all()
