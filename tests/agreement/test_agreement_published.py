"""Published worked examples, reproduced exactly."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from agreement_examples import (
    FLEISS_1971,
    KRIPPENDORFF_2011,
    cohen_ratings,
    krippendorff_ratings,
    ratings_from_counts,
)

from claimdesk.agreement import (
    cohens_kappa,
    cohens_kappa_from_table,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
    specific_agreement,
)


def test_krippendorff_2011_nominal_example_is_0_743():
    alpha = krippendorff_alpha(krippendorff_ratings())

    assert round(alpha.value, 3) == 0.743
    assert alpha.reason is None
    # Unit 12 has a single value and is not pairable: 11 units, 40 pairable values (paper).
    assert (alpha.n_units, alpha.n_values) == (11, 40)


def test_krippendorff_2011_matches_the_library_reliability_data_form():
    reliability_data = [
        [np.nan if code == "*" else float(code) for code in row.split()]
        for row in KRIPPENDORFF_2011.values()
    ]
    expected = krippendorff.alpha(reliability_data=reliability_data, level_of_measurement="nominal")

    assert krippendorff_alpha(krippendorff_ratings()).value == pytest.approx(expected, abs=1e-12)


def test_fleiss_1971_example_from_counts_is_0_210():
    kappa = fleiss_kappa_from_counts(FLEISS_1971)

    assert round(kappa.value, 3) == 0.210
    assert kappa.observed == pytest.approx(0.378, abs=5e-4)  # P_bar on Wikipedia
    assert kappa.expected == pytest.approx(0.213, abs=5e-4)  # P_e on Wikipedia
    assert (kappa.n_units, kappa.n_values) == (10, 140)


def test_fleiss_1971_example_from_ratings_is_0_210():
    ratings = ratings_from_counts(FLEISS_1971)
    assert all(len(labels) == 14 for labels in ratings.values())

    kappa = fleiss_kappa(ratings)

    assert round(kappa.value, 3) == 0.210
    assert kappa.value == pytest.approx(fleiss_kappa_from_counts(FLEISS_1971).value, abs=1e-15)


def test_cohen_table_example_is_0_4():
    # 50 items: A yes/B yes 20, A yes/B no 5, A no/B yes 10, A no/B no 15.
    kappa = cohens_kappa_from_table([[20, 5], [10, 15]])

    assert kappa.value == pytest.approx(0.4, abs=1e-12)
    assert kappa.observed == pytest.approx(0.7)
    assert kappa.expected == pytest.approx(0.5)


def test_cohen_example_from_ratings_with_claimdesk_labels():
    pair = cohens_kappa(cohen_ratings(), "ana", "ben")

    assert pair.kappa.value == pytest.approx(0.4, abs=1e-12)
    assert pair.n_common == 50
    assert pair.observed.value == pytest.approx(0.7)
    # 4 x 4 in the fixed label order, rows = ana, columns = ben.
    assert pair.labels == ("corroborated", "contradicted", "unique", "not_a_claim")
    assert pair.confusion == (
        (20, 5, 0, 0),
        (10, 15, 0, 0),
        (0, 0, 0, 0),
        (0, 0, 0, 0),
    )


def test_specific_agreement_of_the_cohen_example():
    # corroborated: 2*20 / (25 + 30); contradicted: 2*15 / (25 + 20).
    shares = specific_agreement(cohen_ratings())

    assert shares["corroborated"].value == pytest.approx(40 / 55)
    assert shares["contradicted"].value == pytest.approx(30 / 45)
    assert shares["unique"].value is None
    assert not math.isnan(shares["corroborated"].value)
