import random

from seed_corpus import load_seed_corpus

from claimdesk.matching import Candidate, CandidateIndex, ClaimRef, suggest_label
from claimdesk.matching.semantic import available, load_reranker


def _ranked_in_b_without(claims, constant: str):
    """c1's best two claims of article B with one of the ranking's constants set to 0 (what
    a share or a floor changes)."""
    from claimdesk.matching import candidates as module

    saved = getattr(module, constant)
    setattr(module, constant, 0.0)
    try:
        return CandidateIndex.build(claims).candidates("c1", top_k=2, article_id="B")
    finally:
        setattr(module, constant, saved)


def test_candidates_are_deterministic_under_shuffling():
    claims = load_seed_corpus("rules").claims
    index = CandidateIndex.build(claims)
    expected = {c.id: index.candidates(c.id, top_k=5) for c in claims}
    for seed in range(3):
        shuffled = claims[:]
        random.Random(seed).shuffle(shuffled)
        other = CandidateIndex.build(shuffled)
        assert {c.id: other.candidates(c.id, top_k=5) for c in claims} == expected


def test_restricting_to_an_article():
    claims = [
        ClaimRef("c1", "A", "s", "Five civilians were killed by shelling in eastern Ukraine."),
        ClaimRef("c2", "B", "s", "Russian shelling killed five people in eastern Ukraine."),
        ClaimRef("c3", "C", "s", "Shelling killed 7 people in eastern Ukraine."),
        ClaimRef("c4", "A", "s", "Another claim of the same article about shelling in Ukraine."),
        ClaimRef("c5", "D", "other", "Russian shelling killed five people in eastern Ukraine."),
    ]
    index = CandidateIndex.build(claims)
    everything = index.candidates("c1", top_k=10)
    assert [c.claim_id for c in everything] == ["c2", "c3"]  # not c4 (same article), not c5
    only_c = index.candidates("c1", top_k=10, article_id="C")
    assert [c.claim_id for c in only_c] == ["c3"]
    assert index.candidates("c1", article_id="A") == []  # its own article
    assert only_c[0].hints and only_c[0].hints[0].kind == "number"
    assert "numbers: —" in only_c[0].reason and "differs:" in only_c[0].reason
    assert "numbers: 5" in everything[0].reason


def test_spelling_variants_match():
    claims = [
        ClaimRef("c1", "A", "s", "Zelenskyy spoke with U.S. officials."),
        ClaimRef("c2", "B", "s", "Zelenskiy spoke with US officials."),
        ClaimRef("c3", "B", "s", "The weather was fine."),
    ]
    top = CandidateIndex.build(claims).candidates("c1")
    assert [c.claim_id for c in top] == ["c2"]
    assert top[0].score > 0.8


def test_suggest_label_rules():
    from claimdesk.matching import ConflictHint

    hint = ConflictHint("number", "23", "14", "23 people vs 14 civilians")
    agree = Candidate("x", "B", 0.6, "shares: a", ("a",))
    conflict = Candidate("y", "C", 0.4, "shares: b", ("b",), (hint,))
    weak = Candidate("z", "D", 0.05, "shares: —", ())
    assert suggest_label([agree, conflict]).label == "contradicted"
    assert suggest_label([agree]).label == "corroborated"
    assert suggest_label([weak]).label == "unique"
    assert suggest_label([]).label == "unique"
    for s in (suggest_label([agree]), suggest_label([weak]), suggest_label([conflict])):
        assert 0.0 <= s.confidence <= 1.0
    assert suggest_label([agree, conflict]) == suggest_label([conflict, agree])


def test_a_long_name_given_two_ways_counts_from_a_low_score():
    from claimdesk.matching import ConflictHint
    from claimdesk.matching.suggest import EVENT_SLOT_FLOOR, STRONG_WITH_HINT

    low = (EVENT_SLOT_FLOOR + STRONG_WITH_HINT) / 2
    name = ConflictHint(
        "name", "Port Authority of Essex", "Port Agency of Essex", "name: ... vs ..."
    )
    quote = ConflictHint("quote", "we will stay", "we will go", 'quote: "..." vs "..."')
    agree = Candidate("x", "B", 0.3, "shares: a", ("a",))
    # Sharing a three-word name but one word says both claims name one body.
    assert suggest_label([agree, Candidate("y", "C", low, "", (), (name,))]).label == (
        "contradicted"
    )
    # Other hints at that score are too weak to stop a corroboration.
    assert suggest_label([agree, Candidate("y", "C", low, "", (), (quote,))]).label == (
        "corroborated"
    )


