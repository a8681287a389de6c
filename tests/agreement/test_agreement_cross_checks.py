"""The package against independent textbook implementations on random ratings."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import agreement_reference as reference
import pytest
from agreement_examples import FLEISS_1971, krippendorff_ratings, ratings_from_counts
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.agreement import (
    fleiss_kappa,
    krippendorff_alpha,
    observed_agreement,
    pairwise_cohens_kappa,
    specific_agreement,
)

ANNOTATORS = ["ana", "ben", "chi", "dev"]


def ratings_strategy(labels):
    per_claim = st.dictionaries(st.sampled_from(ANNOTATORS), st.sampled_from(labels), max_size=4)
    return st.dictionaries(st.integers(0, 200), per_claim, max_size=40)


CLAIMDESK = ["corroborated", "contradicted", "unique", "not_a_claim"]
ANY_LABELS = [1, 2, "x", ("t", 1)]  # mixed hashable labels


def test_the_references_reproduce_the_published_examples():
    assert (
        round(
            float(reference.krippendorff_alpha_nominal(reference.units_of(krippendorff_ratings()))),
            3,
        )
        == 0.743
    )
    assert (
        round(
            float(reference.fleiss_kappa(reference.units_of(ratings_from_counts(FLEISS_1971)))), 3
        )
        == 0.210
    )
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert reference.cohens_kappa(first, second) == Fraction(2, 5)


def assert_same(ours, reference):
    if reference is None:
        assert ours.value is None
        assert ours.reason
    else:
        assert ours.value == pytest.approx(float(reference), abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(ratings_strategy(CLAIMDESK))
def test_alpha_matches_the_coincidence_matrix(ratings):
    assert_same(
        krippendorff_alpha(ratings),
        reference.krippendorff_alpha_nominal(reference.units_of(ratings)),
    )


@settings(max_examples=100, deadline=None)
@given(ratings_strategy(ANY_LABELS))
def test_alpha_with_any_hashable_labels(ratings):
    assert_same(
        krippendorff_alpha(ratings),
        reference.krippendorff_alpha_nominal(reference.units_of(ratings)),
    )


@settings(max_examples=300, deadline=None)
@given(ratings_strategy(CLAIMDESK))
def test_fleiss_matches_the_textbook_formula(ratings):
    assert_same(fleiss_kappa(ratings), reference.fleiss_kappa(reference.units_of(ratings)))


@settings(max_examples=300, deadline=None)
@given(ratings_strategy(CLAIMDESK))
def test_pairwise_cohen_matches_the_textbook_formula(ratings):
    pairs = {(pair.annotator_a, pair.annotator_b): pair for pair in pairwise_cohens_kappa(ratings)}
    annotators = sorted({a for labels in ratings.values() for a in labels})
    assert list(pairs) == list(combinations(annotators, 2))
    for (first, second), pair in pairs.items():
        first_labels, second_labels = reference.common_labels(ratings, first, second)
        assert pair.n_common == len(first_labels)
        assert sum(map(sum, pair.confusion)) == len(first_labels)
        assert_same(pair.kappa, reference.cohens_kappa(first_labels, second_labels))


@settings(max_examples=200, deadline=None)
@given(ratings_strategy(CLAIMDESK))
def test_two_annotator_specific_and_observed_agreement(ratings):
    two = {
        claim: {a: label for a, label in labels.items() if a in ("ana", "ben")}
        for claim, labels in ratings.items()
    }
    first, second = reference.common_labels(two, "ana", "ben")
    shares = specific_agreement(two)
    for label in CLAIMDESK:
        expected = reference.specific_agreement_two_raters(first, second, label)
        if expected is None:
            assert shares[label].value is None
        else:
            assert shares[label].value == pytest.approx(float(expected))
    observed = observed_agreement(two)
    if first:
        assert observed.value == pytest.approx(
            sum(a == b for a, b in zip(first, second, strict=True)) / len(first)
        )
    else:
        assert observed.value is None


@settings(max_examples=200, deadline=None)
@given(ratings_strategy(CLAIMDESK))
def test_observed_agreement_pools_all_pairs(ratings):
    agreeing = pairs = 0
    for labels in ratings.values():
        for a, b in combinations(list(labels.values()), 2):
            pairs += 1
            agreeing += a == b
    observed = observed_agreement(ratings)
    if pairs:
        assert observed.value == pytest.approx(agreeing / pairs)
    else:
        assert observed.value is None


@settings(max_examples=200, deadline=None)
@given(
    ratings=ratings_strategy(CLAIMDESK),
    stories=st.lists(st.integers(0, 3), min_size=201, max_size=201),
)
def test_figures_of_every_story_at_once_equal_each_story_alone(ratings, stories):
    """report.py computes the per-story figures in one pass (label_figures_by_group): each
    equals the figures of that story's claims alone, and their alpha and Fleiss' kappa the
    textbook references (alpha: the coincidence matrix, as the krippendorff library)."""
    import numpy as np

    from claimdesk.agreement import encode_ratings, label_figures_from_counts
    from claimdesk.agreement.reliability import label_figures_by_group

    encoded = encode_ratings(ratings, story_of={claim: stories[claim] for claim in ratings})
    grouped = label_figures_by_group(
        encoded.counts, encoded.story_codes, len(encoded.stories), encoded.categories
    )
    for index, story in enumerate(encoded.stories):
        rows = np.flatnonzero(encoded.story_codes == index)
        alone = label_figures_from_counts(encoded.counts[rows], encoded.categories)
        assert grouped[index] == alone
        claims = {claim: ratings[claim] for claim in ratings if stories[claim] == story}
        assert_same(alone.alpha, reference.krippendorff_alpha_nominal(reference.units_of(claims)))
        assert_same(alone.fleiss_kappa, reference.fleiss_kappa(reference.units_of(claims)))
        library = krippendorff_alpha(claims)
        if library.value is not None:
            assert alone.alpha.value == pytest.approx(library.value, abs=1e-12)
