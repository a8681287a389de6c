"""One annotator's working session on one database.

Each method is one user action and one committed transaction: when it returns, the change is on
disk. The window runs these methods on its background worker, never on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.domain.labels import Label, LinkKind
from claimdesk.store import annotation, changes, corpus
from claimdesk.store.changes import Change
from claimdesk.store.engine import Database


@dataclass(frozen=True)
class ActionResult:
    action: str
    changes: tuple[Change, ...]

    @property
    def claim_ids(self) -> frozenset[str]:
        """Claims whose label, links or span this action touched (for targeted repaints)."""
        ids: set[str] = set()
        for change in self.changes:
            if change.entity in ("label", "adjudication", "claim"):
                ids.add(change.key[0])
            elif change.entity == "link":
                ids.update(change.key[1:])
        return frozenset(ids)

    @property
    def did_something(self) -> bool:
        return bool(self.changes)


class Workspace:
    def __init__(self, db: Database, annotator: str):
        self.db = db
        self.annotator = annotator
        with db.transaction() as session:
            corpus.ensure_annotator(session, annotator)

    def _run(self, action: str, operation) -> ActionResult:
        with self.db.transaction() as session:
            result = operation(session)
        return ActionResult(action, tuple(result or ()))

    def label(self, claim_id: str, label: Label | str, note: str | None = None) -> ActionResult:
        return self._run(
            "label", lambda s: annotation.set_label(s, self.annotator, claim_id, label, note=note)
        )

    def clear_label(self, claim_id: str) -> ActionResult:
        return self._run(
            "clear_label", lambda s: annotation.clear_label(s, self.annotator, claim_id)
        )

    def set_note(self, claim_id: str, note: str) -> ActionResult:
        return self._run("note", lambda s: annotation.set_note(s, self.annotator, claim_id, note))

    def link(self, claim_x: str, claim_y: str, kind: LinkKind | str) -> ActionResult:
        return self._run(
            "link", lambda s: annotation.link(s, self.annotator, claim_x, claim_y, kind)
        )

    def unlink(self, claim_x: str, claim_y: str) -> ActionResult:
        return self._run("unlink", lambda s: annotation.unlink(s, self.annotator, claim_x, claim_y))

    def undo(self) -> ActionResult | None:
        with self.db.transaction() as session:
            outcome = changes.undo_last(session, self.annotator)
        return None if outcome is None else ActionResult(f"undo {outcome[0]}", tuple(outcome[1]))

    def redo(self) -> ActionResult | None:
        with self.db.transaction() as session:
            outcome = changes.redo_last(session, self.annotator)
        return None if outcome is None else ActionResult(f"redo {outcome[0]}", tuple(outcome[1]))
