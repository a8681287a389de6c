"""Bad output paths and full disks give one clear error and leave no half-written file."""

from __future__ import annotations

import os

import pytest
from full_disk import FullDisk

from claimdesk.errors import ExportError, UsageError
from claimdesk.export import ClaimFilter, ExportCancelled, ExportRequest, export_dataset
from claimdesk.services import atomic_files as atomic


@pytest.fixture
def full_disk(monkeypatch):
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return FullDisk(real(fd, *args, **kwargs), room=3000)

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "pairs", "spacy"])
def test_full_disk_midway_leaves_nothing(labelled, tmp_path, full_disk, fmt):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "data" if fmt == "spacy" else out / "data.file"
    with pytest.raises(ExportError, match="disk is full"):
        export_dataset(labelled.db, ExportRequest(fmt, target, neutral_pairs=0))
    leftovers = [p.name for p in out.rglob("*") if p.is_file()]
    assert leftovers == []


def test_full_disk_keeps_the_previous_export(labelled, tmp_path, monkeypatch):
    target = tmp_path / "claims.jsonl"
    export_dataset(labelled.db, ExportRequest("jsonl", target))
    before = target.read_bytes(), (tmp_path / "README.md").read_bytes()
    real = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, *a, **k: FullDisk(real(fd, *a, **k), 100))
    with pytest.raises(ExportError):
        export_dataset(labelled.db, ExportRequest("jsonl", target, claim_filter=ClaimFilter()))
    assert (target.read_bytes(), (tmp_path / "README.md").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".db")) == [
        "README.md",
        "claims.jsonl",
    ] + sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("labelled.db-"))


def test_labels_format_full_disk(labelled, tmp_path, monkeypatch):
    # the labels format goes through labels_io.write_jsonl_atomically, which uses atomic too
    real = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, *a, **k: FullDisk(real(fd, *a, **k), 200))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError):
        export_dataset(labelled.db, ExportRequest("labels", out / "labels.jsonl"))
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "pairs", "spacy", "labels"])
def test_path_under_a_file_is_a_clear_error(labelled, tmp_path, fmt):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not-a-folder"):
        export_dataset(labelled.db, ExportRequest(fmt, blocker / "sub" / "out"))
    assert blocker.read_text() == "x"
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("labelled.db")] == [
        "not-a-folder"
    ]


def test_cancel_leaves_nothing(labelled, tmp_path):
    with pytest.raises(ExportCancelled):
        export_dataset(
            labelled.db,
            ExportRequest("jsonl", tmp_path / "claims.jsonl"),
            is_cancelled=lambda: True,
        )
    assert not any(p.name.startswith(("claims", ".claims", "README")) for p in tmp_path.iterdir())


def test_files_get_ordinary_permissions(labelled, tmp_path):
    target = tmp_path / "claims.jsonl"
    export_dataset(labelled.db, ExportRequest("jsonl", target))
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(
    "request_",
    [
        ExportRequest("xml", "x"),
        ExportRequest("labels", "x", claim_filter=ClaimFilter(gold_only=True)),
        ExportRequest("pairs", "x", claim_filter=ClaimFilter(min_agreement=0.5)),
        ExportRequest("jsonl", "x", neutral_pairs=3),
    ],
)
def test_meaningless_requests_are_usage_errors(labelled, request_):
    with pytest.raises(UsageError):
        export_dataset(labelled.db, request_)
