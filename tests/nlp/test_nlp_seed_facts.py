"""Every quoted fact of FACTS.md lies in exactly one claim of its article, and none of the
lines that FACTS.md calls non-claims is a claim or inside one, for both pipelines, on the
normalised text and on the raw files (where the detector must reject boilerplate itself)."""

from __future__ import annotations

import pytest
from nlp_seed_facts import (
    FACT_PHRASES,
    NON_CLAIMS,
    contains_in_order,
    normalised_seeds,
    phrase_pieces,
    raw_seeds,
)

TEXTS = {"normalised": normalised_seeds(), "raw": raw_seeds()}


@pytest.fixture(scope="module")
def claims_by_article(claim_pipeline):
    """{(form, article): (text, claims)} for both forms of every seed."""
    result = {}
    for form, texts in TEXTS.items():
        keys = sorted(texts)
        for key, claims in zip(keys, claim_pipeline.extract(texts[k] for k in keys), strict=True):
            result[form, key] = (texts[key], claims)
    return result


@pytest.mark.parametrize("form", sorted(TEXTS))
@pytest.mark.parametrize(
    ("article", "fact", "phrase"), FACT_PHRASES, ids=[f"{a}-{f}" for a, f, _ in FACT_PHRASES]
)
def test_fact_lies_in_exactly_one_claim(claims_by_article, form, article, fact, phrase):
    text, claims = claims_by_article[form, article]
    pieces = phrase_pieces(phrase)
    assert contains_in_order(text, pieces), "the phrase is not in the article itself"
    holding = [c.text for c in claims if contains_in_order(c.text, pieces)]
    assert len(holding) == 1, f"{fact} in {len(holding)} claims: {holding}"


@pytest.mark.parametrize("form", sorted(TEXTS))
@pytest.mark.parametrize(
    ("article", "line"),
    [(a, line) for a, lines in NON_CLAIMS.items() for line in lines],
)
def test_non_claim_is_not_inside_a_claim(claims_by_article, form, article, line):
    text, claims = claims_by_article[form, article]
    position = text.find(line)
    if position < 0:
        assert form == "normalised", f"{line!r} missing from the raw file"
        return  # ingest lifted it out already
    for claim in claims:
        overlaps = (
            claim.start < position + len(line.rstrip())
            and position + (len(line) - len(line.lstrip())) < claim.end
        )
        assert not overlaps, f"{line!r} overlaps claim {claim.text!r}"
        assert line.strip() not in claim.text


def test_every_seed_yields_claims(claims_by_article):
    for (form, article), (_text, claims) in claims_by_article.items():
        assert len(claims) >= 8, (form, article)
