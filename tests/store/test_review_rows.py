"""`review_rows.read_all`: several reads of the review load, each answered in the order asked,
on one connection (SQLite) or side by side on several (PostgreSQL)."""

from __future__ import annotations

import threading

from sqlalchemy import text


def test_reads_come_back_in_the_order_asked_whatever_finishes_first(db):
    from claimdesk.store.review_rows import read_all

    threads = set()

    def read(seconds: float, value: int):
        def run(connection):
            threads.add(threading.get_ident())
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_sleep(:s)"), {"s": seconds})
            return [value]

        return run

    # the first read is the slowest: on PostgreSQL it finishes last, yet comes back first
    assert read_all(db.engine, [read(0.3, 1), read(0.0, 2), read(0.1, 3)]) == [[1], [2], [3]]
    parallel = db.engine.dialect.name == "postgresql"
    assert (len(threads) > 1) is parallel  # SQLite reads in turn, on the caller's thread


def test_an_error_in_one_read_reaches_the_caller(db):
    import pytest

    from claimdesk.store.review_rows import read_all

    def broken(connection):
        connection.execute(text("SELECT no_such_column FROM labels"))

    with pytest.raises(Exception, match="no_such_column"):
        read_all(db.engine, [lambda c: [1], broken])
