"""The story navigator's reads: stories with their counts in one aggregated query, one story's
articles when it is expanded, and this annotator's stale labels. Plain rows, no ORM objects.
"""

from __future__ import annotations

from sqlalchemy import case, func, select, tuple_
from sqlalchemy.engine import Connection

from claimdesk.store.models import Article, Claim, LabelRow, Story


def _head(title_column, text_column):
    """The start of the text, read only for articles without a title (for display_title)."""
    return case(
        ((title_column.is_(None)) | (title_column == ""), func.substr(text_column, 1, 400)),
        else_=None,
    )


def story_rows(connection: Connection) -> list[tuple[str, str, int]]:
    """(story id, name, articles) of every story that has articles, by name: one aggregated
    statement over the articles (an archive's 100,000 rows), never over its claims."""
    rows = connection.execute(
        select(Story.id, Story.name, func.count())
        .join(Article, Article.story_id == Story.id)
        .group_by(Story.id, Story.name)
        .order_by(Story.name, Story.id)
    ).all()
    return [(sid, name, int(n)) for sid, name, n in rows]


def story_progress(connection: Connection, annotator: str) -> dict[str, tuple[int, int]]:
    """story id -> (active claims this annotator labelled, active claims), for stories with
    claims. Counted per article (the (article_id, active) index alone, and this annotator's
    labels) and summed here: joining millions of claims to their story costs more."""
    totals = connection.execute(
        select(Claim.article_id, func.count())
        .where(Claim.active.is_(True))
        .group_by(Claim.article_id)
    ).all()
    labelled = dict(
        connection.execute(
            select(Claim.article_id, func.count())
            .select_from(LabelRow)
            .join(Claim, Claim.id == LabelRow.claim_id)
            .where(LabelRow.annotator == annotator, Claim.active.is_(True))
            .group_by(Claim.article_id)
        ).all()
    )
    story_of = dict(connection.execute(select(Article.id, Article.story_id)).all())
    progress: dict[str, tuple[int, int]] = {}
    for article_id, total in totals:
        story = story_of.get(article_id)
        done, all_ = progress.get(story, (0, 0))
        progress[story] = (done + labelled.get(article_id, 0), all_ + total)
    return progress


def story_articles(connection: Connection, annotator: str, story_id: str) -> list[tuple]:
    """(article id, title, source, published, head of text for untitled ones, labelled,
    active claims) of one story's articles, in story order."""
    return stories_articles(connection, annotator, [story_id]).get(story_id, [])


def stories_articles(
    connection: Connection, annotator: str, story_ids: list[str]
) -> dict[str, list[tuple]]:
    """`story_articles` for a few stories at once: story id -> rows, in story order (three
    statements however many stories, so a search for the next unfinished story reads them
    in batches)."""
    articles = connection.execute(
        select(
            Article.story_id,
            Article.id,
            Article.title,
            Article.source,
            Article.published,
            _head(Article.title, Article.text),
        )
        .where(Article.story_id.in_(story_ids))
        .order_by(Article.story_id, Article.position)
    ).all()
    ids = [row[1] for row in articles]
    if not ids:
        return {}
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
    grouped: dict[str, list[tuple]] = {}
    for sid, *row in articles:
        grouped.setdefault(sid, []).append((*row, done.get(row[0], 0), totals.get(row[0], 0)))
    return grouped


def stories_matching(connection: Connection, pattern: str, limit: int) -> list[str]:
    """Ids of the first `limit` stories (by name) whose name, or one of whose articles'
    title, source or date, matches the LIKE `pattern` (case-insensitive for ASCII): what the
    navigator's filter shows, found without reading every article."""
    matches = (
        select(Article.id)
        .where(
            Article.story_id == Story.id,
            Article.title.ilike(pattern, escape="\\")
            | Article.source.ilike(pattern, escape="\\")
            | Article.published.ilike(pattern, escape="\\")
            # an untitled article shows the start of its text (a wider match is harmless:
            # the tree's own filter then decides row by row)
            | (
                ((Article.title.is_(None)) | (Article.title == ""))
                & func.substr(Article.text, 1, 400).ilike(pattern, escape="\\")
            ),
        )
        .exists()
    )
    has_articles = select(Article.id).where(Article.story_id == Story.id).exists()
    rows = connection.execute(
        select(Story.id)
        .where(has_articles, Story.name.ilike(pattern, escape="\\") | matches)
        .order_by(Story.name, Story.id)
        .limit(limit)
    ).all()
    return [row[0] for row in rows]


def story_of_article(connection: Connection, article_id: str) -> str | None:
    return connection.execute(select(Article.story_id).where(Article.id == article_id)).scalar()


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
    return {aid: n for _sid, aid, n in stale_counts_by_story(connection, annotator)}


def stale_counts_by_story(connection: Connection, annotator: str) -> list[tuple[str, str, int]]:
    """(story id, article id, stale labels) of this annotator's articles with stale labels:
    the navigator marks a story whose articles are not read yet."""
    stale = _stale(annotator).subquery()
    rows = connection.execute(
        select(Article.story_id, stale.c.article_id, func.count())
        .join(Article, Article.id == stale.c.article_id)
        .group_by(Article.story_id, stale.c.article_id)
    ).all()
    return [(sid, aid, int(n)) for sid, aid, n in rows if n]


def next_stale_claim(
    connection: Connection, annotator: str, after: tuple[str, int]
) -> tuple[str, str] | None:
    """(article id, claim id) of this annotator's first stale label after `after` = (article
    id, offset) in the navigator's order (story name, story, article position, offset),
    wrapping around; None when nothing is stale. The database compares, so its collation
    orders the names as it orders the tree."""
    stale = _stale(annotator).subquery()
    key = (Story.name, Story.id, Article.position, stale.c.start, stale.c.id)
    ordered = (
        select(stale.c.article_id, stale.c.id)
        .join(Article, Article.id == stale.c.article_id)
        .join(Story, Story.id == Article.story_id)
        .order_by(*key)
        .limit(1)
    )
    here = connection.execute(
        select(Story.name, Story.id, Article.position)
        .join(Article, Article.story_id == Story.id)
        .where(Article.id == after[0])
    ).first()
    if here is not None:
        later = tuple_(*key[:4]) > tuple_(*here, after[1])
        row = connection.execute(ordered.where(later)).first()
        if row is not None:
            return row[0], row[1]
    row = connection.execute(ordered).first()
    return (row[0], row[1]) if row is not None else None


def named_stories(connection: Connection) -> list[tuple[str, str]]:
    """(story id, name) of every story that has articles, by name."""
    rows = connection.execute(
        select(Story.id, Story.name)
        .where(select(Article.id).where(Article.story_id == Story.id).exists())
        .order_by(Story.name, Story.id)
    ).all()
    return [(sid, name) for sid, name in rows]
