"""Who annotates in a database, and who may adjudicate.

The lead role is a flag on an annotator (the glossary in docs/ARCHITECTURE.md). Adjudication requires it, so that a
gold label always comes from someone a team agreed to trust; `set_lead` grants or revokes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimdesk.errors import UsageError
from claimdesk.store import annotator_rows, corpus

if TYPE_CHECKING:
    from claimdesk.store.engine import Database

MAX_NAME_LENGTH = 200  # the column width of annotators.name


@dataclass(frozen=True)
class AnnotatorInfo:
    name: str
    is_lead: bool
    labels: int
    links: int
    adjudications: int

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "is_lead": self.is_lead,
            "labels": self.labels,
            "links": self.links,
            "adjudications": self.adjudications,
        }


def clean_name(name: str) -> str:
    """An annotator name as stored: trimmed, non-empty, fits the column."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise UsageError("an annotator needs a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UsageError(f"an annotator name is at most {MAX_NAME_LENGTH} characters")
    return cleaned


def list_annotators(db: Database) -> list[AnnotatorInfo]:
    """Every annotator, by name, with how much each has done."""
    with db.sessions() as session:
        rows = annotator_rows.annotator_rows(session)
    return sorted((AnnotatorInfo(*row) for row in rows), key=lambda info: info.name.casefold())


def add_annotator(db: Database, name: str) -> str:
    """Create the annotator if new (idempotent); returns the stored name."""
    name = clean_name(name)
    with db.transaction() as session:
        corpus.ensure_annotator(session, name)
    return name


def set_lead(db: Database, name: str, is_lead: bool = True, *, by: str | None = None):
    """Grant or revoke the lead flag of an existing annotator (through the event log; `by`:
    who does it). Returns their AnnotatorInfo."""
    with db.transaction() as session:
        annotator_rows.set_lead(session, name, is_lead, by=by)
    return next(info for info in list_annotators(db) if info.name == name)


def is_lead(db: Database, name: str | None) -> bool:
    if not name:
        return False
    with db.sessions() as session:
        return annotator_rows.is_lead(session, name)


def require_lead(db: Database, name: str | None) -> str:
    """The adjudicator's name, or a UsageError that says how to become a lead."""
    if not name:
        raise UsageError("say who adjudicates: --annotator NAME (a lead annotator)")
    if not is_lead(db, name):
        raise UsageError(
            f"{name!r} is not a lead annotator; only leads adjudicate "
            f"(grant it with: claimdesk annotators lead {name!r})"
        )
    return name
