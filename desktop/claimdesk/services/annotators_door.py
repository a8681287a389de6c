"""The annotators door of the facade (`App.annotators`): who annotates, adding one, and the
lead flag (an `Outcome` with `AnnotatorsChanged`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimdesk.services import annotators
from claimdesk.services.change_sets import AnnotatorsChanged
from claimdesk.services.outcome import Outcome

if TYPE_CHECKING:
    from claimdesk.store.engine import Database


class AnnotatorsDoor:
    def __init__(self, db: Database, annotator: str | None = None):
        self.db = db
        self.annotator = annotator

    def list(self) -> list[annotators.AnnotatorInfo]:
        return annotators.list_annotators(self.db)

    def add(self, name: str) -> Outcome:
        name = annotators.add_annotator(self.db, name)
        return Outcome(
            "add_annotator",
            (AnnotatorsChanged(frozenset({name})),),
            f"annotator {name} is ready",
            name,
        )

    def set_lead(self, name: str, lead: bool = True) -> Outcome:
        """Grant (or revoke) the lead flag; `detail` is their AnnotatorInfo."""
        person = annotators.set_lead(self.db, name, lead, by=self.annotator)
        state = "now a lead" if person.is_lead else "no longer a lead"
        return Outcome(
            "set_lead", (AnnotatorsChanged(frozenset({name})),), f"{name} is {state}", person
        )
