"""FACTS.md as an acceptance test: claims of the seed corpus, from the real ingest + nlp."""

from __future__ import annotations

import itertools

import pytest
from seed_corpus import (
    CONTRADICTED_WITH_HINT,
    CORROBORATED_NO_HINT,
    FACTS,
    JULY_STORY,
    JUNE_STORY,
    load_seed_corpus,
)

from claimdesk.matching import CandidateIndex, group_articles, suggest_label

# Pairs the lexical matcher does not yet put in the top 3 of the other article's claims, per
# pipeline (their claim spans differ). Until the third-report path share (candidates.py)
# F7 002/003 ("what the Kremlin said", one source and no shared content) and F11 001/003 ("the
# suspension of military aid ... air defense systems" against "the pause in key arms
# supplies, particularly Patriot missile systems") were missed both ways; the claims of the
# other two articles that restate those facts now carry them into the top 3. F4 003 -> 002
# went from third to fourth: "The nearly hour-long conversation failed to address the recent
# pause ..., according to Kremlin aide Yuri Ushakov" now has 002's "The Kremlin, for its
# part, described the call ..." (F7's counterpart, also from the Kremlin) just above "The
# conversation, which lasted nearly an hour, ...". The model pipeline's spans keep F4 but
# still miss F7 one way.
# A new miss fails the test; so does a fix, so that this list only shrinks.
KNOWN_MISSES = {
    "rules": {("F4", "003", "002")},
    "model": {("F7", "003", "002")},
}
# Over the whole story (not restricted to the other article) the fact's claim must often beat
# claims of three other articles that restate neighbouring facts of the same call: measured
# 53/76 (rules) and 56/76 (model) pairs in the top 3; this is the floor.
UNRESTRICTED_FLOOR = 53


def _pipelines():
    names = ["rules"]
    try:
        from claimdesk.nlp import load_pipeline

        load_pipeline("model")
        names.append("model")
    except Exception:  # the model package is optional
        pass
    return names


@pytest.fixture(scope="module", params=_pipelines())
def corpus(request):
    return load_seed_corpus(request.param)


@pytest.fixture(scope="module")
def index(corpus):
    return CandidateIndex.build(corpus.claims)


def _fact_pairs():
    for fact, rows in FACTS.items():
        for a, b in itertools.permutations(sorted(rows), 2):
            yield fact, a, b


def _article(corpus, prefix):
    return next(a.id for a in corpus.articles if a.prefix == prefix)


def test_every_fact_pair_is_in_the_top3_of_the_other_article(corpus, index):
    misses = set()
    for fact, a, b in _fact_pairs():
        x = corpus.claim_with(a, FACTS[fact][a])
        y = corpus.claim_with(b, FACTS[fact][b])
        top = index.candidates(x.id, top_k=3, article_id=_article(corpus, b))
        if y.id not in [c.claim_id for c in top]:
            misses.add((fact, a, b))
    pipeline = corpus.source.rsplit(":", 1)[-1]
    # (Without spaCy the seeds are split by a regex: no list of its own, only no new misses.)
    known = KNOWN_MISSES.get(pipeline, set().union(*KNOWN_MISSES.values()))
    assert misses <= known, f"new misses: {sorted(misses - known)}"
    if pipeline in KNOWN_MISSES:
        assert misses == known, f"fixed (shrink KNOWN_MISSES): {sorted(known - misses)}"


def test_unrestricted_top3_recall_stays_above_floor(corpus, index):
    """The other reading of the acceptance: top 3 over every other article of the story."""
    pairs = list(_fact_pairs())
    found = 0
    for fact, a, b in pairs:
        x = corpus.claim_with(a, FACTS[fact][a])
        y = corpus.claim_with(b, FACTS[fact][b])
        found += y.id in [c.claim_id for c in index.candidates(x.id, top_k=3)]
    assert found >= UNRESTRICTED_FLOOR, f"{found}/{len(pairs)}"


def test_unrestricted_ranking_spreads_over_articles(corpus, index):
    """A repeated fact in one article does not fill the whole top 3 while others report it."""
    for claim in corpus.claims:
        top = index.candidates(claim.id, top_k=3)
        if len(top) == 3 and len({c.article_id for c in top}) == 1:
            rivals = index.candidates(claim.id, top_k=50)
            other = [c for c in rivals if c.article_id != top[0].article_id]
            # Only when the third claim of that article beats the best of every other article
            # by more than the repeat discount.
            assert not other or other[0].score <= top[2].score * 0.7**2 + 1e-9


def test_contradicted_facts_carry_a_hint_naming_both_values(corpus, index):
    expected = {
        "F3": ("001", "004", {"sixth", "first"}),
        "F5": ("001", "004", {"23", "14"}),
        "F9": ("002", "004", {"ambassador", "deputy chief of mission"}),
    }
    assert set(expected) == CONTRADICTED_WITH_HINT
    for fact, (a, b, values) in expected.items():
        x = corpus.claim_with(a, FACTS[fact][a])
        y = corpus.claim_with(b, FACTS[fact][b])
        for query, other, art in ((x, y, b), (y, x, a)):
            found = [c for c in index.candidates(query.id, 3, _article(corpus, art))]
            candidate = next(c for c in found if c.claim_id == other.id)
            hinted = {v for h in candidate.hints for v in (h.value_a, h.value_b)}
            assert values <= hinted, (fact, candidate.hints)
            assert candidate.reason.count(" vs ") >= 1


