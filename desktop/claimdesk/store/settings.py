"""Per-database settings (suggestions on/off, a blind study), written through the event log."""

from __future__ import annotations

from sqlalchemy.orm import Session

from claimdesk.store.changes import Change, Changes
from claimdesk.store.models import Setting
from claimdesk.store.team import acting_member


def get_setting(session: Session, key: str, default=None):
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value, *, by: str | None = None) -> list[Change]:
    """Set a setting as one logged, record-only action (see changes.RECORD_ONLY_ACTIONS)."""
    changes = Changes(session, acting_member(session, by), "setting")
    changes.set("setting", (key,), {"value": value})
    return changes.changes
