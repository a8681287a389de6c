"""Degenerate input: None with a reason, never NaN, never an exception."""

from __future__ import annotations

import json
import math

import pytest

from claimdesk.agreement import (
    agreement_report,
    cohens_kappa,
    cohens_kappa_from_table,
    disagreements,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
    krippendorff_alpha_from_counts,
    link_agreement,
    observed_agreement,
)


def walk(value, path="report"):
    """Yield (path, leaf) for every leaf of nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), f"{path}: non-string key {key!r}"
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")
    else:
        yield path, value


def assert_clean(data: dict) -> None:
    for path, leaf in walk(data):
        if isinstance(leaf, float):
            assert math.isfinite(leaf), f"{path} is {leaf}"
        assert leaf is None or isinstance(leaf, (str, int, float, bool)), f"{path}: {leaf!r}"
    json.dumps(data, allow_nan=False)


def assert_undefined_everywhere(report, reason_start: str) -> None:
    overall = report.overall
    for figure in (overall.alpha, overall.fleiss_kappa, overall.observed_agreement):
        assert figure.value is None
        assert figure.reason.startswith(reason_start)


EMPTY = {}
ONE_ANNOTATOR = {"c1": {"ana": "unique"}, "c2": {"ana": "corroborated"}}
NO_OVERLAP = {"c1": {"ana": "unique"}, "c2": {"ben": "corroborated"}}
ONE_LABEL = {
    "c1": {"ana": "unique", "ben": "unique"},
    "c2": {"ana": "unique", "ben": "unique", "chi": "unique"},
}


@pytest.mark.parametrize(
    "ratings",
    [EMPTY, ONE_ANNOTATOR, NO_OVERLAP, {"c1": {}}],
    ids=["empty", "one", "no-overlap", "no-labels"],
)
def test_not_enough_data(ratings):
    report = agreement_report(
        ratings, links={"ana": set()}, gold={"c1": "unique"}, story_of={"c1": "s1"}
    )

    assert_undefined_everywhere(report, "not enough data")
    for pair in report.pairs:
        assert pair.kappa.value is None and pair.kappa.reason.startswith("not enough data")
        assert pair.observed.value is None
    for link in report.links:
        assert link.f1.value is None and link.f1.reason.startswith("not enough data")
    assert_clean(report.to_dict())
    assert disagreements(ratings) == []


def test_everyone_choosing_one_label():
    alpha = krippendorff_alpha(ONE_LABEL)
    kappa = fleiss_kappa(ONE_LABEL)
    cohen = cohens_kappa(ONE_LABEL, "ana", "ben")

    for figure in (alpha, kappa, cohen.kappa):
        assert figure.value is None
        assert figure.reason == "no variation: every label is unique"
    # Observed agreement is defined (and perfect); only the chance correction is not.
    assert observed_agreement(ONE_LABEL).value == 1.0
    assert cohen.observed.value == 1.0
    report = agreement_report(ONE_LABEL, gold={"c1": "unique"}, story_of={"c1": "s", "c2": "s"})
    assert report.gold[0].accuracy.value == 1.0
    assert report.gold[0].kappa.value is None
    assert_clean(report.to_dict())


def test_one_label_among_pairable_values_even_when_others_exist():
    # "b" only appears on a claim with a single label, so it is not pairable.
    ratings = {"c1": {"ana": "a", "ben": "a"}, "c2": {"ana": "b"}}
    assert krippendorff_alpha(ratings).reason == "no variation: every label is a"
    assert fleiss_kappa(ratings).reason == "no variation: every label is a"


def test_count_and_table_entry_points_accept_empty_input():
    for figure in (
        krippendorff_alpha_from_counts([]),
        krippendorff_alpha_from_counts([[1, 0], [0, 1]]),
        fleiss_kappa_from_counts([]),
        fleiss_kappa_from_counts([[0, 0]]),
        cohens_kappa_from_table([]),
        cohens_kappa_from_table([[0, 0], [0, 0]]),
    ):
        assert figure.value is None
        assert figure.reason.startswith("not enough data")
    assert cohens_kappa_from_table([[7, 0], [0, 0]]).reason == "no variation: every label is 0"


def test_unknown_annotator_and_empty_link_sets():
    assert cohens_kappa(ONE_ANNOTATOR, "ana", "nobody").kappa.value is None
    agreement = link_agreement(set(), set())
    assert agreement.f1.value is None
    assert agreement.f1_ignoring_kind.value is None


def test_a_degenerate_story_next_to_a_healthy_one():
    ratings = {
        "c1": {"ana": "unique", "ben": "unique"},
        "c2": {"ana": "corroborated", "ben": "contradicted"},
        "c3": {"ana": "corroborated", "ben": "corroborated"},
        "c4": {"ana": "not_a_claim"},
    }
    story_of = {"c1": "calm", "c2": "busy", "c3": "busy", "c4": "lonely"}
    report = agreement_report(ratings, story_of=story_of)

    by_story = {story.story: story.figures for story in report.stories}
    assert list(by_story) == ["busy", "calm", "lonely"]
    assert by_story["calm"].alpha.reason == "no variation: every label is unique"
    assert by_story["lonely"].alpha.reason.startswith("not enough data")
    assert by_story["busy"].alpha.value is not None
    assert_clean(report.to_dict())
