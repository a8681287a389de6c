"""The candidates service: per-story cache, the semantic re-ranker when present, the switch."""

from sqlalchemy import select

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.matching import candidates as matcher
from claimdesk.services import candidates
from claimdesk.store import corpus
from claimdesk.store.models import Claim


def _story(db):
    with db.transaction() as s:
        for text in (
            "At least 23 people were injured in the attack on Kyiv overnight.",
            "The overnight attack on Kyiv injured at least 14 civilians.",
        ):
            span = ClaimSpan(0, len(text), text, ("number",), None, "test")
            corpus.add_article(s, ArticleRecord(text, "t", "x", story="Kyiv"), [span])


def _reset_reranker(monkeypatch):
    monkeypatch.setattr(candidates, "_reranker_loaded", False)
    monkeypatch.setattr(candidates, "_reranker", None)


def test_reranker_is_used_when_installed_and_not_switched_off(sqlite_db, monkeypatch):
    _story(sqlite_db)
    sentinel = object()
    built_with = []
    real_build = matcher.CandidateIndex.build.__func__

    def spy(cls, claims, reranker=None):
        built_with.append(reranker)
        return real_build(cls, claims, reranker=None)

    monkeypatch.setattr(matcher.CandidateIndex, "build", classmethod(spy))
    monkeypatch.setattr("claimdesk.matching.semantic.load_reranker", lambda: sentinel)
    _reset_reranker(monkeypatch)
    monkeypatch.setenv(candidates.SEMANTIC_ENV, "on")
    service = candidates.CandidateService()
    with sqlite_db.sessions() as s:
        claim_id = s.scalars(select(Claim.id).order_by(Claim.id)).first()
        ranked = service.rank(s, claim_id)
        again = service.rank(s, claim_id)
    assert built_with == [sentinel]  # built once, then served from the cache
    assert [c.claim_id for c in ranked] == [c.claim_id for c in again]
    assert ranked and ranked[0].hints  # 23 vs 14 injured

    monkeypatch.setenv(candidates.SEMANTIC_ENV, "off")
    assert candidates.shared_reranker() is None
