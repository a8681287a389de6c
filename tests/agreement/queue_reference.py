"""The disagreement queue as it was first written: a per-claim Python loop over a link index.

Kept only to cross-check ``claimdesk.agreement.disagreements`` (which is vectorised) on random
ratings and links: both must return equal queues, item for item.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from claimdesk.agreement.data import (
    MISSING,
    Annotator,
    EncodedRatings,
    LabelValue,
    Link,
    Links,
    Ratings,
    StoryId,
    StoryOf,
    encode_ratings,
    normalise_link,
    stable_sorted,
)
from claimdesk.agreement.queue import Disagreement, DisagreementKind


def _links_touching(encoded: EncodedRatings, links: Links) -> dict[int, dict[int, set[Link]]]:
    """Row -> annotator column -> that annotator's links touching the claim of that row."""
    column_of = {annotator: index for index, annotator in enumerate(encoded.annotators)}
    row_of = encoded.row_of
    touching: dict[int, dict[int, set[Link]]] = {}
    for annotator, annotator_links in links.items():
        column = column_of.get(annotator)
        if column is None:  # links from someone who labelled nothing: nothing to compare
            continue
        for raw_link in annotator_links:
            link = normalise_link(raw_link)
            for claim in link[:2]:
                row = row_of.get(claim)
                if row is not None:
                    touching.setdefault(row, {}).setdefault(column, set()).add(link)
    return touching


class _QueueBuilder:
    """Finds and builds the queue's entries from the encoded ratings and the link index.

    The per-claim work touches a few cells at a time, where numpy's per-call overhead would
    dominate, so the code matrix is read into Python lists once, with each claim's labelled
    annotators as a bit mask (bit j = annotator column j labelled it).
    """

    def __init__(self, encoded: EncodedRatings, links: Links):
        self.encoded = encoded
        self.code_rows: list[list[int]] = encoded.codes.tolist()
        bits = np.left_shift(1, np.arange(len(encoded.annotators), dtype=np.int64))
        self.labelled_mask: list[int] = ((encoded.codes != MISSING) @ bits).tolist()
        self.touching = _links_touching(encoded, links)
        # Label pairs are reported in sorted label order; rank the codes by it once.
        by_value = stable_sorted(range(len(encoded.categories)), key=encoded.categories.__getitem__)
        self.label_rank = {code: rank for rank, code in enumerate(by_value)}

    def labelled_columns(self, row: int) -> list[int]:
        return [column for column, code in enumerate(self.code_rows[row]) if code != MISSING]

    def link_disagreements(self, pairable: np.ndarray) -> dict[int, set[int]]:
        """Row -> annotator columns involved in a link disagreement on that claim."""
        found: dict[int, set[int]] = {}
        for row, per_column in self.touching.items():
            if pairable[row]:
                involved = self._link_involved(row, per_column)
                if involved:
                    found[row] = involved
        return found

    def _link_involved(self, row: int, per_column: dict[int, set[Link]]) -> set[int]:
        """Annotator columns whose links on this claim differ from another labeller's."""
        columns = self.labelled_columns(row)
        link_sets = [per_column.get(column, set()) for column in columns]
        if all(found == link_sets[0] for found in link_sets[1:]):
            return set()  # identical sets stay identical under any restriction
        claim = self.encoded.claims[row]
        row_of, labelled_mask = self.encoded.row_of, self.labelled_mask
        # Who labelled the other claim of each link (0 if nobody did).
        other_mask = {
            link: labelled_mask[row_of[other]] if other in row_of else 0
            for found in link_sets
            for link in found
            for other in (link[1] if link[0] == claim else link[0],)
        }
        involved: set[int] = set()
        for (first, first_links), (second, second_links) in combinations(
            zip(columns, link_sets, strict=True), 2
        ):
            # Compare only links whose other claim both annotators labelled.
            both = (1 << first) | (1 << second)
            first_shared = {link for link in first_links if other_mask[link] & both == both}
            second_shared = {link for link in second_links if other_mask[link] & both == both}
            if first_shared != second_shared:
                involved.update((first, second))
        return involved

    def entry(self, row: int, labels_differ: bool, link_columns: set[int] | None) -> Disagreement:
        encoded, annotators, categories = (
            self.encoded,
            self.encoded.annotators,
            self.encoded.categories,
        )
        codes = self.code_rows[row]
        columns = self.labelled_columns(row)
        if labels_differ and link_columns:
            kind = DisagreementKind.BOTH
        elif labels_differ:
            kind = DisagreementKind.LABEL
        else:
            kind = DisagreementKind.LINKS
        distinct = sorted({codes[column] for column in columns}, key=self.label_rank.__getitem__)
        involved = set(columns) if labels_differ else set()
        involved |= link_columns or set()
        per_column = self.touching.get(row)
        return Disagreement(
            claim=encoded.claims[row],
            story=encoded.stories[encoded.story_codes[row]],
            kind=kind,
            labels={annotators[column]: categories[codes[column]] for column in columns},
            label_pairs=tuple(
                (categories[low], categories[high]) for low, high in combinations(distinct, 2)
            ),
            links={
                annotators[column]: _sorted_links(per_column.get(column) if per_column else None)
                for column in columns
            },
            annotators=tuple(annotators[column] for column in sorted(involved)),
        )


def _sorted_links(links: set[Link] | None) -> tuple[Link, ...]:
    return tuple(stable_sorted(links)) if links else ()


def reference_disagreements(
    ratings: Ratings,
    links: Links | None = None,
    story_of: StoryOf | None = None,
    *,
    story: StoryId | None = None,
    annotator: Annotator | None = None,
    label_pair: tuple[LabelValue, LabelValue] | None = None,
) -> list[Disagreement]:
    """The disagreement queue, sorted by story then claim id.

    Filters (all optional, combined with "and"): ``story`` keeps one story (``None`` means
    "no filter", not "claims without a story"); ``annotator`` keeps claims where that
    annotator is involved in the disagreement; ``label_pair`` (in either order) keeps claims
    where those two labels were both given.
    """
    encoded = encode_ratings(ratings, story_of=story_of)
    counts = encoded.counts
    pairable = counts.sum(axis=1) >= 2
    label_rows = pairable & ((counts > 0).sum(axis=1) >= 2)
    builder = _QueueBuilder(encoded, links or {})
    link_involved = builder.link_disagreements(pairable)

    candidate = label_rows.copy()
    candidate[list(link_involved)] = True
    if story is not None:
        if story not in encoded.stories:
            return []
        candidate &= encoded.story_codes == encoded.stories.index(story)
    rows = np.flatnonzero(candidate)  # in claim order; a stable sort by story keeps it within
    rows = rows[np.argsort(encoded.story_codes[rows], kind="stable")]

    # Compared as sets, so that the caller may name the two labels in either order.
    wanted_pair = frozenset(label_pair) if label_pair is not None else None
    queue = []
    for row in rows.tolist():
        item = builder.entry(row, bool(label_rows[row]), link_involved.get(row))
        if annotator is not None and annotator not in item.annotators:
            continue
        if wanted_pair is not None and wanted_pair not in map(frozenset, item.label_pairs):
            continue
        queue.append(item)
    return queue
