"""Span edits on claims (resize, split, merge, add) through the event log, so undo restores all.

Ids stay stable (docs/ARCHITECTURE.md): a claim's id is derived from (article, start, end), so an edited
span is a *new* claim row; the old row is retired (active=False), never deleted, and every
annotator's label and links move to the new claim(s). Going back to old offsets reactivates
the old row with its old id.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from claimdesk.domain.ids import claim_id as make_claim_id
from claimdesk.errors import NotFoundError, UsageError
from claimdesk.store.annotation import ordered_pair
from claimdesk.store.changes import Changes
from claimdesk.store.corpus import ensure_annotator
from claimdesk.store.models import Article, Claim, LabelRow, LinkRow, utcnow

MANUAL = "manual"


def active_claim(session: Session, claim_id: str) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None or not claim.active:
        raise NotFoundError(f"no active claim with id {claim_id!r}")
    return claim


def next_claim(session: Session, claim: Claim) -> Claim | None:
    """The active claim of the same article that follows `claim` in reading order."""
    return session.scalars(
        select(Claim)
        .where(
            Claim.article_id == claim.article_id,
            Claim.active.is_(True),
            Claim.id != claim.id,
            or_(Claim.start > claim.start, (Claim.start == claim.start) & (Claim.end > claim.end)),
        )
        .order_by(Claim.start, Claim.end)
        .limit(1)
    ).first()


def replace_claims(
    session: Session,
    annotator: str,
    article_id: str,
    old_ids: Sequence[str],
    new_spans: Sequence[tuple[int, int]],
    action: str,
) -> Changes:
    """Retire `old_ids` and create (or reactivate) claims for `new_spans`, in one action."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"no article with id {article_id!r}")
    olds = [active_claim(session, cid) for cid in old_ids]
    if any(c.article_id != article_id for c in olds):
        raise UsageError("a span edit stays within one article")
    ensure_annotator(session, annotator)
    changes = Changes(session, annotator, action)
    text = article.text

    reasons: list[str] = []
    for old in olds:
        reasons.extend(r for r in old.reasons or [] if r not in reasons)
    speaker = next((c.speaker for c in olds if c.speaker), None)
    pipeline = olds[0].pipeline if olds else MANUAL

    new_ids: list[str] = []
    for start, end in new_spans:
        if not 0 <= start < end <= len(text):
            raise UsageError(f"span [{start}, {end}) is outside the article")
        cid = make_claim_id(article_id, start, end)
        new_ids.append(cid)
        changes.set(
            "claim",
            (cid,),
            {
                "article_id": article_id,
                "start": start,
                "end": end,
                "text": text[start:end],
                "reasons": reasons,
                "speaker": speaker,
                "pipeline": pipeline,
                "origin": MANUAL,
                "active": True,
            },
        )

    # Every annotator's work moves with the span, not only the editor's: a retired claim is
    # invisible to everyone, so a label left on it would silently drop out of their view, the
    # review queue and the export.
    old_label_rows = session.scalars(
        select(LabelRow).where(LabelRow.claim_id.in_(list(old_ids))).order_by(LabelRow.annotator)
    ).all()
    by_annotator: dict[str, list[LabelRow]] = {}
    for row in old_label_rows:
        by_annotator.setdefault(row.annotator, []).append(row)
    order = {cid: i for i, cid in enumerate(old_ids)}
    for who, rows in by_annotator.items():
        rows.sort(key=lambda r: order[r.claim_id])
        verdict = rows[0]  # the first verdict among the old claims carries over
        notes = [row.note for row in rows if row.note]
        state = {
            "label": verdict.label,
            "note": "\n".join(dict.fromkeys(notes)) or None,
            "stale": verdict.stale,
            "updated_at": utcnow(),
        }
        for cid in new_ids:
            if cid not in old_ids:
                changes.set("label", (cid, who), state)

    # links follow the claim when the edit keeps one claim; a split cannot know which half the
    # other article was talking about, so those links stay with the retired claim
    if len(new_ids) == 1 and olds:
        target = new_ids[0]
        rows = session.scalars(
            select(LinkRow).where(
                or_(LinkRow.claim_a.in_(list(old_ids)), LinkRow.claim_b.in_(list(old_ids)))
            )
        ).all()
        moves = [(row.annotator, row.claim_a, row.claim_b, row.kind) for row in rows]
        for who, a, b, kind in moves:
            other = b if a in old_ids else a
            if other == target or other in old_ids:
                continue
            na, nb = ordered_pair(target, other)
            if (na, nb) != (a, b):
                changes.set("link", (who, a, b), None)
                existing = session.get(LinkRow, (who, na, nb))
                if existing is None or existing.kind != "conflict":  # a conflict wins
                    changes.set("link", (who, na, nb), {"kind": kind, "updated_at": utcnow()})

    for old in olds:
        if old.id in new_ids:
            continue
        for who in by_annotator:
            changes.set("label", (old.id, who), None)
        changes.set("claim", (old.id,), {"active": False})
    return changes
