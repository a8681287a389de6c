"""What agreement figures are computed from, read as plain data (claimdesk.agreement's input).

Only labelled claims matter: an archive holds millions of claims of which a few per cent are
labelled, so the labels are read with their claim's story joined in the database (the active
claims of a label are found by key), never every claim of the corpus. Each table is one plain
SELECT on a plain connection, fetched as the driver's tuples: no ORM objects and no per-row
`Row` bookkeeping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from claimdesk.store.engine import Database
from claimdesk.store.models import Adjudication, Article, Claim, LabelRow, LinkRow, Story


@dataclass
class AgreementRows:
    """claim -> {annotator: label} of active claims, their stories, links by annotator, gold
    labels of active claims, and story names."""

    ratings: dict[str, dict[str, str]] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    links: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)
    gold: dict[str, str] = field(default_factory=dict)
    story_names: dict[str, str] = field(default_factory=dict)


def _plain_rows(connection, query) -> list[tuple]:
    result = connection.execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def agreement_rows(db: Database, story_id: str | None = None) -> AgreementRows:
    """Every label, link and gold label of active claims (of one story, or all)."""
    data = AgreementRows()
    with db.engine.connect() as connection:
        data.story_names = dict(_plain_rows(connection, select(Story.id, Story.name)))
        labels = (
            select(LabelRow.claim_id, Article.story_id, LabelRow.annotator, LabelRow.label)
            .join(Claim, Claim.id == LabelRow.claim_id)
            .join(Article, Article.id == Claim.article_id)
            .where(Claim.active.is_(True))
        )
        gold = (
            select(Adjudication.claim_id, Adjudication.label)
            .join(Claim, Claim.id == Adjudication.claim_id)
            .where(Claim.active.is_(True))
        )
        links = select(LinkRow.annotator, LinkRow.claim_a, LinkRow.claim_b, LinkRow.kind)
        if story_id is not None:
            labels = labels.where(Article.story_id == story_id)
            gold = gold.join(Article, Article.id == Claim.article_id).where(
                Article.story_id == story_id
            )
            links = (
                links.join(Claim, Claim.id == LinkRow.claim_a)
                .join(Article, Article.id == Claim.article_id)
                .where(Article.story_id == story_id)
            )

        ratings: dict[str, dict[str, str]] = {}
        story_of: dict[str, str] = {}
        for claim_id, story, annotator, label in _plain_rows(connection, labels):
            per_claim = ratings.get(claim_id)
            if per_claim is None:
                per_claim = ratings[claim_id] = {}
                story_of[claim_id] = story
            per_claim[annotator] = label
        data.ratings, data.story_of = ratings, story_of

        link_sets = data.links
        for annotator, claim_a, claim_b, kind in _plain_rows(connection, links):
            found = link_sets.get(annotator)
            if found is None:
                found = link_sets[annotator] = set()
            found.add((claim_a, claim_b, kind))

        data.gold = dict(_plain_rows(connection, gold))
    return data
