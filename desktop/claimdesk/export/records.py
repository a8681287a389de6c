"""Claims with everything an export needs, streamed from the database at constant memory.

One cursor walks the active claims in (article id, start, end) order: the order of the
`ix_claims_article_start` index, so SQLite streams it without sorting, and the same on every
machine (ids are content hashes, not import positions). The cursor is read in windows of
`WINDOW` claims; each window fetches its articles, labels, adjudications and links with one
prepared `IN` query each (Core rows, no ORM objects). Memory is bounded by one window,
whatever the size of the corpus.

The export writes a million records, so the per-claim path is lean: label and link rows become
the record's own annotation and link dicts as they are read, the gold label is a tuple, the
sentence boundaries of an article are computed once and bisected per claim, and each claim's
record (the JSONL dict) is built once and shared by every writer (JSONL, CSV, DocBin, stats).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Text, bindparam, exists, or_, select, type_coerce, union_all
from sqlalchemy.orm import Session, aliased

from claimdesk.errors import NotFoundError, UsageError
from claimdesk.export.context import SentenceIndex
from claimdesk.export.gold import VERIFIED_SOURCES, Gold, gold_of
from claimdesk.store.models import (
    Adjudication,
    Annotator,
    Article,
    Claim,
    LabelRow,
    LinkRow,
    Story,
)

WINDOW = 2000


class ExportCancelled(Exception):
    """The user cancelled; the writers remove their temporary files."""


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims an export keeps (DESIGN: gold only, one annotator, stories, agreement).

    `annotator` exports as if only that annotator had labelled: their claims, labels and links
    (adjudications still count as gold). `min_agreement` keeps claims whose agreement is known
    (two or more annotators) and at least that value.
    """

    gold_only: bool = False
    annotator: str | None = None
    stories: tuple[str, ...] = ()  # story ids or names
    min_agreement: float | None = None

    def __post_init__(self) -> None:
        if self.min_agreement is not None and not 0 <= self.min_agreement <= 1:
            raise UsageError(f"--min-agreement must be between 0 and 1, got {self.min_agreement}")

    @property
    def is_empty(self) -> bool:
        return self == ClaimFilter()

    def keeps(self, gold: Gold) -> bool:
        if self.gold_only and not gold.verified:
            return False
        if self.min_agreement is not None:
            return gold.agreement is not None and gold.agreement >= self.min_agreement
        return True

    def describe(self) -> str:
        parts = []
        if self.gold_only:
            parts.append("gold only (adjudicated or majority)")
        if self.annotator:
            parts.append(f"annotator {self.annotator}")
        if self.stories:
            parts.append("stories " + ", ".join(self.stories))
        if self.min_agreement is not None:
            parts.append(f"agreement >= {self.min_agreement:g}")
        return "; ".join(parts) or "none"


@dataclass(slots=True)
class ArticleInfo:
    """One article of the current window, with what every claim of it repeats."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    date: str | None
    story_id: str
    story_name: str
    text: str
    split: str = "train"
    _sentences: SentenceIndex | None = None

    def context(self, start: int, end: int) -> tuple[int, int]:
        if self._sentences is None:
            self._sentences = SentenceIndex(self.text)
        return self._sentences.context(start, end)


def resolve_stories(session: Session, stories: tuple[str, ...]) -> list[str]:
    """Story ids for ids or names given by the user; an unknown one is an error."""
    ids = []
    for wanted in stories:
        sid = session.scalar(
            select(Story.id).where(or_(Story.id == wanted, Story.name == wanted)).limit(1)
        )
        if sid is None:
            raise NotFoundError(f"no story with id or name {wanted!r}")
        ids.append(sid)
    return ids


@lru_cache(maxsize=4096)
def _decode_reasons(raw: str) -> tuple[str, ...]:
    return tuple(json.loads(raw))


def reasons_of(raw) -> tuple[str, ...]:
    """A claim's `reasons`: JSON text from SQLite, decoded once per distinct value (the same
    few lists repeat across millions of claims); PostgreSQL's driver already decodes JSON."""
    if not raw:
        return ()
    return _decode_reasons(raw) if isinstance(raw, str) else tuple(raw)


