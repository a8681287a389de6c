"""INSERT ... ON CONFLICT for SQLite and PostgreSQL alike.

Two sessions that both find a row missing and both insert it (the same annotator labelling from
two windows, two people's first label at once) would otherwise end in an IntegrityError and a
lost action; with an upsert the later one simply wins, as it does for an update.
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_DIALECT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert(session: Session, model, values: dict, *, update: bool = True) -> None:
    """Insert the row; on a clash of primary key, update its other columns (or, with
    `update=False`, keep the existing row untouched)."""
    dialect = session.get_bind().dialect.name
    insert = _DIALECT_INSERTS.get(dialect)
    if insert is None:
        raise NotImplementedError(f"no upsert for the {dialect} dialect")
    keys = [column.name for column in inspect(model).primary_key]
    statement = insert(model).values(**values)
    changing = {name: statement.excluded[name] for name in values if name not in keys}
    if update and changing:
        statement = statement.on_conflict_do_update(index_elements=keys, set_=changing)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    session.execute(statement)
