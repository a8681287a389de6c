"""The candidates service: per-story cache, the semantic re-ranker when present, the switch."""

from sqlalchemy import select

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.matching import candidates as matcher
from claimdesk.services import candidates
from claimdesk.store import corpus
from claimdesk.store.models import Article, Claim


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


def test_two_databases_with_the_same_story_keep_their_own_candidates(tmp_path):
    """The cache is keyed by database and story: the same story id in two databases open in
    one process never serves one database's index (or its claims) to the other."""
    from claimdesk.store.engine import open_database

    texts = {
        "one": (
            "At least 23 people were injured in the attack on Kyiv overnight.",
            "The overnight attack on Kyiv injured at least 14 civilians.",
        ),
        "two": (
            "Floods closed 40 schools across the region on Monday.",
            "On Monday the floods shut 38 schools in the region.",
        ),
    }
    dbs = {name: open_database(tmp_path / f"{name}.db") for name in texts}
    try:
        for name, (first, second) in texts.items():
            with dbs[name].transaction() as s:
                for text in (first, second):
                    span = ClaimSpan(0, len(text), text, ("number",), None, "test")
                    corpus.add_article(s, ArticleRecord(text, "t", "x", story="Same"), [span])
        service = candidates.CandidateService()
        ranked, indexes = {}, {}
        for name in ("one", "two", "one"):  # back to the first: its index must still be there
            with dbs[name].sessions() as s:
                claim_id = s.scalars(select(Claim.id).order_by(Claim.id)).first()
                ranked[name] = [c.text for c in service.rank(s, claim_id)]
                story = s.get(Article, s.get(Claim, claim_id).article_id).story_id
                indexes.setdefault(name, []).append(service.index_for(s, story))
        assert set(ranked["one"]) <= set(texts["one"]) and ranked["one"]
        assert set(ranked["two"]) <= set(texts["two"]) and ranked["two"]
        assert indexes["one"][0] is indexes["one"][1]  # not rebuilt after the other database
        assert len(service._indexes) == 2  # one story id, two databases, two entries
    finally:
        for db in dbs.values():
            db.dispose()
