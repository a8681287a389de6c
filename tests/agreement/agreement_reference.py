"""Independent textbook implementations, used only to cross-check claimdesk.agreement.

They share no code with the package: plain loops over Python data, exact arithmetic with
``Fraction``, written straight from the papers. ``None`` means "undefined".
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from itertools import permutations


def units_of(ratings: dict) -> list[list]:
    """The list of labels of each claim (annotators do not matter for alpha and Fleiss)."""
    return [list(per_annotator.values()) for per_annotator in ratings.values()]


def krippendorff_alpha_nominal(units: list[list]) -> Fraction | None:
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C.

    Coincidence matrix: every ordered pair of values (c, k) from different coders in unit u
    adds 1/(m_u - 1) to o_ck; units with m_u < 2 are not pairable. Then with n_c = sum_k o_ck
    and n = sum_c n_c, nominal alpha = 1 - (n - 1) * sum_{c!=k} o_ck / sum_{c!=k} n_c n_k.
    """
    coincidences: Counter = Counter()
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for c, k in permutations(values, 2):  # ordered pairs of different coders
            coincidences[(c, k)] += Fraction(1, m - 1)
    totals: Counter = Counter()
    for (c, _k), o in coincidences.items():
        totals[c] += o
    n = sum(totals.values())
    if n < 2:
        return None
    observed_disagreement = sum(o for (c, k), o in coincidences.items() if c != k)
    expected_disagreement = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if expected_disagreement == 0:
        return None
    return 1 - (n - 1) * observed_disagreement / expected_disagreement


def fleiss_kappa(units: list[list]) -> Fraction | None:
    """Fleiss (1971), with each unit's agreement over its own number of raters n_i >= 2."""
    units = [values for values in units if len(values) >= 2]
    if not units:
        return None
    per_unit = []
    totals: Counter = Counter()
    for values in units:
        n_i = len(values)
        counts = Counter(values)
        agreeing_pairs = sum(count * (count - 1) for count in counts.values())
        per_unit.append(Fraction(agreeing_pairs, n_i * (n_i - 1)))
        totals.update(counts)
    p_bar = sum(per_unit) / len(per_unit)
    all_values = sum(totals.values())
    p_e = sum(Fraction(count, all_values) ** 2 for count in totals.values())
    if p_e == 1:
        return None
    return (p_bar - p_e) / (1 - p_e)


def cohens_kappa(first: list, second: list) -> Fraction | None:
    """Cohen (1960) from two aligned label lists: (p_o - p_e) / (1 - p_e)."""
    n = len(first)
    if n == 0:
        return None
    p_o = Fraction(sum(a == b for a, b in zip(first, second, strict=True)), n)
    first_counts, second_counts = Counter(first), Counter(second)
    p_e = sum(Fraction(first_counts[label] * second_counts[label], n * n) for label in first_counts)
    if p_e == 1:
        return None
    return (p_o - p_e) / (1 - p_e)


def common_labels(ratings: dict, annotator_a, annotator_b) -> tuple[list, list]:
    """The two annotators' labels on the claims both labelled, aligned."""
    pairs = [
        (labels[annotator_a], labels[annotator_b])
        for labels in ratings.values()
        if annotator_a in labels and annotator_b in labels
    ]
    return [a for a, _ in pairs], [b for _, b in pairs]


def specific_agreement_two_raters(first: list, second: list, label) -> Fraction | None:
    """2 n_agree(label) / (times rater 1 used label + times rater 2 used label)."""
    both = sum(a == b == label for a, b in zip(first, second, strict=True))
    used = first.count(label) + second.count(label)
    return Fraction(2 * both, used) if used else None
