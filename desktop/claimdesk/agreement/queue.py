"""The disagreement queue: the claims a lead annotator should adjudicate.

A claim is in the queue when two or more annotators labelled it and

- their labels differ (kind ``label``), or
- their links touching the claim differ (kind ``links``), comparing, for each pair of those
  annotators, only links whose other claim both of them labelled (as ``links.py`` does: a
  link to a claim the other annotator has not reached is unfinished work), or
- both (kind ``both``).

The queue is sorted by story, then claim id, so that it reads the same on every machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations, count, repeat
from operator import itemgetter

import numpy as np

from claimdesk.agreement.data import (
    MISSING,
    Annotator,
    ClaimId,
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
from claimdesk.agreement.results import to_jsonable

LabelPair = tuple[LabelValue, LabelValue]


class DisagreementKind(StrEnum):
    LABEL = "label"
    LINKS = "links"
    BOTH = "both"


@dataclass(frozen=True, slots=True)  # slots: the queue can hold tens of thousands
class Disagreement:
    """One claim to adjudicate.

    ``labels`` and ``links`` are keyed by the annotators who labelled the claim (in annotator
    order); ``links`` holds every link of theirs touching the claim, sorted. ``label_pairs``
    holds each pair of different labels given to it, each pair sorted, e.g.
    ``("contradicted", "corroborated")``. ``annotators`` names those involved in a
    disagreement (for a label disagreement, everyone who labelled the claim).
    """

    claim: ClaimId
    story: StoryId | None
    kind: DisagreementKind
    labels: Mapping[Annotator, LabelValue]
    label_pairs: tuple[LabelPair, ...]
    links: Mapping[Annotator, tuple[Link, ...]]
    annotators: tuple[Annotator, ...]

    def to_dict(self) -> dict:
        return to_jsonable(self)


def _number_unlabelled(ends: tuple[tuple[np.ndarray, list], ...], n_claims: int) -> int:
    """Give the claims only links mention (-1 in the id arrays) ids from ``n_claims`` up, one
    per claim, in place; returns how many there are (usually few: a pass over those alone)."""
    missing = [(ids, np.flatnonzero(ids < 0), claims) for ids, claims in ends]
    names = {claims[k] for _, at, claims in missing for k in at.tolist()}
    if not names:
        return 0
    number = dict(zip(stable_sorted(names), count(n_claims)))
    for ids, at, claims in missing:
        ids[at] = [number[claims[k]] for k in at.tolist()]
    return len(number)


class _LinkIndex:
    """Every annotator's links as "half-links", one per end that is a labelled claim.

    Claims get integer ids: the row of ``codes`` for labelled claims, ids from ``n_claims`` up
    for claims only links mention. A half-link is ``(row, other, kind, column)``: annotator
    ``column`` linked the claim of ``row`` to claim ``other`` with ``kind``. Duplicates (the
    same link written in both claim orders) are dropped, so a half-link stands for exactly one
    link: ``normalise_link(links[link[i]])`` is the normalised link of half-link ``i`` (a
    half-link has no orientation, so a link is normalised only when it is shown).
    """

    def __init__(self, encoded: EncodedRatings, links: Links):
        n_claims = encoded.n_claims
        column_of = {annotator: index for index, annotator in enumerate(encoded.annotators)}
        self.links: list[Link] = []
        columns: list[int] = []
        for annotator, annotator_links in links.items():
            column = column_of.get(annotator)
            if column is None:  # links from someone who labelled nothing: nothing to compare
                continue
            columns += [column] * len(annotator_links)
            self.links += annotator_links
        # Integer ids, a column at a time (no Python step per link): rows for labelled claims,
        # ids from n_claims up for the claims only links mention.
        n_links = len(self.links)
        firsts = list(map(itemgetter(0), self.links))
        seconds = list(map(itemgetter(1), self.links))
        row_of = encoded.row_of
        first = np.fromiter(map(row_of.get, firsts, repeat(-1)), dtype=np.int64, count=n_links)
        second = np.fromiter(map(row_of.get, seconds, repeat(-1)), dtype=np.int64, count=n_links)
        n_ids = n_claims + _number_unlabelled(((first, firsts), (second, seconds)), n_claims)
        kind_values = list(map(itemgetter(2), self.links))
        kinds = {kind: index for index, kind in enumerate(dict.fromkeys(kind_values))}
        kind = np.fromiter(map(kinds.__getitem__, kind_values), dtype=np.int64, count=n_links)
        column = np.asarray(columns, dtype=np.int64)
        link = np.arange(len(first), dtype=np.int64)
        # Both ends of every link, keeping the ends that are labelled claims.
        row = np.concatenate([first, second])
        other = np.concatenate([second, first])
        kind, column, link = (np.concatenate([values, values]) for values in (kind, column, link))
        keep = row < n_claims
        row, other, kind, column, link = (
            values[keep] for values in (row, other, kind, column, link)
        )
        # One key per (column, row, other, kind); unique keys drop the duplicates and sort the
        # half-links by column, then row.
        n_ids, n_kinds = max(n_ids, 1), max(len(kinds), 1)
        self.key_base = n_ids * n_kinds  # key // key_base = column * n_claims + row
        key = ((column * n_claims + row) * n_ids + other) * n_kinds + kind
        key, first_index = np.unique(key, return_index=True)
        self.n_claims = n_claims
        self.key = key
        self.row = row[first_index]
        self.other = other[first_index]
        self.column = column[first_index]
        self.link = link[first_index]

    def involved(self, labelled: np.ndarray) -> np.ndarray:
        """(claims x annotators) bool: annotator j's links on claim i differ from another
        labeller's, comparing for each pair of annotators who labelled the claim only the
        links whose other claim both of them labelled."""
        n_claims, n_annotators = labelled.shape
        involved = np.zeros_like(labelled)
        if len(self.key) == 0:
            return involved
        # Who labelled each claim id; nobody for the claims only links mention.
        labelled_ids = np.zeros((max(int(self.other.max()) + 1, n_claims), n_annotators), bool)
        labelled_ids[:n_claims] = labelled
        at_row, at_other = labelled_ids[self.row], labelled_ids[self.other]
        within = self.key % (self.key_base * n_claims)  # the key without the column
        for first, second in combinations(range(n_annotators), 2):
            shared = at_row[:, first] & at_row[:, second] & at_other[:, first] & at_other[:, second]
            first_keys = within[shared & (self.column == first)]
            second_keys = within[shared & (self.column == second)]
            differing = np.setxor1d(first_keys, second_keys, assume_unique=True)
            rows = differing // self.key_base
            involved[rows, first] = True
            involved[rows, second] = True
        return involved

    def touching(self, rows: np.ndarray, labelled: np.ndarray) -> dict[int, dict[int, list]]:
        """Row -> annotator column -> that annotator's links touching the claim, for the
        given rows and the annotators who labelled them."""
        wanted = np.zeros(self.n_claims, dtype=bool)
        wanted[rows] = True
        keep = wanted[self.row] & labelled[self.row, self.column]
        found: dict[int, dict[int, list]] = {}
        links = self.links
        for row, column, index in zip(
            self.row[keep].tolist(),
            self.column[keep].tolist(),
            self.link[keep].tolist(),
            strict=True,
        ):
            per_column = found.get(row)
            if per_column is None:
                per_column = found[row] = {}
            group = per_column.get(column)
            if group is None:
                per_column[column] = [normalise_link(links[index])]
            else:
                group.append(normalise_link(links[index]))
        return found


def _sorted_links(links: list[Link]) -> tuple[Link, ...]:
    return (links[0],) if len(links) == 1 else tuple(stable_sorted(links))


@dataclass(frozen=True, slots=True)
class DisagreementShape:
    """What claims with the same labels (code per annotator) and the same link-involved
    annotators have in common: every field of a ``Disagreement`` except the claim, its story
    and its links. Built once per distinct combination (a few dozen), not once per claim."""

    kind: DisagreementKind
    labels: Mapping[Annotator, LabelValue]
    label_pairs: tuple[LabelPair, ...]
    annotators: tuple[Annotator, ...]
    no_links: Mapping[Annotator, tuple[Link, ...]]  # {annotator: ()} for each labeller

    @classmethod
    def build(
        cls,
        encoded: EncodedRatings,
        codes: tuple[int, ...],
        link_columns: int,
        labels_differ: bool,
        label_rank: dict[int, int],
    ) -> DisagreementShape:
        annotators, categories = encoded.annotators, encoded.categories
        columns = [column for column, code in enumerate(codes) if code != MISSING]
        if labels_differ and link_columns:
            kind = DisagreementKind.BOTH
        elif labels_differ:
            kind = DisagreementKind.LABEL
        else:
            kind = DisagreementKind.LINKS
        distinct = sorted({codes[column] for column in columns}, key=label_rank.__getitem__)
        involved = set(columns) if labels_differ else set()
        involved |= {column for column in range(len(codes)) if link_columns >> column & 1}
        return cls(
            kind=kind,
            labels={annotators[column]: categories[codes[column]] for column in columns},
            label_pairs=tuple(
                (categories[low], categories[high]) for low, high in combinations(distinct, 2)
            ),
            annotators=tuple(annotators[column] for column in sorted(involved)),
            no_links={annotators[column]: () for column in columns},
        )


def _encoded(ratings: Ratings | EncodedRatings, story_of: StoryOf | None) -> EncodedRatings:
    if isinstance(ratings, EncodedRatings):
        if story_of is not None:
            raise ValueError("pass story_of to encode_ratings, not with encoded ratings")
        return ratings
    return encode_ratings(ratings, story_of=story_of)


@dataclass(frozen=True)
class QueueTable:
    """The queue as arrays, for callers that show many claims (the review window): row k of
    the queue is the claim of ``encoded`` row ``rows[k]``, of shape ``shapes[which[k]]``.

    A shape is shared by every claim with the same labels and link-involved annotators; its
    ``labels`` dict must not be changed (copy it)."""

    encoded: EncodedRatings
    rows: np.ndarray  # intp, claim rows in queue order
    shapes: list[DisagreementShape]
    which: np.ndarray  # intp, index into ``shapes`` of each row

    def __len__(self) -> int:
        return len(self.rows)

    def claims(self) -> list[ClaimId]:
        return list(map(self.encoded.claims.__getitem__, self.rows.tolist()))

    def story_codes(self) -> list[int]:
        """Each row's index into ``encoded.stories`` (plain ints)."""
        return self.encoded.story_codes[self.rows].tolist()

    def entries(self) -> list[tuple[ClaimId, StoryId | None, DisagreementShape]]:
        """The queue as light ``(claim, story, shape)`` tuples, without each claim's links."""
        stories = self.encoded.stories
        return list(
            zip(
                self.claims(),
                map(stories.__getitem__, self.story_codes()),
                map(self.shapes.__getitem__, self.which.tolist()),
                strict=True,
            )
        )


