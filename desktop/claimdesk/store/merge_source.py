"""Reading the other side of a merge without trusting its values.

Read through the ORM's column types, one undecodable value in the source (a `meta` that is not
JSON, an `updated_at` that is not a time) raises in the middle of the merge and stops it. Here
each row is read raw and decoded by hand: a row that does not decode becomes an InputError
naming the table, the row's key and the column, and the merge goes on with the next one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from types import SimpleNamespace

from sqlalchemy import JSON, Boolean, DateTime, select, type_coerce
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from claimdesk.domain.times import stored_time
from claimdesk.errors import DatabaseError, InputError
from claimdesk.store.models import Adjudication, Article, Claim, LabelRow, LinkRow, Story


def _decode(column, value):
    if value is None:
        return None
    if isinstance(column.type, JSON):
        if isinstance(value, str | bytes):
            try:
                return json.loads(value)
            except ValueError:
                raise ValueError(f"its {column.key} is not JSON") from None
        return value
    if isinstance(column.type, DateTime):
        when = stored_time(value)
        if when is None:
            raise ValueError(f"its {column.key} {value!r:.40} is not a date and time")
        return when
    if isinstance(column.type, Boolean):
        if value in (0, 1):  # SQLite keeps booleans as 0 and 1; True == 1 and False == 0
            return bool(value)
        raise ValueError(f"its {column.key} {value!r:.40} is not true or false")
    return value  # text and numbers: their meaning is checked by services.merge_checks


def raw_rows(session: Session, model, *, source: str, order_by=()) -> Iterator:
    """The model's rows as plain namespaces, or an InputError for a row that does not decode."""
    table = model.__table__
    columns = list(table.columns)
    keys = [column.key for column in table.primary_key.columns]
    query = select(*(type_coerce(c, NullType()).label(c.key) for c in columns))
    for raw in session.execute(query.order_by(*order_by)).mappings():
        place = f"{source}: {table.name} {'/'.join(str(raw[k])[:60] for k in keys)}"
        try:
            yield SimpleNamespace(**{c.key: _decode(c, raw[c.key]) for c in columns})
        except ValueError as exc:
            yield InputError(place, str(exc))


def _label(row, source: str) -> dict:
    return {
        "claim_id": row.claim_id,
        "annotator": row.annotator,
        "label": row.label,
        "note": row.note,
        "stale": bool(row.stale),
        "updated_at": row.updated_at,
        "_place": f"{source}: label of {str(row.annotator)[:60]} on {row.claim_id}",
    }


def _link(row, source: str) -> dict:
    return {
        "type": "link",
        "annotator": row.annotator,
        "claim_a": row.claim_a,
        "claim_b": row.claim_b,
        "kind": row.kind,
        "updated_at": row.updated_at,
        "_place": f"{source}: link of {str(row.annotator)[:60]} {row.claim_a}–{row.claim_b}",
    }


def _adjudication(row, source: str) -> dict:
    return {
        "type": "adjudication",
        "claim_id": row.claim_id,
        "label": row.label,
        "adjudicator": row.adjudicator,
        "note": row.note,
        "updated_at": row.updated_at,
        "_place": f"{source}: adjudication of {row.claim_id}",
    }


_RECORDS = ((LabelRow, _label), (LinkRow, _link), (Adjudication, _adjudication))


def source_records(session: Session, *, source: str) -> Iterator[dict | InputError]:
    """The source's labels, links and adjudications as label-file records (as
    `labels_io.label_records` gives them), each with its place in the source."""
    for model, record_of in _RECORDS:
        for row in raw_rows(session, model, source=source):
            yield row if isinstance(row, InputError) else record_of(row, source)


def source_stories(session: Session, *, source: str) -> Iterator:
    return raw_rows(session, Story, source=source)


def source_articles(session: Session, *, source: str) -> Iterator:
    """The source's articles in its import order."""
    return raw_rows(session, Article, source=source, order_by=[Article.position])


def source_claims(session: Session, *, source: str) -> Iterator:
    return raw_rows(session, Claim, source=source)


def read_source(source_url: str, rows: Callable[[], Iterable]) -> Iterator:
    """Rows read from the merge source; a database error while reading them names the source,
    not the database being merged into. (Errors of our own writes happen between two rows,
    outside this generator, and keep naming ours.)"""
    try:
        yield from rows()
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise DatabaseError(
            f"{source_url} (the merge source): cannot read it ({detail[0] if detail else exc})"
        ) from None
