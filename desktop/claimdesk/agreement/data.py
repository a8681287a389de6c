"""The plain data the agreement package works on, and its one-time integer encoding.

Input is plain Python, as the store layer (or a test) builds it:

- ``Ratings``: claim id -> {annotator: label}. Labels may be any hashable values; the four
  Claimdesk labels get a fixed order, anything else is ordered deterministically.
- ``StoryOf``: claim id -> story id (optional; claims missing from it belong to story ``None``).
- ``Links``: annotator -> set of ``(claim_a, claim_b, kind)`` with ``claim_a < claim_b``.
- ``Gold``: claim id -> adjudicated label.

Every metric needs the same few arrays, so the ratings are encoded once into an
``EncodedRatings``: a (claims x annotators) matrix of label codes with -1 for "not labelled",
and, derived from it, the (claims x labels) count matrix that Krippendorff, Fleiss and the
specific-agreement formulas are written in.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cached_property
from itertools import islice, repeat
from typing import Any, TypeAlias

import numpy as np

from claimdesk.domain.labels import Label

ClaimId: TypeAlias = Hashable
Annotator: TypeAlias = Hashable
LabelValue: TypeAlias = Hashable
StoryId: TypeAlias = Hashable
Link: TypeAlias = tuple[Hashable, Hashable, Hashable]  # (claim_a, claim_b, kind), claim_a < claim_b

Ratings: TypeAlias = Mapping[ClaimId, Mapping[Annotator, LabelValue]]
StoryOf: TypeAlias = Mapping[ClaimId, StoryId]
Links: TypeAlias = Mapping[Annotator, Set[Link]]
Gold: TypeAlias = Mapping[ClaimId, LabelValue]

MISSING = -1  # code for "this annotator did not label this claim"

_CLAIMDESK_LABELS: tuple[str, ...] = tuple(label.value for label in Label)


def stable_sorted(values: Iterable[Any], key: Callable[[Any], Any] | None = None) -> list[Any]:
    """Sort ids of unknown type deterministically.

    Ids are usually of one type and sort naturally. ``None`` among them (a claim without a
    story) sorts last. Ids that cannot be compared at all (labels of mixed types) fall back to
    (type name, repr), which is still stable across runs, so reports and queues never depend
    on dict or set iteration order.
    """
    values = list(values)
    try:
        return sorted(values, key=key)  # the common case: all ids of one orderable type
    except TypeError:
        pass
    key = key or (lambda value: value)
    try:
        # ``None`` (e.g. "no story") sorts last instead of breaking the comparison.
        return sorted(values, key=lambda value: (key(value) is None, key(value)))
    except TypeError:
        return sorted(values, key=lambda value: (type(key(value)).__name__, repr(key(value))))


def order_labels(labels: Iterable[LabelValue]) -> tuple[LabelValue, ...]:
    """The fixed label order used for every confusion matrix and per-label figure.

    When every label is a Claimdesk label, all four come back in the order of
    ``claimdesk.domain.labels.Label`` (so confusion matrices are always 4 x 4, even when a
    label was never used). Otherwise the labels seen are returned in sorted order.
    """
    seen = set(labels)
    if seen <= set(_CLAIMDESK_LABELS):
        return _CLAIMDESK_LABELS
    return tuple(stable_sorted(seen))


def normalise_link(link: Sequence[Hashable]) -> Link:
    """``(claim_a, claim_b, kind)`` with the two claims in ascending order.

    The store writes links with ``claim_a < claim_b`` already; swapping here only protects the
    set comparisons from a caller that did not.
    """
    claim_a, claim_b, kind = link
    try:
        if claim_b < claim_a:
            claim_a, claim_b = claim_b, claim_a
    except TypeError:
        if repr(claim_b) < repr(claim_a):
            claim_a, claim_b = claim_b, claim_a
    return (claim_a, claim_b, kind)


def normalise_links(links: Iterable[Sequence[Hashable]]) -> set[Link]:
    """``normalise_link`` of every link, as a set; one comprehension in the usual case of
    claim ids that compare."""
    try:
        return {(b, a, kind) if b < a else (a, b, kind) for a, b, kind in links}
    except TypeError:
        return {normalise_link(link) for link in links}


@dataclass(frozen=True, eq=False)
class EncodedRatings:
    """Ratings as integer arrays, built once and shared by every metric.

    ``codes[i, j]`` is the index into ``categories`` of the label annotator ``annotators[j]``
    gave claim ``claims[i]``, or ``MISSING``. ``story_codes[i]`` indexes ``stories``.
    """

    claims: tuple[ClaimId, ...]
    annotators: tuple[Annotator, ...]
    categories: tuple[LabelValue, ...]
    codes: np.ndarray  # (n_claims, n_annotators), int16
    stories: tuple[StoryId, ...]
    story_codes: np.ndarray  # (n_claims,), intp

    @property
    def n_claims(self) -> int:
        return len(self.claims)

    @cached_property
    def row_of(self) -> dict[ClaimId, int]:
        """Claim id -> row of ``codes``."""
        return dict(zip(self.claims, range(len(self.claims)), strict=True))

    @cached_property
    def counts(self) -> np.ndarray:
        """(claims x categories) matrix: how many annotators gave claim i label c (``n_ic``)."""
        n_claims, n_categories = len(self.claims), len(self.categories)
        rows, cols = np.nonzero(self.codes != MISSING)
        flat = rows * n_categories + self.codes[rows, cols]
        return np.bincount(flat, minlength=n_claims * n_categories).reshape(n_claims, n_categories)

    def label_of(self, code: int) -> LabelValue:
        return self.categories[code]

    def story_slices(self) -> list[tuple[StoryId, np.ndarray]]:
        """Row indices of each story, in story order, found by one stable sort.

        Grouping this way costs one argsort for all stories instead of one pass over all
        claims per story.
        """
        order = np.argsort(self.story_codes, kind="stable")
        bounds = np.searchsorted(self.story_codes[order], np.arange(len(self.stories) + 1))
        return [
            (story, order[bounds[index] : bounds[index + 1]])
            for index, story in enumerate(self.stories)
        ]


def encode_ratings(
    ratings: Ratings,
    *,
    story_of: StoryOf | None = None,
    extra_labels: Iterable[LabelValue] = (),
) -> EncodedRatings:
    """Encode ratings once: sort claims, annotators and labels, and fill the code matrix.

    ``extra_labels`` adds labels that appear elsewhere (in gold labels) so that they get a
    code too. Claims with an empty {annotator: label} mapping are kept as all-missing rows.
    """
    claims = tuple(stable_sorted(ratings))
    annotator_set: set[Annotator] = set()
    label_set: set[LabelValue] = set(extra_labels)
    for per_annotator in ratings.values():
        annotator_set.update(per_annotator)
        label_set.update(per_annotator.values())
    annotators = tuple(stable_sorted(annotator_set))
    categories = order_labels(label_set)

    annotator_index = {annotator: index for index, annotator in enumerate(annotators)}
    label_index = {label: index for index, label in enumerate(categories)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[int] = []
    for row, claim in enumerate(claims):
        for annotator, label in ratings[claim].items():
            rows.append(row)
            cols.append(annotator_index[annotator])
            values.append(label_index[label])
    codes = np.full((len(claims), len(annotators)), MISSING, dtype=np.int16)
    codes[np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)] = values

    story_lookup = story_of or {}
    claim_stories = [story_lookup.get(claim) for claim in claims]
    stories = tuple(stable_sorted(set(claim_stories)))
    story_index = {story: index for index, story in enumerate(stories)}
    story_codes = np.fromiter(
        (story_index[story] for story in claim_stories), dtype=np.intp, count=len(claims)
    )
    return EncodedRatings(claims, annotators, categories, codes, stories, story_codes)


def _label_codes(
    n_claims: int,
    rows: np.ndarray,
    annotators: Sequence[Annotator],
    labels: Sequence[LabelValue],
    extra_labels: Iterable[LabelValue],
) -> tuple[tuple[Annotator, ...], tuple[LabelValue, ...], np.ndarray]:
    """(annotators, label categories, codes) of label rows given as parallel columns (row k:
    claim row ``rows[k]`` got ``labels[k]`` from ``annotators[k]``), filled by array
    assignment, in ``encode_ratings``' annotator and label orders."""
    names = tuple(stable_sorted(set(annotators)))
    column_of = {name: index for index, name in enumerate(names)}
    cols = np.fromiter(map(column_of.__getitem__, annotators), dtype=np.intp, count=len(rows))
    categories = order_labels(set(labels).union(extra_labels))
    label_index = {label: index for index, label in enumerate(categories)}
    values = np.fromiter(map(label_index.__getitem__, labels), dtype=np.int16, count=len(rows))
    codes = np.full((n_claims, len(names)), MISSING, dtype=np.int16)
    codes[rows, cols] = values
    return names, categories, codes


