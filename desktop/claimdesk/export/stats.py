"""What an export wrote, counted while it streams (for the dataset card and the CLI report).

Everything here is counters, except the ratings kept for the full agreement report, which are
capped at `RATINGS_LIMIT` claims so memory stays flat on any corpus; beyond the cap the card
falls back to the observed agreement accumulated here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain, groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from claimdesk.export.gold import ADJUDICATED
from claimdesk.export.splits import SPLITS

if TYPE_CHECKING:
    from claimdesk.export.rendered import Tally

RATINGS_LIMIT = 50_000
NO_GOLD = "(none)"

_SPLIT, _GOLD_LABEL, _GOLD_SOURCE, _GOLD_FLAG = map(
    itemgetter, ("split", "gold_label", "gold_source", "gold_flag")
)
_ANNOTATIONS, _LINKS, _PIPELINE = map(itemgetter, ("annotations", "links", "pipeline"))
_ARTICLE_ID, _STORY_ID = itemgetter("article_id"), itemgetter("story_id")
_ANNOTATOR, _KIND = itemgetter("annotator"), itemgetter("kind")


@dataclass
class ExportStats:
    records: int = 0
    by_split_label: Counter = field(default_factory=Counter)  # (split, label) -> records
    articles_by_split: Counter = field(default_factory=Counter)
    stories_by_split: dict[str, set[str]] = field(
        default_factory=lambda: {s: set() for s in SPLITS}
    )
    gold_sources: Counter = field(default_factory=Counter)
    gold_flags: Counter = field(default_factory=Counter)
    labels_by_annotator: Counter = field(default_factory=Counter)
    link_kinds: Counter = field(default_factory=Counter)
    pipelines: set[str] = field(default_factory=set)
    # mean over claims with >= 2 annotators of the share of agreeing annotator pairs, kept
    # exact (agreeing ordered pairs summed by number of annotators), so that counts taken in
    # chunks (export/parallel_jsonl.py) and merged give the figure claim by claim does
    agreeing_pairs: Counter = field(default_factory=Counter)  # n annotators -> sum c(c - 1)
    agreement_claims: int = 0
    ratings: dict[str, dict[str, str]] | None = field(default_factory=dict)
    adjudicated: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # format-specific remarks for the card
    _last_article: str | None = None
    _after_last_rating: int = 0  # records counted since the last one kept in `ratings`

    def add_record(self, record: dict) -> None:
        """Count one claim record (records.iter_record_windows)."""
        self.add_records((record,))

    def add_records(self, records) -> None:
        """Count claim records, in export order (grouped by article).

        A million records pass through here: each count is taken a column at a time with
        C-level tools (itemgetter, Counter.update, groupby) rather than field by field in a
        Python loop; only the agreement, which needs the labels, loops over the records."""
        records = records if isinstance(records, list | tuple) else list(records)
        self.records += len(records)
        splits = list(map(_SPLIT, records))
        labels = Counter(zip(splits, map(_GOLD_LABEL, records), strict=True))
        for (split, label), n in labels.items():
            self.by_split_label[(split, label or NO_GOLD)] += n
        for source, n in Counter(map(_GOLD_SOURCE, records)).items():
            self.gold_sources[source or NO_GOLD] += n
        flags = Counter(map(_GOLD_FLAG, records))
        flags.pop(None, None)
        self.gold_flags.update(flags)
        annotations = list(map(_ANNOTATIONS, records))
        self.labels_by_annotator.update(map(_ANNOTATOR, chain.from_iterable(annotations)))
        self.link_kinds.update(map(_KIND, chain.from_iterable(map(_LINKS, records))))
        self.pipelines.update(map(_PIPELINE, records))
        self._count_articles(
            zip(map(_ARTICLE_ID, records), splits, map(_STORY_ID, records), strict=True)
        )
        self._add_agreement(annotations)
        if self.ratings is not None:
            self._keep_ratings(
                (
                    record["id"],
                    {a["annotator"]: a["label"] for a in record["annotations"]},
                    record["gold_label"] if record["gold_source"] == ADJUDICATED else None,
                )
                for record in records
            )

    def add_tally(self, tally: Tally) -> None:
        """Count a window of records rendered by SQLite (export/rendered.py), tallied by
        (split, verdict, pipeline): the same counts, in the same first-seen order, as
        `add_records` gives for the same records as dicts (a key comes first in the tally
        exactly where its first record comes)."""
        agreeing_two = 0
        pairs = self.agreeing_pairs
        for (split, verdict, pipeline), n in tally.records.items():
            label, source, flag, _agreement, voters = verdict.gold
            self.records += n
            self.by_split_label[(split, label or NO_GOLD)] += n
            self.gold_sources[source or NO_GOLD] += n
            if flag is not None:
                self.gold_flags[flag] += n
            for annotator, _label in verdict.votes:
                self.labels_by_annotator[annotator] += n
            self.pipelines.add(pipeline)
            if voters == 2:
                agreeing_two += n * (verdict.votes[0][1] == verdict.votes[1][1])
                self.agreement_claims += n
            elif voters > 2:
                counts = Counter(vote for _annotator, vote in verdict.votes)
                pairs[voters] += n * sum(c * (c - 1) for c in counts.values())
                self.agreement_claims += n
        if agreeing_two:
            pairs[2] += 2 * agreeing_two
        self.link_kinds.update(tally.link_kinds)
        self._count_articles(tally.articles)
        if self.ratings is not None and tally.ratings is not None:
            self._keep_ratings(
                (
                    cid,
                    dict(verdict.votes),
                    verdict.gold[0] if verdict.gold[1] == ADJUDICATED else None,
                )
                for cid, verdict in tally.ratings
            )

    def _count_articles(self, claims: Iterable[tuple[str, str, str]]) -> None:
        """`claims`: (article id, split, story id) of counted records, in order (or one per
        run of an article's records)."""
        # claims arrive grouped by article: one group per article, the first of which may
        # continue the previous call's last article
        last_article = self._last_article
        articles_by_split, stories_by_split = self.articles_by_split, self.stories_by_split
        for (article_id, split, story_id), _ in groupby(claims):
            if article_id != last_article:
                last_article = article_id
                articles_by_split[split] += 1
                stories_by_split[split].add(story_id)
        self._last_article = last_article

    def _add_agreement(self, annotations: list[list[dict]]) -> None:
        agreeing_two = agreement_claims = 0
        pairs = self.agreeing_pairs
        for labels in annotations:
            n = len(labels)
            if n == 2:
                agreeing_two += labels[0]["label"] == labels[1]["label"]
                agreement_claims += 1
            elif n > 2:
                counts = Counter(a["label"] for a in labels)
                pairs[n] += sum(c * (c - 1) for c in counts.values())
                agreement_claims += 1
        if agreeing_two:
            pairs[2] += 2 * agreeing_two
        self.agreement_claims += agreement_claims

    def merge(self, other: ExportStats) -> None:
        """Add the counts of the records that follow this export's (the next chunk of whole
        articles): the same counts, in the same first-seen order, as counting them here."""
        self.records += other.records
        for mine, theirs in (
            (self.by_split_label, other.by_split_label),
            (self.articles_by_split, other.articles_by_split),
            (self.gold_sources, other.gold_sources),
            (self.gold_flags, other.gold_flags),
            (self.labels_by_annotator, other.labels_by_annotator),
            (self.link_kinds, other.link_kinds),
            (self.agreeing_pairs, other.agreeing_pairs),
        ):
            mine.update(theirs)
        for split, stories in other.stories_by_split.items():
            self.stories_by_split[split] |= stories
        self.pipelines |= other.pipelines
        self.agreement_claims += other.agreement_claims
        self._last_article = other._last_article or self._last_article
        if self.ratings is None or not other.records:
            return
        # as `_keep_ratings` does record by record: given up once a record comes while the
        # limit is held
        room = RATINGS_LIMIT - len(self.ratings)
        held = len(other.ratings) if other.ratings is not None else RATINGS_LIMIT + 1
        if held > room or (held == room and other._after_last_rating):
            self.ratings = None
            self.adjudicated.clear()
            return
        self.ratings.update(other.ratings)
        self.adjudicated.update(other.adjudicated)
        self._after_last_rating = other._after_last_rating

    def _keep_ratings(self, claims: Iterable[tuple[str, dict[str, str], str | None]]) -> None:
        """`claims`: (claim id, {annotator: label}, the adjudicated gold label or None), in
        export order (a lazy iterable: it is read only while the ratings are kept)."""
        ratings, adjudicated = self.ratings, self.adjudicated
        for cid, rated, adjudicated_label in claims:
            if len(ratings) >= RATINGS_LIMIT:
                self.ratings = None  # too big to hold: the card uses the streamed figure
                adjudicated.clear()
                return
            if rated:
                ratings[cid] = rated
                self._after_last_rating = 0
            else:
                self._after_last_rating += 1
            if adjudicated_label is not None:
                adjudicated[cid] = adjudicated_label

    def add_pair(self, split: str, label: str, story_id: str) -> None:
        self.records += 1
        self.by_split_label[(split, label)] += 1
        self.stories_by_split[split].add(story_id)

    def records_by_split(self) -> dict[str, int]:
        counts = dict.fromkeys(SPLITS, 0)
        for (split, _label), n in self.by_split_label.items():
            counts[split] += n
        return counts

    def story_count(self) -> int:
        return len(set().union(*self.stories_by_split.values()))

    @property
    def observed_agreement(self) -> float | None:
        if not self.agreement_claims:
            return None
        if set(self.agreeing_pairs) <= {2}:  # the usual case: an integer count of agreements
            return self.agreeing_pairs[2] / 2 / self.agreement_claims
        share = sum(
            (Fraction(pairs, n * (n - 1)) for n, pairs in self.agreeing_pairs.items()),
            Fraction(0),
        )
        return float(share / self.agreement_claims)

    @property
    def labels_seen(self) -> list[str]:
        return sorted({label for _split, label in self.by_split_label})

    def to_dict(self) -> dict:
        return {
            "records": self.records,
            "by_split": {
                split: {
                    label: self.by_split_label[(split, label)]
                    for label in self.labels_seen
                    if self.by_split_label[(split, label)]
                }
                for split in SPLITS
            },
            "stories_by_split": {s: len(ids) for s, ids in self.stories_by_split.items()},
            "articles_by_split": {s: self.articles_by_split[s] for s in SPLITS},
            "gold_sources": dict(self.gold_sources),
            "observed_agreement": self.observed_agreement,
            "notes": list(self.notes),
        }
