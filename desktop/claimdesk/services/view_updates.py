"""After change sets arrive (from this window's action or another window's), what the
annotation window repaints, read back in one connection: the claims whose labels changed, the
open article's claims and links when its spans or links changed, where each claim lives and
the touched articles' progress."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from claimdesk.services.change_sets import (
    ChangeSet,
    ClaimsChanged,
    LabelsChanged,
    LinksChanged,
    claim_ids_of,
)
from claimdesk.services.screen_reads import claim_item
from claimdesk.services.screen_records import ClaimItem
from claimdesk.store import article_reads
from claimdesk.store.engine import Database
from claimdesk.store.progress import progress as progress_rows


@dataclass(frozen=True)
class ViewUpdate:
    where: dict[str, str] = field(default_factory=dict)  # claim id -> article id
    labelled: dict[str, ClaimItem] = field(default_factory=dict)  # LabelsChanged, re-read
    article_claims: list[ClaimItem] | None = None  # the open article's, when its spans changed
    links: dict[tuple[str, str], str] | None = None  # the open article's, when links changed
    progress: dict[str, tuple[int, int]] = field(default_factory=dict)  # touched articles
    article_id: str | None = None  # the open article these were read for


def _of_type(changes: Iterable[ChangeSet], kind) -> list:
    return [c for c in changes if isinstance(c, kind)]


def read(
    db: Database, annotator: str, changes: tuple[ChangeSet, ...], article_id: str | None
) -> ViewUpdate:
    claim_ids = claim_ids_of(changes)
    labelled_ids = {cid for c in _of_type(changes, LabelsChanged) for cid in c.claim_ids}
    spans = _of_type(changes, ClaimsChanged)
    with db.engine.connect() as connection:
        where = article_reads.articles_of_claims(connection, claim_ids)
        spans_here = article_id is not None and any(
            article_id in c.article_ids or any(where.get(i) == article_id for i in c.claim_ids)
            for c in spans
        )
        rows = article_reads.claim_rows_by_id(connection, annotator, labelled_ids)
        labelled = {row[0]: claim_item(row) for row in rows}
        article_claims = None
        if spans_here:
            article_claims = [
                claim_item(r) for r in article_reads.claim_rows(connection, annotator, [article_id])
            ]
        links = None
        if article_id is not None and (spans_here or _of_type(changes, LinksChanged)):
            active = (
                {c.id for c in article_claims}
                if article_claims is not None
                else set(article_reads.active_claim_ids(connection, article_id))
            )
            links = {
                (a, b): kind
                for a, b, kind in article_reads.links_of_article(connection, annotator, article_id)
                if a in active or b in active
            }
        touched = set(where.values()) | {a for c in spans for a in c.article_ids}
        counts = progress_rows(connection, annotator, list(touched)) if touched else {}
    progress = {aid: counts.get(aid, (0, 0)) for aid in touched}
    return ViewUpdate(where, labelled, article_claims, links, progress, article_id)


def stories_of_articles(db: Database, article_ids: Iterable[str]) -> dict[str, str]:
    with db.engine.connect() as connection:
        return article_reads.stories_of_articles(connection, article_ids)
