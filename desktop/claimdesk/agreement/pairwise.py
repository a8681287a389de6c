"""Agreement between two label sources: Cohen's kappa for each pair of annotators, and each
annotator against the gold (adjudicated) labels.

Both compare two vectors of label codes on the claims both sources labelled, through a
confusion matrix in the fixed label order of ``EncodedRatings.categories``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from claimdesk.agreement.data import (
    MISSING,
    Annotator,
    EncodedRatings,
    Gold,
    LabelValue,
    Ratings,
    as_encoded,
    encode_ratings,
)
from claimdesk.agreement.results import (
    NOT_ENOUGH_DATA,
    Coefficient,
    Proportion,
    no_variation_reason,
)

NO_COMMON_CLAIMS = f"{NOT_ENOUGH_DATA}: no claim was labelled by both"

Confusion = tuple[tuple[int, ...], ...]


def cohens_kappa_from_table(
    table: Sequence[Sequence[int]] | np.ndarray, categories: Sequence[LabelValue] | None = None
) -> Coefficient:
    """Cohen's kappa (Cohen 1960) from a square confusion table of counts.

    ``table[r][c]`` counts the items the first rater labelled r and the second c; N is the
    total::

        p_o   = sum_c table[c][c] / N                       observed agreement
        p_e   = sum_c (row total_c * column total_c) / N^2  chance agreement
        kappa = (p_o - p_e) / (1 - p_e)

    ``N = 0`` gives "not enough data". ``p_e = 1`` (checked exactly, in integers) happens only
    when both raters used one and the same label for everything: "no variation: every label
    is X".
    """
    table = np.asarray(table, dtype=np.int64)
    if table.size == 0:
        return Coefficient.undefined(NO_COMMON_CLAIMS)
    if table.ndim != 2 or table.shape[0] != table.shape[1]:
        raise ValueError("a Cohen's kappa table must be square")
    total = int(table.sum())
    if total == 0:
        return Coefficient.undefined(NO_COMMON_CLAIMS)
    row_totals, column_totals = table.sum(axis=1), table.sum(axis=0)
    chance_products = int((row_totals * column_totals).sum())
    if chance_products == total * total:
        only = int(np.flatnonzero(row_totals)[0])
        label = categories[only] if categories is not None else only
        return Coefficient.undefined(no_variation_reason(label), total, 2 * total)
    observed = int(np.trace(table)) / total
    expected = chance_products / (total * total)
    value = (observed - expected) / (1.0 - expected)
    return Coefficient(value, None, observed, expected, total, 2 * total)


def confusion_table(first: np.ndarray, second: np.ndarray, n_categories: int) -> np.ndarray:
    """Counts of (first code, second code) over the positions where both are present."""
    both = (first != MISSING) & (second != MISSING)
    flat = first[both].astype(np.intp) * n_categories + second[both]
    return np.bincount(flat, minlength=n_categories * n_categories).reshape(
        n_categories, n_categories
    )


def _as_tuple(table: np.ndarray) -> Confusion:
    return tuple(tuple(int(cell) for cell in row) for row in table)


@dataclass(frozen=True)
class PairAgreement:
    """Two annotators on the claims both labelled.

    ``confusion[r][c]`` counts claims ``annotator_a`` labelled ``labels[r]`` and
    ``annotator_b`` labelled ``labels[c]``; ``observed`` is the share on the diagonal.
    """

    annotator_a: Annotator
    annotator_b: Annotator
    labels: tuple[LabelValue, ...]
    n_common: int
    observed: Proportion
    kappa: Coefficient
    confusion: Confusion


def _pair_agreement(
    encoded: EncodedRatings, first: Annotator, second: Annotator, table: np.ndarray
) -> PairAgreement:
    n_common = int(table.sum())
    return PairAgreement(
        annotator_a=first,
        annotator_b=second,
        labels=encoded.categories,
        n_common=n_common,
        observed=Proportion.of(int(np.trace(table)), n_common, NO_COMMON_CLAIMS),
        kappa=cohens_kappa_from_table(table, encoded.categories),
        confusion=_as_tuple(table),
    )


def _column(encoded: EncodedRatings, annotator: Annotator) -> np.ndarray:
    if annotator in encoded.annotators:
        return encoded.codes[:, encoded.annotators.index(annotator)]
    return np.full(encoded.n_claims, MISSING, dtype=encoded.codes.dtype)


def cohens_kappa(
    ratings: Ratings | EncodedRatings, annotator_a: Annotator, annotator_b: Annotator
) -> PairAgreement:
    """Cohen's kappa, observed agreement and confusion matrix of two annotators."""
    encoded = as_encoded(ratings)
    n_categories = len(encoded.categories)
    table = confusion_table(
        _column(encoded, annotator_a), _column(encoded, annotator_b), n_categories
    )
    return _pair_agreement(encoded, annotator_a, annotator_b, table)


