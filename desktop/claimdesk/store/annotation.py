"""Labels, links, notes and adjudications. Every change goes through the event log
(`Changes`), so it can be audited and undone. Functions take the caller's session: the caller
commits, one user action being one transaction."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from claimdesk.domain.labels import Label, LinkKind, implied_label
from claimdesk.errors import NotFoundError, UsageError
from claimdesk.store.changes import Change, Changes
from claimdesk.store.corpus import ensure_annotator
from claimdesk.store.models import Article, Claim, LabelRow, LinkRow, utcnow
from claimdesk.store.queries import links_of


def _claim(session: Session, claim_id: str) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFoundError(f"no claim with id {claim_id!r}")
    return claim


def _require_claim(session: Session, claim_id: str) -> None:
    """The claim exists: its id looked up in the key's index alone (loading the row as an
    object, text and reasons decoded, costs more than the rest of a keystroke's label)."""
    if session.scalar(select(Claim.id).where(Claim.id == claim_id)) is None:
        raise NotFoundError(f"no claim with id {claim_id!r}")


def set_label(
    session: Session,
    annotator: str,
    claim_id: str,
    label: Label | str,
    *,
    note: str | None = None,
    action: str = "label",
    changes: Changes | None = None,
) -> list[Change]:
    """Set (or replace) this annotator's label; looking again clears a stale mark."""
    label = Label.parse(label) if isinstance(label, str) else label
    current = session.get(LabelRow, (claim_id, annotator))
    if current is None:
        # a label row's foreign keys vouch for its claim and annotator; a first label checks
        _require_claim(session, claim_id)
        ensure_annotator(session, annotator)
    changes = changes or Changes(session, annotator, action)
    state = {"label": label.value, "stale": False, "updated_at": utcnow()}
    if note is not None:
        state["note"] = note.strip() or None
    if current is None and note is None:
        state["note"] = None
    unchanged = (
        current is not None
        and current.label == label.value
        and not current.stale
        and (note is None or current.note == state["note"])
    )
    if unchanged:  # the same verdict again is not a change: no event, no new time
        return changes.changes
    changes.set("label", (claim_id, annotator), state, row=current)
    if label is Label.NOT_A_CLAIM:
        _drop_links(changes, annotator, claim_id)
    return changes.changes


def _drop_links(changes: Changes, annotator: str, claim_id: str) -> None:
    """A span rejected as no claim states nothing to agree or conflict with: this annotator's
    links from it go in the same action (one Ctrl+Z brings both back). The other claims keep
    their labels, which the annotator set or saw set."""
    for row in links_of(changes.session, annotator, claim_id):
        changes.set("link", (annotator, row.claim_a, row.claim_b), None)


def clear_label(session: Session, annotator: str, claim_id: str) -> list[Change]:
    changes = Changes(session, annotator, "clear_label")
    changes.set("label", (claim_id, annotator), None)
    return changes.changes


def set_note(session: Session, annotator: str, claim_id: str, note: str) -> list[Change]:
    """A note on a claim not yet labelled is kept on a label row once a label exists; until
    then it is refused, because a note without a verdict has nowhere to live in exports."""
    row = session.get(LabelRow, (claim_id, annotator))
    if row is None:
        raise UsageError("label the claim before adding a note")
    changes = Changes(session, annotator, "note")
    changes.set("label", (claim_id, annotator), {"note": note.strip() or None})
    return changes.changes


def ordered_pair(claim_x: str, claim_y: str) -> tuple[str, str]:
    return (claim_x, claim_y) if claim_x < claim_y else (claim_y, claim_x)


def _check_linkable(session: Session, claim_x: str, claim_y: str) -> None:
    if claim_x == claim_y:
        raise UsageError("a claim cannot be linked to itself")
    x, y = _claim(session, claim_x), _claim(session, claim_y)
    if x.article_id == y.article_id:
        raise UsageError("links join claims of two different articles")
    story_x = session.get(Article, x.article_id).story_id
    story_y = session.get(Article, y.article_id).story_id
    if story_x != story_y:
        raise UsageError("links join claims of the same story only")


check_linkable = _check_linkable  # for checks of incoming links (services.merge_checks)


def link_kinds_of(session: Session, annotator: str, claim_id: str) -> list[LinkKind]:
    rows = session.scalars(
        select(LinkRow.kind).where(
            LinkRow.annotator == annotator,
            or_(LinkRow.claim_a == claim_id, LinkRow.claim_b == claim_id),
        )
    )
    return [LinkKind(kind) for kind in rows]


def _apply_implied_labels(changes: Changes, annotator: str, claim_ids: tuple[str, ...]) -> None:
    """The guidelines (resources/guidelines.md): a conflict implies contradicted; an agreement implies corroborated unless a
    conflict exists. An annotator's explicit not_a_claim is never overridden by a link."""
    session = changes.session
    for claim_id in claim_ids:
        implied = implied_label(link_kinds_of(session, annotator, claim_id))
        if implied is None:
            continue
        current = session.get(LabelRow, (claim_id, annotator))
        if current is not None and current.label == Label.NOT_A_CLAIM.value:
            continue
        if current is None or current.label != implied.value or current.stale:
            set_label(session, annotator, claim_id, implied, changes=changes)


def _check_both_claims(session: Session, annotator: str, claim_ids: tuple[str, str]) -> None:
    """A span the annotator rejected as no claim states nothing to agree or conflict with: a
    link from it would label the other claim on nothing (and a link never overrides that
    label, so it would not say so on this one either)."""
    for claim_id in claim_ids:
        current = session.get(LabelRow, (claim_id, annotator))
        if current is not None and current.label == Label.NOT_A_CLAIM.value:
            which = "this claim" if claim_id == claim_ids[0] else "the other claim"
            raise UsageError(f"{which} is labelled not a claim: label it again before linking it")


def link(
    session: Session, annotator: str, claim_x: str, claim_y: str, kind: LinkKind | str
) -> list[Change]:
    kind = LinkKind.parse(kind) if isinstance(kind, str) else kind
    _check_linkable(session, claim_x, claim_y)
    _check_both_claims(session, annotator, (claim_x, claim_y))
    ensure_annotator(session, annotator)
    changes = Changes(session, annotator, "link")
    a, b = ordered_pair(claim_x, claim_y)
    changes.set("link", (annotator, a, b), {"kind": kind.value, "updated_at": utcnow()})
    _apply_implied_labels(changes, annotator, (claim_x, claim_y))
    return changes.changes


def unlink(session: Session, annotator: str, claim_x: str, claim_y: str) -> list[Change]:
    changes = Changes(session, annotator, "unlink")
    a, b = ordered_pair(claim_x, claim_y)
    changes.set("link", (annotator, a, b), None)
    return changes.changes


def adjudicate(
    session: Session, adjudicator: str, claim_id: str, label: Label | str, note: str | None = None
) -> list[Change]:
    label = Label.parse(label) if isinstance(label, str) else label
    _claim(session, claim_id)
    ensure_annotator(session, adjudicator)
    changes = Changes(session, adjudicator, "adjudicate")
    changes.set(
        "adjudication",
        (claim_id,),
        {
            "label": label.value,
            "adjudicator": adjudicator,
            "note": (note or "").strip() or None,
            "updated_at": utcnow(),
        },
    )
    return changes.changes
