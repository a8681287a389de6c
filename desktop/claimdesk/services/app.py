"""The application facade: the one door through which the window and every command act and read.

`App(db, annotator)` holds one area object per part of the product; each has one method per user
action (returning an `Outcome` with typed change sets, see `change_sets.py`) and one per screen
read (returning plain dataclasses). Nothing above `services/` opens a session or writes SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from claimdesk.services.change_sets import ChangeSet, claim_ids_of
from claimdesk.services.navigator import Navigator
from claimdesk.store.engine import Database


@dataclass(frozen=True)
class Outcome:
    """What one user action did: its name, its typed change sets and a message for the user."""

    action: str
    changes: tuple[ChangeSet, ...] = ()
    message: str = ""
    detail: object = field(default=None, compare=False)

    @property
    def claim_ids(self) -> frozenset[str]:
        return claim_ids_of(self.changes)

    @property
    def did_something(self) -> bool:
        return bool(self.changes)


class App:
    """One database, one annotator (None for commands that act as nobody in particular)."""

    def __init__(self, db: Database, annotator: str | None = None):
        self.db = db
        self.annotator = annotator
        from claimdesk.services.annotation_door import AnnotationDoor  # it imports Outcome

        self.annotation = AnnotationDoor(db, annotator)
        # each door is imported here, not at the top: its module imports Outcome from this
        # one, and a command loads only the doors' own modules, nothing heavy
        from claimdesk.services.corpus_door import CorpusDoor

        self.corpus = CorpusDoor(db)
        from claimdesk.services.stories_door import StoriesDoor

        self.stories = StoriesDoor(db, annotator)
        from claimdesk.services.annotators_door import AnnotatorsDoor

        self.annotators = AnnotatorsDoor(db, annotator)
        from claimdesk.services.team_door import TeamDoor

        self.team = TeamDoor(db, annotator)
        from claimdesk.services.label_files_door import LabelFilesDoor

        self.label_files = LabelFilesDoor(db, annotator)
        self.navigator = Navigator(db, annotator)

    @cached_property
    def review(self):
        # built on first use: the review door pulls in the agreement package (numpy), which
        # everyday commands such as `info` and `claims` must not load
        from claimdesk.services.review_door import ReviewDoor  # it imports Outcome from here

        return ReviewDoor(self.db, self.annotator)
