"""Agreement among any number of annotators: Krippendorff's alpha, Fleiss' kappa, observed
and specific agreement.

All of them are functions of the count matrix ``n[i, c]`` (how many annotators gave claim
``i`` label ``c``), written ``n_ic``; ``n_i = sum_c n_ic`` is the number of annotators who
labelled claim ``i``. Only claims with ``n_i >= 2`` carry information about agreement
("pairable" claims, in Krippendorff's word); the others are dropped first.

Each ``*_from_counts`` function takes that matrix; each plain-named function takes ratings
(``claim -> {annotator: label}``) or an ``EncodedRatings``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

from claimdesk.agreement.data import EncodedRatings, LabelValue, Ratings, as_encoded
from claimdesk.agreement.results import (
    NOT_ENOUGH_DATA,
    Coefficient,
    Proportion,
    no_variation_reason,
)

NO_PAIRABLE_CLAIMS = f"{NOT_ENOUGH_DATA}: no claim was labelled by two or more annotators"


def pairable_counts(counts: np.ndarray) -> np.ndarray:
    """The rows of ``counts`` with at least two labels (``n_i >= 2``), as int64."""
    counts = np.asarray(counts, dtype=np.int64)
    if counts.size == 0:  # [] or an empty data set: no claims, keep the label axis if known
        return np.zeros((0, counts.shape[1] if counts.ndim == 2 else 0), dtype=np.int64)
    if counts.ndim != 2:
        raise ValueError("counts must be a (claims x labels) matrix")
    return counts[counts.sum(axis=1) >= 2]


def _category_name(categories: Sequence[LabelValue] | None, index: int) -> LabelValue:
    return categories[index] if categories is not None else index


def _single_label(counts: np.ndarray, categories: Sequence[LabelValue] | None) -> LabelValue | None:
    """The only label used in ``counts``, or ``None`` when two or more are used."""
    used = np.flatnonzero(counts.sum(axis=0))
    if len(used) == 1:
        return _category_name(categories, int(used[0]))
    return None


def krippendorff_alpha_from_counts(
    counts: np.ndarray, categories: Sequence[LabelValue] | None = None
) -> Coefficient:
    """Krippendorff's alpha for nominal data, ``alpha = 1 - D_o / D_e``, with missing labels.

    Computed by the ``krippendorff`` library from the count matrix
    (``krippendorff.alpha(value_counts=..., level_of_measurement="nominal")``, the same
    coincidence-matrix computation as its ``reliability_data=`` form; Krippendorff 2011,
    "Computing Krippendorff's Alpha-Reliability").

    Undefined cases, returned as ``value=None`` with a reason instead of NaN or an error:

    - fewer than 2 pairable values (no claim labelled by two or more annotators):
      "not enough data";
    - every pairable label is the same label X: the expected disagreement ``D_e`` is zero and
      alpha is 0/0, so the reason is "no variation: every label is X". (Perfect agreement on
      a single label says nothing about reliability; Krippendorff leaves alpha undefined.)
    """
    counts = pairable_counts(counts)
    n_values = int(counts.sum())
    if n_values < 2:
        return Coefficient.undefined(NO_PAIRABLE_CLAIMS, len(counts), n_values)
    only = _single_label(counts, categories)
    if only is not None:
        return Coefficient.undefined(no_variation_reason(only), len(counts), n_values)
    value = krippendorff.alpha(
        value_counts=counts,
        value_domain=list(range(counts.shape[1])),
        level_of_measurement="nominal",
    )
    return Coefficient(value=float(value), n_units=len(counts), n_values=n_values)


def krippendorff_alpha(ratings: Ratings | EncodedRatings) -> Coefficient:
    """Krippendorff's nominal alpha of ratings (see ``krippendorff_alpha_from_counts``)."""
    encoded = as_encoded(ratings)
    return krippendorff_alpha_from_counts(encoded.counts, encoded.categories)


