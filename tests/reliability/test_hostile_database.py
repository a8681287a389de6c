"""Databases in bad states and hostile label files: one line naming the problem and the right
database, nothing written (no backup of a database we will not open, no truncated backup)."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from hostile_corpus import GOOD_ONE, GOOD_TWO
from sqlalchemy import select

from claimdesk.cli import main
from claimdesk.store import engine as engine_module


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seeded(tmp_path, capsys):
    """A database with two articles of one story (the rules pipeline finds their claims)."""
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"text": t, "story": "S"}) + "\n" for t in (GOOD_ONE, GOOD_TWO))
    )
    db = tmp_path / "c.db"
    code, _out, err = cli(capsys, "--db", str(db), "import", str(source), "--pipeline", "rules")
    assert code == 0, err
    code, out, err = cli(capsys, "--db", str(db), "claims", "--json")
    claims = [claim["id"] for claim in json.loads(out)]
    assert claims
    return db, claims


def set_revision(db, revision: str) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def backups(db) -> list:
    return sorted(db.parent.glob(f"{db.name}.*.bak"))


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("claimdesk: error: ") and "Traceback" not in err
    return lines[0]


def test_a_newer_schema_is_one_line_and_no_backup(seeded, capsys):
    db, _claims = seeded
    set_revision(db, "0099_from_the_future")
    for _ in range(2):
        code, _out, err = cli(capsys, "--db", str(db), "info")
        assert code == 1
        line = one_error_line(err)
        assert "made by a newer Claimdesk" in line and "0099_from_the_future" in line
    assert backups(db) == []


def test_a_full_disk_during_the_backup_leaves_no_truncated_backup(seeded, capsys, monkeypatch):
    db, _claims = seeded
    set_revision(db, "0002")  # one migration behind: opening it backs it up first

    def copy_then_fill_the_disk(source, target):
        with open(target, "wb") as handle:
            handle.write(Path(source).read_bytes()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(engine_module.shutil, "copy2", copy_then_fill_the_disk)
    code, _out, err = cli(capsys, "--db", str(db), "info")
    assert code == 1
    line = one_error_line(err)
    assert "cannot back it up" in line and "disk is full" in line and "not changed" in line
    assert backups(db) == []
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)


def test_a_non_numeric_port_is_a_usage_error(capsys):
    code, _out, err = cli(capsys, "--db", "postgresql+psycopg://me:secret@localhost:abc/x", "info")
    assert code == 2
    line = one_error_line(err)
    assert "port is not a number" in line and "secret" not in line


def test_a_read_only_database_serves_reading_commands(seeded, capsys, monkeypatch):
    db, claims = seeded
    # root may write anywhere, so the test makes the file look read-only to Claimdesk
    monkeypatch.setattr(engine_module.os, "access", lambda *_args: False)
    code, out, err = cli(capsys, "--db", str(db), "info", "--json")
    assert code == 0, err
    assert json.loads(out)["articles"] == 2
    code, _out, err = cli(
        capsys, "--db", str(db), "--annotator", "ann", "label", claims[0], "unique"
    )
    assert code == 1
    assert "read-only" in one_error_line(err)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write into a read-only folder"
)
def test_a_read_only_folder_for_real(seeded, capsys):
    db, _claims = seeded
    db.parent.chmod(0o555)
    try:
        code, out, err = cli(capsys, "--db", str(db), "info", "--json")
        assert code == 0, err
    finally:
        db.parent.chmod(0o755)


def test_errors_of_the_merge_source_name_the_source(seeded, tmp_path, capsys):
    db, claims = seeded
    other = tmp_path / "other.db"
    code, _out, err = cli(
        capsys, "--db", str(other), "--annotator", "b", "merge", str(db)
    )  # creates other with the corpus
    assert code == 0, err
    with sqlite3.connect(other) as connection:
        connection.execute("DROP TABLE adjudications")
    code, _out, err = cli(capsys, "--db", str(db), "--annotator", "a", "merge", str(other))
    assert code == 1
    line = one_error_line(err)
    assert str(other) in line and "merge source" in line
    assert f"{db}:" not in line


BAD_RECORDS = [
    ('{"claim_id": "%s", "annotator": "a", "label": 5}', "`label` must be a string"),
    ('{"claim_id": "%s", "annotator": {"x": 1}, "label": "unique"}', "`annotator` must be"),
    ('{"claim_id": ["%s"], "annotator": "a", "label": "unique"}', "`claim_id` must be"),
    ('{"claim_id": "%s", "annotator": "a", "label": "unique", "note": 3}', "`note` must be"),
    ('{"claim_id": "%s", "annotator": "a\\ud800", "label": "unique"}', "lone surrogate"),
    (
        '{"claim_id": "%s", "annotator": "a", "label": "unique", "x": '
        + "[" * 5000
        + "]" * 5000
        + "}",
        "nested too deeply",
    ),
    ('{"type": ["link"], "claim_id": "%s"}', "unknown record type"),
    ('"%s"', "must be a JSON object"),
]


def test_label_file_with_wrong_types_names_every_bad_line_and_applies_the_rest(
    seeded, tmp_path, capsys
):
    db, claims = seeded
    lines = [template % claims[0] for template, _ in BAD_RECORDS]
    lines.append(json.dumps({"claim_id": claims[0], "annotator": "good", "label": "unique"}))
    label_file = tmp_path / "labels.jsonl"
    label_file.write_bytes(
        "\n".join(lines).encode()
        + b'\n{"claim_id": "caf\xe9", "annotator": "a", "label": "unique"}\n'
    )
    code, out, err = cli(capsys, "--db", str(db), "labels", "import", str(label_file), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["new"] == 1
    problems = {int(e["place"].rsplit(":", 1)[1]): e["problem"] for e in report["errors"]}
    for number, (_template, expected) in enumerate(BAD_RECORDS, start=1):
        assert expected in problems[number], (number, problems.get(number))
    assert "not UTF-8 (byte 0xE9" in problems[len(BAD_RECORDS) + 2]
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (
            '{"claim_id": "x", "annotator": "Jos\xe9", "label": "unique"}\n'.encode("latin-1"),
            "not UTF-8",
        ),
    ],
)
def test_label_files_that_are_not_utf8_text(seeded, tmp_path, capsys, content, expected):
    db, _claims = seeded
    label_file = tmp_path / "labels.jsonl"
    label_file.write_bytes(content)
    code, _out, err = cli(capsys, "--db", str(db), "labels", "import", str(label_file))
    assert code == 1
    assert expected in one_error_line(err)


def test_a_label_file_can_come_through_a_pipe(seeded, capsys):
    db, claims = seeded
    read_end, write_end = os.pipe()
    os.write(
        write_end,
        json.dumps({"claim_id": claims[0], "annotator": "p", "label": "unique"}).encode() + b"\n",
    )
    os.close(write_end)
    try:
        code, out, err = cli(
            capsys, "--db", str(db), "labels", "import", f"/dev/fd/{read_end}", "--json"
        )
    finally:
        os.close(read_end)
    assert code == 0, err
    assert json.loads(out)["new"] == 1


def test_a_note_holding_nul_is_stored_without_it_on_every_backend(db):
    """A note pasted from a PDF can hold NUL, which PostgreSQL refuses in text."""
    from claimdesk.ingest import build_article
    from claimdesk.nlp.pipeline import load_pipeline
    from claimdesk.services.importer import import_records
    from claimdesk.services.workspace import Workspace
    from claimdesk.store import queries
    from claimdesk.store.models import Claim

    record = build_article(GOOD_ONE, origin="a.txt", raw_sha256="0" * 64)
    import_records(db, [record], pipeline=load_pipeline("rules"), story="S")
    with db.sessions() as session:
        claim_id = session.scalar(select(Claim.id))
    workspace = Workspace(db, "ann")
    workspace.label(claim_id, "unique", note="seen\x00 in the PDF")
    workspace.set_note(claim_id, "again\x00")
    with db.sessions() as session:
        assert queries.labels_of(session, "ann")[claim_id].note == "again"
