"""What an export wrote, counted while it streams (for the dataset card and the CLI report).

Everything here is counters, except the ratings kept for the full agreement report, which are
capped at `RATINGS_LIMIT` claims so memory stays flat on any corpus; beyond the cap the card
falls back to the observed agreement accumulated here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from claimdesk.export.records import ClaimItem
from claimdesk.export.splits import SPLITS

RATINGS_LIMIT = 50_000
NO_GOLD = "(none)"


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
    # mean over claims with >= 2 annotators of the share of agreeing annotator pairs
    agreement_sum: float = 0.0
    agreement_claims: int = 0
    ratings: dict[str, dict[str, str]] | None = field(default_factory=dict)
    adjudicated: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # format-specific remarks for the card
    _last_article: str | None = None

    def add_claim(self, item: ClaimItem) -> None:
        gold = item.gold
        self.records += 1
        self.by_split_label[(item.split, gold.label or NO_GOLD)] += 1
        if item.article.id != self._last_article:  # claims arrive grouped by article
            self._last_article = item.article.id
            self.articles_by_split[item.split] += 1
        self.stories_by_split[item.split].add(item.article.story_id)
        self.gold_sources[gold.source or NO_GOLD] += 1
        if gold.flag:
            self.gold_flags[gold.flag] += 1
        for annotation in item.annotations:
            self.labels_by_annotator[annotation.annotator] += 1
        for link in item.links:
            self.link_kinds[link.kind] += 1
        self.pipelines.add(item.pipeline)
        n = len(item.annotations)
        if n == 2:
            first, second = item.annotations
            self.agreement_sum += first.label == second.label
            self.agreement_claims += 1
        elif n > 2:
            counts = Counter(a.label for a in item.annotations)
            self.agreement_sum += sum(c * (c - 1) for c in counts.values()) / (n * (n - 1))
            self.agreement_claims += 1
        self._keep_ratings(item)

    def _keep_ratings(self, item: ClaimItem) -> None:
        if self.ratings is None:
            return
        if len(self.ratings) >= RATINGS_LIMIT:
            self.ratings = None  # too big to hold: the card uses the streamed figure
            self.adjudicated.clear()
            return
        if item.annotations:
            self.ratings[item.id] = {a.annotator: a.label for a in item.annotations}
        if item.adjudication is not None:
            self.adjudicated[item.id] = item.adjudication.label

    def add_pair(self, split: str, label: str, story_id: str) -> None:
        self.records += 1
        self.by_split_label[(split, label)] += 1
        self.stories_by_split[split].add(story_id)

    @property
    def observed_agreement(self) -> float | None:
        return self.agreement_sum / self.agreement_claims if self.agreement_claims else None

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
