"""Claims with everything an export needs, streamed from the database at constant memory.

One cursor walks the active claims in (article id, start, end) order: the order of the
`ix_claims_article_start` index, so SQLite streams it without sorting, and the same on every
machine (ids are content hashes, not import positions). The cursor is read in windows of
`WINDOW` claims; each window fetches its articles, labels, adjudications and links with a few
`IN` queries. Memory is bounded by one window, whatever the size of the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Text, exists, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from claimdesk.errors import NotFoundError, UsageError
from claimdesk.export.context import SentenceIndex
from claimdesk.export.gold import Gold, decide_gold
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
    id: str
    title: str | None
    source: str | None
    url: str | None
    date: str | None
    story_id: str
    story_name: str
    text: str
    _sentences: SentenceIndex | None = None

    def context(self, start: int, end: int) -> tuple[int, int]:
        if self._sentences is None:
            self._sentences = SentenceIndex(self.text)
        return self._sentences.context(start, end)


@dataclass(slots=True)
class Annotation:
    annotator: str
    label: str
    note: str | None
    stale: bool
    updated_at: str | None


@dataclass(slots=True)
class LinkView:
    claim_id: str  # the other claim
    article_id: str
    text: str
    kind: str
    annotator: str


@dataclass(slots=True)
class Adjudicated:
    label: str
    adjudicator: str
    note: str | None
    updated_at: str | None


@dataclass(slots=True)
class ClaimItem:
    id: str
    article: ArticleInfo
    start: int
    end: int
    text: str
    speaker: str | None
    reasons: list[str]
    pipeline: str
    origin: str
    annotations: list[Annotation] = field(default_factory=list)
    links: list[LinkView] = field(default_factory=list)
    adjudication: Adjudicated | None = None
    gold: Gold | None = None
    split: str = "train"


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


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


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


class _Window:
    """Loads what one window of claims needs, keeping the previous article across windows."""

    def __init__(self, connection, claim_filter: ClaimFilter):
        self.connection = connection
        self.annotator = claim_filter.annotator
        self.articles: dict[str, ArticleInfo] = {}
        # links are keyed (annotator, claim_a, claim_b) and indexed on claim_b only: naming the
        # (few) annotators lets the database use the key to find links by claim_a
        self.link_annotators = (
            [self.annotator]
            if self.annotator
            else list(connection.scalars(select(Annotator.name).order_by(Annotator.name)))
        )

    def load_articles(self, article_ids: list[str]) -> None:
        missing = [aid for aid in article_ids if aid not in self.articles]
        # keep only what this window uses: claims come grouped by article
        self.articles = {aid: self.articles[aid] for aid in article_ids if aid in self.articles}
        if not missing:
            return
        rows = self.connection.execute(
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
            .where(Article.id.in_(missing))
        )
        for row in rows:
            self.articles[row[0]] = ArticleInfo(*row)

    # Labels and adjudications are fetched by the window's articles (a short IN list, walked
    # through ix_claims_article_start) rather than by its thousands of claim ids.

    def labels(self, article_ids: list[str]) -> dict[str, list[Annotation]]:
        query = (
            select(
                LabelRow.claim_id,
                LabelRow.annotator,
                LabelRow.label,
                LabelRow.note,
                LabelRow.stale,
                LabelRow.updated_at,
            )
            .join(Claim, Claim.id == LabelRow.claim_id)
            .where(Claim.article_id.in_(article_ids))
        )
        if self.annotator:
            query = query.where(LabelRow.annotator == self.annotator)
        found: dict[str, list[Annotation]] = {}
        for cid, annotator, label, note, stale, updated in self.connection.execute(
            query.order_by(LabelRow.claim_id, LabelRow.annotator)
        ).all():
            found.setdefault(cid, []).append(
                Annotation(annotator, label, note, bool(stale), _iso(updated))
            )
        return found

    def adjudications(self, article_ids: list[str]) -> dict[str, Adjudicated]:
        rows = self.connection.execute(
            select(
                Adjudication.claim_id,
                Adjudication.label,
                Adjudication.adjudicator,
                Adjudication.note,
                Adjudication.updated_at,
            )
            .join(Claim, Claim.id == Adjudication.claim_id)
            .where(Claim.article_id.in_(article_ids))
        ).all()
        return {cid: Adjudicated(label, who, note, _iso(at)) for cid, label, who, note, at in rows}

    def links(self, claim_ids: list[str]) -> dict[str, list[LinkView]]:
        """Links touching the window's claims, in both directions, with the other claim."""
        other = aliased(Claim)
        found: dict[str, list[LinkView]] = {}
        for mine, theirs in (
            (LinkRow.claim_a, LinkRow.claim_b),
            (LinkRow.claim_b, LinkRow.claim_a),
        ):
            # the other claim's `active` is checked in Python: in the join condition it
            # tempts SQLite into scanning every active claim once per window
            query = (
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
                .where(mine.in_(claim_ids), LinkRow.annotator.in_(self.link_annotators))
            )
            for cid, oid, aid, text, active, kind, annotator in self.connection.execute(
                query
            ).all():
                if active:
                    found.setdefault(cid, []).append(LinkView(oid, aid, text, kind, annotator))
        for views in found.values():
            views.sort(key=lambda v: (v.claim_id, v.annotator))
        return found


