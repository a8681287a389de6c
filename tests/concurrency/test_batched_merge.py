"""A long merge commits in batches (store.batches), so it never holds the write lock for long,
and the result is the same as one big transaction: every row, once, and merging again is a
no-op."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from claimdesk.services import labels_io
from claimdesk.services.workspace import Workspace
from claimdesk.store import batches, changes
from claimdesk.store.engine import open_database
from claimdesk.store.models import Claim, Event, LabelRow
from direct_corpus import many_claims

CLAIMS = 120


@pytest.fixture
def source(tmp_path):
    other = open_database(str(tmp_path / "other.db"))
    claims = many_claims(other, CLAIMS)
    for name in ("ann", "bea"):
        workspace = Workspace(other, name)
        for claim in claims:
            workspace.label(claim, "unique" if name == "ann" else "corroborated")
    yield other
    other.dispose()


def _commits(db) -> list[int]:
    seen = []
    event.listen(db.engine, "commit", lambda _connection: seen.append(1))
    return seen


def test_a_merge_commits_in_batches_and_loses_nothing(sqlite_db, source, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_ROWS", 25)
    commits = _commits(sqlite_db)
    report = labels_io.merge_database(sqlite_db, source, importer="lead")
    # 120 claims and 240 labels in batches of 25 steps
    assert len(commits) >= (CLAIMS + 2 * CLAIMS) // 25
    assert report.copied_claims == CLAIMS and report.new == 2 * CLAIMS and not report.errors
    with sqlite_db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == CLAIMS
        assert session.scalar(select(func.count()).select_from(LabelRow)) == 2 * CLAIMS
        # however many transactions, the merge is one action in the log
        actions = session.scalars(select(Event.action_id).distinct()).all()
    assert len(actions) == 1
    again = labels_io.merge_database(sqlite_db, source, importer="lead")
    assert (again.new, again.copied_claims, again.identical) == (0, 0, 2 * CLAIMS)


def test_a_batched_label_import_is_undone_as_one_action(sqlite_db, source, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_ROWS", 10)
    labels_io.merge_database(sqlite_db, source, importer="lead")
    with sqlite_db.transaction() as session:
        changes.undo_last(session, "lead")
    with sqlite_db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(LabelRow)) == 0
