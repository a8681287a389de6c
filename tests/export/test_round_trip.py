"""Labels export -> import into a fresh database of the same corpus -> export: identical."""

from __future__ import annotations

from export_corpus import build_corpus

from claimdesk.export import ExportRequest, export_dataset
from claimdesk.services import labels_io


def test_labels_round_trip_is_byte_identical(labelled, tmp_path):
    first = tmp_path / "labels.jsonl"
    export_dataset(labelled.db, ExportRequest("labels", first))
    fresh = build_corpus(str(tmp_path / "fresh.db"), labels=False)
    try:
        report = labels_io.apply_records(
            fresh.db, labels_io.read_label_file(first), importer="tester"
        )
        assert not report.errors and report.new > 0
        second = tmp_path / "again.jsonl"
        export_dataset(fresh.db, ExportRequest("labels", second))
        assert second.read_bytes() == first.read_bytes()
        # and the dataset itself is the same, byte for byte, from either database
        for db, name in ((labelled.db, "a.jsonl"), (fresh.db, "b.jsonl")):
            export_dataset(db, ExportRequest("jsonl", tmp_path / name, card=False))
        assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    finally:
        fresh.db.dispose()


def test_labels_format_is_exactly_the_label_file(labelled, tmp_path):
    ours = tmp_path / "ours.jsonl"
    export_dataset(labelled.db, ExportRequest("labels", ours))
    theirs = tmp_path / "theirs.jsonl"
    with labelled.db.sessions() as session:
        labels_io.write_jsonl_atomically(theirs, labels_io.label_records(session))
    assert ours.read_bytes() == theirs.read_bytes()
