"""The annotation window's reads: plain records (`screen_records.py`) from the store's rows.

Each function runs on the window's background worker, opens one connection and returns
finished records; the GUI thread only paints them. Blind annotation: only the given
annotator's labels and links are ever read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from claimdesk.domain.titles import display_title
from claimdesk.services.screen_records import (
    ArticleData,
    ArticleNode,
    ClaimItem,
    OtherClaim,
    SearchHit,
    StoryNode,
)
from claimdesk.store import article_reads, story_list, text_find
from claimdesk.store.engine import Database
from claimdesk.store.progress import progress as progress_rows


def claim_item(row) -> ClaimItem:
    cid, aid, start, end, text, speaker, origin, label, note, stale = row[:10]
    return ClaimItem(cid, aid, start, end, text, speaker, origin, label, note, bool(stale))


def load_stories(db: Database, annotator: str) -> list[StoryNode]:
    with db.engine.connect() as connection:
        progress = progress_rows(connection, annotator)
        rows = story_list.story_article_rows(connection)
    grouped: dict[str, tuple[str, list[ArticleNode]]] = {}
    for sid, name, aid, title, source, published, head in rows:
        done, total = progress.get(aid, (0, 0))
        node = ArticleNode(
            aid, display_title(title, head or ""), source or "", published or "", done, total
        )
        grouped.setdefault(sid, (name, []))[1].append(node)
    return [StoryNode(sid, name, tuple(nodes)) for sid, (name, nodes) in grouped.items()]


def _links(rows, active: set[str]) -> dict[tuple[str, str], str]:
    return {(a, b): kind for a, b, kind in rows if a in active or b in active}


def load_article(db: Database, annotator: str, article_id: str) -> ArticleData:
    with db.engine.connect() as connection:
        aid, story_id, title, source, published, url, text, meta_row = article_reads.article_row(
            connection, article_id
        )
        story_name = article_reads.story_name(connection, story_id)
        claims = [claim_item(r) for r in article_reads.claim_rows(connection, annotator, [aid])]
        meta = {
            oid: (display_title(t, head or ""), s or "", p)
            for oid, t, s, p, head in article_reads.other_articles(connection, story_id, aid)
        }
        other_rows = (
            article_reads.other_claim_rows(connection, annotator, story_id, aid) if meta else []
        )
        links = (
            _links(
                article_reads.links_of_article(connection, annotator, aid), {c.id for c in claims}
            )
            if claims
            else {}
        )
    others = [OtherClaim(claim_item(row), *meta[row[1]]) for row in other_rows]
    others.sort(key=lambda o: (o.position, o.claim.start))
    return ArticleData(
        aid,
        story_id,
        story_name,
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


def article_claims(db: Database, annotator: str, article_id: str):
    """(active claims, links) of one article: what a span edit changes."""
    with db.engine.connect() as connection:
        claims = [
            claim_item(r) for r in article_reads.claim_rows(connection, annotator, [article_id])
        ]
        links = _links(
            article_reads.links_of_article(connection, annotator, article_id),
            {c.id for c in claims},
        )
    return claims, links


def claim_items(db: Database, annotator: str, claim_ids: Iterable[str]) -> dict[str, ClaimItem]:
    """Some claims as the window shows them (this annotator's label), by id."""
    with db.engine.connect() as connection:
        rows = article_reads.claim_rows_by_id(connection, annotator, claim_ids)
    return {row[0]: claim_item(row) for row in rows}


def article_progress(db: Database, annotator: str, article_ids: Iterable[str]) -> dict:
    """article_id -> (labelled, total) for a few articles (after an action)."""
    ids = list(set(article_ids))
    if not ids:
        return {}
    with db.engine.connect() as connection:
        progress = progress_rows(connection, annotator, ids)
    return {aid: progress.get(aid, (0, 0)) for aid in ids}


def articles_of_claims(db: Database, claim_ids: Iterable[str]) -> dict[str, str]:
    ids = list(claim_ids)
    if not ids:
        return {}
    with db.engine.connect() as connection:
        return article_reads.articles_of_claims(connection, ids)


def count_articles(db: Database) -> int:
    with db.engine.connect() as connection:
        return story_list.count_articles(connection)


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
    pattern = text_find.like_pattern(needle)
    with db.engine.connect() as connection:
        hits = [
            SearchHit(aid, display_title(title, atext[:400]), cid, _snippet(ctext, needle))
            for cid, ctext, aid, title, atext in text_find.claims_containing(
                connection, pattern, limit
            )
        ]
        rows = (
            text_find.articles_containing(connection, pattern, limit - len(hits))
            if len(hits) < limit
            else []
        )
    seen = {h.article_id for h in hits}
    for aid, title, atext in rows:
        if aid not in seen:
            hits.append(
                SearchHit(aid, display_title(title, atext[:400]), None, _snippet(atext, needle))
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
