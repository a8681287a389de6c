"""Where the default database lives and who is annotating, from flags, environment or defaults."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from platformdirs import user_data_dir

DB_ENV = "CLAIMDESK_DB"
ANNOTATOR_ENV = "CLAIMDESK_ANNOTATOR"
DATA_DIR_ENV = "CLAIMDESK_DATA_DIR"  # lets tests and portable installs move the data folder


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(user_data_dir("claimdesk", appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "claimdesk.db"


def resolve_db(flag: str | None) -> str:
    return flag or os.environ.get(DB_ENV) or str(default_db_path())


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some sandboxes: fall back to something honest
        return "annotator"


def resolve_annotator(flag: str | None) -> str | None:
    return flag or os.environ.get(ANNOTATOR_ENV) or None
