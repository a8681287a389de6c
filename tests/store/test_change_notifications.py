"""PostgreSQL tells listeners about commits (migration 0005), per schema; SQLite needs no
trigger (windows watch the file)."""

from __future__ import annotations

import threading

import pytest

from claimdesk.services import annotators
from claimdesk.store.engine import open_database
from claimdesk.store.notifications import ChangeListener


@pytest.mark.postgres
def test_a_commit_in_the_schema_is_heard(pg_url):
    db = open_database(pg_url)
    other = open_database(pg_url)  # another client of the same project
    heard = threading.Event()
    listener = ChangeListener(db, heard.set)
    try:
        listener.start()
        assert listener.wait_ready()
        assert not heard.wait(0.3)  # nothing written yet
        annotators.add_annotator(other, "remote")
        assert heard.wait(5)
    finally:
        listener.stop()
        other.dispose()
        db.dispose()


def test_sqlite_has_no_listener(sqlite_db):
    listener = ChangeListener(sqlite_db, lambda: None)
    listener.start()  # a no-op
    assert not listener.supported
    listener.stop()
