"""Opening a database: URL parsing, SQLite pragmas, backup before migration, Alembic upgrade.

`open_database` is the one entry point; it returns a `Database` that holds the engine and a
session factory and is passed to whoever needs it (nothing reaches for a global).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, ProgrammingError
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from claimdesk.errors import (
    DatabaseError,
    DatabaseLockedError,
    DatabaseUnreachableError,
    DatabaseUrlError,
    PermissionRefusedError,
)

INSUFFICIENT_PRIVILEGE = "42501"  # SQLSTATE of a refused privilege or row-level policy
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    url: str  # with any password hidden
    # team mode (PostgreSQL set up by `claimdesk team init`): the database user is the
    # annotator, and row-level security decides what they may write. None: single-user.
    team_user: str | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_team(self) -> bool:
        return self.team_user is not None

    @contextmanager
    def transaction(self):
        """One user action = one transaction, committed when the block ends. In team mode a
        write the server's policies refuse becomes a PermissionRefusedError."""
        try:
            with self.sessions.begin() as session:
                yield session
        except ProgrammingError as exc:
            if getattr(exc.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
                raise
            raise PermissionRefusedError(self._refusal(exc)) from None
        except StaleDataError:
            if not self.is_team:
                raise
            # a row-level policy hides the row from an UPDATE or DELETE instead of failing it
            raise PermissionRefusedError(
                f"{self.url}: the database refused the change: the row is not "
                f"{self.team_user}'s to change"
            ) from None

    def _refusal(self, exc: ProgrammingError) -> str:
        detail = str(exc.orig).strip().splitlines()[0]
        who = f" to {self.team_user}" if self.team_user else ""
        return f"{self.url}: the database refused the change{who} ({detail})"

    def is_same_database(self, other: Database) -> bool:
        """The same SQLite file (however its path is written), or the same URL."""
        if self.is_sqlite and other.is_sqlite:
            ours, theirs = self.engine.url.database, other.engine.url.database
            return bool(ours and theirs) and Path(ours).resolve() == Path(theirs).resolve()
        return self.url == other.url

    def dispose(self) -> None:
        self.engine.dispose()


def to_url(db: str | Path) -> str:
    """A plain path becomes a SQLite URL; anything with '://' is taken as a SQLAlchemy URL."""
    value = str(db)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # WAL + NORMAL is durable against a killed process (only an OS crash can lose the tail)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(db: str | Path) -> Engine:
    url_text = to_url(db)
    try:
        url = make_url(url_text)
        url.port  # noqa: B018 (parsed lazily: "host:abc" raises ValueError only here)
    except ArgumentError:
        raise DatabaseUrlError(f"not a database path or URL: {url_text!r}") from None
    except ValueError as exc:
        shown = re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", url_text)  # hide a password
        raise DatabaseUrlError(f"{shown}: the port is not a number ({exc})") from None
    try:
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                folder = Path(url.database).parent
                if not folder.is_dir():
                    raise DatabaseUrlError(f"{url.database}: the folder {folder} does not exist")
            if _read_only_sqlite(url.database):
                return _read_only_engine(url.database)
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, connect_args=_network_connect_args(url))
    except NoSuchModuleError:
        raise DatabaseUrlError(
            f"{url.render_as_string(hide_password=True)}: unknown database kind "
            f"{url.drivername!r} (use a SQLite path or postgresql+psycopg://...)"
        ) from None
    except ImportError as exc:
        raise DatabaseUrlError(
            f"{url.render_as_string(hide_password=True)}: the driver is not installed ({exc})"
        ) from None
    return engine


