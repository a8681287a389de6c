"""Ranked candidates and suggested labels for the window and the command line.

The matcher's index is built per story from the database and cached, keyed by the database
and the story (two databases open in one process can hold a story of the same id); a story's
index is rebuilt only when its claims change (a fingerprint of its claim ids)."""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimdesk.store import candidate_rows, queries
from claimdesk.store import settings as stored_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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
        # (database identity, story id) -> (fingerprint of its claims, index)
        self._indexes: dict[tuple[str, str], tuple[str, object]] = {}
        self._lock = threading.Lock()  # the CLI is single-threaded; the window's worker too

    def _story_claims(self, session: Session, story_id: str):
        from claimdesk.matching.records import ClaimRef

        rows = candidate_rows.story_claims(session, story_id)
        return [ClaimRef(cid, aid, story_id, text, published) for cid, aid, text, published in rows]

    def index_for(self, session: Session, story_id: str):
        from claimdesk.matching.candidates import CandidateIndex

        claims = self._story_claims(session, story_id)
        fingerprint = hashlib.sha256(
            "".join(f"{c.id}{c.published}" for c in claims).encode()
        ).hexdigest()
        key = (candidate_rows.database_identity(session), story_id)
        with self._lock:
            cached = self._indexes.get(key)
            if cached and cached[0] == fingerprint:
                return cached[1]
        index = CandidateIndex.build(claims, reranker=shared_reranker())
        with self._lock:
            self._indexes[key] = (fingerprint, index)
        return index

    def _index_of_claim(self, session: Session, claim_id: str):
        claim = queries.get_claim(session, claim_id)
        story_id = candidate_rows.story_of_article(session, claim.article_id)
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
        texts = candidate_rows.claim_texts(session, [c.claim_id for c in found])
        titles = candidate_rows.article_titles(session, {c.article_id for c in found})
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
        from claimdesk.matching.suggest import suggest_label

        index = self._index_of_claim(session, claim_id)
        return suggest_label(index.evidence(claim_id) if index is not None else [])


def suggestions_enabled(session: Session) -> bool:
    return bool(stored_settings.get_setting(session, SUGGESTIONS_SETTING, True))


def set_suggestions_enabled(session: Session, enabled: bool, *, by: str | None = None) -> list:
    """A lead's switch, through the event log (`by`: who switched it; in a team database the
    connected member, whatever is given). Returns the logged changes."""
    return stored_settings.set_setting(session, SUGGESTIONS_SETTING, bool(enabled), by=by)


_default_service = CandidateService()


def rank_other_claims(session: Session, claim_id: str, top_k: int = 5) -> list[RankedCandidate]:
    """The window's entry point (its worker thread); uses one process-wide cache, keyed by
    database and story."""
    return _default_service.rank(session, claim_id, top_k)


def suggest_for_claim(session: Session, claim_id: str):
    return _default_service.suggest(session, claim_id)
