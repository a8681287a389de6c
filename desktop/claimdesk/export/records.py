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

from claimdesk.errors import UsageError
from claimdesk.export.context import SentenceIndex
from claimdesk.export.gold import VERIFIED_SOURCES, Gold, gold_of
from claimdesk.store import export_rows
from claimdesk.store.export_rows import DONE, ExportChunk, Session

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
    return export_rows.resolve_stories(session, stories)


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
def iso_time(raw: str | datetime | None) -> str | None:
    """A label's time as ISO text: SQLite gives the stored text (made a datetime the way
    SQLAlchemy's SQLite DateTime does, fromisoformat), PostgreSQL a datetime. Label times
    often repeat (one import, one session), so most are found in the cache."""
    if raw is None:
        return None
    return (datetime.fromisoformat(raw) if raw.__class__ is str else raw).isoformat()


_BOOL = (False, True)  # a stored flag (0/1 on SQLite, a bool elsewhere) as a bool


def count_claims(session: Session, claim_filter: ClaimFilter) -> int:
    """The claims the export reads, kept or not: the total of its progress."""
    story_ids = resolve_stories(session, claim_filter.stories) if claim_filter.stories else None
    return export_rows.count_export_claims(session, story_ids)


_EMPTY: tuple = ()  # shared by every claim without labels or links (never mutated)


def iter_record_windows(
    session: Session,
    claim_filter: ClaimFilter,
    split_of: Callable[..., str],  # (story id, article id) -> split
    *,
    window: int = WINDOW,
    on_window: Callable[[int], None] | None = None,
    chunk: ExportChunk | None = None,
) -> Iterator[tuple[dict[str, ArticleInfo], list[dict]]]:
    """Every kept claim as its JSONL record (resources/export/claim_record.schema.json), a
    window at a time: (the window's articles by id, its records in export order); with
    `chunk`, those of one chunk's articles (export/parallel_jsonl.py).

    A merge scan: the claims, their articles, labels, adjudications and links (both
    directions) are each one ordered query, streamed side by side and advanced in lockstep
    with the claims.

    `on_window(claims_read_so_far)` runs after each window has been consumed; it may raise
    `ExportCancelled`. The records and their pieces are fresh per window: a consumer may keep
    them, and memory stays bounded by one window when it does not.
    """
    story_ids = resolve_stories(session, claim_filter.stories) if claim_filter.stories else None
    streams = export_rows.export_streams(
        session, story_ids, claim_filter.annotator, window=window, chunk=chunk
    )
    try:
        merge = _Merge(streams, claim_filter, split_of)
        yield from cut_windows(streams.claims, merge.add, merge.take_window, window, on_window)
    finally:
        streams.close()  # stops the read-ahead of every stream, whatever happened


def cut_windows(
    rows: Iterator[tuple],
    add: Callable[[tuple], None],
    take_window: Callable[[], tuple],
    window: int,
    on_window: Callable[[int], None] | None,
) -> Iterator[tuple]:
    """Rows handed to `add` one by one and cut into windows of `window` rows read (kept or
    not): `take_window()` is yielded after each, then `on_window(rows read so far)` runs."""
    read = 0
    for read, row in enumerate(rows, 1):
        add(row)
        if read % window == 0:
            yield take_window()
            if on_window is not None:
                on_window(read)
    if read % window:
        yield take_window()
        if on_window is not None:
            on_window(read)


class MergedStream:
    """One merged stream: the claim id of its next row, and a claim's rows taken in order.

    Every stream keeps the same claims in the same order, so a stream's next row belongs to
    the current claim exactly when the ids match (`DONE` matches none)."""

    __slots__ = ("claim", "_row", "_next")

    def __init__(self, next_row: Callable[[], tuple]):
        self._next = next_row
        self._row = next_row()
        self.claim = self._row[0]

    def take(self, cid: str) -> list[tuple]:
        rows = []
        row, next_row = self._row, self._next
        while row[0] == cid:
            rows.append(row)
            row = next_row()
        self._row, self.claim = row, row[0]
        return rows


class ArticleStream:
    """The articles stream, read up to the article of the current claim (its rows come in
    the claims' article order), each with what every claim of it repeats."""

    __slots__ = ("current", "_next", "_split_of")

    def __init__(self, next_row: Callable[[], tuple], split_of: Callable[..., str]):
        self._next, self._split_of = next_row, split_of
        self.current: ArticleInfo | None = None

    def advance_to(self, aid: str) -> ArticleInfo:
        row = self._next()
        while row[0] != aid:  # an article whose claims were all left out
            if row is DONE:
                raise RuntimeError(f"article {aid} of a claim not found in order")
            row = self._next()
        article = ArticleInfo(*row)
        article.split = self._split_of(article.story_id, aid)
        self.current = article
        return article