def encode_label_rows(
    claim_ids: Sequence[ClaimId],
    annotators: Sequence[Annotator],
    labels: Sequence[LabelValue],
    stories: Sequence[StoryId] | None = None,
    *,
    extra_labels: Iterable[LabelValue] = (),
) -> EncodedRatings:
    """``encode_ratings`` straight from label rows given as parallel columns (row k: claim
    ``claim_ids[k]`` got ``labels[k]`` from ``annotators[k]``, in story ``stories[k]``), as a
    database returns them: no claim -> {annotator: label} mapping is built on the way, the
    codes are filled by array assignment. The same claim, annotator and label orders as
    ``encode_ratings``; a claim's story is that of its rows. One label per (claim, annotator).
    """
    claims = tuple(stable_sorted(set(claim_ids)))
    row_of = dict(zip(claims, range(len(claims)), strict=True))
    n_rows = len(claim_ids)
    rows = np.fromiter(map(row_of.__getitem__, claim_ids), dtype=np.intp, count=n_rows)
    names, categories, codes = _label_codes(len(claims), rows, annotators, labels, extra_labels)

    story_codes = np.zeros(len(claims), dtype=np.intp)
    if stories is None:
        story_names: tuple[StoryId, ...] = (None,) if claims else ()
    else:
        story_names = tuple(stable_sorted(set(stories)))
        story_index = {story: index for index, story in enumerate(story_names)}
        story_codes[rows] = np.fromiter(
            map(story_index.__getitem__, stories), dtype=np.intp, count=n_rows
        )
    encoded = EncodedRatings(claims, names, categories, codes, story_names, story_codes)
    vars(encoded)["row_of"] = row_of  # the cached property, already at hand
    return encoded