def test_one_list_counted_two_ways_counts_from_a_low_score():
    from claimdesk.matching import conflict_hints
    from claimdesk.matching.suggest import EVENT_SLOT_FLOOR, STRONG_WITH_HINT

    low = (EVENT_SLOT_FLOOR + STRONG_WITH_HINT) / 2
    hints = tuple(
        conflict_hints(
            "The report names four causes: drought, heat, wind and neglect.",
            "Drought, heat and wind caused the outbreak, the report found.",
        )
    )
    assert [h.slot for h in hints] == ["listed"]
    agree = Candidate("x", "B", 0.3, "shares: a", ("a",))
    # Three shared items say both claims enumerate one thing, however little else they share.
    found = suggest_label([agree, Candidate("y", "C", low, "", (), hints)])
    assert found.label == "contradicted"
    assert "3 listed" in found.because


def test_one_speakers_remarks_placed_two_ways_count_from_a_low_score():
    from claimdesk.matching import conflict_hints
    from claimdesk.matching.suggest import EVENT_SLOT_FLOOR, STRONG_WITH_HINT

    low = (EVENT_SLOT_FLOOR + STRONG_WITH_HINT) / 2
    hints = tuple(
        conflict_hints(
            "Speaking in Ohio, Mayor Ruiz said the plant would close.",
            "Ruiz told reporters at the City Hall before a trip to Ohio that jobs would go.",
        )
    )
    assert [h.kind for h in hints] == ["place"]
    agree = Candidate("x", "B", 0.3, "shares: a", ("a",))
    assert suggest_label([agree, Candidate("y", "C", low, "", (), hints)]).label == ("contradicted")


def test_semantic_reranker_is_optional():
    reranker = load_reranker()
    assert (reranker is None) == (not available())


def _five_outlets():
    # Article B restates the toll three times, with more shared words than C, D and E.
    return [
        ClaimRef("a1", "A", "s", "The wildfire has killed 80 people in Paradise, officials said."),
        ClaimRef("b1", "B", "s", "The wildfire in Paradise has killed 80 people, officials said."),
        ClaimRef("b2", "B", "s", "Officials said the Paradise wildfire killed 80 people."),
        ClaimRef("b3", "B", "s", "In Paradise, officials said, the wildfire killed 80 people."),
        ClaimRef("c1", "C", "s", "The blaze has killed 80 people."),
        ClaimRef("d1", "D", "s", "At least 85 people died in the fire."),
        ClaimRef("e1", "E", "s", "The toll of the fire stands at 80."),
        ClaimRef("e2", "E", "s", "Rain is expected later in the week."),
    ]


def test_each_other_article_offers_its_best_claim_first():
    index = CandidateIndex.build(_five_outlets())
    top = index.candidates("a1", top_k=4)
    # All four counterparts first, one per article, before B's restatements.
    assert [c.article_id for c in top] == sorted(
        {c.article_id for c in top}, key=lambda a: [c.article_id for c in top].index(a)
    )
    assert {c.article_id for c in top} == {"B", "C", "D", "E"}
    assert [c.claim_id for c in index.candidates("a1", top_k=6)][4:] != []
    scores = [c.score for c in top]
    assert scores == sorted(scores, reverse=True)


def test_by_article_lists_every_other_article_with_its_best_claims():
    index = CandidateIndex.build(_five_outlets())
    grouped = dict(index.by_article("a1", per_article=2))
    assert set(grouped) == {"B", "C", "D", "E"}
    assert len(grouped["B"]) == 2 and len(grouped["C"]) == 1
    assert [c.claim_id for c in grouped["E"]][0] == "e1"
    # The same scores as the flat ranking, and the same as restricting to one article.
    assert grouped["B"] == index.candidates("a1", top_k=2, article_id="B")
    assert index.other_articles("a1") == 4


