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
