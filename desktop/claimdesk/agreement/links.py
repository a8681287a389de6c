"""Agreement on links: how far two annotators linked the same pairs of claims the same way.

A link is ``(claim_a, claim_b, kind)``. Links are compared as sets, with the F1 score (the
Dice coefficient), which is symmetric and needs no "true" side::

    F1 = 2 |A & B| / (|A| + |B|)

once with the kind (``agree``/``conflict``) and once on the claim pairs alone, so that "both
saw the pair but disagreed on the kind" is told apart from "only one saw the pair".

Only links between claims *both* annotators labelled are compared: a link to a claim the other
annotator has not reached yet is unfinished work, not a disagreement.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from itertools import combinations, repeat
from operator import itemgetter

import numpy as np

from claimdesk.agreement.data import (
    MISSING,
    Annotator,
    ClaimId,
    EncodedRatings,
    Link,
    Links,
    Ratings,
    as_encoded,
    normalise_links,
)
from claimdesk.agreement.results import NOT_ENOUGH_DATA, Proportion

NO_LINKS = f"{NOT_ENOUGH_DATA}: neither annotator linked two claims they both labelled"


@dataclass(frozen=True)
class LinkAgreement:
    """Link F1 of two annotators, with and without the link kind.

    ``n_links_a``/``n_links_b`` count each annotator's links after the restriction to shared
    claims; ``n_common`` counts the links (with kind) both made.
    """

    annotator_a: Annotator
    annotator_b: Annotator
    n_links_a: int
    n_links_b: int
    n_common: int
    f1: Proportion
    f1_ignoring_kind: Proportion


def restrict_links(links: Set[Link], claims: Set[ClaimId] | None) -> set[Link]:
    """The links whose two claims are both in ``claims`` (all links when ``claims`` is None)."""
    return _restrict_normalised(normalise_links(links), claims)


def _restrict_normalised(links: set[Link], claims: Set[ClaimId] | None) -> set[Link]:
    if claims is None:
        return links
    return {link for link in links if link[0] in claims and link[1] in claims}


def _f1(first: Set, second: Set) -> Proportion:
    return Proportion.of(2 * len(first & second), len(first) + len(second), NO_LINKS)


def link_agreement(
    links_a: Set[Link],
    links_b: Set[Link],
    shared_claims: Set[ClaimId] | None = None,
    *,
    annotator_a: Annotator = "a",
    annotator_b: Annotator = "b",
) -> LinkAgreement:
    """F1 of two link sets, restricted to links between claims in ``shared_claims``.

    Pass the claims both annotators labelled as ``shared_claims`` (``pairwise_link_agreement``
    does). Both F1 values are ``None`` ("not enough data") when both restricted sets are empty.
    """
    return _agreement_of_normalised(
        normalise_links(links_a),
        normalise_links(links_b),
        shared_claims,
        annotator_a,
        annotator_b,
    )


def _agreement_of_normalised(
    links_a: set[Link],
    links_b: set[Link],
    shared_claims: Set[ClaimId] | None,
    annotator_a: Annotator,
    annotator_b: Annotator,
) -> LinkAgreement:
    first = _restrict_normalised(links_a, shared_claims)
    second = _restrict_normalised(links_b, shared_claims)
    return LinkAgreement(
        annotator_a=annotator_a,
        annotator_b=annotator_b,
        n_links_a=len(first),
        n_links_b=len(second),
        n_common=len(first & second),
        f1=_f1(first, second),
        f1_ignoring_kind=_f1({link[:2] for link in first}, {link[:2] for link in second}),
    )


def _link_keys(
    encoded: EncodedRatings, links: Set[Link], kinds: dict
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One annotator's links between labelled claims as integers: (lower row, higher row,
    key with the kind). Rows follow the claims' sorted order, so (lower, higher) is the
    normalised link; links touching a claim nobody labelled can never be compared."""
    found = list(links)
    row_of, n_links = encoded.row_of, len(found)
    # a column at a time, in C: -1 for a claim nobody labelled
    first = np.fromiter(
        map(row_of.get, map(itemgetter(0), found), repeat(-1)), dtype=np.int64, count=n_links
    )
    second = np.fromiter(
        map(row_of.get, map(itemgetter(1), found), repeat(-1)), dtype=np.int64, count=n_links
    )
    kind_values = list(map(itemgetter(2), found))
    for kind in dict.fromkeys(kind_values):
        kinds.setdefault(kind, len(kinds))
    kind = np.fromiter(map(kinds.__getitem__, kind_values), dtype=np.int64, count=n_links)
    keep = (first >= 0) & (second >= 0)
    first, second, kind = first[keep], second[keep], kind[keep]
    return np.minimum(first, second), np.maximum(first, second), kind


def pairwise_link_agreement(
    ratings: Ratings | EncodedRatings, links: Links
) -> tuple[LinkAgreement, ...]:
    """``link_agreement`` for every pair of annotators who labelled claims, in annotator order.

    The same sets as ``link_agreement`` compares, as integer keys: a link is (row of its
    first claim, row of its second, kind), and "between claims both labelled" is a lookup in
    the two annotators' columns of the code matrix."""
    encoded = as_encoded(ratings)
    n_rows = max(encoded.n_claims, 1)
    kinds: dict = {}
    keyed = {
        annotator: _link_keys(encoded, links.get(annotator, ()), kinds)
        for annotator in encoded.annotators
    }
    n_kinds = max(len(kinds), 1)
    labelled = encoded.codes != MISSING
    results = []
    for first, second in combinations(range(len(encoded.annotators)), 2):
        both = labelled[:, first] & labelled[:, second]
        sets = []
        for column in (first, second):
            low, high, kind = keyed[encoded.annotators[column]]
            keep = both[low] & both[high]
            pair = low[keep] * n_rows + high[keep]
            sets.append((np.unique(pair * n_kinds + kind[keep]), np.unique(pair)))
        (with_kind_a, pairs_a), (with_kind_b, pairs_b) = sets
        common = len(np.intersect1d(with_kind_a, with_kind_b, assume_unique=True))
        common_pairs = len(np.intersect1d(pairs_a, pairs_b, assume_unique=True))
        results.append(
            LinkAgreement(
                annotator_a=encoded.annotators[first],
                annotator_b=encoded.annotators[second],
                n_links_a=len(with_kind_a),
                n_links_b=len(with_kind_b),
                n_common=common,
                f1=Proportion.of(2 * common, len(with_kind_a) + len(with_kind_b), NO_LINKS),
                f1_ignoring_kind=Proportion.of(
                    2 * common_pairs, len(pairs_a) + len(pairs_b), NO_LINKS
                ),
            )
        )
    return tuple(results)
