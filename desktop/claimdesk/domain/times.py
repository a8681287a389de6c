"""Times as Claimdesk stores them: naive UTC. One parser for every time that comes in (a label
file, a merge source), so that they compare with each other and with `utcnow()`."""

from __future__ import annotations

from datetime import UTC, datetime


def stored_time(value) -> datetime | None:
    """A stored time: naive UTC, like `utcnow()`, or None when `value` is none or unreadable.
    A file may carry an offset ("+02:00" or "Z"); comparing such an aware time with a naive one
    would raise, so it is converted first."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
