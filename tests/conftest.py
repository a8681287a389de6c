"""Shared fixtures. Qt runs offscreen; QSettings and the user data folder are isolated per test;
databases are fresh temporary SQLite files, or a fresh PostgreSQL schema where asked."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

PG_URL_ENV = "CLAIMDESK_TEST_PG_URL"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def pytest_configure(config):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolate_user_state(tmp_path_factory, monkeypatch):
    """Never touch the real user's data folder, settings or environment."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CLAIMDESK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("CLAIMDESK_DB", raising=False)
    monkeypatch.delenv("CLAIMDESK_ANNOTATOR", raising=False)
    # the optional semantic model takes seconds to load; tests of it load it themselves
    monkeypatch.setenv("CLAIMDESK_SEMANTIC", "off")


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return str(tmp_path / "claimdesk.db")


def _pg_schema_url(base: str, schema: str) -> str:
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url():
    """A URL to a fresh schema on the server named by CLAIMDESK_TEST_PG_URL."""
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need {PG_URL_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    from sqlalchemy import create_engine, text

    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield _pg_schema_url(base, schema)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_url(request, tmp_path):
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "claimdesk.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(any_db_url):
    from claimdesk.store.engine import open_database

    database = open_database(any_db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url):
    from claimdesk.store.engine import open_database

    database = open_database(sqlite_url)
    yield database
    database.dispose()
