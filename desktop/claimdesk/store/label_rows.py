"""Label, link and adjudication rows for label files and merges: the row a record would
replace, every row in a stable order for writing a label file, and the corpus rows a merge
copies in."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.store.models import Adjudication, Article, Claim, LabelRow, LinkRow, Story


def claim_exists(session: Session, claim_id: str) -> bool:
    return session.get(Claim, claim_id) is not None


def label_row(session: Session, claim_id: str, annotator: str) -> LabelRow | None:
    return session.get(LabelRow, (claim_id, annotator))


def link_row(session: Session, annotator: str, claim_a: str, claim_b: str) -> LinkRow | None:
    """`claim_a` < `claim_b`, as links are stored."""
    return session.get(LinkRow, (annotator, claim_a, claim_b))


def adjudication_row(session: Session, claim_id: str) -> Adjudication | None:
    return session.get(Adjudication, claim_id)


def labels(session: Session, annotator: str | None = None) -> Iterator[LabelRow]:
    query = select(LabelRow).order_by(LabelRow.claim_id, LabelRow.annotator)
    if annotator:
        query = query.where(LabelRow.annotator == annotator)
    return iter(session.scalars(query))


def links(session: Session, annotator: str | None = None) -> Iterator[LinkRow]:
    query = select(LinkRow).order_by(LinkRow.annotator, LinkRow.claim_a, LinkRow.claim_b)
    if annotator:
        query = query.where(LinkRow.annotator == annotator)
    return iter(session.scalars(query))


def adjudications(session: Session) -> Iterator[Adjudication]:
    return iter(session.scalars(select(Adjudication).order_by(Adjudication.claim_id)))


# --- the corpus a merge copies in (bulk: see docs/ARCHITECTURE.md "Writes outside the event log")


def has_story(session: Session, story_id: str) -> bool:
    return session.get(Story, story_id) is not None


def add_story(session: Session, story_id: str, name: str, manual: bool) -> None:
    session.add(Story(id=story_id, name=name, manual=manual))


def last_position(session: Session) -> int:
    return session.scalar(select(func.max(Article.position))) or 0


def article_text(session: Session, article_id: str) -> str | None:
    """The article's text here, or None when it is not here."""
    article = session.get(Article, article_id)
    return article.text if article is not None else None


def has_article(session: Session, article_id: str) -> bool:
    return session.get(Article, article_id) is not None


def _copy(row, model, **overrides):
    columns = [c.key for c in model.__table__.columns]
    return model(**{**{c: getattr(row, c) for c in columns}, **overrides})


def copy_article(session: Session, row, position: int) -> None:
    """A source's article, at `position` here (after ours: their numbering means nothing)."""
    session.add(_copy(row, Article, position=position))


def copy_claim(session: Session, row) -> None:
    session.add(_copy(row, Claim))