@lru_cache(maxsize=8192)
def _iso_of_text(raw: str) -> str:
    # what SQLAlchemy's SQLite DateTime does (fromisoformat), then isoformat: label times
    # often repeat (one import, one session), so most are found in the cache
    return datetime.fromisoformat(raw).isoformat()


def _claims_query(session: Session, claim_filter: ClaimFilter):
    query = (
        select(
            Claim.id,
            Claim.article_id,
            Claim.start,
            Claim.end,
            Claim.text,
            Claim.speaker,
            type_coerce(Claim.reasons, Text),  # decoded by _reasons: few distinct values
            Claim.pipeline,
            Claim.origin,
            Claim.active,
        )
        # retired claims are skipped in Python, not in SQL: a WHERE on `active` makes SQLite
        # pick ix_claims_active and sort the whole table instead of walking the offsets index
        .order_by(Claim.article_id, Claim.start, Claim.end, Claim.id)
    )
    if claim_filter.stories:
        story_ids = resolve_stories(session, claim_filter.stories)
        in_stories = select(Article.id).where(Article.story_id.in_(story_ids))
        query = query.where(Claim.article_id.in_(in_stories))
    if claim_filter.annotator:
        query = query.where(
            exists().where(
                LabelRow.claim_id == Claim.id, LabelRow.annotator == claim_filter.annotator
            )
        )
    elif claim_filter.gold_only or claim_filter.min_agreement is not None:
        # claims nobody labelled can never pass; leave them in the database
        query = query.where(
            or_(
                exists().where(LabelRow.claim_id == Claim.id),
                exists().where(Adjudication.claim_id == Claim.id),
            )
        )
    return query


def count_claims(session: Session, claim_filter: ClaimFilter) -> int:
    """Candidates before the label filters (for progress: an upper bound)."""
    from sqlalchemy import func

    inner = _claims_query(session, claim_filter).where(Claim.active.is_(True)).order_by(None)
    inner = inner.subquery()
    return session.scalar(select(func.count()).select_from(inner)) or 0


_EMPTY: tuple = ()  # shared by every claim without labels or links (never mutated)


