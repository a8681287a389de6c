"""JSON Lines of claim records whose JSON SQLite writes itself, for the JSONL export.

Building each record as a dict and encoding it costs several times what a plain `json.dumps`
loop spends per row. On SQLite the claims query renders most of a record as JSON text in C
(`export_rows.export_streams(rendered=True)`): the claim's own fields and the array of its
annotations. What is left here is cheap per claim, because it repeats: the article's fields
(once per article), the gold fields (once per distinct set of votes and adjudication: a few
dozen in a corpus), reasons, pipeline and origin (a few distinct), the context (two
bisections) and the links (one claim in ten). Each line is the concatenation of those JSON
pieces, key for key the bytes `orjson.dumps(record)` writes for the record
`records.iter_record_windows` builds; the export tests compare the two on tricky data.

The counts of the dataset card come as a `Tally` per window (see `ExportStats.add_tally`):
records counted by (split, verdict, pipeline) rather than one dict each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import orjson

from claimdesk.export.gold import VERIFIED_SOURCES, gold_of
from claimdesk.export.records import (
    WINDOW,
    ArticleInfo,
    ArticleStream,
    ClaimFilter,
    MergedStream,
    cut_windows,
    iso_time,
    links_of,
    reasons_of,
    resolve_stories,
)
from claimdesk.store import export_rows
from claimdesk.store.export_rows import VOTES_END, Session

_dumps = orjson.dumps


@dataclass(frozen=True, slots=True, eq=False)
class Verdict:
    """What a claim's votes and adjudication decide, with its JSON: one per distinct
    combination, shared by every claim that has it (compared by identity: a tally key per
    claim hashes it, and a dataclass's field-by-field hash costs more than the rest)."""

    fields: str  # "gold_label":…,"n_annotators":n (the record's gold fields as JSON)
    votes: tuple[tuple[str, str], ...]  # (annotator, label), by annotator
    gold: tuple  # gold_of's (label, source, flag, agreement, n)
    # the annotations' JSON needs fixing here: a label time stored in another form, or the
    # labels not by annotator
    fix_annotations: bool


@lru_cache(maxsize=8192)
def verdict_of(votes: str, adjudication: tuple | None) -> Verdict:
    """`votes`: the packed votes of `export_rows._rendered_claims` (without the annotations);
    `adjudication`: (label, adjudicator, note) or None."""
    odd_time = votes[:1] == "1"
    pairs = tuple(map(tuple, orjson.loads(votes[1:]))) if votes else ()
    in_order = list(pairs) == sorted(pairs, key=_first)
    if not in_order:
        pairs = tuple(sorted(pairs, key=_first))
    labels = [label for _, label in pairs]
    if adjudication is None:
        gold = gold_of(labels)
        adjudicator = note = None
    else:
        gold = gold_of(labels, adjudication[0])
        adjudicator, note = adjudication[1], adjudication[2]
    label, source, flag, agreement, n = gold
    fields = _dumps(
        {
            "gold_label": label,
            "gold_source": source,
            "gold_flag": flag,
            "adjudicator": adjudicator,
            "adjudication_note": note,
            "agreement": agreement,
            "n_annotators": n,
        }
    ).decode()[1:-1]
    return Verdict(fields, pairs, gold, odd_time or not in_order)


def _first(pair: tuple[str, str]) -> str:
    return pair[0]


NO_VOTES = ""  # the packed votes of a claim without labels


@lru_cache(maxsize=1024)
def _claim_fields(reasons, pipeline: str, origin: str) -> str:
    """ "reasons":[…],"pipeline":…,"origin":… (few distinct values in a corpus)."""
    return _dumps(
        {"reasons": reasons_of(reasons), "pipeline": pipeline, "origin": origin}
    ).decode()[1:-1]


def _fixed_annotations(annotations: str) -> str:
    """The annotations as the record has them: times made ISO, by annotator (rare)."""
    parsed = orjson.loads(annotations)
    for annotation in parsed:
        annotation["updated_at"] = iso_time(annotation["updated_at"])
    parsed.sort(key=lambda annotation: annotation["annotator"])
    return _dumps(parsed).decode()


@dataclass
class Tally:
    """What the card counts of a window's records (`ExportStats.add_tally`)."""

    records: Counter = field(default_factory=Counter)  # (split, Verdict, pipeline) -> n
    articles: list[tuple[str, str, str]] = field(default_factory=list)  # (id, split, story)
    link_kinds: list[str] = field(default_factory=list)
    # (claim id, verdict) in export order, while the card still keeps each claim's ratings
    ratings: list[tuple[str, Verdict]] | None = field(default_factory=list)


@dataclass
class _Article:
    info: ArticleInfo
    fields: str  # "article_id":…,"story_name":… (the record's article fields as JSON)
    split: str  # as JSON


def _article_of(info: ArticleInfo) -> _Article:
    fields = _dumps(
        {
            "article_id": info.id,
            "article_title": info.title,
            "article_source": info.source,
            "article_url": info.url,
            "article_date": info.date,
            "story_id": info.story_id,
            "story_name": info.story_name,
        }
    ).decode()[1:-1]
    return _Article(info, fields, _dumps(info.split).decode())


def iter_rendered_windows(
    session: Session,
    claim_filter: ClaimFilter,
    split_of: Callable[..., str],
    *,
    keep_ratings: bool,
    window: int = WINDOW,
    on_window: Callable[[int], None] | None = None,
    chunk: export_rows.ExportChunk | None = None,
) -> Iterator[tuple[list[str], Tally]]:
    """The JSON Lines of every kept claim (each line ending in a newline), a window of
    `window` claims read at a time, with the window's `Tally`; as `records.
    iter_record_windows` (same claims, order, filters and progress), on SQLite only
    (`export_rows.can_render`). `keep_ratings`: whether the tallies list each claim's votes
    for the card's ratings (`ExportStats.ratings` not given up)."""
    story_ids = resolve_stories(session, claim_filter.stories) if claim_filter.stories else None
    streams = export_rows.export_streams(
        session, story_ids, claim_filter.annotator, window=window, chunk=chunk, rendered=True
    )
    try:
        merge = _RenderedMerge(streams, claim_filter, split_of, keep_ratings)
        yield from cut_windows(streams.claims, merge.add, merge.take_window, window, on_window)
    finally:
        streams.close()


class _RenderedMerge:
    """The per-claim step: a rendered claim row in, its JSON line (when kept) appended."""

    def __init__(self, streams, claim_filter: ClaimFilter, split_of, keep_ratings: bool):
        self.adjudications = MergedStream(streams.next_adjudication)
        self.links_a = MergedStream(streams.next_link_a)
        self.links_b = MergedStream(streams.next_link_b)
        self.articles = ArticleStream(streams.next_article, split_of)
        self.by_annotator = bool(claim_filter.annotator)
        self.gold_only = claim_filter.gold_only
        self.min_agreement = claim_filter.min_agreement
        self.filtered = self.gold_only or self.min_agreement is not None
        self.keep_ratings = keep_ratings
        self.article: _Article | None = None
        self._new_window()

    def _new_window(self) -> None:
        self.lines: list[str] = []
        self.tally = Tally(ratings=[] if self.keep_ratings else None)
        self.counted_article: str | None = None  # the article last entered in the tally

    def take_window(self) -> tuple[list[str], Tally]:
        taken = (self.lines, self.tally)
        self._new_window()
        return taken

    def add(self, row: tuple) -> None:
        cid, aid, start, end, active, head, speaker, reasons, pipeline, origin, labels = row
        adjudication = None
        if self.adjudications.claim == cid:
            adjudication = self.adjudications.take(cid)[0][1:4]
        links = None
        if self.links_a.claim == cid or self.links_b.claim == cid:
            links = links_of(cid, self.links_a, self.links_b)
        if not active or (self.by_annotator and labels is None):
            return
        if labels is None:
            votes, annotations = NO_VOTES, "[]"
        else:
            votes, _, annotations = labels.partition(VOTES_END)
        verdict = verdict_of(votes, adjudication)
        if self.filtered and not self._keeps(verdict.gold):
            return
        if verdict.fix_annotations:
            annotations = _fixed_annotations(annotations)
        article = self.article
        if article is None or article.info.id != aid:
            article = self.article = _article_of(self.articles.advance_to(aid))
        info = article.info
        context_start, context_end = info.context(start, end)
        tally = self.tally
        if self.counted_article != aid:
            self.counted_article = aid
            tally.articles.append((aid, info.split, info.story_id))
        tally.records[(info.split, verdict, pipeline)] += 1
        if links:
            tally.link_kinds.extend(link["kind"] for link in links)
            links_json = _dumps(links).decode()
        else:
            links_json = "[]"
        if tally.ratings is not None:
            tally.ratings.append((cid, verdict))
        self.lines.append(
            f'{head[:-1]},"context":{_dumps(info.text[context_start:context_end]).decode()},'
            f'"context_start":{context_start},"context_end":{context_end},'
            f'"speaker":{speaker},{_claim_fields(reasons, pipeline, origin)},{article.fields},'
            f'{verdict.fields},"annotations":{annotations},"links":{links_json},'
            f'"split":{article.split}}}\n'
        )

    def _keeps(self, gold: tuple) -> bool:
        _label, source, _flag, agreement, _n = gold
        if self.gold_only and source not in VERIFIED_SOURCES:
            return False
        minimum = self.min_agreement
        return minimum is None or (agreement is not None and agreement >= minimum)
