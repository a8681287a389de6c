"""A corpus of many claims, stored directly (no spaCy), for the concurrency and team tests."""

from __future__ import annotations

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store import corpus, queries


def many_claims(db, count: int, story: str = "Load", variant: str = "Report") -> list[str]:
    sentences = [f"{variant} {i} says {i * 7} people attended" for i in range(count)]
    text = ". ".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append(ClaimSpan(start, start + len(sentence), sentence, ("number",), None, "t"))
        start += len(sentence) + 2
    record = ArticleRecord(text=text, origin="load", raw_sha256="x", story=story)
    with db.transaction() as session:
        added = corpus.add_article(session, record, spans)
        return [claim.id for claim in queries.claims_of(session, added.article_id)]
