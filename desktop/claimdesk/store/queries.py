"""Read-only queries shared by the CLI, the window and the exporters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from claimdesk.errors import NotFoundError
from claimdesk.store import settings
from claimdesk.store.models import (
    Adjudication,
    Annotator,
    Article,
    Claim,
    LabelRow,
    LinkRow,
    Story,
)


@dataclass(frozen=True)
class StorySummary:
    id: str
    name: str
    manual: bool
    article_ids: tuple[str, ...]


def stories(session: Session) -> list[StorySummary]:
    rows = session.execute(
        select(Story.id, Story.name, Story.manual, Article.id)
        .join(Article, Article.story_id == Story.id)
        .order_by(Story.name, Story.id, Article.position)
    )
    grouped: dict[str, tuple[str, bool, list[str]]] = {}
    for sid, name, manual, aid in rows:
        grouped.setdefault(sid, (name, manual, []))[2].append(aid)
    return [StorySummary(sid, n, m, tuple(a)) for sid, (n, m, a) in grouped.items()]


def articles(session: Session, story_id: str | None = None) -> list[Article]:
    query = select(Article).order_by(Article.position)
    if story_id is not None:
        query = query.where(Article.story_id == story_id)
    return list(session.scalars(query))


def get_article(session: Session, article_id: str) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        article = session.scalars(
            select(Article).where(Article.id.startswith(article_id)).limit(2)
        ).all()
        if len(article) == 1:
            return article[0]
        raise NotFoundError(f"no article with id {article_id!r}")
    return article


def get_claim(session: Session, claim_id: str) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFoundError(f"no claim with id {claim_id!r}")
    return claim


def claims_of(session: Session, article_id: str, *, active_only: bool = True) -> list[Claim]:
    query = select(Claim).where(Claim.article_id == article_id).order_by(Claim.start, Claim.end)
    if active_only:
        query = query.where(Claim.active.is_(True))
    return list(session.scalars(query))


def all_claims(session: Session, *, active_only: bool = True) -> list[Claim]:
    query = select(Claim).join(Article).order_by(Article.position, Claim.start, Claim.end)
    if active_only:
        query = query.where(Claim.active.is_(True))
    return list(session.scalars(query))


def claim_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Claim.article_id, func.count())
        .where(Claim.active.is_(True))
        .group_by(Claim.article_id)
    )
    return dict(rows.all())


def labels_of(
    session: Session, annotator: str, claim_ids: Iterable[str] | None = None
) -> dict[str, LabelRow]:
    query = select(LabelRow).where(LabelRow.annotator == annotator)
    if claim_ids is not None:
        query = query.where(LabelRow.claim_id.in_(list(claim_ids)))
    return {row.claim_id: row for row in session.scalars(query)}


def links_of(session: Session, annotator: str, claim_id: str | None = None) -> list[LinkRow]:
    query = select(LinkRow).where(LinkRow.annotator == annotator)
    if claim_id is not None:
        query = query.where(or_(LinkRow.claim_a == claim_id, LinkRow.claim_b == claim_id))
    return list(session.scalars(query.order_by(LinkRow.claim_a, LinkRow.claim_b)))


def all_labels(session: Session) -> list[LabelRow]:
    return list(
        session.scalars(
            select(LabelRow)
            .join(Claim, Claim.id == LabelRow.claim_id)
            .where(Claim.active.is_(True))
            .order_by(LabelRow.claim_id, LabelRow.annotator)
        )
    )


def all_links(session: Session) -> list[LinkRow]:
    return list(
        session.scalars(
            select(LinkRow).order_by(LinkRow.annotator, LinkRow.claim_a, LinkRow.claim_b)
        )
    )


def adjudications(session: Session) -> dict[str, Adjudication]:
    return {row.claim_id: row for row in session.scalars(select(Adjudication))}


def annotators(session: Session) -> list[Annotator]:
    return list(session.scalars(select(Annotator).order_by(Annotator.name)))


def progress(session: Session, annotator: str) -> dict[str, tuple[int, int]]:
    """article_id -> (claims this annotator labelled, active claims)."""
    totals = claim_counts(session)
    labelled = dict(
        session.execute(
            select(Claim.article_id, func.count())
            .join(LabelRow, LabelRow.claim_id == Claim.id)
            .where(Claim.active.is_(True), LabelRow.annotator == annotator)
            .group_by(Claim.article_id)
        ).all()
    )
    return {aid: (labelled.get(aid, 0), total) for aid, total in totals.items()}


def story_of_claims(session: Session) -> dict[str, str]:
    rows = session.execute(select(Claim.id, Article.story_id).join(Article))
    return dict(rows.all())


def get_setting(session: Session, key: str, default=None):
    return settings.get_setting(session, key, default)


def set_setting(session: Session, key: str, value, *, by: str | None = None) -> None:
    """Through the event log (store.settings), as every write."""
    settings.set_setting(session, key, value, by=by)
