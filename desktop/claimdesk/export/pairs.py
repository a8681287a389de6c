"""Claim pairs for natural-language inference, from the annotators' links.

A pair is one (claim_a, claim_b) with claim_a < claim_b, as links are stored. Every annotator
who linked it is listed in `annotators`; the pair's label is `entailment` when they all said
`agree`, `contradiction` when they all said `conflict`. Pairs the annotators disagree on are
left out and counted (a disputed pair is not a trustworthy training example).

Neutral pairs, when asked for, are sampled from claim pairs of the same story, in different
articles, that nobody linked. Sampling is deterministic: every candidate pair gets a hash of
(seed, claim_a, claim_b) and the N smallest hashes win, so the sample does not depend on query
order and grows stably with N. Candidates are enumerated story by story (quadratic in a story's
claims, linear in the number of stories) with a heap of N, so memory is bounded by the largest
story plus N.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Iterator
from itertools import groupby

from claimdesk.domain.labels import LinkKind
from claimdesk.export.records import ClaimFilter, resolve_stories
from claimdesk.export.stats import ExportStats
from claimdesk.store import export_rows
from claimdesk.store.export_rows import Session

ENTAILMENT, CONTRADICTION, NEUTRAL = "entailment", "contradiction", "neutral"
_LABEL_OF_KIND = {LinkKind.AGREE.value: ENTAILMENT, LinkKind.CONFLICT.value: CONTRADICTION}
WINDOW = 1000


def pair_id(claim_a: str, claim_b: str) -> str:
    return "p" + hashlib.sha256(f"{claim_a}\x1f{claim_b}".encode()).hexdigest()[:16]


def _story_ids(session: Session, claim_filter: ClaimFilter) -> list[str] | None:
    return resolve_stories(session, claim_filter.stories) if claim_filter.stories else None


def linked_pairs(
    session: Session,
    claim_filter: ClaimFilter,
    split_of: Callable[..., str],  # (story id, article id) -> split
    stats: ExportStats,
) -> Iterator[dict]:
    rows = export_rows.linked_pair_rows(
        session, _story_ids(session, claim_filter), claim_filter.annotator, window=WINDOW
    )
    disputed = 0
    for (claim_a, claim_b), group in groupby(rows, key=lambda row: (row[0], row[1])):
        group = list(group)  # the annotators of one pair
        kinds = {row[3] for row in group}
        if len(kinds) > 1:
            disputed += 1
            continue
        _a, _b, _who, kind, text_a, article_a, text_b, article_b, story = group[0]
        label = _LABEL_OF_KIND[kind]
        split = split_of(story, article_a)  # by article: the premise's article decides
        stats.add_pair(split, label, story)
        yield {
            "id": pair_id(claim_a, claim_b),
            "premise": text_a,
            "hypothesis": text_b,
            "label": label,
            "claim_a": claim_a,
            "claim_b": claim_b,
            "article_a": article_a,
            "article_b": article_b,
            "story_id": story,
            "annotators": [{"annotator": row[2], "kind": row[3]} for row in group],
            "source": "link",
            "split": split,
        }
    if disputed:
        stats.notes.append(
            f"{disputed} linked pair(s) left out: annotators disagree on agree vs conflict"
        )


def _score(seed: int, claim_a: str, claim_b: str) -> int:
    digest = hashlib.blake2b(f"{seed}\x1f{claim_a}\x1f{claim_b}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big")


def neutral_pairs(
    session: Session,
    claim_filter: ClaimFilter,
    split_of: Callable[..., str],  # (story id, article id) -> split
    stats: ExportStats,
    *,
    count: int,
    seed: int,
) -> Iterator[dict]:
    if count <= 0:
        return
    story_ids = _story_ids(session, claim_filter)
    heap: list[tuple[int, str, str, str]] = []  # max-heap of the N smallest: (-score, a, b, story)
    for story in export_rows.stories_with_articles(session, story_ids):
        claims = export_rows.story_claims(session, story)
        if len({article for _cid, article in claims}) < 2:
            continue
        linked = export_rows.story_links(session, story)
        for i, (claim_a, article_a) in enumerate(claims):
            for claim_b, article_b in claims[i + 1 :]:
                if article_a == article_b or (claim_a, claim_b) in linked:
                    continue
                entry = (-_score(seed, claim_a, claim_b), claim_a, claim_b, story)
                if len(heap) < count:
                    heapq.heappush(heap, entry)
                elif entry > heap[0]:
                    heapq.heapreplace(heap, entry)
    chosen = sorted((story, a, b) for _score_, a, b, story in heap)
    if len(chosen) < count:
        stats.notes.append(
            f"{count} neutral pair(s) asked for, {len(chosen)} unlinked pair(s) available"
        )
    for start in range(0, len(chosen), WINDOW):
        window = chosen[start : start + WINDOW]
        wanted = {cid for _story, a, b in window for cid in (a, b)}
        claims = export_rows.claim_texts(session, wanted)
        for story, claim_a, claim_b in window:
            split = split_of(story, claims[claim_a][1])
            stats.add_pair(split, NEUTRAL, story)
            yield {
                "id": pair_id(claim_a, claim_b),
                "premise": claims[claim_a][0],
                "hypothesis": claims[claim_b][0],
                "label": NEUTRAL,
                "claim_a": claim_a,
                "claim_b": claim_b,
                "article_a": claims[claim_a][1],
                "article_b": claims[claim_b][1],
                "story_id": story,
                "annotators": [],
                "source": "sampled",
                "split": split,
            }
