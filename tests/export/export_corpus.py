"""A small labelled corpus built straight through store.corpus (no parsing, no model): several
stories of several articles, three annotators who agree, disagree and link, and a lead."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimdesk.domain.ids import content_hash
from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store import annotation, corpus
from claimdesk.store.engine import Database, open_database

STORIES = {
    "Harbour bridge closure": [
        "The Harbour Bridge closed on Monday after inspectors found cracks. "
        "Officials said repairs would cost $4 million.\nTraffic was diverted to the ring road.",
        "Inspectors closed the Harbour Bridge on Monday. The mayor said repairs "
        "would cost $6 million. Mr. Lee, the engineer, expects work to take 3 weeks.",
        "The bridge was shut on Tuesday, according to the port authority. "
        "Repairs are expected to cost $4 million.",
    ],
    "City council vote": [
        "The council voted 7-2 to approve the budget on Thursday. The vote followed "
        "a four-hour debate.",
        "The budget passed by 7 votes to 2 on Thursday. Opponents called it reckless.",
    ],
    "Storm warning": [
        "Forecasters warned of 120 km/h winds on the coast. Schools will close on Friday.",
        "Winds of up to 100 km/h are expected, the weather service said. "
        "Schools stay open on Friday. 🌩️ Residents were told to stay inside.",
    ],
    "Museum reopening": [
        "The city museum reopens on 3 May after a two-year renovation.",
        "After two years of work, the museum opens its doors again on 3 May.",
    ],
    "Rail strike": [
        "Rail workers will strike for 48 hours from Wednesday, the union said.",
        "A 24-hour rail strike starts on Wednesday.",
    ],
    "Water prices": [
        "Water bills will rise by 5% in April, the utility announced.",
        "The utility said water bills rise 5% from April.",
    ],
}


def sentence_spans(text: str) -> list[ClaimSpan]:
    """Every sentence is a claim (what a rule-based extractor would give, near enough)."""
    spans = []
    for match in re.finditer(r"[^.\n]+(?:\.|$)", text):
        start, end = match.start(), match.end()
        while text[start] == " ":
            start += 1
        if end - start > 3:
            spans.append(
                ClaimSpan(start, end, text[start:end], ("number",), None, "test_rules-1.0")
            )
    return spans


@dataclass
class Corpus:
    db: Database
    url: str
    claims: dict[str, list[str]]  # story name -> claim ids in article order


def build_corpus(url: str, *, labels: bool = True) -> Corpus:
    db = open_database(url)
    claims: dict[str, list[list[str]]] = {}
    with db.transaction() as session:
        for story, texts in STORIES.items():
            for number, text in enumerate(texts):
                record = ArticleRecord(
                    text=text,
                    origin=f"test:{story}:{number}",
                    raw_sha256=content_hash(text.encode()),
                    title=f"{story} ({number})",
                    source=f"Source {number}",
                    url=f"https://example.org/{number}",
                    date="2025-06-0" + str(number + 1),
                    story=story,
                )
                spans = sentence_spans(text)
                added = corpus.add_article(session, record, spans)
                claims.setdefault(story, []).append(
                    [corpus.add_claim_row(session, added.article_id, s) for s in spans]
                )
        corpus.ensure_annotator(session, "carol", is_lead=True)
    if labels:
        _label(db, claims)
    flat = {story: [c for article in arts for c in article] for story, arts in claims.items()}
    return Corpus(db, url, flat)


def _label(db: Database, claims: dict[str, list[list[str]]]) -> None:
    bridge = claims["Harbour bridge closure"]
    council = claims["City council vote"]
    storm = claims["Storm warning"]
    with db.transaction() as s:
        # agreement: bridge closed on Monday (articles 0 and 1)
        annotation.link(s, "alice", bridge[0][0], bridge[1][0], "agree")
        annotation.link(s, "bob", bridge[0][0], bridge[1][0], "agree")
        # conflict on the cost, seen by alice only; bob disagrees on the label
        annotation.link(s, "alice", bridge[0][1], bridge[1][1], "conflict")
        annotation.set_label(s, "bob", bridge[0][1], "corroborated", note="$4m in article 3")
        annotation.set_label(s, "bob", bridge[1][1], "contradicted")
        # a disputed pair: alice says agree, bob says conflict
        annotation.link(s, "alice", bridge[0][0], bridge[2][0], "agree")
        annotation.link(s, "bob", bridge[0][0], bridge[2][0], "conflict")
        annotation.set_label(s, "alice", bridge[0][2], "unique")
        annotation.set_label(s, "bob", bridge[0][2], "unique")
        annotation.set_label(s, "carol", bridge[0][2], "not_a_claim")
        # the lead resolves the cost disagreement
        annotation.adjudicate(s, "carol", bridge[0][1], "contradicted", note="4 vs 6 million")
        annotation.link(s, "alice", council[0][0], council[1][0], "agree")
        annotation.set_label(s, "bob", council[1][1], "not_a_claim", note="opinion")
        annotation.link(s, "alice", storm[0][0], storm[1][0], "conflict")
        annotation.link(s, "alice", storm[0][1], storm[1][1], "conflict")
        annotation.set_label(s, "bob", storm[1][2], "unique")
        for story in ("Museum reopening", "Rail strike", "Water prices"):
            first, second = claims[story][0][0], claims[story][1][0]
            kind = "conflict" if story == "Rail strike" else "agree"
            annotation.link(s, "alice", first, second, kind)
            annotation.link(s, "bob", first, second, kind)