def _queue(
    encoded: EncodedRatings,
    index: _LinkIndex,
    story: StoryId | None,
    annotator: Annotator | None,
    label_pair: tuple[LabelValue, LabelValue] | None,
) -> QueueTable:
    """Every claim in the queue, in queue order, filters applied."""
    codes = encoded.codes
    labelled = codes != MISSING
    label_rows = (labelled.sum(axis=1) >= 2) & ((encoded.counts > 0).sum(axis=1) >= 2)
    link_involved = index.involved(labelled)
    nothing = QueueTable(encoded, np.zeros(0, dtype=np.intp), [], np.zeros(0, dtype=np.intp))

    candidate = label_rows | link_involved.any(axis=1)
    if story is not None:
        if story not in encoded.stories:
            return nothing
        candidate &= encoded.story_codes == encoded.stories.index(story)
    rows = np.flatnonzero(candidate)  # in claim order; a stable sort by story keeps it within
    rows = rows[np.argsort(encoded.story_codes[rows], kind="stable")]
    if len(rows) == 0:
        return nothing

    # Claims with the same codes and link-involved annotators share one shape: one integer
    # signature per claim, and a shape per distinct signature (a few dozen).
    n_annotators, n_codes = len(encoded.annotators), len(encoded.categories) + 1
    if n_codes**n_annotators * 2 ** (n_annotators + 1) < 2**62:
        bits = np.left_shift(1, np.arange(n_annotators, dtype=np.int64))
        signature = np.zeros(len(rows), dtype=np.int64)
        for column in range(n_annotators):
            signature = signature * n_codes + (codes[rows, column].astype(np.int64) + 1)
        signature = signature * (1 << n_annotators) + link_involved[rows] @ bits
        signature = signature * 2 + label_rows[rows]
    else:  # too many annotators for one integer: the same signature as a matrix row
        signature = np.column_stack([codes[rows], link_involved[rows], label_rows[rows]])
    _, first_row, which = np.unique(signature, return_index=True, return_inverse=True, axis=0)
    which = which.reshape(-1)

    by_value = stable_sorted(range(len(encoded.categories)), key=encoded.categories.__getitem__)
    label_rank = {code: rank for rank, code in enumerate(by_value)}
    # Compared as sets, so that the caller may name the two labels in either order.
    wanted_pair = frozenset(label_pair) if label_pair is not None else None
    shapes: list[DisagreementShape] = []
    new_index = np.full(len(first_row), -1, dtype=np.intp)  # -1: the filters drop the shape
    for index_of_shape, row in enumerate(rows[first_row].tolist()):
        shape = DisagreementShape.build(
            encoded,
            tuple(codes[row].tolist()),
            sum(1 << column for column in np.flatnonzero(link_involved[row]).tolist()),
            bool(label_rows[row]),
            label_rank,
        )
        if annotator is not None and annotator not in shape.annotators:
            continue  # the annotator and label-pair filters drop such claims
        if wanted_pair is not None and wanted_pair not in map(frozenset, shape.label_pairs):
            continue
        new_index[index_of_shape] = len(shapes)
        shapes.append(shape)
    which = new_index[which]
    keep = which >= 0
    return QueueTable(encoded, rows[keep], shapes, which[keep])


