"""What an export wrote, counted while it streams (for the dataset card and the CLI report).

Everything here is counters, except the ratings kept for the full agreement report, which are
capped at `RATINGS_LIMIT` claims so memory stays flat on any corpus; beyond the cap the card
falls back to the observed agreement accumulated here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from claimdesk.export.gold import ADJUDICATED
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

    def add_record(self, record: dict) -> None:
        """Count one claim record (records.iter_record_windows)."""
        self.add_records((record,))

    def add_records(self, records) -> None:
        """Count claim records, in export order (grouped by article)."""
        self.records += len(records)
        by_split_label = self.by_split_label
        articles_by_split = self.articles_by_split
        stories_by_split = self.stories_by_split
        gold_sources = self.gold_sources
        gold_flags = self.gold_flags
        labels_by_annotator = self.labels_by_annotator
        link_kinds = self.link_kinds
        pipelines = self.pipelines
        last_article = self._last_article
        # summed in the same order as claim by claim: the card's figure does not move
        agreement_sum = self.agreement_sum
        agreement_claims = self.agreement_claims
        for record in records:
            split = record["split"]
            by_split_label[(split, record["gold_label"] or NO_GOLD)] += 1
            article_id = record["article_id"]
            if article_id != last_article:  # claims arrive grouped by article
                last_article = article_id
                articles_by_split[split] += 1
                stories_by_split[split].add(record["story_id"])
            gold_sources[record["gold_source"] or NO_GOLD] += 1
            flag = record["gold_flag"]
            if flag:
                gold_flags[flag] += 1
            annotations = record["annotations"]
            for annotation in annotations:
                labels_by_annotator[annotation["annotator"]] += 1
            for link in record["links"]:
                link_kinds[link["kind"]] += 1
            pipelines.add(record["pipeline"])
            n = len(annotations)
            if n == 2:
                agreement_sum += annotations[0]["label"] == annotations[1]["label"]
                agreement_claims += 1
            elif n > 2:
                counts = Counter(a["label"] for a in annotations)
                agreement_sum += sum(c * (c - 1) for c in counts.values()) / (n * (n - 1))
                agreement_claims += 1
        self._last_article = last_article
        self.agreement_sum = agreement_sum
        self.agreement_claims = agreement_claims
        if self.ratings is not None:
            self._keep_ratings(records)

    def _keep_ratings(self, records) -> None:
        ratings, adjudicated = self.ratings, self.adjudicated
        for record in records:
            if len(ratings) >= RATINGS_LIMIT:
                self.ratings = None  # too big to hold: the card uses the streamed figure
                adjudicated.clear()
                return
            annotations = record["annotations"]
            if annotations:
                ratings[record["id"]] = {a["annotator"]: a["label"] for a in annotations}
            if record["gold_source"] == ADJUDICATED:
                adjudicated[record["id"]] = record["gold_label"]

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
