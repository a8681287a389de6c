"""Where the default database lives and who is annotating, from flags, environment or defaults."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from platformdirs import user_data_dir

from claimdesk.errors import DatabaseError

DB_ENV = "CLAIMDESK_DB"
ANNOTATOR_ENV = "CLAIMDESK_ANNOTATOR"
DATA_DIR_ENV = "CLAIMDESK_DATA_DIR"  # lets tests and portable installs move the data folder


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(user_data_dir("claimdesk", appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "claimdesk.db"


def ensure_folder(folder: Path) -> Path:
    """A folder of Claimdesk's own, made on first use (a fresh home has none of them)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"{folder}: cannot create Claimdesk's folder ({exc.strerror or exc}); "
            f"set ${DATA_DIR_ENV} or pass --db PATH"
        ) from None
    return folder


def chosen_db(flag: str | None) -> str:
    """--db, else $CLAIMDESK_DB, else the default database; touches nothing (for messages)."""
    return flag or os.environ.get(DB_ENV) or str(default_db_path())


def resolve_db(flag: str | None) -> str:
    """The database to open; for the default one, its folder is made when missing (SQLite
    will not create the folder of a database file)."""
    chosen = chosen_db(flag)
    if chosen == str(default_db_path()):
        ensure_folder(data_dir())
    return chosen


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some sandboxes: fall back to something honest
        return "annotator"


def resolve_annotator(flag: str | None) -> str | None:
    return flag or os.environ.get(ANNOTATOR_ENV) or None
