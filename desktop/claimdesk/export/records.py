"""Claims with everything an export needs, streamed from the database at constant memory.

A merge scan: the claims come from one cursor in (article id, start, end, id) order, the key
of `ix_claims_export_order` (the same on every machine: ids are content hashes, not import
positions). Their articles, labels, adjudications and links (once per direction, with the
other claim) are each one more query in that same order: SQLite walks the index alone and
seeks each claim's rows by key, without a sort, and nothing is looked up per window. All the
cursors are read side by side, advanced in lockstep with the claims, so memory is bounded by
the cursors' fetch size and one window of records, whatever the size of the corpus.

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

from sqlalchemy import Text, exists, func, or_, select, true, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import Join

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


def count_claims(session: Session, claim_filter: ClaimFilter) -> int:
    """Candidates before the label filters (for progress: an upper bound)."""
    conditions = [Claim.active.is_(True)]
    if claim_filter.stories:
        story_ids = resolve_stories(session, claim_filter.stories)
        conditions.append(
            Claim.article_id.in_(select(Article.id).where(Article.story_id.in_(story_ids)))
        )
    if claim_filter.annotator:
        conditions.append(
            exists().where(
                LabelRow.claim_id == Claim.id, LabelRow.annotator == claim_filter.annotator
            )
        )
    elif claim_filter.gold_only or claim_filter.min_agreement is not None:
        # claims nobody labelled can never pass
        conditions.append(
            or_(
                exists().where(LabelRow.claim_id == Claim.id),
                exists().where(Adjudication.claim_id == Claim.id),
            )
        )
    return session.scalar(select(func.count(Claim.id)).where(*conditions)) or 0


_EMPTY: tuple = ()  # shared by every claim without labels or links (never mutated)
_DONE = ("",)  # the row a finished stream shows: its claim id matches no claim


class _CrossJoin(Join):
    """An inner join SQLite must walk left to right (`CROSS JOIN` is SQLite's hint for the
    join order): the claims index outside, a key seek into the other table inside, so the rows
    come out in the index's order without a sort. Other databases get a plain JOIN."""

    inherit_cache = True


@compiles(_CrossJoin)
def _plain_join(join, compiler, **kw):
    return compiler.visit_join(join, **kw)


@compiles(_CrossJoin, "sqlite")
def _sqlite_cross_join(join, compiler, asfrom=False, from_linter=None, **kw):
    return (
        join.left._compiler_dispatch(compiler, asfrom=True, from_linter=from_linter, **kw)
        + " CROSS JOIN "
        + join.right._compiler_dispatch(compiler, asfrom=True, from_linter=from_linter, **kw)
        + " ON "
        + join.onclause._compiler_dispatch(compiler, from_linter=from_linter, **kw)
    )


def _export_order(claim) -> tuple:
    # the key of ix_claims_export_order: the claims stream and every stream merged with it
    # come in this one total order (id makes it unique)
    return (claim.article_id, claim.start, claim.end, claim.id)