class _Loader:
    """What one window of claims needs besides the claims: their articles, labels,
    adjudications and links, one query each, built once and reused for every window.

    Rows come back as Core rows and go straight into the pieces of the JSONL record (the
    annotation and link dicts), so nothing is copied or wrapped per claim.
    """

    def __init__(self, connection, claim_filter: ClaimFilter, split_of: Callable[[str], str]):
        self.connection = connection
        self.split_of = split_of
        self.annotator = claim_filter.annotator
        self.articles: dict[str, ArticleInfo] = {}
        # links are keyed (annotator, claim_a, claim_b) and indexed on claim_b only: naming the
        # (few) annotators lets the database use the key to find links by claim_a
        self.link_annotators = (
            [self.annotator]
            if self.annotator
            else list(connection.scalars(select(Annotator.name).order_by(Annotator.name)))
        )
        articles = bindparam("articles", expanding=True)
        self._articles = (
            select(
                Article.id,
                Article.title,
                Article.source,
                Article.url,
                Article.published,
                Article.story_id,
                Story.name,
                Article.text,
            )
            .join(Story, Story.id == Article.story_id)
            .where(Article.id.in_(bindparam("missing", expanding=True)))
        )
        # Labels and adjudications are fetched by the window's articles (a short IN list,
        # walked through ix_claims_article_start) rather than by its thousands of claim ids.
        labels = (
            select(
                LabelRow.claim_id,
                LabelRow.annotator,
                LabelRow.label,
                LabelRow.note,
                LabelRow.stale,
                # the stored text on SQLite (made ISO by _iso, memoised), a datetime elsewhere
                type_coerce(LabelRow.updated_at, Text),
            )
            .join(Claim, Claim.id == LabelRow.claim_id)
            .where(Claim.article_id.in_(articles))
        )
        if self.annotator:
            labels = labels.where(LabelRow.annotator == self.annotator)
        self._labels = labels.order_by(LabelRow.claim_id, LabelRow.annotator)
        self._adjudications = (
            select(
                Adjudication.claim_id,
                Adjudication.label,
                Adjudication.adjudicator,
                Adjudication.note,
            )
            .join(Claim, Claim.id == Adjudication.claim_id)
            .where(Claim.article_id.in_(articles))
        )
        # links touching the window's claims, in both directions, with the other claim. By
        # claim id: through the articles, SQLite would walk the links of every annotator once
        # per window. The other claim's `active` is checked in Python: in the join condition
        # it tempts SQLite into scanning every active claim once per window
        claims = bindparam("claims", expanding=True)
        annotators = bindparam("annotators", expanding=True)
        directions = []
        for mine, theirs in (
            (LinkRow.claim_a, LinkRow.claim_b),
            (LinkRow.claim_b, LinkRow.claim_a),
        ):
            other = aliased(Claim)
            directions.append(
                select(
                    mine,
                    other.id,
                    other.article_id,
                    other.text,
                    other.active,
                    LinkRow.kind,
                    LinkRow.annotator,
                )
                .join(other, other.id == theirs)
                .where(mine.in_(claims), LinkRow.annotator.in_(annotators))
            )
        self._links = union_all(*directions)

    def load_articles(self, article_ids: list[str]) -> dict[str, ArticleInfo]:
        known = self.articles
        missing = [aid for aid in article_ids if aid not in known]
        # keep only what this window uses: claims come grouped by article
        self.articles = {aid: known[aid] for aid in article_ids if aid in known}
        if missing:
            split_of = self.split_of
            for row in self.connection.execute(self._articles, {"missing": missing}):
                article = ArticleInfo(*row)
                article.split = split_of(article.story_id)
                self.articles[article.id] = article
        return self.articles

    def labels(self, article_ids: list[str]) -> dict[str, tuple[list[dict], list[str]]]:
        """claim id -> (annotation dicts of the record, labels in annotator order)."""
        found: dict[str, tuple[list[dict], list[str]]] = {}
        get = found.get
        iso = _iso_of_text
        for cid, annotator, label, note, stale, updated in self.connection.execute(
            self._labels, {"articles": article_ids}
        ):
            if updated is not None:
                updated = iso(updated) if updated.__class__ is str else updated.isoformat()
            annotation = {
                "annotator": annotator,
                "label": label,
                "note": note,
                "stale": bool(stale),
                "updated_at": updated,
            }
            entry = get(cid)
            if entry is None:
                found[cid] = ([annotation], [label])
            else:
                entry[0].append(annotation)
                entry[1].append(label)
        return found

    def adjudications(self, article_ids: list[str]) -> dict[str, tuple[str, str, str | None]]:
        """claim id -> (label, adjudicator, note)."""
        return {
            cid: (label, who, note)
            for cid, label, who, note in self.connection.execute(
                self._adjudications, {"articles": article_ids}
            )
        }

    def links(self, claim_ids: list[str]) -> dict[str, list[dict]]:
        """claim id -> link dicts of the record, by the other claim's id and the annotator."""
        found: dict[str, list[dict]] = {}
        for cid, oid, aid, text, active, kind, annotator in self.connection.execute(
            self._links, {"claims": claim_ids, "annotators": self.link_annotators}
        ):
            if active:
                found.setdefault(cid, []).append(
                    {
                        "claim_id": oid,
                        "article_id": aid,
                        "text": text,
                        "kind": kind,
                        "annotator": annotator,
                    }
                )
        for views in found.values():
            if len(views) > 1:
                views.sort(key=_link_order)
        return found


