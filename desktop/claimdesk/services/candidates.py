"""Ranked candidates and suggested labels for the window and the command line.

The matcher's index is built per story from the database and cached; a story's index is
rebuilt only when its claims change (a fingerprint of its claim ids)."""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.store import queries
from claimdesk.store.models import Article, Claim

SUGGESTIONS_SETTING = "suggestions_enabled"
# "off" keeps the matcher lexical even when the semantic model is installed
SEMANTIC_ENV = "CLAIMDESK_SEMANTIC"

_reranker_lock = threading.Lock()
_reranker_loaded = False
_reranker = None


def shared_reranker():
    """The semantic re-ranker when its optional package is installed, loaded once per process
    (a few seconds: callers are the CLI and the window's worker thread, never the GUI thread)."""
    global _reranker_loaded, _reranker
    if os.environ.get(SEMANTIC_ENV, "").lower() in ("0", "off", "no", "false"):
        return None
    with _reranker_lock:
        if not _reranker_loaded:
            from claimdesk.matching.semantic import load_reranker

            _reranker = load_reranker()
            _reranker_loaded = True
    return _reranker


@dataclass(frozen=True)
class RankedCandidate:
    claim_id: str
    article_id: str
    article_title: str
    text: str
    score: float
    reason: str
    shared_terms: tuple[str, ...]
    hints: tuple  # matching.records.ConflictHint


class CandidateService:
    def __init__(self):
        self._indexes: dict[str, tuple[str, object]] = {}
        self._lock = threading.Lock()  # the CLI is single-threaded; the window's worker too

    def _story_claims(self, session: Session, story_id: str):
        from claimdesk.matching.records import ClaimRef

        rows = session.execute(
            select(Claim.id, Claim.article_id, Claim.text, Article.published)
            .join(Article, Article.id == Claim.article_id)
            .where(Article.story_id == story_id, Claim.active.is_(True))
            .order_by(Claim.id)
        ).all()
        return [ClaimRef(cid, aid, story_id, text, published) for cid, aid, text, published in rows]

    def index_for(self, session: Session, story_id: str):
        from claimdesk.matching.candidates import CandidateIndex

        claims = self._story_claims(session, story_id)
        fingerprint = hashlib.sha256(
            "".join(f"{c.id}{c.published}" for c in claims).encode()
        ).hexdigest()
        with self._lock:
            cached = self._indexes.get(story_id)
            if cached and cached[0] == fingerprint:
                return cached[1]
        index = CandidateIndex.build(claims, reranker=shared_reranker())
        with self._lock:
            self._indexes[story_id] = (fingerprint, index)
        return index

    def _index_of_claim(self, session: Session, claim_id: str):
        claim = queries.get_claim(session, claim_id)
        story_id = session.get(Article, claim.article_id).story_id
        index = self.index_for(session, story_id)
        return index if claim_id in index else None

    def rank(
        self, session: Session, claim_id: str, top_k: int = 5, article_id: str | None = None
    ) -> list[RankedCandidate]:
        """The best `top_k` claims of other articles: each other article's best claim first
        (best first), then the rest; or, with `article_id`, that article's claims only."""
        index = self._index_of_claim(session, claim_id)
        if index is None:
            return []
        return self._ranked(session, index.candidates(claim_id, top_k=top_k, article_id=article_id))

    def rank_by_article(
        self, session: Session, claim_id: str, per_article: int = 3, floor: float = 0.0
    ) -> list[tuple[str, list[RankedCandidate]]]:
        """(article id, its best claims) for each other article of the story, best first;
        claims scoring below `floor` left out (but never the very best)."""
        index = self._index_of_claim(session, claim_id)
        if index is None:
            return []
        grouped = index.by_article(claim_id, per_article, floor=floor)
        ranked = iter(self._ranked(session, [c for _, found in grouped for c in found]))
        return [(aid, [next(ranked) for _ in found]) for aid, found in grouped]

    def _ranked(self, session: Session, found) -> list[RankedCandidate]:
        if not found:
            return []
        texts = dict(
            session.execute(
                select(Claim.id, Claim.text).where(Claim.id.in_([c.claim_id for c in found]))
            ).all()
        )
        titles = dict(
            session.execute(
                select(Article.id, Article.title).where(
                    Article.id.in_({c.article_id for c in found})
                )
            ).all()
        )
        return [
            RankedCandidate(
                c.claim_id,
                c.article_id,
                titles.get(c.article_id) or c.article_id,
                texts.get(c.claim_id, ""),
                c.score,
                c.reason,
                tuple(c.shared_terms),
                tuple(c.hints),
            )
            for c in found
        ]

    def suggest(self, session: Session, claim_id: str):
        """A suggested label, or None when a lead turned suggestions off for this database.

        The evidence is every other article's best claims, not the few shown first: a
        conflict in the fifth article must still stop a "corroborated"."""
        if not suggestions_enabled(session):
            return None
        from claimdesk.matching.suggest import EVIDENCE_FLOOR, EVIDENCE_PER_ARTICLE, suggest_label

        grouped = self.rank_by_article(session, claim_id, EVIDENCE_PER_ARTICLE, EVIDENCE_FLOOR)
        evidence = [c for _, found in grouped for c in found]
        return suggest_label(_as_matcher_candidates(evidence))


def _as_matcher_candidates(ranked: list[RankedCandidate]):
    from claimdesk.matching.records import Candidate

    return [
        Candidate(r.claim_id, r.article_id, r.score, r.reason, r.shared_terms, r.hints)
        for r in ranked
    ]


def suggestions_enabled(session: Session) -> bool:
    return bool(queries.get_setting(session, SUGGESTIONS_SETTING, True))


def set_suggestions_enabled(session: Session, enabled: bool) -> None:
    queries.set_setting(session, SUGGESTIONS_SETTING, bool(enabled))


_default_service = CandidateService()


def rank_other_claims(session: Session, claim_id: str, top_k: int = 5) -> list[RankedCandidate]:
    """The window's entry point (its worker thread); uses one process-wide cache."""
    return _default_service.rank(session, claim_id, top_k)


def suggest_for_claim(session: Session, claim_id: str):
    return _default_service.suggest(session, claim_id)