def disagreement_table(
    ratings: Ratings | EncodedRatings,
    links: Links | None = None,
    story_of: StoryOf | None = None,
    *,
    story: StoryId | None = None,
    annotator: Annotator | None = None,
    label_pair: tuple[LabelValue, LabelValue] | None = None,
) -> QueueTable:
    """The queue of ``disagreements`` as arrays (``QueueTable``), without each claim's links
    and without a Python object per claim."""
    encoded = _encoded(ratings, story_of)
    return _queue(encoded, _LinkIndex(encoded, links or {}), story, annotator, label_pair)


def disagreements(
    ratings: Ratings | EncodedRatings,
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

    ``ratings`` may be already encoded (with its stories), e.g. shared with
    ``agreement_report``; ``story_of`` must then be left out.

    The claims are found with array operations over the code matrix and the link index; the
    per-claim Python work is only building the ``Disagreement`` items, from parts shared by
    all claims with the same labels.
    """
    encoded = _encoded(ratings, story_of)
    index = _LinkIndex(encoded, links or {})
    table = _queue(encoded, index, story, annotator, label_pair)
    if not len(table):
        return []
    touching = index.touching(table.rows, encoded.codes != MISSING)
    claims, stories, story_codes = encoded.claims, encoded.stories, encoded.story_codes.tolist()
    annotators = encoded.annotators
    queue = []
    shapes = map(table.shapes.__getitem__, table.which.tolist())
    for row, shape in zip(table.rows.tolist(), shapes, strict=True):
        row_links = shape.no_links.copy()
        per_column = touching.get(row)
        if per_column is not None:
            for column, found in per_column.items():
                row_links[annotators[column]] = _sorted_links(found)
        queue.append(
            Disagreement(
                claim=claims[row],
                story=stories[story_codes[row]],
                kind=shape.kind,
                labels=shape.labels.copy(),
                label_pairs=shape.label_pairs,
                links=row_links,
                annotators=shape.annotators,
            )
        )
    return queue