class _Merge:
    """The per-claim step of the merge scan: a claim row in, its record (or None) out.

    Each stream is advanced past the claim whether or not the claim is kept, so the streams
    stay in lockstep. The article's fields that every claim repeats are kept as one dict,
    copied into each record by a single dict merge."""

    def __init__(self, streams, claim_filter: ClaimFilter, split_of: Callable[..., str]):
        self.labels = MergedStream(streams.next_label)
        self.adjudications = MergedStream(streams.next_adjudication)
        self.links_a = MergedStream(streams.next_link_a)
        self.links_b = MergedStream(streams.next_link_b)
        self.articles = ArticleStream(streams.next_article, split_of)
        self.check_order = streams.check_label_order
        self.by_annotator = bool(claim_filter.annotator)
        self.gold_only = claim_filter.gold_only
        self.min_agreement = claim_filter.min_agreement
        self.filtered = self.gold_only or self.min_agreement is not None
        self.window_articles: dict[str, ArticleInfo] = {}
        self.records: list[dict] = []
        self.append = self.records.append
        self._article_id: str | None = None
        self._article: ArticleInfo | None = None

    def take_window(self) -> tuple[dict[str, ArticleInfo], list[dict]]:
        """The window so far; the next one starts empty (the current article enters it again
        with its next kept claim)."""
        taken = (self.window_articles, self.records)
        self.window_articles = {}
        self.records = []
        self.append = self.records.append
        self._article_id = None  # re-enters the current article into the new window's dict
        return taken

    def add(self, claim: tuple) -> None:
        record = self.record(claim)
        if record is not None:
            self.append(record)

    def record(self, claim: tuple) -> dict | None:
        cid, aid, start, end, text, speaker, reasons, pipeline, origin, active = claim
        annotations = votes = _EMPTY
        if self.labels.claim == cid:
            annotations, votes = self._annotations(cid)
        adjudicated = None
        if self.adjudications.claim == cid:
            adjudicated = self.adjudications.take(cid)[0]
        links = _EMPTY
        if self.links_a.claim == cid or self.links_b.claim == cid:
            links = links_of(cid, self.links_a, self.links_b)
        if not active or (self.by_annotator and not annotations):
            return None
        if adjudicated is None:
            gold, source, flag, agreement, n = gold_of(votes)
            adjudicator = adjudication_note = None
        else:
            gold, source, flag, agreement, n = gold_of(votes, adjudicated[1])
            adjudicator, adjudication_note = adjudicated[2], adjudicated[3]
        if self.filtered and not self._keeps(source, agreement):
            return None
        article = self._article if aid == self._article_id else self._article_of(aid)
        context_start, context_end = article.context(start, end)
        return {
            "id": cid,
            "text": text,
            "start": start,
            "end": end,
            "context": article.text[context_start:context_end],
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

    def _keeps(self, source: str | None, agreement: float | None) -> bool:
        if self.gold_only and source not in VERIFIED_SOURCES:
            return False
        minimum = self.min_agreement
        return minimum is None or (agreement is not None and agreement >= minimum)

    def _article_of(self, aid: str) -> ArticleInfo:
        """The claim's article, entered in the window's articles (the first claim of an
        article, or of a window)."""
        article = self._article
        if article is None or article.id != aid:
            article = self.articles.advance_to(aid)
        self._article_id, self._article = aid, article
        self.window_articles[aid] = article
        return article

    def _annotations(self, cid: str) -> tuple[list[dict], list[str]]:
        """The claim's label rows as the record's annotation dicts (by annotator), and the
        labels alone (the votes of the gold rule)."""
        rows = self.labels.take(cid)
        iso = iso_time
        annotations = [
            {
                "annotator": who,
                "label": value,
                "note": note,
                "stale": _BOOL[stale],
                "updated_at": iso(updated),
            }
            for _, who, value, note, stale, updated in rows
        ]
        if self.check_order and len(annotations) > 1 and not _by_annotator(annotations):
            annotations.sort(key=_annotator_of)
            return annotations, [annotation["label"] for annotation in annotations]
        return annotations, [row[2] for row in rows]


def links_of(cid: str, links_a: MergedStream, links_b: MergedStream) -> list[dict] | tuple:
    """The claim's links to active claims, taken from the streams of both directions, by
    (other claim, annotator)."""
    links = [
        _link_view(row)
        for stream in (links_a, links_b)
        for row in stream.take(cid)
        if row[4]  # the other claim is active
    ]
    if len(links) > 1:
        links.sort(key=_link_order)
    return links or _EMPTY


def _annotator_of(annotation: dict) -> str:
    return annotation["annotator"]


def _by_annotator(annotations: list[dict]) -> bool:
    # by code point, as SQLite's BINARY collation orders them (see ExportStreams); two labels
    # (the usual case) without a loop
    if len(annotations) == 2:
        return annotations[0]["annotator"] < annotations[1]["annotator"]
    names = [annotation["annotator"] for annotation in annotations]
    return names == sorted(names)


def _link_view(row) -> dict:
    # (own claim, other claim, its article, its text, its active flag, kind, annotator, own
    # article); the first and last are the stream's, not the link's
    _, oid, aid, text, _active, kind, annotator, _ = row
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
