"""The team door of the facade (`App.team`): a team database's members and its blind switch.
Setting a team database up (`team init`) happens before there is an App: see services.team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimdesk.services import team
from claimdesk.services.change_sets import SettingsChanged
from claimdesk.services.outcome import Outcome
from claimdesk.store.team import BLIND_SETTING

if TYPE_CHECKING:
    from claimdesk.store.engine import Database


class TeamDoor:
    def __init__(self, db: Database, annotator: str | None = None):
        self.db = db
        self.annotator = annotator

    @property
    def is_team(self) -> bool:
        return self.db.is_team

    def info(self) -> team.TeamInfo:
        return team.team_info(self.db)

    def add_member(self, name: str, *, lead: bool, password: str | None) -> bool:
        """A login role for `name` in the team (True if new)."""
        return team.add_member(self.db, name, lead=lead, password=password)

    def is_blind(self) -> bool:
        return team.is_blind(self.db)

    def set_blind(self, blind: bool) -> Outcome:
        team.set_blind(self.db, blind, by=self.annotator)
        return Outcome("blind", (SettingsChanged(frozenset({BLIND_SETTING})),))