def _ascending(values: Sequence[Any]) -> bool:
    """Whether the values are strictly ascending (one comparison pass in C)."""
    try:
        return all(map(operator.lt, values, islice(values, 1, None)))
    except TypeError:  # ids that do not compare: let stable_sorted order them
        return False


def encode_claim_labels(
    claims: Sequence[ClaimId],
    stories: Sequence[StoryId],
    label_claims: Sequence[ClaimId],
    annotators: Sequence[Annotator],
    labels: Sequence[LabelValue],
    *,
    extra_labels: Iterable[LabelValue] = (),
) -> EncodedRatings:
    """``encode_label_rows`` from the claims read apart from their labels, as a database reads
    them cheapest: each labelled claim once with its story (``claims[i]`` is in story
    ``stories[i]``), and the label rows (claim ``label_claims[k]`` got ``labels[k]`` from
    ``annotators[k]``). The same encoding as ``encode_label_rows`` of the rows of those claims.

    A label row of a claim not among ``claims`` is left out (e.g. a retired claim's, or one
    labelled after the claims were read), and so is a claim without a label row. Claims that
    come in ascending order (SQLite's) are not sorted again.
    """
    claims, stories = list(claims), list(stories)
    if not _ascending(claims):
        order = stable_sorted(range(len(claims)), key=claims.__getitem__)
        claims = list(map(claims.__getitem__, order))
        stories = list(map(stories.__getitem__, order))
    row_of = dict(zip(claims, range(len(claims)), strict=True))
    n_rows = len(label_claims)
    rows = np.fromiter(map(row_of.get, label_claims, repeat(-1)), dtype=np.intp, count=n_rows)
    if n_rows and rows.min() < 0:  # rare: keep the rows of the claims read
        kept = np.flatnonzero(rows >= 0).tolist()
        annotators, labels = [annotators[k] for k in kept], [labels[k] for k in kept]
        rows = rows[kept]
    labelled = np.zeros(len(claims), dtype=bool)
    labelled[rows] = True
    if not labelled.all():  # rare: claims whose labels went between the two reads
        renumber = np.cumsum(labelled) - 1
        kept = np.flatnonzero(labelled).tolist()
        claims, stories = [claims[i] for i in kept], [stories[i] for i in kept]
        rows = renumber[rows]
        row_of = dict(zip(claims, range(len(claims)), strict=True))
    names, categories, codes = _label_codes(len(claims), rows, annotators, labels, extra_labels)
    story_names = tuple(stable_sorted(set(stories)))
    story_index = {story: index for index, story in enumerate(story_names)}
    story_codes = np.fromiter(
        map(story_index.__getitem__, stories), dtype=np.intp, count=len(claims)
    )
    encoded = EncodedRatings(tuple(claims), names, categories, codes, story_names, story_codes)
    vars(encoded)["row_of"] = row_of  # the cached property, already at hand
    return encoded


