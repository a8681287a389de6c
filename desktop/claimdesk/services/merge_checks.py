"""Row-by-row checks of what a merge or a label file brings in, against the domain rules.

A merge source or a label file is untrusted: a row with a claim whose `start` is a string, a
self-link, a 5,000-character annotator name, a 1 MB note or a record dated in the year 2999
would otherwise be copied in and break exports or win every clash forever. Each check returns
the problem (or raises InputError naming it); the caller names the row, skips it and goes on.

Who may do what is not taken from the incoming side either: roles never come in (an incoming
adjudication must be by someone who is a lead *here*), and in a team database a member brings
in only their own work unless they lead.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from claimdesk.domain.ids import article_id, claim_id
from claimdesk.domain.labels import Label, LinkKind
from claimdesk.domain.times import stored_time
from claimdesk.errors import InputError, UsageError
from claimdesk.services.annotators import MAX_NAME_LENGTH
from claimdesk.store import annotator_rows, label_rows

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_NOTE_LENGTH = 10_000  # a note is a remark, not a document
# two machines' clocks differ a little: a record may be this far "in the future" and still count
CLOCK_SLACK = timedelta(minutes=5)


def _refuse(problem: str):
    raise InputError("record", problem)


def _text(record: dict, key: str, *, limit: int | None = None, optional: bool = False) -> None:
    value = record.get(key)
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip():
        _refuse(f"{key} must be non-empty text, not {value!r:.60}")
    if limit is not None and len(value) > limit:
        _refuse(f"{key} is {len(value):,} characters long (at most {limit:,})")


def record_time(record: dict, now: datetime) -> datetime | None:
    """The record's `updated_at` as naive UTC; refused when unreadable or after now."""
    raw = record.get("updated_at")
    if raw is None:
        return None
    when = stored_time(raw)  # the one parser of incoming times
    if when is None:
        _refuse(f"updated_at {raw!r:.60} is not a date and time")
    if when > now + CLOCK_SLACK:
        _refuse(f"dated {when.isoformat()}, after now: a record from the future is refused")
    return when


def _existing(session: Session, record: dict):
    kind = record.get("type", "label")
    if kind == "label":
        return label_rows.label_row(session, record["claim_id"], record["annotator"])
    if kind == "link":
        a, b = sorted((record["claim_a"], record["claim_b"]))
        return label_rows.link_row(session, record["annotator"], a, b)
    return label_rows.adjudication_row(session, record["claim_id"])


def _differs(current, record: dict) -> bool:
    """An existing row that the record would change (an identical one is no clash)."""
    if current is None:
        return False
    note = (record.get("note") or "").strip() or None
    kind = record.get("type", "label")
    if kind == "link":
        return current.kind != LinkKind.parse(record["kind"]).value
    label = Label.parse(record["label"]).value
    if kind == "adjudication":
        return (current.label, current.adjudicator, current.note) != (
            label,
            record["adjudicator"],
            note,
        )
    return (current.label, current.note) != (label, note)


def _check_link(session: Session, record: dict) -> None:
    from claimdesk.store.annotation import check_linkable

    try:
        check_linkable(session, record["claim_a"], record["claim_b"])
    except UsageError as exc:
        _refuse(str(exc))


def _is_lead(session: Session, name: str) -> bool:
    return annotator_rows.is_lead(session, name)


def check_record(
    session: Session, record: dict, *, now: datetime, team_user: str | None = None
) -> None:
    """Raise InputError when a label, link or adjudication record must not come in."""
    kind = record.get("type", "label")
    person_key = "adjudicator" if kind == "adjudication" else "annotator"
    _text(record, person_key, limit=MAX_NAME_LENGTH)
    claim_keys = ("claim_a", "claim_b") if kind == "link" else ("claim_id",)
    for key in claim_keys:
        _text(record, key, limit=40)
    _text(record, "note", limit=MAX_NOTE_LENGTH, optional=True)
    try:
        LinkKind.parse(record.get("kind")) if kind == "link" else Label.parse(record.get("label"))
    except (ValueError, AttributeError) as exc:
        _refuse(str(exc))
    when = record_time(record, now)
    if kind == "link":
        _check_link(session, record)
    person = record[person_key]
    if kind == "adjudication" and not _is_lead(session, person):
        _refuse(f"adjudication by {person!r}, who is not a lead here (roles never come in)")
    if team_user is not None and person != team_user and not _is_lead(session, team_user):
        _refuse(f"{person!r}'s work: in a team database {team_user!r} brings in only their own")
    if when is None and _differs(_existing(session, record), record):
        # without a time it cannot be placed after what is here: it may not overwrite it
        _refuse("no updated_at, and a record for it exists here: the existing one is kept")


def check_article(row) -> str | None:
    """The problem with a source's article row, or None."""
    if not isinstance(row.text, str) or not row.text:
        return "its text is not text"
    if row.id != article_id(row.text):
        return "its id does not match its text"
    if not isinstance(row.story_id, str) or not row.story_id:
        return "it has no story"
    for column in ("title", "source", "url", "published", "origin"):
        value = getattr(row, column)
        if value is not None and not isinstance(value, str):
            return f"its {column} is not text"
    if not isinstance(row.meta, dict | None):
        return "its metadata is not an object"
    return None


def check_claim(row, article_text: str | None) -> str | None:
    """The problem with a source's claim row (`article_text`: its article here, None if the
    article is not here), or None."""
    if article_text is None:
        return f"its article {row.article_id!r} is not here"
    start, end = row.start, row.end
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        return f"its offsets {start!r:.20}, {end!r:.20} are not whole numbers"
    if not 0 <= start < end <= len(article_text):
        return (
            f"its span [{start}, {end}) is not inside its article ({len(article_text)} characters)"
        )
    if row.text != article_text[start:end]:
        return "its text is not its article's text at its offsets"
    if row.id != claim_id(row.article_id, start, end):
        return "its id does not match its article and offsets"
    if not isinstance(row.reasons, list) or not all(isinstance(r, str) for r in row.reasons):
        return "its reasons are not a list of text"
    if not isinstance(row.active, bool | int):
        return "its active flag is not true or false"
    return None


def check_story(row) -> str | None:
    if not isinstance(row.name, str) or not row.name.strip() or len(row.name) > 300:
        return "its name is not text of 1 to 300 characters"
    return None
