"""Export to hostile places and of hostile content: special files are written in place or
refused, links are written through, killed exports leave nothing behind for long, and a
spreadsheet or a line-splitting reader cannot be tricked by what the database holds."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time

import pytest
from hostile_corpus import GOOD_ONE, GOOD_TWO, jsonl_line
from sqlalchemy import select, text

from claimdesk.errors import ExportError
from claimdesk.export import ExportRequest, export_dataset
from claimdesk.services import atomic_files as atomic
from claimdesk.services.importer import import_paths
from claimdesk.services.workspace import Workspace
from claimdesk.store.engine import open_database
from claimdesk.store.models import Claim

FORMULA_ANNOTATOR = '=HYPERLINK("http://x")'
NOTE = "-2+3 is what the \x00 source said"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """Articles whose text starts with a formula and holds U+2028, labelled by an annotator
    whose name is a formula, with a note holding NUL."""
    from claimdesk.nlp.pipeline import load_pipeline

    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "in.jsonl"
    source.write_text(
        jsonl_line(text="-5 people died on Monday,\u2028the police said in Paris.", story="S")
        + jsonl_line(text="@mayor " + GOOD_ONE, story="S")
        + jsonl_line(text=GOOD_TWO, story="S"),
        encoding="utf-8",
    )
    db = open_database(folder / "c.db")
    report = import_paths(db, [source], pipeline=load_pipeline("rules"))
    assert len(report.added) == 3
    with db.sessions() as session:
        claim_ids = list(session.scalars(select(Claim.id)))
    workspace = Workspace(db, FORMULA_ANNOTATOR)
    for claim_id in claim_ids:
        workspace.label(claim_id, "unique", note=NOTE)
    with db.transaction() as session:  # NUL from a database written before NUL was stripped
        session.execute(text("UPDATE articles SET title = :title"), {"title": "Before\x00after"})
    yield db
    db.dispose()


def test_csv_neutralises_every_formula_cell_and_nul(hostile_db, tmp_path):
    target = tmp_path / "claims.csv"
    export_dataset(hostile_db, ExportRequest("csv", target))
    raw = target.read_bytes()
    assert b"\x00" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
        assert row["labels"].startswith("'=HYPERLINK")
        assert row["notes"].startswith("'=HYPERLINK")
    assert any(row["text"].startswith("'-5 people") for row in rows)
    assert all(row["article_title"] == "Before\ufffdafter" for row in rows)
    assert all("-2+3 is what the  source said" in row["notes"] for row in rows)  # NUL not stored


def test_jsonl_escapes_characters_other_readers_split_lines_on(hostile_db, tmp_path):
    for fmt in ("jsonl", "labels"):
        target = tmp_path / f"{fmt}.jsonl"
        export_dataset(hostile_db, ExportRequest(fmt, target))
        raw = target.read_bytes()
        if fmt == "jsonl":
            assert b"\\u2028" in raw
        assert "\u2028".encode() not in raw
        lines = raw.decode("utf-8").splitlines()  # splits on U+2028 too
        records = [json.loads(line) for line in lines]
        assert len(records) == raw.count(b"\n")
    assert any(
        "\u2028" in r.get("text", "") for r in map(json.loads, (tmp_path / "jsonl.jsonl").open())
    )


def test_labels_export_follows_the_umask(hostile_db, tmp_path):
    target = tmp_path / "labels.jsonl"
    old = os.umask(0o002)
    try:
        export_dataset(hostile_db, ExportRequest("labels", target))
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o664


def test_a_full_device_is_an_error_and_stays_a_device(hostile_db):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    for fmt in ("jsonl", "labels"):
        with pytest.raises(ExportError, match="disk is full"):
            export_dataset(hostile_db, ExportRequest(fmt, "/dev/full"))
    assert not os.path.isfile("/dev/full")
    assert not any(name.startswith(".full.") for name in os.listdir("/dev"))


def test_a_fifo_target_is_written_in_place(hostile_db, tmp_path):
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        result = export_dataset(hostile_db, ExportRequest("jsonl", fifo))
    finally:
        data, _ = reader.communicate(timeout=30)
    assert result.card is None  # no card beside a pipe
    assert len(data.splitlines()) == result.records > 0
    assert not fifo.is_file() and sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_symlink_target_is_written_through_and_kept(hostile_db, tmp_path):
    real = tmp_path / "real" / "claims.jsonl"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "claims.jsonl"
    link.symlink_to(real)
    result = export_dataset(hostile_db, ExportRequest("jsonl", link, card=False))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(real.read_text().splitlines()) == result.records > 0


def test_cli_export_to_dev_stdout_keeps_the_data_clean(hostile_db, tmp_path):
    db_path = hostile_db.engine.url.database
    for fmt in ("jsonl", "labels"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "claimdesk",
                "--db",
                db_path,
                "export",
                "--format",
                fmt,
                "-o",
                "/dev/stdout",
            ],
            capture_output=True,
            cwd=tmp_path,
            timeout=120,
            env={**os.environ, "CLAIMDESK_SEMANTIC": "off"},
        )
        assert done.returncode == 0, done.stderr
        lines = done.stdout.decode().splitlines()
        assert lines and all(json.loads(line) for line in lines)  # no summary mixed in
        assert b"wrote" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_stale_temporaries_of_a_killed_export_are_removed(hostile_db, tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    ours = atomic.temporary_prefix("x").split(".")[2].split("-")[0]  # this host's tag
    stale = tmp_path / f".claims.jsonl.{ours}-{dead.stdout.strip()}.abc123.tmp"
    running = tmp_path / f".claims.jsonl.{ours}-{os.getppid()}.def456.tmp"  # a live process
    other_target = tmp_path / f".other.jsonl.{ours}-{dead.stdout.strip()}.abc123.tmp"
    other_host = tmp_path / ".claims.jsonl.ffffff-1.abc123.tmp"  # another machine, writing
    old_format = tmp_path / ".claims.jsonl.k2j4h5g6.tmp"  # an older Claimdesk's, abandoned
    for path in (stale, running, other_target, other_host, old_format):
        path.write_bytes(b"x" * 1000)
    an_hour_ago = time.time() - 3700
    os.utime(old_format, (an_hour_ago, an_hour_ago))
    export_dataset(hostile_db, ExportRequest("jsonl", tmp_path / "claims.jsonl"))
    assert not stale.exists() and not old_format.exists()
    assert running.exists() and other_target.exists() and other_host.exists()


def test_temporary_names_carry_the_host_and_process_id(tmp_path):
    files = atomic.OutputFiles()
    handle = files.open(tmp_path / "x.jsonl")
    [temporary] = [p for p in tmp_path.iterdir()]
    assert temporary.name.startswith(".x.jsonl.") and f"-{os.getpid()}." in temporary.name
    handle.write("data")
    files.discard()
    assert list(tmp_path.iterdir()) == []


def _export_to_stdout(db_path: str, stdout, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", db_path, "export", "--format", "jsonl"]
        + ["-o", "/dev/stdout"],
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "CLAIMDESK_SEMANTIC": "off"},
    )


def test_dev_stdout_appended_to_a_file_keeps_what_was_there(hostile_db, tmp_path):
    target = tmp_path / "all.jsonl"
    target.write_text('{"kept": true}\n')
    with open(target, "a") as appending:  # the shell's `>> all.jsonl`
        done = _export_to_stdout(hostile_db.engine.url.database, appending, tmp_path)
    assert done.returncode == 0, done.stderr
    lines = target.read_text().splitlines()
    assert lines[0] == '{"kept": true}' and len(lines) > 1
    assert all(json.loads(line) for line in lines)


def test_dev_stdout_into_a_pipe_closed_early_is_not_an_error(hostile_db, tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head -0`: the reader is gone before the first write
    try:
        done = _export_to_stdout(hostile_db.engine.url.database, write_end, tmp_path)
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
