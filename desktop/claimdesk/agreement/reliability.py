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
    pairable = pairable_counts(counts)
    return LabelFigures(
        n_claims=int((counts.sum(axis=1) >= 1).sum()) if counts.ndim == 2 else 0,
        n_pairable_claims=len(pairable),
        n_disagreeing_claims=int(((pairable > 0).sum(axis=1) >= 2).sum()),
        alpha=krippendorff_alpha_from_counts(pairable, categories),
        fleiss_kappa=fleiss_kappa_from_counts(pairable, categories),
        observed_agreement=observed_agreement_from_counts(pairable),
        specific_agreement=specific_agreement_from_counts(pairable, categories),
    )