def decode_ratings(
    encoded: EncodedRatings, claims: Iterable[ClaimId] | None = None
) -> dict[ClaimId, dict[Annotator, LabelValue]]:
    """Back to claim -> {annotator: label} (of ``claims`` only, when given; claims without a
    label are left out)."""
    annotators, categories, codes = encoded.annotators, encoded.categories, encoded.codes
    if claims is None:
        pairs = zip(encoded.claims, codes.tolist(), strict=True)
    else:
        row_of = encoded.row_of
        found = [(claim, row_of[claim]) for claim in claims if claim in row_of]
        pairs = ((claim, codes[row].tolist()) for claim, row in found)
    decoded = {}
    for claim, row in pairs:
        labels = {
            annotators[column]: categories[code]
            for column, code in enumerate(row)
            if code != MISSING
        }
        if labels:
            decoded[claim] = labels
    return decoded


def replace_claims(
    encoded: EncodedRatings,
    ratings: Ratings,
    story_of: StoryOf | None = None,
    *,
    extra_labels: Iterable[LabelValue] = (),
) -> EncodedRatings:
    """The encoding with the claims of ``ratings`` labelled as ``ratings`` says (a claim mapped
    to nothing loses its row), exactly as encoding the changed ratings afresh would give: the
    other claims' labels are taken back out of the code matrix as columns, so no
    claim -> {annotator: label} mapping of every claim is built."""
    codes, row_of = encoded.codes, encoded.row_of
    keep = np.ones(encoded.n_claims, dtype=bool)
    keep[[row_of[claim] for claim in ratings if claim in row_of]] = False
    rows, cols = np.nonzero((codes != MISSING) & keep[:, None])
    claim_ids = list(map(encoded.claims.__getitem__, rows.tolist()))
    annotators = list(map(encoded.annotators.__getitem__, cols.tolist()))
    labels = list(map(encoded.categories.__getitem__, codes[rows, cols].tolist()))
    stories = list(map(encoded.stories.__getitem__, encoded.story_codes[rows].tolist()))
    story_lookup = story_of or {}
    for claim, per_annotator in ratings.items():
        for annotator, label in per_annotator.items():
            claim_ids.append(claim)
            annotators.append(annotator)
            labels.append(label)
            stories.append(story_lookup.get(claim))
    return encode_label_rows(claim_ids, annotators, labels, stories, extra_labels=extra_labels)


def as_encoded(ratings: Ratings | EncodedRatings) -> EncodedRatings:
    """Accept either plain ratings or an already encoded form (the report encodes once)."""
    if isinstance(ratings, EncodedRatings):
        return ratings
    return encode_ratings(ratings)
