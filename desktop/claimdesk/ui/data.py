"""What the window shows, loaded on the background worker as plain dataclasses.

No Qt here: these functions run on the worker thread (OperationRunner) and hand finished
records to the GUI thread, which only paints them. Blind annotation: only the given
annotator's labels and links are ever loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import func, or_, select

from claimdesk.store import queries
from claimdesk.store.engine import Database
from claimdesk.store.models import Article, Claim, LabelRow, LinkRow, Story


@dataclass(frozen=True, slots=True)
class ClaimItem:
    id: str
    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    origin: str = "extracted"
    label: str | None = None
    note: str | None = None
    stale: bool = False


@dataclass(slots=True)
class OtherClaim:
    """A claim of another article of the story, as a row of the "other reports" panel.
    score/reason/conflict are filled when the matcher ranks candidates."""

    claim: ClaimItem
    article_title: str
    source: str
    position: int
    score: float | None = None
    reason: str | None = None
    conflict: tuple[str, str] | None = None  # (value here, value there)


@dataclass(slots=True)
class ArticleData:
    id: str
    story_id: str
    story_name: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    text: str
    claims: list[ClaimItem]
    others: list[OtherClaim] = field(default_factory=list)
    links: dict[tuple[str, str], str] = field(default_factory=dict)  # (a, b), a < b -> kind


@dataclass(frozen=True, slots=True)
class ArticleNode:
    id: str
    title: str
    source: str
    published: str
    labelled: int
    total: int


@dataclass(frozen=True, slots=True)
class StoryNode:
    id: str
    name: str
    articles: tuple[ArticleNode, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    article_title: str
    claim_id: str | None
    snippet: str


def display_title(title: str | None, text: str) -> str:
    if title:
        return title
    first = text.strip().splitlines()[0] if text.strip() else "(empty article)"
    return first[:80] + ("…" if len(first) > 80 else "")


_CLAIM_COLUMNS = (
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


def _claim_rows(session, annotator: str, article_ids: list[str]) -> list[ClaimItem]:
    """Active claims of some articles with this annotator's label, as plain tuples (one outer
    join, no ORM objects: a 300-claim article loads in a few milliseconds)."""
    rows = session.execute(
        select(*_CLAIM_COLUMNS)
        .outerjoin(LabelRow, (LabelRow.claim_id == Claim.id) & (LabelRow.annotator == annotator))
        .where(Claim.article_id.in_(article_ids), Claim.active.is_(True))
        .order_by(Claim.article_id, Claim.start, Claim.end)
    )
    return [
        ClaimItem(cid, aid, start, end, text, speaker, origin, label, note, bool(stale))
        for cid, aid, start, end, text, speaker, origin, label, note, stale in rows
    ]


def load_stories(db: Database, annotator: str) -> list[StoryNode]:
    with db.sessions() as session:
        progress = queries.progress(session, annotator)
        rows = session.execute(
            select(
                Story.id,
                Story.name,
                Article.id,
                Article.title,
                Article.source,
                Article.published,
                func.substr(Article.text, 1, 100),
            )
            .join(Article, Article.story_id == Story.id)
            .order_by(Story.name, Story.id, Article.position)
        )
        grouped: dict[str, tuple[str, list[ArticleNode]]] = {}
        for sid, name, aid, title, source, published, head in rows:
            done, total = progress.get(aid, (0, 0))
            node = ArticleNode(
                aid, display_title(title, head or ""), source or "", published or "", done, total
            )
            grouped.setdefault(sid, (name, []))[1].append(node)
    return [StoryNode(sid, name, tuple(nodes)) for sid, (name, nodes) in grouped.items()]


def load_article(db: Database, annotator: str, article_id: str) -> ArticleData:
    with db.sessions() as session:
        article = queries.get_article(session, article_id)
        story = session.get(Story, article.story_id)
        claims = _claim_rows(session, annotator, [article.id])
        others_articles = session.execute(
            select(Article.id, Article.title, Article.source, Article.position, Article.text)
            .where(Article.story_id == article.story_id, Article.id != article.id)
            .order_by(Article.position)
        ).all()
        other_ids = [row[0] for row in others_articles]
        meta = {aid: (display_title(t, txt), s or "", p) for aid, t, s, p, txt in others_articles}
        others = [
            OtherClaim(item, *meta[item.article_id])
            for item in (_claim_rows(session, annotator, other_ids) if other_ids else [])
        ]
        others.sort(key=lambda o: (o.position, o.claim.start))
        mine = [c.id for c in claims]
        links = {}
        if mine:
            rows = session.scalars(
                select(LinkRow).where(
                    LinkRow.annotator == annotator,
                    or_(LinkRow.claim_a.in_(mine), LinkRow.claim_b.in_(mine)),
                )
            )
            links = {(r.claim_a, r.claim_b): r.kind for r in rows}
        return ArticleData(
            article.id,
            article.story_id,
            story.name if story else "",
            article.title,
            article.source,
            article.published,
            article.url,
            article.text,
            claims,
            others,
            links,
        )


def article_progress(db: Database, annotator: str, article_ids: Iterable[str]) -> dict:
    """article_id -> (labelled, total) for a few articles (after an action)."""
    ids = list(set(article_ids))
    if not ids:
        return {}
    with db.sessions() as session:
        totals = dict(
            session.execute(
                select(Claim.article_id, func.count())
                .where(Claim.article_id.in_(ids), Claim.active.is_(True))
                .group_by(Claim.article_id)
            ).all()
        )
        done = dict(
            session.execute(
                select(Claim.article_id, func.count())
                .join(LabelRow, LabelRow.claim_id == Claim.id)
                .where(
                    Claim.article_id.in_(ids),
                    Claim.active.is_(True),
                    LabelRow.annotator == annotator,
                )
                .group_by(Claim.article_id)
            ).all()
        )
    return {aid: (done.get(aid, 0), totals.get(aid, 0)) for aid in ids}


def articles_of_claims(db: Database, claim_ids: Iterable[str]) -> dict[str, str]:
    ids = list(claim_ids)
    if not ids:
        return {}
    with db.sessions() as session:
        return dict(
            session.execute(select(Claim.id, Claim.article_id).where(Claim.id.in_(ids))).all()
        )


def count_articles(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Article)) or 0


def _snippet(text: str, needle: str, width: int = 70) -> str:
    at = text.casefold().find(needle.casefold())
    if at < 0:
        return text[: 2 * width].replace("\n", " ")
    start = max(0, at - width)
    end = min(len(text), at + len(needle) + width)
    return (
        ("…" if start else "")
        + text[start:end].replace("\n", " ")
        + ("…" if end < len(text) else "")
    )


def search_corpus(db: Database, needle: str, limit: int = 200) -> list[SearchHit]:
    """Claims and article titles containing `needle` (SQL LIKE, case-insensitive for ASCII)."""
    needle = needle.strip()
    if not needle:
        return []
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    hits: list[SearchHit] = []
    with db.sessions() as session:
        rows = session.execute(
            select(Claim.id, Claim.text, Article.id, Article.title, Article.text)
            .join(Article, Article.id == Claim.article_id)
            .where(Claim.active.is_(True), Claim.text.ilike(pattern, escape="\\"))
            .order_by(Article.position, Claim.start)
            .limit(limit)
        )
        for cid, ctext, aid, title, atext in rows:
            hits.append(
                SearchHit(aid, display_title(title, atext[:100]), cid, _snippet(ctext, needle))
            )
        if len(hits) < limit:
            rows = session.execute(
                select(Article.id, Article.title, Article.text)
                .where(
                    or_(
                        Article.title.ilike(pattern, escape="\\"),
                        Article.text.ilike(pattern, escape="\\"),
                    )
                )
                .order_by(Article.position)
                .limit(limit - len(hits))
            )
            seen = {h.article_id for h in hits}
            for aid, title, atext in rows:
                if aid not in seen:
                    hits.append(
                        SearchHit(
                            aid, display_title(title, atext[:100]), None, _snippet(atext, needle)
                        )
                    )
    return hits


def rank_others(db: Database, data: ArticleData, claim_id: str, top_k: int = 50):
    """Rank the other reports for one claim with the matcher, when it is installed.

    Returns a new list of OtherClaim (best first), or None when no ranking is available, in
    which case the panel keeps article order.
    """
    try:
        from claimdesk.services.candidates import rank_other_claims
    except ImportError:
        return None
    with db.sessions() as session:
        ranked = rank_other_claims(session, claim_id, top_k)
    by_id = {o.claim.id: o for o in data.others}
    result: list[OtherClaim] = []
    for candidate in ranked:
        cid = _field(candidate, "claim_id", "id")
        base = by_id.get(cid)
        if base is None:
            continue
        conflict = _field(candidate, "conflict")
        hints = _field(candidate, "hints") or ()
        if conflict is None and hints:
            conflict = (str(_field(hints[0], "value_a")), str(_field(hints[0], "value_b")))
        if conflict is None:
            a, b = _field(candidate, "value_a"), _field(candidate, "value_b")
            conflict = (str(a), str(b)) if a is not None and b is not None else None
        result.append(
            replace(
                base,
                score=_field(candidate, "score"),
                reason=_field(candidate, "reason", "reasons"),
                conflict=tuple(conflict) if conflict else None,
            )
        )
    ranked_ids = {o.claim.id for o in result}
    result.extend(o for o in data.others if o.claim.id not in ranked_ids)
    return result


def _field(obj, *names):
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value is not None:
            if isinstance(value, list | tuple) and name == "reasons":
                return ", ".join(map(str, value))
            return value
    return None
