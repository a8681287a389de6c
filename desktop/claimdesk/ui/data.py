"""What the window shows, loaded on the background worker as plain dataclasses.

No Qt here: these functions run on the worker thread (OperationRunner) and hand finished
records to the GUI thread, which only paints them. Blind annotation: only the given
annotator's labels and links are ever loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import case, func, or_, select

from claimdesk.domain.titles import display_title
from claimdesk.errors import NotFoundError
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
    shared_terms: tuple[str, ...] = ()  # words both claims use (highlighted in the panel)
    hint: str | None = None  # the conflict hints in words ("injured: at least 23 vs at least 14")
    conflict_what: str | None = None  # what the conflicting values are of ("injured", "date")


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
    dateline: str | None = None  # "Moscow, Russia": lifted from the text at import


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


def _claim_rows(connection, annotator: str, article_ids) -> list[ClaimItem]:
    """Active claims of some articles (ids, or a subquery) with this annotator's label, as plain
    tuples (one outer join, no ORM objects: a 300-claim article loads in a few milliseconds)."""
    rows = connection.execute(
        select(*_CLAIM_COLUMNS)
        .outerjoin(LabelRow, (LabelRow.claim_id == Claim.id) & (LabelRow.annotator == annotator))
        .where(Claim.article_id.in_(article_ids), Claim.active.is_(True))
        .order_by(Claim.article_id, Claim.start, Claim.end)
    ).all()  # one fetch, not a round trip per row
    return [
        ClaimItem(cid, aid, start, end, text, speaker, origin, label, note, bool(stale))
        for cid, aid, start, end, text, speaker, origin, label, note, stale in rows
    ]


def _head(title_column, text_column):
    """The start of the text, read only for articles without a title (for display_title)."""
    return case(
        ((title_column.is_(None)) | (title_column == ""), func.substr(text_column, 1, 400)),
        else_=None,
    )


def _progress(connection, annotator: str, article_ids=None) -> dict[str, tuple[int, int]]:
    """article_id -> (labelled by this annotator, active claims), for articles with claims.

    Totals come from the (article_id, active) index alone; labelled counts start from this
    annotator's labels, so both cost what they count, not the size of the corpus."""
    totals = select(Claim.article_id, func.count()).where(Claim.active.is_(True))
    labelled = (
        select(Claim.article_id, func.count())
        .select_from(LabelRow)
        .join(Claim, Claim.id == LabelRow.claim_id)
        .where(LabelRow.annotator == annotator, Claim.active.is_(True))
    )
    if article_ids is not None:
        totals = totals.where(Claim.article_id.in_(article_ids))
        labelled = labelled.where(Claim.article_id.in_(article_ids))
    counts = dict(connection.execute(totals.group_by(Claim.article_id)).all())
    done = dict(connection.execute(labelled.group_by(Claim.article_id)).all())
    return {aid: (done.get(aid, 0), total) for aid, total in counts.items()}


def load_stories(db: Database, annotator: str) -> list[StoryNode]:
    with db.engine.connect() as connection:  # plain rows: 10,000 articles, no ORM objects
        progress = _progress(connection, annotator)
        rows = connection.execute(
            select(
                Story.id,
                Story.name,
                Article.id,
                Article.title,
                Article.source,
                Article.published,
                _head(Article.title, Article.text),
            )
            .join(Article, Article.story_id == Story.id)
            .order_by(Story.name, Story.id, Article.position)
        ).all()
        grouped: dict[str, tuple[str, list[ArticleNode]]] = {}
        for sid, name, aid, title, source, published, head in rows:
            done, total = progress.get(aid, (0, 0))
            node = ArticleNode(
                aid, display_title(title, head or ""), source or "", published or "", done, total
            )
            grouped.setdefault(sid, (name, []))[1].append(node)
    return [StoryNode(sid, name, tuple(nodes)) for sid, (name, nodes) in grouped.items()]


_ARTICLE_COLUMNS = (
    Article.id,
    Article.story_id,
    Article.title,
    Article.source,
    Article.published,
    Article.url,
    Article.text,
    Article.meta,
)


def _article_row(connection, article_id: str):
    """The article by id, or by a unique id prefix (as queries.get_article)."""
    row = connection.execute(select(*_ARTICLE_COLUMNS).where(Article.id == article_id)).first()
    if row is None:
        rows = connection.execute(
            select(*_ARTICLE_COLUMNS).where(Article.id.startswith(article_id)).limit(2)
        ).all()
        if len(rows) != 1:
            raise NotFoundError(f"no article with id {article_id!r}")
        row = rows[0]
    return row