class _Streams:
    """The ordered queries of a merge scan. Every stream walks the same claims, in the same
    export order, so a stream's next row belongs to the current claim exactly when its claim id
    is the current claim's: no key comparison, no lookups, one pass per table."""

    def __init__(self, connection, claim_filter: ClaimFilter, story_ids: list[str] | None):
        self.annotator = claim_filter.annotator
        order = _export_order(Claim)

        def restrict(query, claim=Claim):
            if story_ids is not None:
                in_stories = select(Article.id).where(Article.story_id.in_(story_ids))
                query = query.where(claim.article_id.in_(in_stories))
            return query

        # retired claims are skipped in Python: every stream keeps the same claims
        self.claims = restrict(
            select(
                Claim.id,
                Claim.article_id,
                Claim.start,
                Claim.end,
                Claim.text,
                Claim.speaker,
                type_coerce(Claim.reasons, Text),  # decoded by reasons_of
                Claim.pipeline,
                Claim.origin,
                Claim.active,
            ).order_by(*order)
        )
        # the articles that have claims, in the claims' article order (same column, same
        # collation): the article of the next claim is always the next one here
        self.articles = select(
            Article.id,
            Article.title,
            Article.source,
            Article.url,
            Article.published,
            Article.story_id,
            Story.name,
            Article.text,
        ).join(Story, Story.id == Article.story_id)
        if story_ids is not None:
            self.articles = self.articles.where(Article.story_id.in_(story_ids))
        self.articles = self.articles.where(
            exists().where(Claim.article_id == Article.id)
        ).order_by(Article.id)
        labels = restrict(
            select(
                LabelRow.claim_id,
                LabelRow.annotator,
                LabelRow.label,
                LabelRow.note,
                LabelRow.stale,
                # the stored text on SQLite (made ISO by _iso_of_text, memoised), a datetime
                # elsewhere
                type_coerce(LabelRow.updated_at, Text),
            )
            .select_from(_CrossJoin(Claim, LabelRow, LabelRow.claim_id == Claim.id))
            .order_by(*order, LabelRow.annotator)
        )
        if self.annotator:
            labels = labels.where(LabelRow.annotator == self.annotator)
        self.labels = labels
        self.adjudications = restrict(
            select(
                Adjudication.claim_id,
                Adjudication.label,
                Adjudication.adjudicator,
                Adjudication.note,
            )
            .select_from(_CrossJoin(Claim, Adjudication, Adjudication.claim_id == Claim.id))
            .order_by(*order)
        )
        # links are keyed (annotator, claim_a, claim_b) and indexed on claim_b: one stream per
        # direction, each ordered by the claim that owns the link, with the other claim. By
        # claim_a, the (few) annotators are named so the key finds the links
        self.links = []
        for mine, theirs in (
            (LinkRow.claim_a, LinkRow.claim_b),
            (LinkRow.claim_b, LinkRow.claim_a),
        ):
            other = aliased(Claim)
            owners = Claim
            if mine is LinkRow.claim_a:
                owners = _CrossJoin(Claim, Annotator, true())
                on = (LinkRow.annotator == Annotator.name) & (mine == Claim.id)
            else:
                on = mine == Claim.id
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
                .select_from(_CrossJoin(owners, LinkRow, on).join(other, other.id == theirs))
                .order_by(*order)
            )
            if self.annotator:
                query = query.where(LinkRow.annotator == self.annotator)
            self.links.append(restrict(query))


def _rows(connection, query, size: int, *, then_done: bool = True) -> Iterator:
    """The rows of an ordered query, streamed (a server-side cursor where there is one), then
    `_DONE` for ever."""
    if connection.dialect.name == "sqlite":
        # the driver's own cursor: its rows are plain tuples of what the export reads as is
        # (text, numbers; booleans and times are handled as SQLite stores them), and skipping
        # SQLAlchemy's row objects is a third of the cost of reading them
        compiled = query.compile(
            dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
        )
        params = compiled.construct_params()
        cursor = connection.connection.driver_connection.cursor()
        try:
            cursor.execute(str(compiled), [params[name] for name in compiled.positiontup])
            fetch = cursor.fetchmany
            while rows := fetch(size):
                yield from rows
        finally:
            cursor.close()
    else:
        result = connection.execute(query.execution_options(yield_per=size))
        for partition in result.partitions():
            yield from partition
    while then_done:
        yield _DONE