def _read_only_sqlite(database: str | None) -> bool:
    """An existing SQLite file that this user cannot write, or whose folder they cannot write
    (SQLite needs the folder for its -wal and -shm files)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return False
    path = Path(database)
    if not path.is_file():
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_engine(database: str) -> Engine:
    """Open a SQLite file read-only, so that reading commands work on a read-only folder.

    Without its -shm file (it is removed when the last writer closes) SQLite can only open a
    WAL database read-only as `immutable`; nobody can write it while the folder is read-only.
    """
    shm = Path(f"{database}-shm")
    flag = "mode=ro" if shm.exists() else "immutable=1"
    uri = f"file:{quote(str(Path(database).resolve()))}?{flag}"
    # the URL names the file (for messages and merges); the creator opens it read-only
    return create_engine(
        f"sqlite:///{database}",
        creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        ),
    )


def _network_connect_args(url) -> dict:
    if url.get_backend_name() == "postgresql":
        return {"connect_timeout": 5}
    return {}


def describe_operational_error(exc: OperationalError, url: str) -> DatabaseError:
    message = str(exc.orig) if exc.orig is not None else str(exc)
    first_line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    if "locked" in message or "busy" in message:
        return DatabaseLockedError(
            f"{url}: the database is locked by another program ({first_line})"
        )
    if "readonly" in message or "read-only" in message:
        return DatabaseError(
            f"{url}: the database is read-only here (its file or folder cannot be written), "
            "so only reading commands work"
        )
    if "unable to open" in message:
        return DatabaseUrlError(f"{url}: cannot open the database file ({first_line})")
    return DatabaseUnreachableError(f"{url}: cannot connect ({first_line})")


def _alembic_config(engine: Engine):
    # Alembic (with Mako and Pygments behind it) costs a few hundred milliseconds to import:
    # it is loaded only when a database actually needs creating or upgrading
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*(?:['\"]([^'\"]*)['\"]|None)", re.M)


def _head_from_files() -> str | None:
    """The head revision read from the migration files, or None if it is not a single line."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict((m.group(1), m.group(2)) for m in _REVISION.finditer(path.read_text("utf-8")))
        if not found.get("revision"):
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def _known_revisions() -> set[str]:
    known = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for found in _REVISION.finditer(path.read_text("utf-8")):
            if found.group(1) == "revision" and found.group(2):
                known.add(found.group(2))
    return known


def _current_and_head(engine: Engine) -> tuple[str | None, str]:
    head = _head_from_files()
    if head is not None:  # the common case, without importing Alembic
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None, head
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        if len(versions) <= 1:
            return (versions[0][0] if versions else None), head
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(engine))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, script.get_current_head()


def _backup_sqlite(engine: Engine, current: str | None) -> Path | None:
    path = Path(engine.url.database or "")
    if current is None or not path.is_file():
        return None  # a new database has nothing to lose
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    backup = path.with_name(f"{path.name}.{current}.{stamp}.bak")
    with engine.connect() as connection:  # fold the WAL into the file before copying it
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        backup.unlink(missing_ok=True)  # a truncated copy is no backup
        why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise DatabaseError(
            f"{path}: cannot back it up before upgrading it ({why}); the database was not "
            f"changed. Free some space next to it and try again"
        ) from None
    return backup


def open_database(db: str | Path, *, migrate: bool = True, must_exist: bool = False) -> Database:
    """Open (and create or migrate) the database at a path or URL.

    `must_exist` refuses to create a new SQLite file (for a database named as a source, such
    as the other side of a merge)."""
    if must_exist and "://" not in str(db) and not Path(db).expanduser().is_file():
        raise DatabaseUrlError(f"{db}: no such database file")
    engine = create_db_engine(db)
    shown = engine.url.render_as_string(hide_password=True)
    try:
        if migrate:
            current, head = _current_and_head(engine)
            if current is not None and current not in _known_revisions():
                raise DatabaseError(
                    f"{shown}: made by a newer Claimdesk (schema revision {current}; this one "
                    f"knows up to {head}); upgrade Claimdesk to open it"
                )
            if current != head:
                if engine.dialect.name == "sqlite" and _read_only_sqlite(engine.url.database):
                    raise DatabaseError(
                        f"{shown}: needs upgrading to schema revision {head}, but its file or "
                        "folder is read-only"
                    )
                if engine.dialect.name == "sqlite":
                    _backup_sqlite(engine, current)
                from alembic import command

                command.upgrade(_alembic_config(engine), "head")
        else:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        raise describe_operational_error(exc, shown) from None
    except DatabaseError:
        engine.dispose()
        raise
    except SQLAlchemyDatabaseError as exc:  # e.g. a text file given as a SQLite database
        engine.dispose()
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise DatabaseUrlError(f"{shown}: not a Claimdesk database ({detail})") from None
    _translate_operational_errors(engine, shown)
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Database(engine=engine, sessions=sessions, url=shown, team_user=_team_user(engine))


def _translate_operational_errors(engine: Engine, shown: str) -> None:
    """From here on, an OperationalError (a lock held past the busy timeout, a server gone, a
    read-only file) reaches the caller as the catalogue's error naming the database, so no
    layer above the store catches a SQLAlchemy exception. A failed pre-ping stays SQLAlchemy's:
    the pool handles it by reconnecting."""

    def translate(context):
        error = context.sqlalchemy_exception
        if context.is_pre_ping or not isinstance(error, OperationalError):
            return None
        return describe_operational_error(error, shown)

    event.listen(engine, "handle_error", translate)


def _team_user(engine: Engine) -> str | None:
    """The database user, if this is a team database (see store.team)."""
    if engine.dialect.name != "postgresql":
        return None
    from claimdesk.store.team import group_role

    with engine.connect() as connection:
        if group_role(connection) is None:
            return None
        return connection.execute(text("SELECT current_user")).scalar()
