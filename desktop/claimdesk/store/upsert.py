"""INSERT ... ON CONFLICT for SQLite and PostgreSQL alike.

Two sessions that both find a row missing and both insert it (the same annotator labelling from
two windows, two people's first label at once) would otherwise end in an IntegrityError and a
lost action; with an upsert the later one simply wins, as it does for an update.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_DIALECT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@lru_cache(maxsize=256)
def _statement(dialect: str, model, columns: tuple[str, ...], update: bool):
    # Built once per table, columns and mode, with the values bound at execution: a first
    # label is an upsert on every keystroke, and building the statement (its `excluded`
    # alias, its cache key) cost more than running it. The table, not the mapped class: a
    # Core statement skips the ORM's bulk-insert planning (the row never entered the
    # identity map either way).
    insert = _DIALECT_INSERTS.get(dialect)
    if insert is None:
        raise NotImplementedError(f"no upsert for the {dialect} dialect")
    keys = [column.name for column in inspect(model).primary_key]
    statement = insert(model.__table__)
    changing = {name: statement.excluded[name] for name in columns if name not in keys}
    if update and changing:
        return statement.on_conflict_do_update(index_elements=keys, set_=changing)
    return statement.on_conflict_do_nothing(index_elements=keys)


def upsert(session: Session, model, values: dict, *, update: bool = True) -> None:
    """Insert the row; on a clash of primary key, update its other columns (or, with
    `update=False`, keep the existing row untouched)."""
    dialect = session.get_bind().dialect.name
    session.execute(_statement(dialect, model, tuple(values), update), values)
