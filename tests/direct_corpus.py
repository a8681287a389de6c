"""Articles and claims stored directly (no spaCy), for the concurrency, team and merge tests."""

from __future__ import annotations

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store import corpus, queries


def article(session, text: str, story: str = "S") -> list[str]:
    """One article whose claims are its sentences (split at ". "); their ids, in order."""
    record = ArticleRecord(text=text, origin="test", raw_sha256="x", story=story)
    spans, start = [], 0
    for sentence in text.split(". "):
        start = text.index(sentence, start)
        spans.append(ClaimSpan(start, start + len(sentence), sentence, ("number",), None, "t"))
        start += len(sentence)
    added = corpus.add_article(session, record, spans)
    return [claim.id for claim in queries.claims_of(session, added.article_id)]


def many_claims(db, count: int, story: str = "Load", variant: str = "Report") -> list[str]:
    sentences = [f"{variant} {i} says {i * 7} people attended" for i in range(count)]
    with db.transaction() as session:
        return article(session, ". ".join(sentences), story)
