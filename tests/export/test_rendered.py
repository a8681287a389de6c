"""Records rendered by SQLite (export/rendered.py) against records built in Python.

The byte-for-byte comparison with the reference export is in test_jsonl_reference.py; here
are the cases SQLite's own order and storage cannot produce through the app: votes out of
annotator order, and a label time stored in another form than SQLAlchemy writes.
"""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import text

from claimdesk.export import ExportRequest, export_dataset
from claimdesk.export.rendered import NO_VOTES, _fixed_annotations, verdict_of
from claimdesk.store import export_rows

VOTE, VOTER = export_rows.VOTE_SEPARATOR, export_rows.VOTER_SEPARATOR


def test_votes_out_of_annotator_order_are_put_in_order():
    verdict = verdict_of(f"0bob{VOTER}unique{VOTE}alice{VOTER}unique{VOTE}carol{VOTER}x", None)
    assert verdict.votes == (("alice", "unique"), ("bob", "unique"), ("carol", "x"))
    assert verdict.fix_annotations
    assert verdict.gold[:2] == ("unique", "majority")


def test_votes_in_order_leave_the_annotations_as_rendered():
    verdict = verdict_of(f"0alice{VOTER}unique{VOTE}bob{VOTER}contradicted", None)
    assert not verdict.fix_annotations
    assert verdict.fields.startswith(
        '"gold_label":null,"gold_source":null,"gold_flag":"disagreement"'
    )
    assert verdict.fields.endswith('"agreement":0.5,"n_annotators":2')


def test_an_adjudication_decides_the_gold_fields():
    verdict = verdict_of(NO_VOTES, ("unique", "lead", 'says "so"'))
    assert orjson.loads("{" + verdict.fields + "}") == {
        "gold_label": "unique",
        "gold_source": "adjudicated",
        "gold_flag": None,
        "adjudicator": "lead",
        "adjudication_note": 'says "so"',
        "agreement": None,
        "n_annotators": 0,
    }


def test_fixed_annotations_are_by_annotator_with_iso_times():
    rendered = orjson.dumps(
        [
            {"annotator": "bob", "label": "x", "updated_at": "2026-01-02 03:04:05.000000"},
            {"annotator": "alice", "label": "y", "updated_at": "2026-01-02T03:04:05+00:00"},
        ]
    ).decode()
    assert orjson.loads(_fixed_annotations(rendered)) == [
        {"annotator": "alice", "label": "y", "updated_at": "2026-01-02T03:04:05+00:00"},
        {"annotator": "bob", "label": "x", "updated_at": "2026-01-02T03:04:05"},
    ]


@pytest.mark.parametrize(
    "stored",
    [
        "2026-01-02T03:04:05",
        "2026-01-02 03:04:05",
        "2026-01-02 03:04:05.5",
        "2026-01-02 03:04:05.000000",
    ],
)
def test_a_label_time_stored_another_way_is_exported_as_python_reads_it(
    labelled, tmp_path, monkeypatch, stored
):
    with labelled.db.engine.begin() as connection:
        changed = connection.execute(
            text(
                "UPDATE labels SET updated_at = :stored "
                "WHERE rowid = (SELECT min(rowid) FROM labels)"
            ),
            {"stored": stored},
        ).rowcount
    assert changed == 1
    rendered = tmp_path / "rendered.jsonl"
    export_dataset(labelled.db, ExportRequest("jsonl", rendered, card=False))
    monkeypatch.setattr(export_rows, "can_render", lambda session: False)
    built = tmp_path / "built.jsonl"
    export_dataset(labelled.db, ExportRequest("jsonl", built, card=False))
    assert rendered.read_bytes() == built.read_bytes()
    assert stored.replace(" ", "T")[:19].encode() in rendered.read_bytes()
