"""Annotators as stored: who they are, how much each has done, and the lead flag."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.errors import NotFoundError
from claimdesk.store.changes import Change, Changes
from claimdesk.store.models import Adjudication, Annotator, LabelRow, LinkRow
from claimdesk.store.team import acting_member


def _counts(session: Session, column) -> dict[str, int]:
    return dict(session.execute(select(column, func.count()).group_by(column)).all())


def annotator_rows(session: Session) -> list[tuple[str, bool, int, int, int]]:
    """(name, is_lead, labels, links, adjudications) of every annotator: three grouped
    counts, not one query per annotator."""
    people = list(session.execute(select(Annotator.name, Annotator.is_lead)))
    labels = _counts(session, LabelRow.annotator)
    links = _counts(session, LinkRow.annotator)
    adjudications = _counts(session, Adjudication.adjudicator)
    return [
        (
            name,
            bool(lead),
            labels.get(name, 0),
            links.get(name, 0),
            adjudications.get(name, 0),
        )
        for name, lead in people
    ]


def is_lead(session: Session, name: str) -> bool:
    person = session.get(Annotator, name)
    return bool(person and person.is_lead)


def set_lead(session: Session, name: str, lead: bool, *, by: str | None = None) -> list[Change]:
    """Grant or revoke an existing annotator's lead flag, as one logged record-only action
    (changes.RECORD_ONLY_ACTIONS)."""
    person = session.get(Annotator, name)
    if person is None:
        raise NotFoundError(f"no annotator named {name!r} (they appear once they label)")
    changes = Changes(session, acting_member(session, by), "set_lead")
    changes.set("annotator", (name,), {"is_lead": bool(lead)}, row=person)
    return changes.changes
