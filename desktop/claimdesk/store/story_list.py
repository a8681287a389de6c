"""Every story with its articles, in the navigator's order, as plain rows."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from claimdesk.store.article_reads import head
from claimdesk.store.models import Article, Story


def story_article_rows(connection: Connection) -> list[tuple]:
    """(story id, story name, article id, title, source, published, head) by story name, then
    article position (10,000 articles: plain rows, no ORM objects)."""
    return connection.execute(
        select(
            Story.id,
            Story.name,
            Article.id,
            Article.title,
            Article.source,
            Article.published,
            head(Article.title, Article.text),
        )
        .join(Article, Article.story_id == Story.id)
        .order_by(Story.name, Story.id, Article.position)
    ).all()


def count_articles(connection: Connection) -> int:
    return connection.scalar(select(func.count()).select_from(Article)) or 0
