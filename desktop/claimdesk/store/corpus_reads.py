"""What the corpus commands read: how much a database holds, and story names."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.store.models import Adjudication, Article, Claim, LabelRow, LinkRow, Story


def _count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def totals(session: Session) -> dict[str, int]:
    """Stories, articles, active claims, labels, links and adjudications, counted."""
    return {
        "stories": _count(session, Story),
        "articles": _count(session, Article),
        "claims": session.scalar(select(func.count()).where(Claim.active.is_(True))) or 0,
        "labels": _count(session, LabelRow),
        "links": _count(session, LinkRow),
        "adjudications": _count(session, Adjudication),
    }


def pipelines(session: Session) -> list[str]:
    """The claim pipelines that extracted the stored claims, by name."""
    return sorted(set(session.scalars(select(Claim.pipeline).distinct())))


def story_names(session: Session) -> dict[str, str]:
    return {story.id: story.name for story in session.scalars(select(Story))}


def story_name(session: Session, story_id: str) -> str:
    return session.get(Story, story_id).name