def iter_claim_items(
    session: Session,
    claim_filter: ClaimFilter,
    split_of: Callable[[str], str],
    *,
    window: int = WINDOW,
    on_window: Callable[[int], None] | None = None,
) -> Iterator[ClaimItem]:
    """Every kept claim with its article, labels, links, gold label and split.

    `on_window(claims_read_so_far)` runs after each window; it may raise `ExportCancelled`.
    """
    # Core rows, not ORM: the ORM's per-row bookkeeping costs more than the export itself
    connection = session.connection()
    loader = _Window(connection, claim_filter)
    result = connection.execute(
        _claims_query(session, claim_filter).execution_options(yield_per=window)
    )
    read = 0
    for partition in result.partitions():
        rows = [row for row in partition if row[-1]]  # active claims only
        read += len(partition)
        claim_ids = [row[0] for row in rows]
        article_ids = list(dict.fromkeys(row[1] for row in rows))
        loader.load_articles(article_ids)
        labels = loader.labels(article_ids)
        adjudications = loader.adjudications(article_ids)
        links = loader.links(claim_ids)
        for cid, aid, start, end, text, speaker, reasons, pipeline, origin, _active in rows:
            annotations = labels.get(cid, [])
            adjudication = adjudications.get(cid)
            gold = decide_gold(
                [a.label for a in annotations], adjudication.label if adjudication else None
            )
            if not claim_filter.keeps(gold):
                continue
            article = loader.articles[aid]
            yield ClaimItem(
                id=cid,
                article=article,
                start=start,
                end=end,
                text=text,
                speaker=speaker,
                reasons=list(reasons_of(reasons)),
                pipeline=pipeline,
                origin=origin,
                annotations=annotations,
                links=links.get(cid, []),
                adjudication=adjudication,
                gold=gold,
                split=split_of(article.story_id),
            )
        if on_window is not None:
            on_window(read)


def claim_record(item: ClaimItem) -> dict:
    """The JSONL record of one claim (resources/export/claim_record.schema.json)."""
    article, gold, adjudication = item.article, item.gold, item.adjudication
    context_start, context_end = article.context(item.start, item.end)
    return {
        "id": item.id,
        "text": item.text,
        "start": item.start,
        "end": item.end,
        "context": article.text[context_start:context_end],
        "context_start": context_start,
        "context_end": context_end,
        "speaker": item.speaker,
        "reasons": item.reasons,
        "pipeline": item.pipeline,
        "origin": item.origin,
        "article_id": article.id,
        "article_title": article.title,
        "article_source": article.source,
        "article_url": article.url,
        "article_date": article.date,
        "story_id": article.story_id,
        "story_name": article.story_name,
        "gold_label": gold.label,
        "gold_source": gold.source,
        "gold_flag": gold.flag,
        "adjudicator": adjudication.adjudicator if adjudication else None,
        "adjudication_note": adjudication.note if adjudication else None,
        "agreement": gold.agreement,
        "n_annotators": gold.n_annotators,
        "annotations": [
            {
                "annotator": a.annotator,
                "label": a.label,
                "note": a.note,
                "stale": a.stale,
                "updated_at": a.updated_at,
            }
            for a in item.annotations
        ],
        "links": [
            {
                "claim_id": link.claim_id,
                "article_id": link.article_id,
                "text": link.text,
                "kind": link.kind,
                "annotator": link.annotator,
            }
            for link in item.links
        ],
        "split": item.split,
    }
