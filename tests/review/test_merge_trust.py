"""A merge source and a label file cannot forge or poison: the source is only read (never
created, migrated, backed up beside, or written), every incoming row is checked against the
domain rules and a bad one is named and skipped while the rest comes in, roles never come in,
and a record dated in the future is refused. Afterwards every export still works."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from claimdesk import cli
from claimdesk.services import labels_io
from claimdesk.services.workspace import Workspace
from claimdesk.store import corpus
from claimdesk.store.engine import open_database
from claimdesk.store.models import Adjudication, Annotator, Claim, LabelRow, LinkRow, utcnow
from direct_corpus import article


def _corpus(db) -> dict[str, list[str]]:
    with db.transaction() as session:
        return {
            "a": article(session, "Five people died in the attack. The call lasted an hour", "S"),
            "b": article(session, "Three people died in the attack. The call ran an hour", "S"),
            "c": article(session, "Rain fell on 3 May. Rivers rose by 2 metres", "Weather"),
        }


def _digest(path: Path) -> dict[str, str]:
    """The database file and anything beside it (a backup, a journal), by content. SQLite's
    shared-memory index (-shm) and an empty write-ahead log may appear when a WAL database is
    read, even read-only; they hold no data and are left out."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.parent.iterdir())
        if p.name.startswith(path.name)
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


@pytest.fixture
def two(tmp_path):
    ours_path, theirs_path = tmp_path / "ours" / "ours.db", tmp_path / "theirs" / "theirs.db"
    ours_path.parent.mkdir(), theirs_path.parent.mkdir()
    ours, theirs = open_database(str(ours_path)), open_database(str(theirs_path))
    claims = _corpus(ours)
    _corpus(theirs)
    Workspace(ours, "alice").label(claims["a"][0], "unique")
    with ours.transaction() as session:
        corpus.ensure_annotator(session, "lead", is_lead=True)
    ours.dispose(), theirs.dispose()
    return ours_path, theirs_path, claims


def _poison(path: Path, claims: dict[str, list[str]]) -> None:
    """What an attacker or a broken tool puts in a merge source, written with raw SQL."""
    (a1, a2), (b1, _), (c1, _) = claims["a"], claims["b"], claims["c"]
    source = open_database(str(path))  # a new article, whose claims get broken below
    with source.transaction() as session:
        bad = article(session, "Forty ships sailed at dawn. Two sank", "S")
    source.dispose()
    engine = create_engine(f"sqlite:///{path}")
    future = "2999-01-01 00:00:00.000000"
    now = utcnow().isoformat(sep=" ")
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        run(
            "INSERT INTO annotators (name, is_lead, created_at) VALUES "
            f"('mallory', 1, '{now}'), ('alice', 1, '{now}'), ('{'m' * 5000}', 0, '{now}')"
        )
        run(f"UPDATE claims SET start = 'abc' WHERE id = '{bad[0]}'")
        run(
            f"UPDATE articles SET meta = '{{not json' WHERE id = (SELECT article_id FROM claims WHERE id = '{c1}')"
        )
        run(f"UPDATE claims SET \"end\" = 99999 WHERE id = '{bad[1]}'")
        labels = [
            (a1, "alice", "contradicted", None, future),  # forged: from the future
            (a2, "m" * 5000, "unique", None, now),  # a 5,000-character name
            (b1, "bob", "unique", "x" * 1_000_000, now),  # a 1 MB note
            (b1, "carol", "maybe", None, now),  # not a label
            (c1, "carol", "unique", None, now),  # a good row: it must come in
            (c1, "dora", "unique", None, "garbage"),  # a time that is no time
        ]
        for claim, who, label, note, when in labels:
            connection.execute(
                text(
                    "INSERT INTO labels (claim_id, annotator, label, note, stale, updated_at) "
                    "VALUES (:c, :a, :l, :n, 0, :t)"
                ),
                {"c": claim, "a": who, "l": label, "n": note, "t": when},
            )
        for x, y in ((a1, a1), (a1, c1)):  # a self-link, a link across stories
            run(
                "INSERT INTO links (annotator, claim_a, claim_b, kind, updated_at) "
                f"VALUES ('carol', '{x}', '{y}', 'agree', '{now}')"
            )
        run(  # gold from someone who is no lead here
            "INSERT INTO adjudications (claim_id, label, adjudicator, updated_at) "
            f"VALUES ('{a2}', 'unique', 'mallory', '{now}')"
        )
    engine.dispose()


def _state(path: Path) -> dict:
    db = open_database(str(path))
    with db.sessions() as s:
        state = {
            "labels": sorted(
                (r.claim_id, r.annotator, r.label) for r in s.scalars(select(LabelRow))
            ),
            "links": s.scalars(select(LinkRow)).all(),
            "gold": s.scalars(select(Adjudication)).all(),
            "leads": sorted(s.scalars(select(Annotator.name).where(Annotator.is_lead))),
            "claims": len(s.scalars(select(Claim.id)).all()),
        }
    db.dispose()
    return state


