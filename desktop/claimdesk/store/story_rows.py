"""The story navigator's reads: stories with their counts in one aggregated query, one story's
articles when it is expanded, and this annotator's stale labels. Plain rows, no ORM objects.
"""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from claimdesk.store.models import Article, Claim, LabelRow, Story


def _head(title_column, text_column):
    """The start of the text, read only for articles without a title (for display_title)."""
    return case(
        ((title_column.is_(None)) | (title_column == ""), func.substr(text_column, 1, 400)),
        else_=None,
    )


def story_rows(connection: Connection, annotator: str) -> list[tuple[str, str, int, int, int]]:
    """(story id, name, articles, claims labelled by this annotator, active claims) of every
    story that has articles, by name: one statement.

    Claims are counted per article first (the (article_id, active) index alone), and only those
    100,000 per-article counts are joined to their story, not the millions of claims."""
    claims_per_article = (
        select(Claim.article_id.label("article_id"), func.count().label("n"))
        .where(Claim.active.is_(True))
        .group_by(Claim.article_id)
        .subquery()
    )
    labelled_per_article = (
        select(Claim.article_id.label("article_id"), func.count().label("n"))
        .select_from(LabelRow)
        .join(Claim, Claim.id == LabelRow.claim_id)
        .where(LabelRow.annotator == annotator, Claim.active.is_(True))
        .group_by(Claim.article_id)
        .subquery()
    )
    per_story = (
        select(
            Article.story_id.label("story_id"),
            func.count().label("articles"),
            func.coalesce(func.sum(labelled_per_article.c.n), 0).label("labelled"),
            func.coalesce(func.sum(claims_per_article.c.n), 0).label("total"),
        )
        .outerjoin(claims_per_article, claims_per_article.c.article_id == Article.id)
        .outerjoin(labelled_per_article, labelled_per_article.c.article_id == Article.id)
        .group_by(Article.story_id)
        .subquery()
    )
    rows = connection.execute(
        select(Story.id, Story.name, per_story.c.articles, per_story.c.labelled, per_story.c.total)
        .join(per_story, per_story.c.story_id == Story.id)
        .order_by(Story.name, Story.id)
    ).all()
    return [(sid, name, int(n), int(done), int(total)) for sid, name, n, done, total in rows]


def story_articles(connection: Connection, annotator: str, story_id: str) -> list[tuple]:
    """(article id, title, source, published, head of text for untitled ones, labelled,
    active claims) of one story's articles, in story order."""
    articles = connection.execute(
        select(
            Article.id,
            Article.title,
            Article.source,
            Article.published,
            _head(Article.title, Article.text),
        )
        .where(Article.story_id == story_id)
        .order_by(Article.position)
    ).all()
    ids = [row[0] for row in articles]
    if not ids:
        return []
    totals = dict(
        connection.execute(
            select(Claim.article_id, func.count())
            .where(Claim.article_id.in_(ids), Claim.active.is_(True))
            .group_by(Claim.article_id)
        ).all()
    )
    done = dict(
        connection.execute(
            select(Claim.article_id, func.count())
            .select_from(LabelRow)
            .join(Claim, Claim.id == LabelRow.claim_id)
            .where(
                LabelRow.annotator == annotator,
                Claim.article_id.in_(ids),
                Claim.active.is_(True),
            )
            .group_by(Claim.article_id)
        ).all()
    )
    return [(*row, done.get(row[0], 0), totals.get(row[0], 0)) for row in articles]


def _stale(annotator: str):
    return (
        select(Claim.article_id, Claim.id, Claim.start)
        .join(LabelRow, LabelRow.claim_id == Claim.id)
        .where(
            LabelRow.annotator == annotator,
            LabelRow.stale.is_(True),
            Claim.active.is_(True),
        )
    )


def stale_counts(connection: Connection, annotator: str) -> dict[str, int]:
    """article id -> how many of this annotator's labels there are stale."""
    stale = _stale(annotator).subquery()
    rows = connection.execute(
        select(stale.c.article_id, func.count()).group_by(stale.c.article_id)
    ).all()
    return {aid: n for aid, n in rows if n}


def stale_claims(connection: Connection, annotator: str) -> list[tuple[str, str, int]]:
    """(article id, claim id, start) of this annotator's stale labels on active claims."""
    return [tuple(row) for row in connection.execute(_stale(annotator)).all()]


def named_stories(connection: Connection) -> list[tuple[str, str]]:
    """(story id, name) of every story that has articles, by name."""
    rows = connection.execute(
        select(Story.id, Story.name)
        .where(select(Article.id).where(Article.story_id == Story.id).exists())
        .order_by(Story.name, Story.id)
    ).all()
    return [(sid, name) for sid, name in rows]
