"""The fast JSONL export (merge scan, orjson, producer thread) against a slow, obvious one.

The reference below reads everything through the ORM, one claim at a time, builds each record
field by field as the schema describes it, and encodes it with the standard library's
`json.dumps`. The fast path must give the same bytes, on SQLite and PostgreSQL, with and
without filters, and with claims retired, a tie, three annotators, unicode and line breakers.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import or_, select, update

from claimdesk.domain.records import ClaimSpan
from claimdesk.export import ExportRequest, export_dataset
from claimdesk.export.context import SentenceIndex
from claimdesk.export.gold import VERIFIED_SOURCES, gold_of
from claimdesk.export.records import ClaimFilter
from claimdesk.export.splits import SplitPlan, StorySplits
from claimdesk.store import annotation, corpus
from claimdesk.store.models import Adjudication, Article, Claim, LabelRow, LinkRow, Story


def _links_of(session, claim_id: str, annotator: str | None) -> list[dict]:
    links = []
    for row in session.scalars(
        select(LinkRow).where(or_(LinkRow.claim_a == claim_id, LinkRow.claim_b == claim_id))
    ):
        if annotator and row.annotator != annotator:
            continue
        other = session.get(Claim, row.claim_b if row.claim_a == claim_id else row.claim_a)
        if not other.active:
            continue
        links.append(
            {
                "claim_id": other.id,
                "article_id": other.article_id,
                "text": other.text,
                "kind": row.kind,
                "annotator": row.annotator,
            }
        )
    return sorted(links, key=lambda link: (link["claim_id"], link["annotator"]))


def _reference_record(session, claim, article, split, claim_filter) -> dict | None:
    labels = session.scalars(select(LabelRow).where(LabelRow.claim_id == claim.id)).all()
    labels = sorted(labels, key=lambda row: row.annotator)
    if claim_filter.annotator:
        labels = [row for row in labels if row.annotator == claim_filter.annotator]
        if not labels:
            return None
    adjudication = session.get(Adjudication, claim.id)
    gold, source, flag, agreement, n = gold_of(
        [row.label for row in labels], adjudication.label if adjudication else None
    )
    if claim_filter.gold_only and source not in VERIFIED_SOURCES:
        return None
    if claim_filter.min_agreement is not None and (
        agreement is None or agreement < claim_filter.min_agreement
    ):
        return None
    context_start, context_end = SentenceIndex(article.text).context(claim.start, claim.end)
    story = session.get(Story, article.story_id)
    return {
        "id": claim.id,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "context": article.text[context_start:context_end],
        "context_start": context_start,
        "context_end": context_end,
        "speaker": claim.speaker,
        "reasons": list(claim.reasons or ()),
        "pipeline": claim.pipeline,
        "origin": claim.origin,
        "article_id": article.id,
        "article_title": article.title,
        "article_source": article.source,
        "article_url": article.url,
        "article_date": article.published,
        "story_id": article.story_id,
        "story_name": story.name,
        "gold_label": gold,
        "gold_source": source,
        "gold_flag": flag,
        "adjudicator": adjudication.adjudicator if adjudication else None,
        "adjudication_note": adjudication.note if adjudication else None,
        "agreement": agreement,
        "n_annotators": n,
        "annotations": [
            {
                "annotator": row.annotator,
                "label": row.label,
                "note": row.note,
                "stale": bool(row.stale),
                "updated_at": row.updated_at.isoformat() if row.updated_at else None,
            }
            for row in labels
        ],
        "links": _links_of(session, claim.id, claim_filter.annotator),
        "split": split,
    }


def reference_jsonl(db, claim_filter: ClaimFilter, plan: SplitPlan) -> bytes:
    splits = StorySplits(plan)
    lines = []
    with db.sessions() as session:
        story_ids = None
        if claim_filter.stories:
            story_ids = {
                s.id
                for s in session.scalars(select(Story))
                if s.id in claim_filter.stories or s.name in claim_filter.stories
            }
        claims = session.scalars(
            select(Claim).order_by(Claim.article_id, Claim.start, Claim.end, Claim.id)
        )
        for claim in claims:
            if not claim.active:
                continue
            article = session.get(Article, claim.article_id)
            if story_ids is not None and article.story_id not in story_ids:
                continue
            split = splits(article.story_id, article.id)
            record = _reference_record(session, claim, article, split, claim_filter)
            if record is not None:
                line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                # JSON Lines readers that split on U+2028/2029/0085 see one record per line
                for raw in ("\u2028", "\u2029", "\x85"):
                    line = line.replace(raw, "\\u" + format(ord(raw), "04x"))
                lines.append(line + "\n")
    return "".join(lines).encode()


# every character JSON escapes (but NUL, which PostgreSQL's text refuses), with its short
# form or without, and DEL and NEL, which it does not (NEL is a line breaker)
CONTROL = "".join(map(chr, range(1, 0x20))) + "\x7f\x85/"


def _enrich(built) -> None:
    """What the plain corpus lacks: a retired claim, a three-way tie, a link to a retired
    claim, and an article with unicode and a line breaker inside a claim."""
    db = built.db
    bridge = built.claims["Harbour bridge closure"]
    storm = built.claims["Storm warning"]
    with db.transaction() as s:
        article_id = s.get(Claim, storm[0]).article_id
        # a new claim over the first sentence, with characters JSON and JSON Lines care about
        odd = corpus.add_claim_row(
            s,
            article_id,
            ClaimSpan(
                0,
                10,
                'Forecaste\u2028rs \u00e9"\\' + CONTROL,
                ("quote", "number"),
                "Zoë" + CONTROL,
                "x-1",
            ),
        )
        for who, value in (("alice", "unique"), ("bob", "corroborated"), ("carol", "not_a_claim")):
            annotation.set_label(s, who, odd, value, note="tie ✓" if who == "bob" else None)
        annotation.link(s, "bob", odd, storm[2], "conflict")
        annotation.link(s, "alice", bridge[3], bridge[6], "agree")
        s.get(Claim, bridge[6]).active = False  # retired: no record, and no link to it
        for who in ("alice", "bob", "carol"):
            annotation.set_label(s, who, storm[1], "unique")
        # an annotator whose name sorts before the others by code point (capitals first), a
        # note with a control character and a line breaker, and a label time on the second
        # (isoformat() then drops the fraction)
        annotation.set_label(s, "Zed", storm[2], "contradicted", note="a\x01b\u2029c")
        s.execute(  # a label gone stale (its claim edited since)
            update(LabelRow)
            .where(LabelRow.claim_id == storm[1], LabelRow.annotator == "carol")
            .values(stale=True)
        )
        s.execute(
            update(LabelRow)
            .where(LabelRow.claim_id == storm[2], LabelRow.annotator == "Zed")
            .values(updated_at=datetime(2026, 1, 2, 3, 4, 5))
        )


FILTERS = [
    ClaimFilter(),
    ClaimFilter(gold_only=True),
    ClaimFilter(annotator="bob"),
    ClaimFilter(stories=("Harbour bridge closure", "Storm warning")),
    ClaimFilter(min_agreement=0.6),
]


@pytest.mark.parametrize("claim_filter", FILTERS, ids=lambda f: f.describe())
def test_fast_jsonl_is_the_reference_byte_for_byte(labelled_any, tmp_path, claim_filter):
    _enrich(labelled_any)
    plan = SplitPlan(0.5, 0.25, 0.25, seed=3)
    out = tmp_path / "claims.jsonl"
    export_dataset(labelled_any.db, ExportRequest("jsonl", out, claim_filter, plan, card=False))
    expected = reference_jsonl(labelled_any.db, claim_filter, plan)
    assert expected.count(b"\n") > 3 or claim_filter.annotator
    assert out.read_bytes() == expected


def test_fast_jsonl_is_the_reference_by_article(labelled, tmp_path):
    plan = SplitPlan(0.4, 0.3, 0.3, seed=1, unit="article")
    out = tmp_path / "claims.jsonl"
    export_dataset(labelled.db, ExportRequest("jsonl", out, ClaimFilter(), plan, card=False))
    assert out.read_bytes() == reference_jsonl(labelled.db, ClaimFilter(), plan)