def _link_order(link: dict) -> tuple[str, str]:
    return (link["claim_id"], link["annotator"])


def iter_record_windows(
    session: Session,
    claim_filter: ClaimFilter,
    split_of: Callable[[str], str],
    *,
    window: int = WINDOW,
    on_window: Callable[[int], None] | None = None,
) -> Iterator[tuple[dict[str, ArticleInfo], list[dict]]]:
    """Every kept claim as its JSONL record (resources/export/claim_record.schema.json), a
    window at a time: (the window's articles by id, its records in export order).

    `on_window(claims_read_so_far)` runs after each window has been consumed; it may raise
    `ExportCancelled`. The records and their pieces are fresh per window: a consumer may keep
    them, and memory stays bounded by one window when it does not.
    """
    # Core rows, not ORM: the ORM's per-row bookkeeping costs more than the export itself
    connection = session.connection()
    loader = _Loader(connection, claim_filter, split_of)
    result = connection.execute(
        _claims_query(session, claim_filter).execution_options(yield_per=window)
    )
    gold_only = claim_filter.gold_only
    min_agreement = claim_filter.min_agreement
    read = 0
    for partition in result.partitions():
        read += len(partition)
        rows = [row for row in partition if row[-1]]  # active claims only
        article_ids = list(dict.fromkeys([row[1] for row in rows]))
        articles = loader.load_articles(article_ids)
        labels = loader.labels(article_ids).get
        adjudications = loader.adjudications(article_ids).get
        links = loader.links([row[0] for row in rows]).get
        records: list[dict] = []
        append = records.append
        last_article = None
        for cid, aid, start, end, text, speaker, reasons, pipeline, origin, _active in rows:
            found = labels(cid)
            annotations, votes = found if found is not None else (_EMPTY, _EMPTY)
            adjudication = adjudications(cid)
            if adjudication is None:
                label, source, flag, agreement, n = gold_of(votes)
                adjudicator = adjudication_note = None
            else:
                label, source, flag, agreement, n = gold_of(votes, adjudication[0])
                adjudicator, adjudication_note = adjudication[1], adjudication[2]
            if gold_only and source not in VERIFIED_SOURCES:
                continue
            if min_agreement is not None and (agreement is None or agreement < min_agreement):
                continue
            if aid != last_article:
                last_article = aid
                article = articles[aid]
                article_text = article.text
                context = article.context
            context_start, context_end = context(start, end)
            append(
                {
                    "id": cid,
                    "text": text,
                    "start": start,
                    "end": end,
                    "context": article_text[context_start:context_end],
                    "context_start": context_start,
                    "context_end": context_end,
                    "speaker": speaker,
                    "reasons": reasons_of(reasons),
                    "pipeline": pipeline,
                    "origin": origin,
                    "article_id": aid,
                    "article_title": article.title,
                    "article_source": article.source,
                    "article_url": article.url,
                    "article_date": article.date,
                    "story_id": article.story_id,
                    "story_name": article.story_name,
                    "gold_label": label,
                    "gold_source": source,
                    "gold_flag": flag,
                    "adjudicator": adjudicator,
                    "adjudication_note": adjudication_note,
                    "agreement": agreement,
                    "n_annotators": n,
                    "annotations": annotations,
                    "links": links(cid, _EMPTY),
                    "split": article.split,
                }
            )
        yield articles, records
        if on_window is not None:
            on_window(read)


def iter_claim_records(
    session: Session,
    claim_filter: ClaimFilter,
    split_of: Callable[[str], str],
    *,
    window: int = WINDOW,
    on_window: Callable[[int], None] | None = None,
) -> Iterator[tuple[ArticleInfo, dict]]:
    """(article, record) for every kept claim, in export order (see `iter_record_windows`)."""
    for articles, records in iter_record_windows(
        session, claim_filter, split_of, window=window, on_window=on_window
    ):
        for record in records:
            yield articles[record["article_id"]], record