def test_corroborated_facts_carry_no_hint(corpus, index):
    for fact in CORROBORATED_NO_HINT:
        rows = FACTS[fact]
        for a, b in itertools.permutations(sorted(rows), 2):
            x = corpus.claim_with(a, rows[a])
            y = corpus.claim_with(b, rows[b])
            # Wherever it ranks (the top 3 is tested above): no hint on a corroboration.
            found = index.candidates(x.id, 10, _article(corpus, b))
            candidate = next(c for c in found if c.claim_id == y.id)
            assert candidate.hints == (), (fact, candidate.hints)


def test_envoy_is_compatible_with_ambassador_and_deputy_chief(corpus, index):
    rows = FACTS["F9"]
    for a, b in (("002", "003"), ("003", "004")):
        x = corpus.claim_with(a, rows[a])
        y = corpus.claim_with(b, rows[b])
        candidate = next(
            c for c in index.candidates(x.id, 3, _article(corpus, b)) if c.claim_id == y.id
        )
        assert not [h for h in candidate.hints if h.kind == "title"]


def test_no_candidate_crosses_the_two_stories(corpus, index):
    story_of = {c.id: c.story_id for c in corpus.claims}
    assert {c.story_id for c in corpus.claims} == {JUNE_STORY, JULY_STORY}
    for claim in corpus.claims:
        for candidate in index.candidates(claim.id, top_k=50):
            assert story_of[candidate.claim_id] == claim.story_id
            assert candidate.article_id != claim.article_id
            assert 0.0 <= candidate.score <= 1.0


def test_june_claims_have_no_candidates_and_are_unique(corpus, index):
    june = [c for c in corpus.claims if c.story_id == JUNE_STORY]
    assert june
    for claim in june:
        candidates = index.candidates(claim.id)
        assert candidates == []
        assert suggest_label(candidates).label == "unique"


def test_suggestions_on_the_facts(corpus, index):
    def suggestion(prefix, phrase):
        claim = corpus.claim_with(prefix, phrase)
        return suggest_label(index.evidence(claim.id))

    assert suggestion("004", FACTS["F5"]["004"]).label == "contradicted"
    assert suggestion("002", FACTS["F9"]["002"]).label == "contradicted"
    assert suggestion("003", FACTS["F6"]["003"]).label == "corroborated"
    assert suggestion("002", FACTS["F12"]["002"]).label == "corroborated"


def test_seeds_group_into_two_stories(corpus):
    groups = group_articles(corpus.grouping_inputs())
    as_prefixes = sorted(sorted(corpus.prefix_of(i) for i in g) for g in groups)
    assert as_prefixes == [["000"], ["001", "002", "003", "004"]]


# FACTS.md's labels, one per claim: a claim stating two facts takes the stronger label
# (contradicted > corroborated > unique, resources/guidelines.md). F15-F17 are unique; F18's claim also
# states F14 ("expressed hope to speak with Trump soon"), so that claim is corroborated.
_FACT_LABELS = {f: "corroborated" for f in FACTS} | dict.fromkeys(
    ("F3", "F5", "F7", "F9"), "contradicted"
)
_UNIQUE_FACTS = {
    "F15": ("001", "residents were forced to seek refuge in subway stations"),
    "F16": ("001", "launching 539 drones"),
    "F17": ("004", "A 16-story residential building"),
}
# Measured: 25/35 (rules), 27/35 (model) from the top 5; 28/35 for both pipelines since issue
# 11 (typed slots, evidence from every other article). The misses are mostly F7, whose
# conflict ("remained silent" against what the Kremlin said) no lexical hint can see.
SUGGESTION_FLOOR = 28


def test_suggested_labels_against_facts(corpus, index):
    order = {"contradicted": 0, "corroborated": 1, "unique": 2}
    gold: dict[str, str] = {}
    items = [(rows[a], a, _FACT_LABELS[f]) for f, rows in FACTS.items() for a in rows]
    items += [(phrase, a, "unique") for a, phrase in _UNIQUE_FACTS.values()]
    for phrase, prefix, label in items:
        claim = corpus.claim_with(prefix, phrase)
        if claim.id not in gold or order[label] < order[gold[claim.id]]:
            gold[claim.id] = label
    # The same evidence as the window and the CLI: every other article's best claims.
    right = sum(suggest_label(index.evidence(cid)).label == label for cid, label in gold.items())
    assert right >= SUGGESTION_FLOOR, f"{right}/{len(gold)}"
    for prefix, phrase in _UNIQUE_FACTS.values():
        claim = corpus.claim_with(prefix, phrase)
        assert suggest_label(index.evidence(claim.id)).label == "unique"