def fleiss_kappa_from_counts(
    counts: np.ndarray, categories: Sequence[LabelValue] | None = None
) -> Coefficient:
    """Fleiss' kappa (Fleiss 1971), generalised to a varying number of annotators per claim.

    Fleiss' formula assumes every claim has the same number of annotators n. Claimdesk claims
    do not, so each claim's agreement is normalised by its own ``n_i`` (claims with
    ``n_i < 2`` are dropped)::

        P_i   = (sum_c n_ic^2 - n_i) / (n_i (n_i - 1))    agreeing pairs / all pairs on claim i
        P_bar = mean_i P_i
        p_c   = sum_i n_ic / sum_i n_i                     share of all labels that are c
        P_e   = sum_c p_c^2
        kappa = (P_bar - P_e) / (1 - P_e)

    With equal ``n_i`` this is exactly Fleiss' kappa. ``P_e = 1`` (a single label used
    throughout) leaves kappa undefined: "no variation: every label is X".
    """
    counts = pairable_counts(counts)
    if len(counts) == 0:
        return Coefficient.undefined(NO_PAIRABLE_CLAIMS)
    raters = counts.sum(axis=1)
    n_values = int(raters.sum())
    only = _single_label(counts, categories)
    if only is not None:
        return Coefficient.undefined(no_variation_reason(only), len(counts), n_values)
    per_claim = ((counts**2).sum(axis=1) - raters) / (raters * (raters - 1))
    observed = float(per_claim.mean())
    shares = counts.sum(axis=0) / n_values
    expected = float((shares**2).sum())
    value = (observed - expected) / (1.0 - expected)
    return Coefficient(value, None, observed, expected, len(counts), n_values)


def fleiss_kappa(ratings: Ratings | EncodedRatings) -> Coefficient:
    """Fleiss' kappa of ratings (see ``fleiss_kappa_from_counts``)."""
    encoded = as_encoded(ratings)
    return fleiss_kappa_from_counts(encoded.counts, encoded.categories)


def observed_agreement_from_counts(counts: np.ndarray) -> Proportion:
    """Pairwise percentage agreement: the share of agreeing pairs of labels on the same claim.

    Every pair of annotators who both labelled a claim counts once::

        sum_i sum_c n_ic (n_ic - 1) / 2   /   sum_i n_i (n_i - 1) / 2

    This pools the pairs of all claims (a claim with 3 annotators weighs 3 pairs, one with 2
    weighs 1), so it equals the overlap-weighted mean of the pairwise observed agreements.
    """
    counts = pairable_counts(counts)
    raters = counts.sum(axis=1)
    agreeing = int((counts * (counts - 1)).sum()) // 2
    pairs = int((raters * (raters - 1)).sum()) // 2
    return Proportion.of(agreeing, pairs, NO_PAIRABLE_CLAIMS)


def observed_agreement(ratings: Ratings | EncodedRatings) -> Proportion:
    """Pairwise percentage agreement of ratings (see ``observed_agreement_from_counts``)."""
    return observed_agreement_from_counts(as_encoded(ratings).counts)


def specific_agreement_from_counts(
    counts: np.ndarray, categories: Sequence[LabelValue] | None = None
) -> dict[LabelValue, Proportion]:
    """Specific (per-label) agreement, Cicchetti & Feinstein 1990 / Fleiss 1971.

    For two annotators: ``p_s(c) = 2 n_cc / (n_c. + n_.c)``, twice the claims on which both
    chose c over the number of times either chose c. For any number of annotators it is the
    share of pairs involving label c that agree on c (Uebersax's generalisation, which is the
    same number for two annotators)::

        p_s(c) = sum_i n_ic (n_ic - 1)  /  sum_i n_ic (n_i - 1)

    over pairable claims. A label never used on a pairable claim gets ``None``.
    """
    counts = pairable_counts(counts)
    n_categories = counts.shape[1] if categories is None else len(categories)
    if len(counts) == 0:  # also gives an empty input its label axis
        counts = np.zeros((0, n_categories), dtype=np.int64)
    raters = counts.sum(axis=1, keepdims=True)
    agreeing = (counts * (counts - 1)).sum(axis=0)
    involving = (counts * (raters - 1)).sum(axis=0)
    return _specific_shares(agreeing, involving, categories, n_categories)


