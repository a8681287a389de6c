"""Opening the other side of a merge: read-only, never created, never migrated, never written.

A SQLite source is opened with `mode=ro` (no backup beside it, no WAL switch, no tables made in
a 0-byte file); a PostgreSQL source gets read-only transactions from the first statement. A
source made by another version of Claimdesk is refused rather than upgraded: upgrading is for
its owner to decide.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import sessionmaker

from claimdesk.errors import DatabaseUrlError
from claimdesk.store.engine import (
    SQLITE_BUSY_TIMEOUT_MS,
    Database,
    _current_and_head,
    create_db_engine,
    describe_operational_error,
    to_url,
)


def _sqlite_read_only(path: Path) -> Engine:
    if not path.is_file():
        raise DatabaseUrlError(f"{path}: no such database file")
    if path.stat().st_size == 0:
        raise DatabaseUrlError(f"{path}: an empty file, not a Claimdesk database")
    uri = f"file:{quote(str(path))}?mode=ro"
    # the URL names the file (for messages and the same-database check); `creator` opens it
    return create_engine(f"sqlite:///{path.resolve()}", creator=lambda: _connect_sqlite(uri))


def _connect_sqlite(uri: str):
    import sqlite3

    connection = sqlite3.connect(
        uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    connection.execute("PRAGMA query_only=ON")
    return connection


def _postgres_read_only(url_text: str) -> Engine:
    engine = create_db_engine(url_text)

    @event.listens_for(engine, "connect")
    def read_only(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        dbapi_connection.commit()

    return engine


def open_read_only(db: str | Path) -> Database:
    """The database at a path or URL, for reading only; refused if it is not a Claimdesk
    database at this version's schema."""
    url_text = to_url(db)
    url = make_url(url_text)
    if url.get_backend_name() == "sqlite":
        engine = _sqlite_read_only(Path(url.database or "").expanduser())
        shown = str(Path(url.database).expanduser())
    else:
        engine = _postgres_read_only(url_text)
        shown = url.render_as_string(hide_password=True)
    try:
        current, head = _current_and_head(engine)
        if current is None:
            raise DatabaseUrlError(f"{shown}: not a Claimdesk database (no schema version)")
        if current != head:
            raise DatabaseUrlError(
                f"{shown}: made by another version of Claimdesk (schema {current}, this one "
                f"reads {head}); it is not upgraded from here — open it with this version first"
            )
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM labels"))
    except OperationalError as exc:
        engine.dispose()
        raise describe_operational_error(exc, shown) from None
    except DBAPIError as exc:
        engine.dispose()
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise DatabaseUrlError(f"{shown}: not a Claimdesk database ({detail})") from None
    except DatabaseUrlError:
        engine.dispose()
        raise
    return Database(engine=engine, sessions=sessionmaker(engine), url=shown)
