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
from claimdesk.store.export_rows import DONE, Session

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
def _iso_of_text(raw: str) -> str:
    # what SQLAlchemy's SQLite DateTime does (fromisoformat), then isoformat: label times
    # often repeat (one import, one session), so most are found in the cache
    return datetime.fromisoformat(raw).isoformat()


def count_claims(session: Session, claim_filter: ClaimFilter) -> int:
    """Candidates before the label filters (for progress: an upper bound)."""
    story_ids = resolve_stories(session, claim_filter.stories) if claim_filter.stories else None
    return export_rows.count_export_claims(
        session,
        story_ids,
        claim_filter.annotator,
        labelled_only=claim_filter.gold_only or claim_filter.min_agreement is not None,
    )


_EMPTY: tuple = ()  # shared by every claim without labels or links (never mutated)


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
    story_ids = resolve_stories(session, claim_filter.stories) if claim_filter.stories else None
    streams = export_rows.export_streams(session, story_ids, claim_filter.annotator, window=window)
    next_article = streams.next_article
    next_label = streams.next_label
    next_adjudication = streams.next_adjudication
    next_link_a = streams.next_link_a
    next_link_b = streams.next_link_b
    label = next_label()
    adjudication = next_adjudication()
    link_a = next_link_a()
    link_b = next_link_b()
    label_claim, adjudication_claim = label[0], adjudication[0]
    link_a_claim, link_b_claim = link_a[0], link_b[0]

    check_order = streams.check_label_order
    annotator_filter = claim_filter.annotator
    gold_only = claim_filter.gold_only
    min_agreement = claim_filter.min_agreement
    iso = _iso_of_text
    decode_reasons = reasons_of
    articles: dict[str, ArticleInfo] = {}
    records: list[dict] = []
    append = records.append
    article_id = article = None
    read = 0
    in_window = 0
    for cid, aid, start, end, text, speaker, reasons, pipeline, origin, active in streams.claims:
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
            if check_order and len(annotations) > 1 and not _by_annotator(annotations):
                annotations.sort(key=_annotator_of)
                votes = [annotation["label"] for annotation in annotations]
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
                if row is DONE:
                    raise RuntimeError(f"article {aid} of a claim not found in order")
                row = next_article()
            article = ArticleInfo(*row)
            article.split = split = split_of(article.story_id, aid)
            articles[aid] = article
            article_text = article.text
            context = article.context
            title, source_name, url = article.title, article.source, article.url
            date, story_id, story_name = article.date, article.story_id, article.story_name
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
                "reasons": decode_reasons(reasons),
                "pipeline": pipeline,
                "origin": origin,
                "article_id": aid,
                "article_title": title,
                "article_source": source_name,
                "article_url": url,
                "article_date": date,
                "story_id": story_id,
                "story_name": story_name,
                "gold_label": gold,
                "gold_source": source,
                "gold_flag": flag,
                "adjudicator": adjudicator,
                "adjudication_note": adjudication_note,
                "agreement": agreement,
                "n_annotators": n,
                "annotations": annotations,
                "links": links,
                "split": split,
            }
        )
    if in_window:
        yield articles, records
        if on_window is not None:
            on_window(read)


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
