"""Opening a database: a 0001 file is backed up, then upgraded to the head (0002 and 0003
indexes), with its data; the head read from the migration files (no Alembic import) is
Alembic's head."""

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store import corpus, engine, queries
from claimdesk.store.engine import open_database


def test_head_from_files_is_alembics_head(tmp_path):
    db = open_database(str(tmp_path / "head.db"))
    script = ScriptDirectory.from_config(engine._alembic_config(db.engine))
    assert engine._head_from_files() == script.get_current_head()
    assert engine._current_and_head(db.engine) == (script.get_current_head(),) * 2
    db.dispose()


def test_a_0001_database_is_backed_up_then_upgraded(tmp_path):
    path = tmp_path / "old.db"
    old = engine.create_db_engine(str(path))
    command.upgrade(engine._alembic_config(old), "0001")
    old.dispose()
    db = open_database(str(path), migrate=False)
    with db.transaction() as s:
        text_ = "Five people died in the attack"
        record = ArticleRecord(text=text_, origin="t", raw_sha256="x", story="S")
        added = corpus.add_article(s, record, [ClaimSpan(0, len(text_), text_, (), None, "test")])
    db.dispose()

    db = open_database(str(path))
    backups = list(tmp_path.glob("old.db.0001.*.bak"))
    assert len(backups) == 1
    with db.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        indexes = {
            table: {ix["name"] for ix in inspect(connection).get_indexes(table)}
            for table in ("events", "claims", "labels")
        }
    assert version == engine._head_from_files() == "0008"
    assert "ix_events_annotator_state" in indexes["events"]
    assert "ix_events_annotator" not in indexes["events"]
    assert "ix_claims_article_active" in indexes["claims"]
    assert "ix_claims_active" not in indexes["claims"]
    assert "ix_labels_annotator_claim" in indexes["labels"]
    assert "ix_claims_export_order" in indexes["claims"]
    with db.sessions() as s:
        assert [c.text for c in queries.claims_of(s, added.article_id)] == [
            "Five people died in the attack"
        ]
    db.dispose()
    # the backup is the database as it was: still at 0001
    backup = engine.create_db_engine(str(backups[0]))
    with backup.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "0001"
        )
    backup.dispose()
