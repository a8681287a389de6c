"""`Outcome`: what one user action did, as every door of the facade returns it."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimdesk.services.change_sets import ChangeSet, claim_ids_of


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
