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


def _votes(*pairs: tuple[str, str]) -> str:
    """Packed votes as `export_rows._rendered_claims` gives them (label times as stored)."""
    return "0" + orjson.dumps([list(pair) for pair in pairs]).decode()


def test_votes_out_of_annotator_order_are_put_in_order():
    verdict = verdict_of(_votes(("bob", "unique"), ("alice", "unique"), ("carol", "x")), None)
    assert verdict.votes == (("alice", "unique"), ("bob", "unique"), ("carol", "x"))
    assert verdict.fix_annotations
    assert verdict.gold[:2] == ("unique", "majority")


def test_votes_in_order_leave_the_annotations_as_rendered():
    verdict = verdict_of(_votes(("alice", "unique"), ("bob", "contradicted")), None)
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
        # 26 characters with a space at the 11th, as SQLAlchemy writes, but with a zone
        "2026-01-02 03:04:05.123+00",
        "2026-01-02 03:04:05.00000Z",
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


def _built_and_rendered(db, tmp_path, monkeypatch, claim_filter=None) -> tuple[bytes, bytes]:
    """The JSONL export as SQLite renders it, then as Python builds it."""
    from claimdesk.export import ClaimFilter

    request = {"claim_filter": claim_filter or ClaimFilter(), "card": False}
    export_dataset(db, ExportRequest("jsonl", tmp_path / "rendered.jsonl", **request))
    with monkeypatch.context() as patched:
        patched.setattr(export_rows, "can_render", lambda session: False)
        export_dataset(db, ExportRequest("jsonl", tmp_path / "built.jsonl", **request))
    return (tmp_path / "rendered.jsonl").read_bytes(), (tmp_path / "built.jsonl").read_bytes()


@pytest.mark.parametrize("separator", ["\x1d", "\x1e", "\x1f"])
def test_an_annotator_name_with_a_control_character_is_exported_as_built(
    labelled, tmp_path, monkeypatch, separator
):
    """A labels file merged in brings its annotators' names as they are (clean_name only
    trims what the app's own dialogs take): a control character in one is their name."""
    from claimdesk.store import annotation

    odd = f"z{separator}corroborated"
    claim_id = labelled.claims["Storm warning"][0]
    with labelled.db.transaction() as session:
        annotation.set_label(session, odd, claim_id, "unique")
        annotation.set_label(session, "alice", claim_id, "unique")
    rendered, built = _built_and_rendered(labelled.db, tmp_path, monkeypatch)
    assert odd.encode()[:1] in built and b"\\u001" in built
    assert rendered == built
