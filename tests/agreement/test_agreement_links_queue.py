"""Link agreement and the disagreement queue."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from queue_reference import reference_disagreements

from claimdesk.agreement import (
    DisagreementKind,
    agreement_report,
    disagreements,
    encode_ratings,
    link_agreement,
    pairwise_link_agreement,
)

RATINGS = {
    "a1": {"ana": "corroborated", "ben": "corroborated"},
    "a2": {"ana": "contradicted", "ben": "corroborated", "chi": "contradicted"},
    "b1": {"ana": "corroborated", "ben": "corroborated"},
    "b2": {"ana": "unique", "ben": "unique"},
    "b3": {"ana": "corroborated"},
    "c1": {"ana": "unique", "ben": "not_a_claim"},
}
STORY_OF = {"a1": "s2", "a2": "s2", "b1": "s1", "b2": "s1", "b3": "s1", "c1": "s1"}
LINKS = {
    "ana": {("a1", "a2", "conflict"), ("b1", "b2", "agree"), ("b1", "b3", "agree")},
    "ben": {("a1", "a2", "agree"), ("b1", "b2", "agree")},
}


def test_link_f1_with_and_without_kind():
    agreement = link_agreement(
        {("x", "y", "agree"), ("x", "z", "conflict")},
        {("x", "y", "agree"), ("x", "z", "agree"), ("y", "z", "agree")},
    )
    assert agreement.n_common == 1
    assert agreement.f1.value == 2 * 1 / (2 + 3)
    assert agreement.f1_ignoring_kind.value == 2 * 2 / (2 + 3)


def test_links_are_restricted_to_claims_both_annotators_labelled():
    (ana_ben, *_rest) = pairwise_link_agreement(RATINGS, LINKS)
    # b3 was labelled only by ana, so her b1-b3 link is not compared.
    assert (ana_ben.annotator_a, ana_ben.annotator_b) == ("ana", "ben")
    assert (ana_ben.n_links_a, ana_ben.n_links_b, ana_ben.n_common) == (2, 2, 1)
    assert ana_ben.f1.value == 0.5
    assert ana_ben.f1_ignoring_kind.value == 1.0


def test_link_claims_out_of_order_are_normalised():
    agreement = link_agreement({("b", "a", "agree")}, {("a", "b", "agree")})
    assert agreement.f1.value == 1.0


def test_queue_kinds_order_and_contents():
    queue = disagreements(RATINGS, LINKS, STORY_OF)

    assert [(item.story, item.claim, item.kind) for item in queue] == [
        ("s1", "c1", DisagreementKind.LABEL),
        ("s2", "a1", DisagreementKind.LINKS),
        ("s2", "a2", DisagreementKind.BOTH),
    ]
    a2 = queue[2]
    assert a2.labels == {"ana": "contradicted", "ben": "corroborated", "chi": "contradicted"}
    assert a2.label_pairs == (("contradicted", "corroborated"),)
    assert a2.links == {
        "ana": (("a1", "a2", "conflict"),),
        "ben": (("a1", "a2", "agree"),),
        "chi": (),
    }
    assert a2.annotators == ("ana", "ben", "chi")
    assert queue[1].annotators == ("ana", "ben")  # only the two whose links differ
    assert queue[0].to_dict()["kind"] == "label"


def test_queue_filters():
    def claims(**filters):
        return [item.claim for item in disagreements(RATINGS, LINKS, STORY_OF, **filters)]

    assert claims(story="s2") == ["a1", "a2"]
    assert claims(story="nowhere") == []
    assert claims(annotator="chi") == ["a2"]
    assert claims(label_pair=("corroborated", "contradicted")) == ["a2"]
    assert claims(label_pair=("not_a_claim", "unique")) == ["c1"]
    assert claims(story="s1", annotator="chi") == []


def test_queue_without_stories_or_links():
    queue = disagreements(RATINGS)
    assert [item.claim for item in queue] == ["a2", "c1"]
    assert {item.story for item in queue} == {None}


def test_link_to_a_claim_only_one_annotator_labelled_is_not_a_disagreement():
    ratings = {"x": {"ana": "corroborated", "ben": "corroborated"}, "y": {"ana": "corroborated"}}
    assert disagreements(ratings, {"ana": {("x", "y", "agree")}}) == []


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.integers(0, 50),
        st.dictionaries(st.sampled_from(["ana", "ben", "chi"]), st.sampled_from("pqr"), max_size=3),
        max_size=30,
    )
)
def test_label_queue_is_exactly_the_claims_with_differing_labels(ratings):
    expected = sorted(
        claim
        for claim, labels in ratings.items()
        if len(labels) >= 2 and len(set(labels.values())) >= 2
    )
    queue = disagreements(ratings)
    assert [item.claim for item in queue] == expected
    assert all(item.kind == DisagreementKind.LABEL for item in queue)
    report = agreement_report(ratings)
    assert report.overall.n_disagreeing_claims == len(expected)


def test_story_figures_equal_figures_on_the_story_alone():
    report = agreement_report(RATINGS, links=LINKS, story_of=STORY_OF)
    for story in report.stories:
        alone = {
            claim: labels for claim, labels in RATINGS.items() if STORY_OF[claim] == story.story
        }
        assert story.figures == agreement_report(alone).overall


_CLAIM_IDS = st.integers(0, 12)
_ANNOTATORS = st.sampled_from(["ana", "ben", "chi", "dev"])
_RATINGS = st.dictionaries(
    _CLAIM_IDS, st.dictionaries(_ANNOTATORS, st.sampled_from("pqr"), max_size=4), max_size=12
)
_LINKS = st.dictionaries(
    _ANNOTATORS,
    st.sets(
        st.tuples(st.integers(0, 14), st.integers(0, 14), st.sampled_from(["agree", "conflict"])),
        max_size=10,
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(
    ratings=_RATINGS,
    links=_LINKS,
    stories=st.lists(st.sampled_from(["s1", "s2", "s3"]), min_size=15, max_size=15),
    story=st.sampled_from([None, "s1", "s2", "nowhere"]),
    annotator=st.sampled_from([None, "ana", "chi", "nobody"]),
    label_pair=st.sampled_from([None, ("p", "q"), ("r", "p"), ("q", "q")]),
)
def test_queue_equals_the_per_claim_reference(
    ratings, links, stories, story, annotator, label_pair
):
    """The vectorised queue and the first, per-claim implementation agree item for item:
    links in both claim orders, links to unlabelled claims, self-links, filters."""
    story_of = {claim: stories[claim] for claim in ratings if claim % 4}  # some without a story
    filters = {"story": story, "annotator": annotator, "label_pair": label_pair}
    expected = reference_disagreements(ratings, links, story_of, **filters)
    queue = disagreements(ratings, links, story_of, **filters)
    assert queue == expected
    assert [item.to_dict() for item in queue] == [item.to_dict() for item in expected]
    assert [list(item.labels) for item in queue] == [list(item.labels) for item in expected]
    assert [list(item.links) for item in queue] == [list(item.links) for item in expected]


def test_queue_takes_encoded_ratings():
    encoded = encode_ratings(RATINGS, story_of=STORY_OF)
    assert disagreements(encoded, LINKS) == disagreements(RATINGS, LINKS, STORY_OF)
    with pytest.raises(ValueError):
        disagreements(encoded, LINKS, STORY_OF)


def test_queue_with_more_annotators_than_bits_in_an_int64():
    """70 annotators: the shape signatures and link comparisons must not overflow."""
    rng = random.Random(3)
    names = [f"ann{index:02d}" for index in range(70)]
    ratings = {
        claim: {name: rng.choice("pqr") for name in rng.sample(names, rng.randint(0, 6))}
        for claim in range(40)
    }
    links = {
        name: {(rng.randrange(42), rng.randrange(42), rng.choice(["agree", "conflict"]))}
        for name in names
    }
    expected = reference_disagreements(ratings, links)
    assert expected  # the case is not trivially empty
    assert disagreements(ratings, links) == expected


@settings(max_examples=300, deadline=None)
@given(
    ratings=_RATINGS,
    links=_LINKS,
)
def test_pairwise_link_agreement_equals_the_sets_compared_one_pair_at_a_time(ratings, links):
    """The integer-keyed pairwise F1 (the report's) and `link_agreement` on the claims both
    labelled: links in both claim orders, to unlabelled claims, self-links, either kind."""
    pairs = pairwise_link_agreement(ratings, links)
    for pair in pairs:
        labelled = [
            {claim for claim, labels in ratings.items() if who in labels}
            for who in (pair.annotator_a, pair.annotator_b)
        ]
        expected = link_agreement(
            links.get(pair.annotator_a, set()),
            links.get(pair.annotator_b, set()),
            labelled[0] & labelled[1],
            annotator_a=pair.annotator_a,
            annotator_b=pair.annotator_b,
        )
        assert pair == expected