def test_a_slot_conflict_in_any_article_stops_corroborated():
    index = CandidateIndex.build(_five_outlets())
    evidence = index.evidence("a1")
    assert {c.article_id for c in evidence} == {"B", "C", "D", "E"}
    conflicting = [c for c in evidence if c.hints]
    assert [c.claim_id for c in conflicting] == ["d1"]
    assert conflicting[0].hints[0].description == "killed: 80 vs At least 85"
    suggestion = suggest_label(evidence)
    assert suggestion.label == "contradicted"
    assert "killed: 80 vs At least 85" in suggestion.because
    # Without the conflicting article the same evidence corroborates.
    assert suggest_label([c for c in evidence if c.article_id != "D"]).label == "corroborated"


def test_a_near_figure_of_the_same_slot_ranks_first():
    # Both claims of article B count the dead of a flood; the one with a figure close to the
    # query's (another outlet's toll of the same flood) comes before a far one (another flood).
    query = "At least 41 people died in the floods, officials said on Friday."
    near = "The floods have killed 38 people, officials said on Friday."
    far = "Floods in the north killed 2 people last year, officials said on Friday."
    claims = [
        ClaimRef("c1", "A", "s", query),
        ClaimRef("c2", "B", "s", far),
        ClaimRef("c3", "B", "s", near),
    ]
    index = CandidateIndex.build(claims)
    ranked = index.candidates("c1", top_k=2, article_id="B")
    assert [c.claim_id for c in ranked] == ["c3", "c2"]
    # Without the nearness share the far one (same shared words, "last year" aside) is not
    # behind by as much: the share is what separates them.

    gap = ranked[0].score - ranked[1].score
    plain = _ranked_in_b_without(claims, "NEAR_SHARE")
    scores = {c.claim_id: c.score for c in plain}
    assert gap > scores["c3"] - scores["c2"]


def test_an_abbreviated_month_meets_the_full_one():
    # "Nov. 8" and "November 8" are one day; "December 8" is another (the only difference).
    claims = [
        ClaimRef("c1", "A", "s", "The blaze ignited on Nov. 8 in the hills above the town."),
        ClaimRef("c2", "B", "s", "The blaze ignited on December 8 in the hills above the town."),
        ClaimRef("c3", "B", "s", "The blaze ignited on November 8 in the hills above the town."),
    ]
    ranked = CandidateIndex.build(claims).candidates("c1", top_k=2, article_id="B")
    assert [c.claim_id for c in ranked] == ["c3", "c2"]
    assert ranked[0].score > ranked[1].score


def test_names_in_a_comma_list_each_count():
    # "Paradise, Magalia and Concow": three places, not one name whose last word alone counts.
    claims = [
        ClaimRef("c1", "A", "s", "The fire burned through Paradise, Magalia and Concow overnight."),
        ClaimRef("c2", "B", "s", "The fire burned through Magalia and Concow before dawn."),
        ClaimRef("c3", "B", "s", "The fire burned through Paradise before dawn."),
    ]
    index = CandidateIndex.build(claims)
    ranked = index.candidates("c1", top_k=2, article_id="B")
    shared = {c.claim_id: c.shared_terms for c in ranked}
    assert "Paradise" in shared["c3"]


def test_a_count_of_the_same_thing_outranks_other_shared_words():
    # The query states two facts; the other article has one claim for each. The share for a
    # count of one slot (the sailors wounded, whatever the figure) is what separates them.
    from claimdesk.matching import candidates as module

    query = "Six sailors were wounded when the coast guard rammed the tug near the strait."
    count = "Two sailors were wounded, the navy said."
    words = "The coast guard rammed the tug near the strait, the navy said."
    claims = [ClaimRef("c1", "A", "s", query), ClaimRef("c2", "B", "s", count)]
    claims.append(ClaimRef("c3", "B", "s", words))
    with_share = CandidateIndex.build(claims).candidates("c1", top_k=2, article_id="B")
    without = _ranked_in_b_without(claims, "SAME_SLOT_SHARE")
    saved = module.SAME_SLOT_SHARE
    gap = {c.claim_id: c.score for c in with_share}
    plain = {c.claim_id: c.score for c in without}
    assert round(gap["c2"] - plain["c2"], 6) == saved  # the count gets the share
    assert gap["c3"] == plain["c3"]  # the claim with no count does not


