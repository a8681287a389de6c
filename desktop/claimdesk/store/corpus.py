"""Adding articles, claims and stories. Each public function works inside a session the
caller owns, so an import of one file is one transaction."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from claimdesk.domain.ids import article_id as make_article_id
from claimdesk.domain.ids import claim_id as make_claim_id
from claimdesk.domain.ids import story_id as make_story_id
from claimdesk.domain.labels import Label
from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store.models import Annotator, Article, Claim, LabelRow, Story, utcnow
from claimdesk.store.upsert import upsert

UNSORTED_STORY = "Unsorted"


@dataclass(frozen=True)
class AddedArticle:
    article_id: str
    story_id: str
    created: bool  # False: the same text was already there (re-import is a no-op)
    claims: int
    stale_marked: int = 0  # unique labels in the story that became stale


def ensure_story(session: Session, name: str) -> str:
    sid = make_story_id(name)
    if session.get(Story, sid) is None:
        session.add(Story(id=sid, name=name.strip()))
        session.flush()
    return sid


def ensure_annotator(session: Session, name: str, *, is_lead: bool | None = None) -> Annotator:
    annotator = session.get(Annotator, name)
    if annotator is None:
        # two sessions may create the same annotator at once (a first label from two windows):
        # the second insert is a no-op instead of an IntegrityError
        upsert(session, Annotator, {"name": name, "is_lead": bool(is_lead)}, update=False)
        annotator = session.get(Annotator, name)
    if is_lead is not None and annotator.is_lead != is_lead:
        annotator.is_lead = is_lead
    return annotator


def article_exists(session: Session, text: str) -> str | None:
    aid = make_article_id(text)
    return aid if session.get(Article, aid) is not None else None


def add_article(
    session: Session,
    record: ArticleRecord,
    claims: Sequence[ClaimSpan],
    *,
    story_name: str | None = None,
    mark_stale: bool = True,
    position: int | None = None,
) -> AddedArticle:
    """Store an article and its claims. The same normalised text is stored once.

    `mark_stale=False` lets a batch importer mark each touched story once per batch instead of
    once per article (the new articles carry no labels, so the result is the same), and pass
    `position` from `next_position` counted per batch instead of asking the database each time."""
    aid = make_article_id(record.text)
    existing = session.get(Article, aid)
    if existing is not None:
        count = session.scalar(select(func.count()).where(Claim.article_id == aid)) or 0
        return AddedArticle(aid, existing.story_id, created=False, claims=count)
    name = story_name or record.story or UNSORTED_STORY
    sid = ensure_story(session, name)
    if position is None:
        position = next_position(session)
    metadata = dict(record.metadata)
    if record.external_id:
        metadata.setdefault("id", record.external_id)
    row = {
        "id": aid,
        "story_id": sid,
        "title": record.title,
        "source": record.source,
        "url": record.url,
        "published": record.date,
        "origin": record.origin,
        "raw_sha256": record.raw_sha256,
        "text": record.text,
        "meta": metadata,
        "story_pinned": bool(story_name or record.story) and name != UNSORTED_STORY,
        "position": position,
        "imported_at": utcnow(),
    }
    session.connection().execute(insert(Article.__table__), [row])
    stored = insert_claims(session, aid, claims)
    stale = mark_uniques_stale(session, sid, except_article=aid) if mark_stale else 0
    return AddedArticle(aid, sid, created=True, claims=stored, stale_marked=stale)


def next_position(session: Session) -> int:
    """The import-order position for the next article."""
    return (session.scalar(select(func.max(Article.position))) or 0) + 1


def claim_row(aid: str, span: ClaimSpan, origin: str = "extracted") -> dict:
    return {
        "id": make_claim_id(aid, span.start, span.end),
        "article_id": aid,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "reasons": list(span.reasons),
        "speaker": span.speaker,
        "pipeline": span.pipeline,
        "origin": origin,
        "active": True,
    }


def add_claim_row(session: Session, aid: str, span: ClaimSpan, *, origin: str = "extracted") -> str:
    """Add one claim (e.g. drawn by an annotator); an existing id is left as it is."""
    row = claim_row(aid, span, origin)
    if session.get(Claim, row["id"]) is None:
        session.add(Claim(**row))
        session.flush()
    return row["id"]


def insert_claims(session: Session, aid: str, claims: Sequence[ClaimSpan]) -> int:
    """Insert a new article's claims in one executemany (one ORM round trip per claim made
    import store-bound). Spans with the same offsets share an id and are stored once."""
    rows = {}
    for span in claims:
        row = claim_row(aid, span)
        rows.setdefault(row["id"], row)
    if rows:  # Core executemany: the ORM's bulk path costs more than the insert itself
        session.connection().execute(insert(Claim.__table__), list(rows.values()))
    return len(rows)


def mark_uniques_stale(
    session: Session,
    sid: str,
    *,
    except_article: str | None = None,
    except_articles: Collection[str] = (),
) -> int:
    """New articles in a story make every `unique` label there stale until looked at again;
    the new articles themselves are excepted (their claims cannot have been judged yet)."""
    excepted = set(except_articles) | ({except_article} if except_article else set())
    claim_ids = (
        select(Claim.id)
        .join(Article, Article.id == Claim.article_id)
        .where(Article.story_id == sid)
    )
    if excepted:
        claim_ids = claim_ids.where(Article.id.not_in(sorted(excepted)))
    result = session.execute(
        update(LabelRow)
        .where(
            LabelRow.claim_id.in_(claim_ids),
            LabelRow.label == Label.UNIQUE.value,
            LabelRow.stale.is_(False),
        )
        .values(stale=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
