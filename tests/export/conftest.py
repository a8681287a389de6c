"""Fixtures: the labelled test corpus of export_corpus.py on SQLite (and PostgreSQL)."""

import pytest
from export_corpus import build_corpus


@pytest.fixture
def labelled(tmp_path):
    built = build_corpus(str(tmp_path / "labelled.db"))
    yield built
    built.db.dispose()


@pytest.fixture
def labelled_any(any_db_url):
    """The same corpus on SQLite and (when configured) PostgreSQL."""
    built = build_corpus(any_db_url)
    yield built
    built.db.dispose()
