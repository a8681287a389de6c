"""The application facade: the one door through which the window and every command act and read.

`App(db, annotator)` holds one area object per part of the product; each has one method per user
action (returning an `Outcome` with typed change sets, see `change_sets.py`) and one per screen
read (returning plain dataclasses). Nothing above `services/` opens a session or writes SQL.
"""

from __future__ import annotations

from functools import cached_property

from claimdesk.services.annotation_door import AnnotationDoor
from claimdesk.services.annotators_door import AnnotatorsDoor
from claimdesk.services.corpus_door import CorpusDoor
from claimdesk.services.label_files_door import LabelFilesDoor
from claimdesk.services.navigator import Navigator
from claimdesk.services.outcome import Outcome
from claimdesk.services.stories_door import StoriesDoor
from claimdesk.services.team_door import TeamDoor
from claimdesk.store.engine import Database

__all__ = ["App", "Outcome"]


class App:
    """One database, one annotator (None for commands that act as nobody in particular)."""

    def __init__(self, db: Database, annotator: str | None = None):
        self.db = db
        self.annotator = annotator
        self.annotation = AnnotationDoor(db, annotator)
        self.corpus = CorpusDoor(db)
        self.stories = StoriesDoor(db, annotator)
        self.annotators = AnnotatorsDoor(db, annotator)
        self.team = TeamDoor(db, annotator)
        self.label_files = LabelFilesDoor(db, annotator)
        self.navigator = Navigator(db, annotator)

    @cached_property
    def review(self):
        # built on first use: the review door pulls in the agreement package (numpy), which
        # everyday commands such as `info` and `claims` must not load
        from claimdesk.services.review_door import ReviewDoor

        return ReviewDoor(self.db, self.annotator)
