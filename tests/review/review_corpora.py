"""Small corpora for the review tests, written straight through store.corpus (fast, no NLP).

`add_seed_corpus` stores the sample articles of seeds/ in their manifest stories, with one
claim per sentence; `add_numbered_corpus` stores N one-sentence claims in one story.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store import annotation, corpus, queries
from claimdesk.store.engine import Database

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def sentence_spans(text: str, limit: int | None = None) -> list[ClaimSpan]:
    spans = []
    for match in SENTENCE.finditer(text):
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        end = match.end()
        if end - start < 25:  # headlines and fragments: not worth a claim here
            continue
        spans.append(ClaimSpan(start, end, text[start:end], ("test",), None, "test-sentences"))
        if limit and len(spans) >= limit:
            break
    return spans


def add_seed_corpus(db: Database, claims_per_article: int = 6) -> dict[str, list[str]]:
    """The seed articles in their stories; returns article file stem -> claim ids in order."""
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    claims: dict[str, list[str]] = {}
    with db.transaction() as session:
        for story, files in manifest["stories"].items():
            for name in files:
                text = (SEEDS / name).read_text(encoding="utf-8").strip()
                record = ArticleRecord(text=text, origin=name, raw_sha256="seed", title=name)
                added = corpus.add_article(
                    session, record, sentence_spans(text, claims_per_article), story_name=story
                )
                claims[name[:3]] = [c.id for c in queries.claims_of(session, added.article_id)]
    return claims


def add_numbered_corpus(db: Database, n_claims: int, story: str = "Numbers") -> list[str]:
    """One article of `n_claims` sentences, each a claim; returns the claim ids in order."""
    sentences = [
        f"Statement number {i} says that {i * 7} people attended." for i in range(n_claims)
    ]
    text = " ".join(sentences)
    spans, offset = [], 0
    for sentence in sentences:
        start = text.index(sentence, offset)
        offset = start + len(sentence)
        spans.append(ClaimSpan(start, offset, sentence, ("number",), None, "test"))
    with db.transaction() as session:
        added = corpus.add_article(
            session,
            ArticleRecord(text=text, origin="numbers", raw_sha256="n"),
            spans,
            story_name=story,
        )
        return [c.id for c in queries.claims_of(session, added.article_id)]


def label_all(db: Database, annotator: str, labels: dict[str, str]) -> None:
    """Many labels in one transaction (a test shortcut; the app writes one per action)."""
    with db.transaction() as session:
        for claim_id, label in labels.items():
            annotation.set_label(session, annotator, claim_id, label)