def _specific_shares(agreeing, involving, categories, n_categories: int) -> dict:
    """Per label: the share of pairs of labels on a claim that agree, of those involving it."""
    result: dict[LabelValue, Proportion] = {}
    for index in range(n_categories):
        name = _category_name(categories, index)
        result[name] = Proportion.of(
            agreeing[index],
            involving[index],
            f"{NOT_ENOUGH_DATA}: no claim labelled by two or more annotators was labelled {name}",
        )
    return result


def specific_agreement(ratings: Ratings | EncodedRatings) -> dict[LabelValue, Proportion]:
    """Specific agreement per label of ratings (see ``specific_agreement_from_counts``)."""
    encoded = as_encoded(ratings)
    return specific_agreement_from_counts(encoded.counts, encoded.categories)


@dataclass(frozen=True)
class LabelFigures:
    """Every multi-annotator label figure for one set of claims (all claims, or one story).

    ``n_claims`` counts claims with at least one label, ``n_pairable_claims`` those labelled
    by two or more annotators, ``n_disagreeing_claims`` those whose labels differ.
    """

    n_claims: int
    n_pairable_claims: int
    n_disagreeing_claims: int
    alpha: Coefficient
    fleiss_kappa: Coefficient
    observed_agreement: Proportion
    specific_agreement: dict[LabelValue, Proportion]


def label_figures_from_counts(
    counts: np.ndarray, categories: Sequence[LabelValue] | None = None
) -> LabelFigures:
    """All label figures of one count matrix (whole data set or one story's rows)."""
    counts = np.asarray(counts, dtype=np.int64)
    if counts.ndim != 2:  # [] or an empty data set
        counts = np.zeros((0, len(categories) if categories is not None else 0), dtype=np.int64)
    return label_figures_by_group(counts, np.zeros(len(counts), dtype=np.intp), 1, categories)[0]


def _group_sums(groups: np.ndarray, n_groups: int, values: np.ndarray) -> np.ndarray:
    """Per group, the sum of integer ``values`` (exact: far below 2**53)."""
    summed = np.bincount(groups, weights=values, minlength=n_groups)
    return np.rint(summed).astype(np.int64)