def iter_record_windows(
    session: Session,
    claim_filter: ClaimFilter,
    split_of: Callable[..., str],  # (story id, article id) -> split
    *,
    window: int = WINDOW,
    on_window: Callable[[int], None] | None = None,
) -> Iterator[tuple[dict[str, ArticleInfo], list[dict]]]:
    """Every kept claim as its JSONL record (resources/export/claim_record.schema.json), a
    window at a time: (the window's articles by id, its records in export order).

    A merge scan: the claims, their articles, labels, adjudications and links (both
    directions) are each one ordered query, streamed side by side and advanced in lockstep
    with the claims.

    `on_window(claims_read_so_far)` runs after each window has been consumed; it may raise
    `ExportCancelled`. The records and their pieces are fresh per window: a consumer may keep
    them, and memory stays bounded by one window when it does not.
    """
    # Core rows, not ORM: the ORM's per-row bookkeeping costs more than the export itself
    connection = session.connection()
    story_ids = resolve_stories(session, claim_filter.stories) if claim_filter.stories else None
    streams = _Streams(connection, claim_filter, story_ids)
    claims = _rows(connection, streams.claims, window, then_done=False)
    next_article = _rows(connection, streams.articles, 256).__next__
    next_label = _rows(connection, streams.labels, 2 * window).__next__
    next_adjudication = _rows(connection, streams.adjudications, window).__next__
    next_link_a = _rows(connection, streams.links[0], window).__next__
    next_link_b = _rows(connection, streams.links[1], window).__next__
    label = next_label()
    adjudication = next_adjudication()
    link_a = next_link_a()
    link_b = next_link_b()
    label_claim, adjudication_claim = label[0], adjudication[0]
    link_a_claim, link_b_claim = link_a[0], link_b[0]

    annotator_filter = claim_filter.annotator
    gold_only = claim_filter.gold_only
    min_agreement = claim_filter.min_agreement
    iso = _iso_of_text
    articles: dict[str, ArticleInfo] = {}
    records: list[dict] = []
    append = records.append
    article_id = article = None
    read = 0
    in_window = 0
    for cid, aid, start, end, text, speaker, reasons, pipeline, origin, active in claims:
        read += 1
        in_window += 1
        if in_window > window:
            yield articles, records
            if on_window is not None:
                on_window(read - 1)
            in_window = 1
            articles = {article_id: article} if article_id == aid else {}
            records = []
            append = records.append
        # this claim's rows of every stream, retired claim or not
        annotations = votes = _EMPTY
        if label_claim == cid:
            annotations, votes = [], []
            while label_claim == cid:
                _, who, value, note, stale, updated = label
                if updated is not None:
                    updated = iso(updated) if updated.__class__ is str else updated.isoformat()
                annotations.append(
                    {
                        "annotator": who,
                        "label": value,
                        "note": note,
                        "stale": bool(stale),
                        "updated_at": updated,
                    }
                )
                votes.append(value)
                label = next_label()
                label_claim = label[0]
        adjudicated = None
        if adjudication_claim == cid:
            adjudicated = adjudication
            adjudication = next_adjudication()
            adjudication_claim = adjudication[0]
        links = _EMPTY
        if link_a_claim == cid or link_b_claim == cid:
            links = []
            while link_a_claim == cid:
                if link_a[4]:
                    links.append(_link_view(link_a))
                link_a = next_link_a()
                link_a_claim = link_a[0]
            while link_b_claim == cid:
                if link_b[4]:
                    links.append(_link_view(link_b))
                link_b = next_link_b()
                link_b_claim = link_b[0]
            if len(links) > 1:
                links.sort(key=_link_order)
            elif not links:
                links = _EMPTY
        if not active or (annotator_filter and not annotations):
            continue
        if adjudicated is None:
            gold, source, flag, agreement, n = gold_of(votes)
            adjudicator = adjudication_note = None
        else:
            gold, source, flag, agreement, n = gold_of(votes, adjudicated[1])
            adjudicator, adjudication_note = adjudicated[2], adjudicated[3]
        if gold_only and source not in VERIFIED_SOURCES:
            continue
        if min_agreement is not None and (agreement is None or agreement < min_agreement):
            continue
        if aid != article_id:
            article_id = aid
            row = next_article()
            while row[0] != aid:  # an article whose claims were all left out
                if row[0] == "":
                    raise RuntimeError(f"article {aid} of a claim not found in order")
                row = next_article()
            article = ArticleInfo(*row)
            article.split = split_of(article.story_id, aid)
            articles[aid] = article
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
                "gold_label": gold,
                "gold_source": source,
                "gold_flag": flag,
                "adjudicator": adjudicator,
                "adjudication_note": adjudication_note,
                "agreement": agreement,
                "n_annotators": n,
                "annotations": annotations,
                "links": links,
                "split": article.split,
            }
        )
    if in_window:
        yield articles, records
        if on_window is not None:
            on_window(read)


def _link_view(row) -> dict:
    _, oid, aid, text, _active, kind, annotator = row
    return {"claim_id": oid, "article_id": aid, "text": text, "kind": kind, "annotator": annotator}


def _link_order(link: dict) -> tuple[str, str]:
    return (link["claim_id"], link["annotator"])


def iter_claim_records(
    session: Session,
    claim_filter: ClaimFilter,
    split_of: Callable[..., str],  # (story id, article id) -> split
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
