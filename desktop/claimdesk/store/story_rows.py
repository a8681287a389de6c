"""What story grouping and the story actions read and write: articles by story, by date or by
recency, stories by id or name, and the placement of new articles (bulk, outside the event log:
see docs/ARCHITECTURE.md "Writes outside the event log")."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.orm import Session

from claimdesk.errors import NotFoundError
from claimdesk.store.models import Article, LabelRow, Story

# what grouping needs of an article, read as plain rows (not ORM objects: thousands of them)
_PLACEMENT_COLUMNS = (Article.id, Article.title, Article.text, Article.published, Article.story_id)
_CHUNK = 500  # ids per IN (...) list


def loose_articles(session: Session, article_ids: Sequence[str], unsorted: str) -> list:
    """Those of `article_ids` still in the unsorted story and not pinned by hand."""
    found = []
    for start in range(0, len(article_ids), _CHUNK):
        found += session.execute(
            select(*_PLACEMENT_COLUMNS).where(
                Article.id.in_(article_ids[start : start + _CHUNK]),
                Article.story_id == unsorted,
                Article.story_pinned.is_(False),
            )
        ).all()
    return found


def placed_articles_between(
    session: Session, ranges: Sequence[tuple[str, str]], unsorted: str
) -> list:
    """Articles already in a story, published within one of the (low, high) ISO day ranges."""
    if not ranges:
        return []
    near = [Article.published.between(low, high + "\uffff") for low, high in ranges]
    return session.execute(
        select(*_PLACEMENT_COLUMNS).where(Article.story_id != unsorted, or_(*near))
    ).all()


def recent_placed_articles(session: Session, unsorted: str, limit: int) -> list:
    """The `limit` most recently imported articles already in a story."""
    return session.execute(
        select(*_PLACEMENT_COLUMNS)
        .where(Article.story_id != unsorted)
        .order_by(Article.position.desc())
        .limit(limit)
    ).all()


def existing_story_ids(session: Session, story_ids: Sequence[str]) -> set[str]:
    return set(session.scalars(select(Story.id).where(Story.id.in_(list(story_ids)))))


def place_articles(session: Session, new_stories: list[dict], moves: list[dict]) -> None:
    """Create stories ({id, name, manual}) and move articles ({article, story}) in two Core
    statements: placing an import's articles is part of the import, not an undoable edit."""
    connection = session.connection()
    if new_stories:
        connection.execute(insert(Story.__table__), new_stories)
    if moves:
        connection.execute(
            update(Article.__table__)
            .where(Article.__table__.c.id == bindparam("article"))
            .values(story_id=bindparam("story")),
            moves,
        )


def loose_article_ids(session: Session, unsorted: str) -> list[str]:
    """Articles left in the unsorted story and not pinned by hand, in import order."""
    return list(
        session.scalars(
            select(Article.id)
            .where(Article.story_id == unsorted, Article.story_pinned.is_(False))
            .order_by(Article.position)
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


def all_articles(session: Session) -> list[Article]:
    return list(session.scalars(select(Article).order_by(Article.id)))


def story_exists(session: Session, story_id: str) -> bool:
    return session.get(Story, story_id) is not None


def resolve_story(session: Session, story: str) -> Story:
    """A story by id, else by name; NotFoundError when neither."""
    found = session.get(Story, story)
    if found is None:
        found = session.scalars(select(Story).where(Story.name == story)).first()
    if found is None:
        raise NotFoundError(f"no story with id or name {story!r}")
    return found


def article(session: Session, article_id: str) -> Article | None:
    return session.get(Article, article_id)


def articles_of_story(session: Session, story_id: str) -> list[Article]:
    return list(session.scalars(select(Article).where(Article.story_id == story_id)))


def stale_labels(session: Session, annotator: str | None = None) -> list[LabelRow]:
    query = (
        select(LabelRow)
        .where(LabelRow.stale.is_(True))
        .order_by(LabelRow.annotator, LabelRow.claim_id)
    )
    if annotator:
        query = query.where(LabelRow.annotator == annotator)
    return list(session.scalars(query))
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