def label_figures_by_group(
    counts: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    categories: Sequence[LabelValue] | None = None,
) -> list[LabelFigures]:
    """``label_figures_from_counts`` of each group of rows (``groups[i]``: the group of row i,
    ``0 <= groups[i] < n_groups``), every group in one pass of array operations: per-story
    figures of thousands of stories cost what one figure does.

    Every figure is a function of a few integer sums per group, so a group gets exactly the
    figures its rows would get alone. Krippendorff's nominal alpha is the coincidence-matrix
    formula (Krippendorff 2011), which the ``krippendorff`` library computes too (the tests
    compare them)::

        o_cc summed = sum_i sum_c n_ic (n_ic - 1) / (n_i - 1),  n_c = sum_i n_ic,  n = sum_c n_c
        alpha = 1 - (n - 1) (n - sum_c o_cc) / (n^2 - sum_c n_c^2)

    and Fleiss' per-claim agreement ``(sum_c n_ic^2 - n_i) / (n_i (n_i - 1))`` is summed the
    same way, by the number of annotators of a claim (a handful of values), so the sums are
    exact until the last division.
    """
    counts = np.asarray(counts, dtype=np.int64)
    n_categories = counts.shape[1] if categories is None else len(categories)
    raters = counts.sum(axis=1)
    n_claims = _group_sums(groups, n_groups, (raters >= 1).astype(np.float64))
    pairable = raters >= 2
    counts, raters, groups = counts[pairable], raters[pairable], groups[pairable]
    agreeing_per_claim = (counts * (counts - 1)).sum(axis=1)  # = sum_c n_ic^2 - n_i
    n_units = _group_sums(groups, n_groups, np.ones(len(groups)))
    n_disagreeing = _group_sums(groups, n_groups, ((counts > 0).sum(axis=1) >= 2) * 1.0)
    n_values = _group_sums(groups, n_groups, raters * 1.0)
    pairs = _group_sums(groups, n_groups, (raters * (raters - 1)) * 1.0)
    agreeing = _group_sums(groups, n_groups, agreeing_per_claim * 1.0)
    by_category = np.zeros((n_groups, n_categories), dtype=np.int64)
    specific_agreeing = np.zeros((n_groups, n_categories), dtype=np.int64)
    specific_involving = np.zeros((n_groups, n_categories), dtype=np.int64)
    for c in range(counts.shape[1]):
        column = counts[:, c]
        by_category[:, c] = _group_sums(groups, n_groups, column * 1.0)
        specific_agreeing[:, c] = _group_sums(groups, n_groups, (column * (column - 1)) * 1.0)
        specific_involving[:, c] = _group_sums(groups, n_groups, (column * (raters - 1)) * 1.0)
    # sums by the number of annotators m of a claim: o_cc needs / (m - 1), Fleiss / m (m - 1)
    widest = int(raters.max()) + 1 if len(raters) else 2
    by_raters = np.bincount(
        groups * widest + raters, weights=agreeing_per_claim * 1.0, minlength=n_groups * widest
    ).reshape(n_groups, widest)[:, 2:]
    m = np.arange(2, widest, dtype=np.float64)
    coincident = (by_raters / (m - 1)).sum(axis=1)  # sum_c o_cc
    fleiss_sum = (by_raters / (m * (m - 1))).sum(axis=1)
    squares = (by_category * by_category).sum(axis=1)
    used = (by_category > 0).sum(axis=1)
    only = by_category.argmax(axis=1)
    return [
        _group_figures(
            categories,
            n_categories,
            int(n_claims[g]),
            int(n_units[g]),
            int(n_disagreeing[g]),
            int(n_values[g]),
            int(pairs[g]),
            int(agreeing[g]),
            by_category[g],
            specific_agreeing[g].tolist(),
            specific_involving[g].tolist(),
            float(coincident[g]),
            float(fleiss_sum[g]),
            int(squares[g]),
            _category_name(categories, int(only[g])) if used[g] == 1 else None,
        )
        for g in range(n_groups)
    ]


def _group_figures(
    categories, n_categories, n_claims, n_units, n_disagreeing, n_values, pairs, agreeing,
    by_category, specific_agreeing, specific_involving, coincident, fleiss_sum, squares, only,
) -> LabelFigures:  # fmt: skip
    """One group's figures from its sums (see ``label_figures_by_group``)."""
    if n_values < 2:
        alpha = Coefficient.undefined(NO_PAIRABLE_CLAIMS, n_units, n_values)
    elif only is not None:
        alpha = Coefficient.undefined(no_variation_reason(only), n_units, n_values)
    else:
        value = 1.0 - (n_values - 1) * (n_values - coincident) / (n_values * n_values - squares)
        alpha = Coefficient(value=float(value), n_units=n_units, n_values=n_values)
    if n_units == 0:
        kappa = Coefficient.undefined(NO_PAIRABLE_CLAIMS)
    elif only is not None:
        kappa = Coefficient.undefined(no_variation_reason(only), n_units, n_values)
    else:
        observed = fleiss_sum / n_units
        shares = by_category / n_values
        expected = float((shares**2).sum())
        value = (observed - expected) / (1.0 - expected)
        kappa = Coefficient(value, None, observed, expected, n_units, n_values)
    specific = _specific_shares(specific_agreeing, specific_involving, categories, n_categories)
    return LabelFigures(
        n_claims=n_claims,
        n_pairable_claims=n_units,
        n_disagreeing_claims=n_disagreeing,
        alpha=alpha,
        fleiss_kappa=kappa,
        observed_agreement=Proportion.of(agreeing // 2, pairs // 2, NO_PAIRABLE_CLAIMS),
        specific_agreement=specific,
    )
