"""What the candidate matcher reads: a story's active claims, and the texts and titles of the
claims it ranks."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.store.models import Article, Claim


def story_claims(session: Session, story_id: str) -> list[tuple[str, str, str, str | None]]:
    """(claim id, article id, text, article's published date) of the story's active claims."""
    rows = session.execute(
        select(Claim.id, Claim.article_id, Claim.text, Article.published)
        .join(Article, Article.id == Claim.article_id)
        .where(Article.story_id == story_id, Claim.active.is_(True))
        .order_by(Claim.id)
    ).all()
    return [tuple(row) for row in rows]


def story_of_article(session: Session, article_id: str) -> str:
    return session.get(Article, article_id).story_id


def claim_texts(session: Session, claim_ids: list[str]) -> dict[str, str]:
    return dict(session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(claim_ids))).all())


def article_titles(session: Session, article_ids: set[str]) -> dict[str, str | None]:
    return dict(
        session.execute(select(Article.id, Article.title).where(Article.id.in_(article_ids))).all()
    )


def active_claim_ids(session: Session) -> list[str]:
    """Every active claim, in reading order (articles by position, claims by offset)."""
    return list(
        session.scalars(
            select(Claim.id)
            .join(Article)
            .where(Claim.active.is_(True))
            .order_by(Article.position, Claim.start)
        )
    )


def database_identity(session: Session) -> str:
    """Which database a session reads (its URL, password hidden): caches key on it, so two
    databases open in one process never share what was computed from one of them."""
    return session.get_bind().url.render_as_string(hide_password=True)
