"""Span edits as workspace actions: each call is one committed transaction returning the change
set (like `Workspace` methods), so the window can repaint only the claims that moved."""

from __future__ import annotations

from claimdesk.domain import spans as rules
from claimdesk.services.workspace import ActionResult, Workspace
from claimdesk.store import spans as store_spans
from claimdesk.store.models import Article


def _result(action: str, changes) -> ActionResult:
    return ActionResult(action, tuple(changes.changes) if changes is not None else ())


def resize(ws: Workspace, claim_id: str, how: str) -> ActionResult:
    """how: grow_start, shrink_start, grow_end or shrink_end (one word)."""
    rule = rules.RESIZERS[how]
    with ws.db.transaction() as session:
        claim = store_spans.active_claim(session, claim_id)
        text = session.get(Article, claim.article_id).text
        span = rule(text, claim.start, claim.end)
        changes = None
        if span is not None:
            changes = store_spans.replace_claims(
                session, ws.annotator, claim.article_id, [claim_id], [span], "resize"
            )
    return _result("resize", changes)


def split(ws: Workspace, claim_id: str, pos: int) -> ActionResult:
    """Split at a code-point offset into the article text."""
    with ws.db.transaction() as session:
        claim = store_spans.active_claim(session, claim_id)
        text = session.get(Article, claim.article_id).text
        halves = rules.split(text, claim.start, claim.end, pos)
        changes = None
        if halves is not None:
            changes = store_spans.replace_claims(
                session, ws.annotator, claim.article_id, [claim_id], list(halves), "split"
            )
    return _result("split", changes)


def merge_next(ws: Workspace, claim_id: str) -> ActionResult:
    with ws.db.transaction() as session:
        claim = store_spans.active_claim(session, claim_id)
        following = store_spans.next_claim(session, claim)
        changes = None
        if following is not None:
            span = rules.merge([(claim.start, claim.end), (following.start, following.end)])
            changes = store_spans.replace_claims(
                session, ws.annotator, claim.article_id, [claim.id, following.id], [span], "merge"
            )
    return _result("merge", changes)


def add(ws: Workspace, article_id: str, start: int, end: int) -> ActionResult:
    """A claim from a text selection (code-point offsets), widened to whole words."""
    with ws.db.transaction() as session:
        text = session.get(Article, article_id).text
        span = rules.from_selection(text, start, end)
        changes = None
        if span is not None:
            changes = store_spans.replace_claims(
                session, ws.annotator, article_id, [], [span], "add_claim"
            )
    return _result("add_claim", changes)
