"""Long writes in short transactions.

A merge of a big database in one transaction would hold SQLite's write lock (or PostgreSQL's row
locks) for as long as it runs, and every annotator's next label would wait or time out.
`Batches` commits every `rows` steps or `seconds` of work, whichever comes first, and hands out
a fresh session for the next batch. Merges are idempotent, so a merge stopped between two
batches is finished by running it again.
"""

from __future__ import annotations

import time

from sqlalchemy.orm import Session

from claimdesk.store.engine import Database

BATCH_ROWS = 500
BATCH_SECONDS = 0.5  # well under a second of lock time, even on a slow disk


class Batches:
    def __init__(
        self,
        db: Database,
        *,
        rows: int | None = None,
        seconds: float | None = None,
        before_commit=None,
    ):
        """`before_commit(session)` runs at the end of every batch, in its transaction (for
        work that must land together with the batch's rows)."""
        self.db = db
        self.rows = rows or BATCH_ROWS
        self.seconds = seconds or BATCH_SECONDS
        self.before_commit = before_commit
        self.commits = 0
        self._context = None
        self.session: Session | None = None

    def __enter__(self) -> Batches:
        self._open()
        return self

    def __exit__(self, kind, value, traceback) -> bool:
        if kind is None and self.before_commit is not None:
            self.before_commit(self.session)
        context, self._context, self.session = self._context, None, None
        return bool(context.__exit__(kind, value, traceback))

    def _open(self) -> None:
        self._context = self.db.transaction()
        self.session = self._context.__enter__()
        self._steps, self._started = 0, time.monotonic()

    def step(self) -> bool:
        """Count one unit of work; commit and begin a new transaction when the batch is full.
        True when it did (the caller must then use `self.session`)."""
        self._steps += 1
        if self._steps < self.rows and time.monotonic() - self._started < self.seconds:
            return False
        if self.before_commit is not None:
            self.before_commit(self.session)
        self.session.flush()
        self._context.__exit__(None, None, None)
        self.commits += 1
        self._open()
        return True
