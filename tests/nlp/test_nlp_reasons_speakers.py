"""Why a claim is checkable, and who it is attributed to."""

from __future__ import annotations

import pytest
from nlp_seed_facts import normalised_seeds

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who"}


@pytest.fixture(scope="module")
def seed_claims(claim_pipeline):
    texts = normalised_seeds()
    keys = sorted(texts)
    return dict(zip(keys, claim_pipeline.extract(texts[k] for k in keys), strict=True))


def claim_with(claims, phrase):
    found = [c for c in claims if phrase in c.text]
    assert len(found) == 1, [c.text for c in found]
    return found[0]


def test_reported_statement_names_its_speaker(seed_claims):
    claim = claim_with(seed_claims["001"], "Ushakov stated that Putin expressed a willingness")
    assert "Ushakov" in claim.speaker
    assert "attribution" in claim.reasons


def test_according_to_names_its_speaker(seed_claims):
    claim = claim_with(seed_claims["003"], "according to Kremlin aide Yuri Ushakov")
    assert "Ushakov" in claim.speaker
    assert "attribution" in claim.reasons


def test_subject_with_title_gives_the_name(seed_claims):
    claim = claim_with(seed_claims["002"], "Kremlin aide Yuri Ushakov confirmed")
    assert "Ushakov" in claim.speaker


def test_quote_with_reporting_verb(seed_claims):
    claim = claim_with(seed_claims["003"], "make any progress with him at all")
    assert claim.speaker == "Trump"
    assert {"quote", "attribution", "entity"} <= set(claim.reasons)


def test_numbers_and_dates(seed_claims):
    assert "number" in claim_with(seed_claims["001"], "539 drones").reasons
    assert "number" in claim_with(seed_claims["000"], "117 drones").reasons
    assert "date" in claim_with(seed_claims["001"], "on July 3, 2025").reasons
    assert "date" in claim_with(seed_claims["000"], "on May 19").reasons


def test_entities(seed_claims):
    assert "entity" in claim_with(seed_claims["004"], "Obolon district").reasons


def test_pronoun_is_never_a_speaker(seed_claims):
    claim = claim_with(seed_claims["002"], "he admitted")
    assert "attribution" in claim.reasons
    assert claim.speaker in (None, "Trump")
    for claims in seed_claims.values():
        for claim in claims:
            assert claim.speaker is None or claim.speaker.lower() not in PRONOUNS


def test_reasons_are_known_and_ordered(seed_claims):
    order = ("number", "date", "entity", "quote", "attribution")
    for claims in seed_claims.values():
        for claim in claims:
            assert list(claim.reasons) == [r for r in order if r in claim.reasons]


def test_clauses_with_different_facts_are_split(seed_claims):
    first = claim_with(seed_claims["004"], "A 16-story residential building")
    second = claim_with(seed_claims["004"], "other attacks disrupted railway infrastructure")
    assert first != second
    first = claim_with(seed_claims["001"], "resulted in severe damage")
    second = claim_with(seed_claims["001"], "residents were forced to seek refuge")
    assert first != second
    assert first.text.endswith("Kyiv") and second.text.startswith("residents")


def test_pipeline_name_is_recorded(claim_pipeline, seed_claims):
    assert all(c.pipeline == claim_pipeline.name for claims in seed_claims.values() for c in claims)