def pairwise_cohens_kappa(ratings: Ratings | EncodedRatings) -> tuple[PairAgreement, ...]:
    """``cohens_kappa`` for every pair of annotators, in annotator order (a before b)."""
    encoded = as_encoded(ratings)
    return tuple(
        cohens_kappa(encoded, first, second)
        for first, second in combinations(encoded.annotators, 2)
    )


@dataclass(frozen=True)
class GoldAgreement:
    """One annotator against the gold labels, on the adjudicated claims they labelled.

    ``confusion[r][c]`` counts claims the annotator labelled ``labels[r]`` whose gold label is
    ``labels[c]``; ``accuracy`` is the share on the diagonal.
    """

    annotator: Annotator
    labels: tuple[LabelValue, ...]
    n_adjudicated: int
    accuracy: Proportion
    kappa: Coefficient
    confusion: Confusion


def gold_codes(encoded: EncodedRatings, gold: Gold) -> np.ndarray:
    """The gold label code of each claim row, ``MISSING`` where there is no gold label.

    Gold labels on claims nobody labelled are irrelevant here and skipped.
    """
    label_index = {label: index for index, label in enumerate(encoded.categories)}
    unknown = {label for label in gold.values() if label not in label_index}
    if unknown:
        raise ValueError(
            f"gold labels {sorted(map(str, unknown))} are not among the encoded labels; "
            "encode the ratings with extra_labels=gold.values()"
        )
    codes = np.full(encoded.n_claims, MISSING, dtype=encoded.codes.dtype)
    row_of = encoded.row_of
    for claim, label in gold.items():
        row = row_of.get(claim)
        if row is not None:
            codes[row] = label_index[label]
    return codes


def gold_agreement(ratings: Ratings | EncodedRatings, gold: Gold) -> tuple[GoldAgreement, ...]:
    """Accuracy and Cohen's kappa of each annotator against the gold labels."""
    if isinstance(ratings, EncodedRatings):
        encoded = ratings
    else:
        encoded = encode_ratings(ratings, extra_labels=gold.values())
    reference = gold_codes(encoded, gold)
    n_categories = len(encoded.categories)
    results = []
    for index, annotator in enumerate(encoded.annotators):
        table = confusion_table(encoded.codes[:, index], reference, n_categories)
        n_adjudicated = int(table.sum())
        reason = f"{NOT_ENOUGH_DATA}: no adjudicated claim was labelled by {annotator}"
        kappa = cohens_kappa_from_table(table, encoded.categories)
        if n_adjudicated == 0:
            kappa = Coefficient.undefined(reason)
        results.append(
            GoldAgreement(
                annotator=annotator,
                labels=encoded.categories,
                n_adjudicated=n_adjudicated,
                accuracy=Proportion.of(int(np.trace(table)), n_adjudicated, reason),
                kappa=kappa,
                confusion=_as_tuple(table),
            )
        )
    return tuple(results)
