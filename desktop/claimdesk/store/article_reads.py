"""The rows the annotation window shows for one article: its text and metadata, its active
claims with one annotator's label, the other articles of its story, and the annotator's links.

Plain tuples over a Core connection (no ORM objects): a 300-claim article loads in a few
milliseconds. `services/screen_reads.py` turns them into the window's records. Blind
annotation: only the given annotator's labels and links are ever read.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import case, func, or_, select
from sqlalchemy.engine import Connection

from claimdesk.errors import NotFoundError
from claimdesk.store.models import Article, Claim, LabelRow, LinkRow, Story

# (id, article_id, start, end, text, speaker, origin, label, note, stale)
CLAIM_COLUMNS = (
    Claim.id,
    Claim.article_id,
    Claim.start,
    Claim.end,
    Claim.text,
    Claim.speaker,
    Claim.origin,
    LabelRow.label,
    LabelRow.note,
    LabelRow.stale,
)

# (id, story_id, title, source, published, url, text, meta)
ARTICLE_COLUMNS = (
    Article.id,
    Article.story_id,
    Article.title,
    Article.source,
    Article.published,
    Article.url,
    Article.text,
    Article.meta,
)


def head(title_column, text_column):
    """The start of the text, read only for articles without a title (for display_title)."""
    return case(
        ((title_column.is_(None)) | (title_column == ""), func.substr(text_column, 1, 400)),
        else_=None,
    )


def _claims_query(annotator: str):
    return select(*CLAIM_COLUMNS).outerjoin(
        LabelRow, (LabelRow.claim_id == Claim.id) & (LabelRow.annotator == annotator)
    )


def claim_rows(connection: Connection, annotator: str, article_ids) -> list[tuple]:
    """Active claims of some articles (ids, or a subquery) with this annotator's label."""
    return connection.execute(
        _claims_query(annotator)
        .where(Claim.article_id.in_(article_ids), Claim.active.is_(True))
        .order_by(Claim.article_id, Claim.start, Claim.end)
    ).all()  # one fetch, not a round trip per row


def claim_rows_by_id(connection: Connection, annotator: str, claim_ids: Iterable[str]):
    """Claims by id (active or retired) with this annotator's label, and whether active."""
    ids = list(claim_ids)
    if not ids:
        return []
    return connection.execute(
        _claims_query(annotator).add_columns(Claim.active).where(Claim.id.in_(ids))
    ).all()


def article_row(connection: Connection, article_id: str):
    """The article by id, or by a unique id prefix (as queries.get_article)."""
    row = connection.execute(select(*ARTICLE_COLUMNS).where(Article.id == article_id)).first()
    if row is None:
        rows = connection.execute(
            select(*ARTICLE_COLUMNS).where(Article.id.startswith(article_id)).limit(2)
        ).all()
        if len(rows) != 1:
            raise NotFoundError(f"no article with id {article_id!r}")
        row = rows[0]
    return row


def story_name(connection: Connection, story_id: str) -> str:
    return connection.scalar(select(Story.name).where(Story.id == story_id)) or ""


def other_articles(connection: Connection, story_id: str, article_id: str) -> list[tuple]:
    """(id, title, source, position, head) of the story's other articles, in story order."""
    return connection.execute(
        select(
            Article.id,
            Article.title,
            Article.source,
            Article.position,
            head(Article.title, Article.text),
        )
        .where(Article.story_id == story_id, Article.id != article_id)
        .order_by(Article.position)
    ).all()


def other_claim_rows(
    connection: Connection, annotator: str, story_id: str, article_id: str
) -> list[tuple]:
    """Claim rows (as `claim_rows`) of the story's other articles."""
    return claim_rows(
        connection,
        annotator,
        select(Article.id).where(Article.story_id == story_id, Article.id != article_id),
    )


def links_of_article(
    connection: Connection, annotator: str, article_id: str
) -> list[tuple[str, str, str]]:
    """(claim_a, claim_b, kind) of this annotator's links touching the article's claims."""
    mine = select(Claim.id).where(Claim.article_id == article_id)
    return connection.execute(
        select(LinkRow.claim_a, LinkRow.claim_b, LinkRow.kind).where(
            LinkRow.annotator == annotator,
            or_(LinkRow.claim_a.in_(mine), LinkRow.claim_b.in_(mine)),
        )
    ).all()


def articles_of_claims(connection: Connection, claim_ids: Iterable[str]) -> dict[str, str]:
    """claim id -> article id (retired claims too)."""
    ids = list(claim_ids)
    if not ids:
        return {}
    return dict(
        connection.execute(select(Claim.id, Claim.article_id).where(Claim.id.in_(ids))).all()
    )


def stories_of_articles(connection: Connection, article_ids: Iterable[str]) -> dict[str, str]:
    """article id -> story id."""
    ids = list(article_ids)
    if not ids:
        return {}
    rows = connection.execute(select(Article.id, Article.story_id).where(Article.id.in_(ids)))
    return dict(rows.all())


def active_claim_ids(connection: Connection, article_id: str) -> list[str]:
    return list(
        connection.scalars(
            select(Claim.id).where(Claim.article_id == article_id, Claim.active.is_(True))
        )
    )