def load_article(db: Database, annotator: str, article_id: str) -> ArticleData:
    with db.engine.connect() as connection:  # plain rows, no ORM objects
        aid, story_id, title, source, published, url, text, meta_row = _article_row(
            connection, article_id
        )
        story_name = connection.scalar(select(Story.name).where(Story.id == story_id))
        claims = _claim_rows(connection, annotator, [aid])
        others_articles = connection.execute(
            select(
                Article.id,
                Article.title,
                Article.source,
                Article.position,
                _head(Article.title, Article.text),
            )
            .where(Article.story_id == story_id, Article.id != aid)
            .order_by(Article.position)
        ).all()
        meta = {
            oid: (display_title(t, head or ""), s or "", p)
            for oid, t, s, p, head in others_articles
        }
        other_claims = (
            _claim_rows(
                connection,
                annotator,
                select(Article.id).where(Article.story_id == story_id, Article.id != aid),
            )
            if meta
            else []
        )
        others = [OtherClaim(item, *meta[item.article_id]) for item in other_claims]
        others.sort(key=lambda o: (o.position, o.claim.start))
        links = {}
        if claims:
            mine = select(Claim.id).where(Claim.article_id == aid)
            rows = connection.execute(
                select(LinkRow.claim_a, LinkRow.claim_b, LinkRow.kind).where(
                    LinkRow.annotator == annotator,
                    or_(LinkRow.claim_a.in_(mine), LinkRow.claim_b.in_(mine)),
                )
            )
            active = {c.id for c in claims}
            links = {(a, b): kind for a, b, kind in rows if a in active or b in active}
        return ArticleData(
            aid,
            story_id,
            story_name or "",
            title,
            source,
            published,
            url,
            text,
            claims,
            others,
            links,
            dateline=(meta_row or {}).get("dateline"),
        )


def article_progress(db: Database, annotator: str, article_ids: Iterable[str]) -> dict:
    """article_id -> (labelled, total) for a few articles (after an action)."""
    ids = list(set(article_ids))
    if not ids:
        return {}
    with db.engine.connect() as connection:
        progress = _progress(connection, annotator, ids)
    return {aid: progress.get(aid, (0, 0)) for aid in ids}


def articles_of_claims(db: Database, claim_ids: Iterable[str]) -> dict[str, str]:
    ids = list(claim_ids)
    if not ids:
        return {}
    with db.engine.connect() as connection:
        return dict(
            connection.execute(select(Claim.id, Claim.article_id).where(Claim.id.in_(ids))).all()
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
                SearchHit(aid, display_title(title, atext[:400]), cid, _snippet(ctext, needle))
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
                            aid, display_title(title, atext[:400]), None, _snippet(atext, needle)
                        )
                    )
    return hits


def rank_others(db: Database, data: ArticleData, claim_id: str, top_k: int = 50):
    """Rank the other reports for one claim with the matcher, when it is installed.

    Returns a new list of OtherClaim (best first), or None when no ranking is available, in
    which case the panel keeps article order.
    """
    return rank_with_suggestion(db, data, claim_id, top_k, suggest=False)[0]


def rank_with_suggestion(
    db: Database, data: ArticleData, claim_id: str, top_k: int = 50, *, suggest: bool = True
):
    """(ranked other reports or None, suggested label or None) for one claim, in one session.

    The suggestion is None when not asked for, when there is nothing to suggest, or when a lead
    turned suggestions off for this database."""
    try:
        from claimdesk.services.candidates import rank_other_claims, suggest_for_claim
    except ImportError:
        return None, None
    with db.sessions() as session:
        ranked = rank_other_claims(session, claim_id, top_k)
        suggestion = suggest_for_claim(session, claim_id) if suggest else None
    return _ranked_rows(data, ranked), suggestion


def _ranked_rows(data: ArticleData, ranked) -> list[OtherClaim]:
    by_id = {o.claim.id: o for o in data.others}
    result: list[OtherClaim] = []
    for candidate in ranked:
        cid = _field(candidate, "claim_id", "id")
        base = by_id.get(cid)
        if base is None:
            continue
        conflict = _field(candidate, "conflict")
        hints = _field(candidate, "hints") or ()
        what = None
        if conflict is None and hints:
            conflict = (str(_field(hints[0], "value_a")), str(_field(hints[0], "value_b")))
            what = conflict_subject(hints[0])
        if conflict is None:
            a, b = _field(candidate, "value_a"), _field(candidate, "value_b")
            conflict = (str(a), str(b)) if a is not None and b is not None else None
        result.append(
            replace(
                base,
                score=_field(candidate, "score"),
                reason=_field(candidate, "reason", "reasons"),
                conflict=tuple(conflict) if conflict else None,
                shared_terms=tuple(_field(candidate, "shared_terms") or ()),
                hint="; ".join(str(_field(h, "description") or "") for h in hints) or None,
                conflict_what=what,
            )
        )
    ranked_ids = {o.claim.id for o in result}
    # the rest of the story, in article order, without what a previous ranking said about them
    rest = sorted(
        (o for o in data.others if o.claim.id not in ranked_ids),
        key=lambda o: (o.position, o.claim.start),
    )
    result.extend(
        replace(o, score=None, reason=None, conflict=None, shared_terms=(), hint=None) for o in rest
    )
    return result


def conflict_subject(hint) -> str | None:
    """What a conflict hint's values are of ("injured", "date"), as the panels name it."""
    what = _field(hint, "slot") or _field(hint, "kind")
    return str(what).replace(":", " ") if what else None


def _field(obj, *names):
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value is not None:
            if isinstance(value, list | tuple) and name == "reasons":
                return ", ".join(map(str, value))
            return value
    return None
