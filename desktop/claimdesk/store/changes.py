"""The event log: every change to a row goes through `Changes`, which records who changed what,
with the row's state before and after. Undo and redo replay those states.

A row's state is a plain dict of its non-key columns (or None when the row does not exist), so
one mechanism serves labels, links, claims, adjudications and story membership alike.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from claimdesk.errors import UsageError
from claimdesk.store.models import (
    Adjudication,
    Annotator,
    Article,
    Claim,
    Event,
    LabelRow,
    LinkRow,
    Setting,
    Story,
    utcnow,
)
from claimdesk.store.upsert import upsert

# entity name -> (model, primary-key columns, columns kept in a snapshot)
ENTITIES = {
    "label": (LabelRow, ("claim_id", "annotator"), ("label", "note", "stale", "updated_at")),
    "link": (LinkRow, ("annotator", "claim_a", "claim_b"), ("kind", "updated_at")),
    "adjudication": (
        Adjudication,
        ("claim_id",),
        ("label", "adjudicator", "note", "updated_at"),
    ),
    "claim": (
        Claim,
        ("id",),
        (
            "article_id",
            "start",
            "end",
            "text",
            "reasons",
            "speaker",
            "pipeline",
            "origin",
            "active",
        ),
    ),
    "article": (Article, ("id",), ("story_id", "story_pinned")),
    "story": (Story, ("id",), ("name", "manual")),
    "setting": (Setting, ("key",), ("value",)),
    "annotator": (Annotator, ("name",), ("is_lead",)),
}

# A lead's switches (a database setting, granting the lead flag) are logged, so they reach
# every window as typed change sets and stay on record, but they are not an annotator's edits:
# Ctrl+Z never undoes them and they do not drop the annotator's redo branch.
RECORD_ONLY_ACTIONS = ("setting", "set_lead")
AUDIT_ACTIONS = ("undo", "redo", "kept_out", *RECORD_ONLY_ACTIONS)
# "kept_out": an incoming version (a merge, a label file) that lost a clash to the row here; the
# event's `before` is that version, `after` the row as kept. It changes nothing, so undo and redo
# pass over it, but the log keeps both sides of every clash.


def _to_json(value):
    if isinstance(value, str) and "\x00" in value:
        # PostgreSQL refuses NUL in text (a note pasted from a PDF can hold one); every
        # backend stores the same text without it
        return value.replace("\x00", "")
    return value.isoformat() if isinstance(value, datetime) else value


def _from_json(column: str, value):
    if column.endswith("_at") and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def _row(session: Session, entity: str, key: tuple):
    model, key_columns, _ = ENTITIES[entity]
    return session.get(model, dict(zip(key_columns, key, strict=True)))


def _state_of(entity: str, row) -> dict | None:
    if row is None:
        return None
    return {column: _to_json(getattr(row, column)) for column in ENTITIES[entity][2]}


def snapshot(session: Session, entity: str, key: tuple) -> dict | None:
    return _state_of(entity, _row(session, entity, key))


_UNREAD = object()


def apply_state(
    session: Session, entity: str, key: tuple, state: dict | None, *, row=_UNREAD
) -> None:
    """Make the row equal `state` (None deletes it). `row` is the row if the caller just
    read it (None: it does not exist), saving a second look-up."""
    model, key_columns, _ = ENTITIES[entity]
    identity = dict(zip(key_columns, key, strict=True))
    if row is _UNREAD:
        row = session.get(model, identity)
    if state is None:
        if row is not None:
            session.delete(row)
            session.flush()
        return
    values = {column: _from_json(column, value) for column, value in state.items()}
    if row is None:
        # an upsert, not an add: another session may insert the same row meanwhile (the same
        # annotator in two windows); the later action wins instead of failing
        upsert(session, model, {**identity, **values})
        return
    for column, value in values.items():
        setattr(row, column, value)
    session.flush()


@dataclass
class Change:
    entity: str
    key: tuple
    before: dict | None
    after: dict | None


class Changes:
    """Collects the changes of one user action inside one transaction.

    `set(entity, key, state)` snapshots the row, applies the new state and logs both; a new
    action makes earlier undone actions of the same annotator unredoable.
    """

    def __init__(self, session: Session, annotator: str | None, action: str):
        self.session = session
        self.annotator = annotator
        self.action = action
        self.action_id = uuid.uuid4().hex
        self.changes: list[Change] = []
        self._dropped_redo = False

    def continued_in(self, session: Session) -> Changes:
        """The same action, carried on in a new transaction (a long merge commits in batches:
        undo still treats it as one action)."""
        follow = Changes(session, self.annotator, self.action)
        follow.action_id, follow._dropped_redo = self.action_id, self._dropped_redo
        follow.changes = self.changes
        return follow

    def set(self, entity: str, key: tuple, state: dict | None, *, row=_UNREAD) -> Change | None:
        """`row`: the current row if the caller has just read it (None when it does not
        exist); otherwise it is read here, once."""
        if row is _UNREAD:
            row = _row(self.session, entity, key)
        before = _state_of(entity, row)
        if state is not None:
            merged = dict(before or {})
            merged.update({k: _to_json(v) for k, v in state.items()})
            state = merged
        if before == state:
            return None
        apply_state(self.session, entity, key, state, row=row)
        change = Change(entity, key, before, state)
        self.changes.append(change)
        self._log(change)
        return change

    def log_kept_out(self, entity: str, key: tuple, incoming: dict, *, row=_UNREAD) -> None:
        """Record an incoming version that lost to the existing row (see AUDIT_ACTIONS)."""
        if row is _UNREAD:
            row = _row(self.session, entity, key)
        kept = _state_of(entity, row)
        offered = dict(kept or {})
        offered.update({k: _to_json(v) for k, v in incoming.items()})
        entity_key = json.dumps(list(key))
        earlier = self.session.scalars(
            select(Event.before).where(
                Event.action == "kept_out", Event.entity == entity, Event.entity_key == entity_key
            )
        )
        if offered in earlier:  # merging the same source again: on record already
            return
        self.session.add(
            Event(
                action_id=self.action_id,
                at=utcnow(),
                annotator=self.annotator,
                action="kept_out",
                entity=entity,
                entity_key=entity_key,
                before=offered,
                after=kept,
                state="done",
            )
        )

    def _log(self, change: Change) -> None:
        if not self._dropped_redo and self.action not in AUDIT_ACTIONS:
            # usually nothing is undone: a cheap indexed look first, the ORM update only if so
            undone = self.session.execute(
                select(Event.id)
                .where(Event.annotator == self.annotator, Event.state == "undone")
                .limit(1)
            )
            if undone.first() is not None:
                self.session.execute(
                    update(Event)
                    .where(Event.annotator == self.annotator, Event.state == "undone")
                    .values(state="dropped")
                )
            self._dropped_redo = True
        self.session.add(
            Event(
                action_id=self.action_id,
                at=utcnow(),
                annotator=self.annotator,
                action=self.action,
                entity=change.entity,
                entity_key=json.dumps(list(change.key)),
                before=change.before,
                after=change.after,
                state="done",
            )
        )


def _action_events(session: Session, action_id: str) -> list[Event]:
    return list(
        session.scalars(select(Event).where(Event.action_id == action_id).order_by(Event.id))
    )


# what must still hold for an undo (or redo) to be safe: the columns that carry meaning
_MEANINGFUL = {
    "label": ("label", "note"),
    "link": ("kind",),
    "adjudication": ("label", "adjudicator", "note"),
    "claim": ("start", "end", "active"),
    "article": ("story_id",),
    "story": ("name",),
    "setting": ("value",),
    "annotator": ("is_lead",),
}


def _differs(current: dict | None, expected: dict | None, entity: str) -> bool:
    if current is None or expected is None:
        return (current is None) != (expected is None)
    return any(current.get(c) != expected.get(c) for c in _MEANINGFUL[entity])


def _check_unchanged_since(session: Session, events: list[Event], expected: str, verb: str):
    """Refuse to undo/redo over a row someone else changed since (another annotator's span
    edit, another lead's gold label, a story move): restoring it would silently lose theirs."""
    final: dict[tuple[str, str], Event] = {}
    for ev in events if expected == "after" else reversed(events):
        final[(ev.entity, ev.entity_key)] = ev  # the last (undo) or first (redo) state per row
    for (entity, key), ev in final.items():
        current = snapshot(session, entity, tuple(json.loads(key)))
        if _differs(current, getattr(ev, expected), entity):
            raise UsageError(
                f"cannot {verb} {ev.action}: the {entity} was changed since "
                "(by another annotator or a later import)"
            )


def undo_last(session: Session, annotator: str) -> tuple[str, list[Change]] | None:
    """Undo this annotator's latest action that is still done. Returns (action, changes)."""
    last = session.scalars(
        select(Event)
        .where(
            Event.annotator == annotator,
            Event.state == "done",
            Event.action.not_in(AUDIT_ACTIONS),
        )
        .order_by(Event.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return None
    events = _action_events(session, last.action_id)
    _check_unchanged_since(session, events, "after", "undo")
    audit = Changes(session, annotator, "undo")
    for ev in reversed(events):
        change = audit.set(ev.entity, tuple(json.loads(ev.entity_key)), ev.before)
        ev.state = "undone"
        if change is None:  # already in that state: still log the intent
            continue
    for ev in _action_events(session, audit.action_id):
        ev.reverts = last.action_id
    session.flush()
    return last.action, audit.changes


def redo_last(session: Session, annotator: str) -> tuple[str, list[Change]] | None:
    """Re-apply the action this annotator undid most recently, if nothing replaced it."""
    undone_ids = select(Event.action_id).where(
        Event.annotator == annotator, Event.state == "undone"
    )
    last_undo = session.scalars(
        select(Event)
        .where(
            Event.annotator == annotator,
            Event.action == "undo",
            Event.reverts.in_(undone_ids),
        )
        .order_by(Event.id.desc())
        .limit(1)
    ).first()
    if last_undo is None:
        return None
    events = _action_events(session, last_undo.reverts)
    _check_unchanged_since(session, events, "before", "redo")
    audit = Changes(session, annotator, "redo")
    for ev in events:
        audit.set(ev.entity, tuple(json.loads(ev.entity_key)), ev.after)
        ev.state = "done"
    for ev in _action_events(session, audit.action_id):
        ev.reverts = last_undo.reverts
    session.flush()
    return events[0].action, audit.changes


def can_undo(session: Session, annotator: str) -> bool:
    return (
        session.scalars(
            select(Event.id)
            .where(
                Event.annotator == annotator,
                Event.state == "done",
                Event.action.not_in(AUDIT_ACTIONS),
            )
            .limit(1)
        ).first()
        is not None
    )
