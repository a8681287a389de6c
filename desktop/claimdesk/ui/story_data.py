"""Stale labels and story names for the window, loaded on the background worker (no Qt)."""

from __future__ import annotations

from sqlalchemy import func, select

from claimdesk.store.engine import Database
from claimdesk.store.models import Article, Claim, LabelRow, Story


def _stale_rows(annotator: str):
    return (
        select(Claim.article_id, Claim.id, Claim.start)
        .join(LabelRow, LabelRow.claim_id == Claim.id)
        .where(
            LabelRow.annotator == annotator,
            LabelRow.stale.is_(True),
            Claim.active.is_(True),
        )
    )


def stale_counts(db: Database, annotator: str) -> dict[str, int]:
    """article id -> how many of this annotator's labels there are stale."""
    with db.sessions() as session:
        rows = session.execute(
            select(Claim.article_id, func.count())
            .join(LabelRow, LabelRow.claim_id == Claim.id)
            .where(
                LabelRow.annotator == annotator,
                LabelRow.stale.is_(True),
                Claim.active.is_(True),
            )
            .group_by(Claim.article_id)
        ).all()
    return {aid: n for aid, n in rows if n}


def next_stale_claim(
    db: Database, annotator: str, order: list[str], after: tuple[str, int]
) -> tuple[str, str] | None:
    """(article id, claim id) of the next stale label after `after` = (article id, offset),
    following the window's article order and wrapping around; None when nothing is stale."""
    with db.sessions() as session:
        rows = session.execute(_stale_rows(annotator)).all()
    if not rows:
        return None
    rank = {aid: i for i, aid in enumerate(order)}
    here = rank.get(after[0], -1)
    ordered = sorted(rows, key=lambda r: (rank.get(r[0], len(rank)), r[2], r[1]))
    for aid, cid, start in ordered:
        position = rank.get(aid, len(rank))
        if position > here or (position == here and start > after[1]):
            return aid, cid
    aid, cid, _start = ordered[0]
    return aid, cid


def story_names(db: Database) -> list[tuple[str, str]]:
    """(story id, name) of every story that has articles, by name."""
    with db.sessions() as session:
        rows = session.execute(
            select(Story.id, Story.name)
            .where(select(Article.id).where(Article.story_id == Story.id).exists())
            .order_by(Story.name, Story.id)
        ).all()
    return [(sid, name) for sid, name in rows]