def test_a_short_claim_of_common_words_does_not_overlap_a_long_one_fully():
    # The short claim's every word is in the query, so over its own weight it overlaps fully;
    # the long one shares more of what the query says. The floor on the denominator (a share
    # of the query's weight) is what ranks the long one first.

    query = (
        "The wildfire that destroyed the town of Paradise was fully contained on Sunday "
        "after heavy rain, fire officials said, as crews searched the ruins for remains."
    )
    short = "The wildfire was contained."
    long = "Crews searched the ruins of Paradise and the canyons to the north for the missing."
    claims = [
        ClaimRef("c1", "A", "s", query),
        ClaimRef("c2", "B", "s", short),
        ClaimRef("c3", "B", "s", long),
        ClaimRef("c4", "C", "s", "The wildfire was contained, officials said on Sunday."),
        ClaimRef("c5", "C", "s", "Officials said the town had been evacuated in time."),
        ClaimRef("c6", "D", "s", "Crews searched the canyons to the north for the missing."),
        ClaimRef("c7", "D", "s", "The wildfire was contained on Sunday, officials said."),
    ]
    ranked = CandidateIndex.build(claims).candidates("c1", top_k=2, article_id="B")
    assert [c.claim_id for c in ranked] == ["c3", "c2"]
    plain = _ranked_in_b_without(claims, "OVERLAP_FLOOR")
    assert [c.claim_id for c in plain] == ["c2", "c3"]


def test_a_third_report_carries_a_counterpart_worded_apart(monkeypatch):
    """The counterpart in article C shares little wording with the query, but much with B's
    restatement of the query: through B it outranks C's claim that merely names the city."""
    from claimdesk.matching import candidates

    claims = [
        ClaimRef(
            "a1", "A", "s", "Rescuers pulled two survivors from the collapsed hotel in Izmir."
        ),
        ClaimRef("a2", "A", "s", "The earthquake struck the Aegean coast shortly after noon."),
        ClaimRef(
            "b1",
            "B",
            "s",
            "Two survivors were pulled from the rubble of the collapsed hotel after a night of "
            "digging by torchlight, rescuers said.",
        ),
        ClaimRef("b2", "B", "s", "Aftershocks rattled the coast through the weekend."),
        ClaimRef(
            "c1",
            "C",
            "s",
            "After a night of digging by torchlight, rescuers reached a mother and her son in "
            "the rubble of the hotel.",
        ),
        ClaimRef("c2", "C", "s", "The mayor of Izmir promised that the city would rebuild."),
        ClaimRef("c3", "C", "s", "Schools along the coast stay closed until Monday."),
    ]
    ranked = CandidateIndex.build(claims).candidates("a1", 5, article_id="C")
    assert [c.claim_id for c in ranked[:2]] == ["c1", "c2"]
    # Without the path through B, the shared city name wins.
    monkeypatch.setattr(candidates, "PATH_SHARE", 0.0)
    ranked = CandidateIndex.build(claims).candidates("a1", 5, article_id="C")
    assert [c.claim_id for c in ranked[:2]] == ["c2", "c1"]


class _EverythingAlike:
    """A re-ranker that finds every claim alike in meaning (unit vectors, cosine 1): its
    blend lifts every candidate, as a real model does for claims of one story."""

    floor = 0.2

    def embed(self, texts):
        import numpy as np

        return np.ones((len(texts), 4)) / 2.0

    @staticmethod
    def blend(lexical, cosine):
        import numpy as np

        return 0.8 * np.asarray(lexical, dtype=float) + 0.2 * np.asarray(cosine)


def test_a_suggestion_weighs_lexical_scores_whatever_the_reranker_says():
    """The suggestion's thresholds are calibrated on the lexical scores: its evidence is
    scored without the semantic blend, which only reorders what the panel shows."""
    claims = [
        ClaimRef("c1", "A", "s", "The mayor opened a new bridge over the river on Monday."),
        ClaimRef("c2", "B", "s", "Heavy rain flooded several streets in the old town."),
        ClaimRef("c3", "C", "s", "The football club signed a striker from Brazil."),
    ]
    lexical = CandidateIndex.build(claims)
    blended = CandidateIndex.build(claims, reranker=_EverythingAlike())
    assert [c.score for c in blended.candidates("c1", top_k=5)] != [
        c.score for c in lexical.candidates("c1", top_k=5)
    ]  # the panel's ranking does take the re-ranker's blend
    assert blended.evidence("c1") == lexical.evidence("c1")
    assert suggest_label(blended.evidence("c1")) == suggest_label(lexical.evidence("c1"))
    assert suggest_label(lexical.evidence("c1")).label == "unique"