def test_a_poisoned_source_is_read_only_checked_row_by_row_and_exports_survive(
    two, tmp_path, capsys
):
    ours, theirs, claims = two
    _poison(theirs, claims)
    before = _digest(theirs)
    code = cli.main(["--db", str(ours), "merge", str(theirs), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # some rows failed, the rest came in
    assert _digest(theirs) == before  # not written, not migrated, no backup beside it
    problems = "\n".join(f"{e['place']}: {e['problem']}" for e in report["errors"])
    for expected in (
        "are not whole numbers",
        "is not inside its article",
        "after now: a record from the future is refused",
        "annotator is 5,000 characters long",
        "note is 1,000,000 characters long",
        "'maybe'",
        "a claim cannot be linked to itself",
        "links join claims of the same story only",
        "adjudication by 'mallory', who is not a lead here",
        "its meta is not JSON",
        "its updated_at 'garbage' is not a date and time",
    ):
        assert expected in problems, expected
    assert len(report["errors"]) == 11
    state = _state(ours)
    (a1, _), _, (c1, _) = claims["a"], claims["b"], claims["c"]
    assert (a1, "alice", "unique") in state["labels"]  # the forged future label lost
    assert (c1, "carol", "unique") in state["labels"]  # the good row came in
    assert state["links"] == [] and state["gold"] == []
    assert state["leads"] == ["lead"]  # mallory and alice did not become leads
    for fmt, name in (
        ("jsonl", "d.jsonl"),
        ("csv", "d.csv"),
        ("pairs", "p.jsonl"),
        ("labels", "l.jsonl"),
        ("spacy", "s"),
    ):
        (tmp_path / "exports").mkdir(exist_ok=True)
        out = tmp_path / "exports" / name
        assert cli.main(["--db", str(ours), "export", "--format", fmt, "-o", str(out)]) == 0, fmt
    # merging again is refused again, and changes nothing
    assert cli.main(["--db", str(ours), "merge", str(theirs), "--json"]) == 1
    assert _state(ours) == state


def test_a_forged_future_label_file_is_refused_and_named(two, tmp_path):
    ours, _, claims = two
    a1 = claims["a"][0]
    db = open_database(str(ours))
    records = [
        {
            "claim_id": a1,
            "annotator": "alice",
            "label": "contradicted",
            "updated_at": "2999-01-01T00:00:00",
            "_place": "file.jsonl:1",
        },
        {"claim_id": a1, "annotator": "alice", "label": "not_a_claim", "_place": "file.jsonl:2"},
        {"claim_id": a1, "annotator": "bob", "label": "corroborated", "_place": "file.jsonl:3"},
        {
            "type": "adjudication",
            "claim_id": a1,
            "label": "unique",
            "adjudicator": "alice",
            "_place": "file.jsonl:4",
        },
        {
            "claim_id": a1,
            "annotator": "dan",
            "label": "unique",
            "updated_at": (utcnow() - timedelta(hours=1)).isoformat(),
            "_place": "file.jsonl:5",
        },
    ]
    report = labels_io.apply_records(db, records, importer="lead")
    places = {e.place: e.problem for e in report.errors}
    assert "from the future" in places["file.jsonl:1"]
    assert "no updated_at" in places["file.jsonl:2"]  # undated cannot overwrite
    assert "not a lead here" in places["file.jsonl:4"]
    assert set(places) == {"file.jsonl:1", "file.jsonl:2", "file.jsonl:4"}
    assert report.new == 2
    with db.sessions() as s:
        assert s.get(LabelRow, (a1, "alice")).label == "unique"
        assert s.get(LabelRow, (a1, "bob")).label == "corroborated"
    db.dispose()


@pytest.mark.parametrize("content", [b"", b"not a database at all\n"])
def test_a_source_that_is_not_a_database_stays_as_it_was(two, tmp_path, content, capsys):
    ours, _, _ = two
    source = tmp_path / "odd.db"
    source.write_bytes(content)
    assert cli.main(["--db", str(ours), "merge", str(source)]) == 2
    assert "not a Claimdesk database" in capsys.readouterr().err
    assert source.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("odd")) == ["odd.db"]


def test_a_missing_or_older_source_is_neither_created_nor_migrated(two, tmp_path, capsys):
    ours, theirs, _ = two
    missing = tmp_path / "missing.db"
    assert cli.main(["--db", str(ours), "merge", str(missing)]) == 2
    assert not missing.exists()
    engine = create_engine(f"sqlite:///{theirs}")
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")
    engine.dispose()
    before = _digest(theirs)
    assert cli.main(["--db", str(ours), "merge", str(theirs)]) == 2
    assert "another version of Claimdesk" in capsys.readouterr().err
    assert _digest(theirs) == before


@pytest.mark.postgres
def test_a_postgres_source_is_read_only_and_its_password_is_never_printed(two, pg_url, capsys):
    ours, _, _ = two
    with_password = pg_url.replace("postgres@", "postgres:s3cr3t-pw@", 1)
    assert cli.main(["--db", str(ours), "merge", with_password]) == 2  # an empty schema
    out = capsys.readouterr()
    assert "s3cr3t-pw" not in out.out + out.err
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        tables = connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        ).scalar()
    engine.dispose()
    assert tables == 0  # nothing was created in it
    source = open_database(pg_url)  # now a real one
    _corpus(source)
    source.dispose()
    assert cli.main(["--db", str(ours), "merge", with_password, "--json"]) == 0
    out = capsys.readouterr()
    assert "s3cr3t-pw" not in out.out + out.err
