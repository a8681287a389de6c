"""Records rendered by SQLite (export/rendered.py) against records built in Python.

The byte-for-byte comparison with the reference export is in test_jsonl_reference.py; here
are the cases SQLite's own order and storage cannot produce through the app: votes out of
annotator order, and a label time stored in another form than SQLAlchemy writes.
"""

from __future__ import annotations

import orjson
import pytest
from alembic import command
from export_corpus import build_corpus
from sqlalchemy import select, text

from claimdesk.export import ExportRequest, export_dataset
from claimdesk.export.rendered import NO_VOTES, _fixed_annotations, verdict_of
from claimdesk.services.app import App
from claimdesk.store import engine, export_rows
from claimdesk.store.engine import open_database
from claimdesk.store.models import Claim


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


def _stats_of(result) -> tuple:
    """Everything the card and the summary read of an export's counts, orders included."""
    stats = result.stats
    return (
        stats.to_dict(),
        [list(counter.items()) for counter in _counters(stats)],
        stats.agreeing_pairs,
        stats.agreement_claims,
        stats.observed_agreement,
        stats.ratings,
        stats.adjudicated,
        stats.pipelines,
        stats.stories_by_split,
    )


def _counters(stats):
    return (
        stats.by_split_label,
        stats.articles_by_split,
        stats.gold_sources,
        stats.gold_flags,
        stats.labels_by_annotator,
        stats.link_kinds,
    )


def _crowd(db) -> None:
    """Labels from up to five annotators (names out of ASCII order, capitals, accents), some
    adjudicated (with and without labels), links, and retired claims."""
    import contextlib
    import random

    from sqlalchemy import select

    from claimdesk.errors import UsageError
    from claimdesk.store import annotation
    from claimdesk.store.models import Claim

    rng = random.Random(7)
    names = ["alice", "bob", "carol", "Zed", "émile"]
    labels = ["corroborated", "contradicted", "unique", "not_a_claim"]
    with db.transaction() as session:
        ids = list(session.scalars(select(Claim.id).order_by(Claim.id)))
        for claim_id in ids:
            for name in rng.sample(names, rng.randint(0, 5)):
                annotation.set_label(session, name, claim_id, rng.choice(labels))
            if rng.random() < 0.2:
                annotation.adjudicate(session, "lead", claim_id, rng.choice(labels), "so")
        for _ in range(40):
            first, second = rng.sample(ids, 2)
            with contextlib.suppress(UsageError):  # claims of two stories
                annotation.link(session, rng.choice(names), first, second, "agree")
        for claim_id in rng.sample(ids, 5):
            session.get(Claim, claim_id).active = False


@pytest.mark.parametrize("limit", [5, 50, 50_000])
@pytest.mark.parametrize(
    "filters",
    [{}, {"gold_only": True}, {"annotator": "émile"}, {"min_agreement": 0.6}],
    ids=["all", "gold only", "annotator", "min agreement"],
)
def test_rendered_counts_are_the_counts_of_the_records(
    labelled, tmp_path, monkeypatch, limit, filters
):
    """`ExportStats.add_tally` (rendered windows) against `add_records` (record dicts):
    the same counts in the same first-seen order, the same agreement with three annotators
    or more, and the same ratings kept or given up at `RATINGS_LIMIT`."""
    from claimdesk.export import ClaimFilter
    from claimdesk.export import stats as stats_module

    _crowd(labelled.db)
    monkeypatch.setattr(stats_module, "RATINGS_LIMIT", limit)
    request = {"claim_filter": ClaimFilter(**filters), "card": False}
    rendered = export_dataset(labelled.db, ExportRequest("jsonl", tmp_path / "r.jsonl", **request))
    monkeypatch.setattr(export_rows, "can_render", lambda session: False)
    built = export_dataset(labelled.db, ExportRequest("jsonl", tmp_path / "b.jsonl", **request))
    assert (tmp_path / "r.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert built.stats.records > 5
    assert _stats_of(rendered) == _stats_of(built)


def test_labels_stored_by_the_app_need_no_fixing_in_python(labelled, tmp_path, monkeypatch):
    """SQLite renders the annotations of labels written by the app as they are exported:
    the slow path (`_fixed_annotations`) is for times stored in other forms only."""
    from claimdesk.export import rendered as rendered_module

    def fixed(annotations):
        pytest.fail(f"fixed in Python: {annotations}")

    monkeypatch.setattr(rendered_module, "_fixed_annotations", fixed)
    export_dataset(labelled.db, ExportRequest("jsonl", tmp_path / "claims.jsonl", card=False))
    assert b'"updated_at":"20' in (tmp_path / "claims.jsonl").read_bytes()


# --- the labels kept in each claim's row (migration 0008) --------------------------------


def _stored_and_live(db) -> list[tuple]:
    """(claim id, the triggers' export_labels, the labels rendered now) of every claim."""
    query = select(Claim.id, export_rows.STORED_LABELS, export_rows.live_labels(None))
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query.order_by(Claim.id))]


def _assert_in_step(db) -> None:
    rows = _stored_and_live(db)
    assert rows and all(stored == live for _claim, stored, live in rows), [
        row for row in rows if row[1] != row[2]
    ][:3]


def test_the_labels_kept_in_each_claims_row_follow_every_kind_of_write(labelled):
    db = labelled.db
    _assert_in_step(db)  # as built: labels written by the app
    assert sum(stored is not None for _c, stored, _l in _stored_and_live(db)) > 10
    first, second = labelled.claims["Storm warning"][:2]
    alice, bob = App(db, "alice").annotation, App(db, "bob").annotation
    alice.label(first, "unique", note='with "quotes" \u2028 and \x01')
    bob.label(first, "contradicted")
    alice.label(first, "corroborated")  # changed in place
    alice.set_note(first, "a note")
    bob.clear_label(first)
    _assert_in_step(db)
    bob.undo()  # the label back
    alice.undo()
    alice.redo()
    _assert_in_step(db)
    alice.label(second, "not_a_claim")
    alice.resize(second, "shrink_end")  # the claim's span (and id) change; its labels follow
    _assert_in_step(db)
    with db.engine.begin() as connection:  # a tool writing around the app: still in step
        connection.execute(text("UPDATE labels SET stale = 1 WHERE annotator = 'alice'"))
    assert any('"stale":true' in (stored or "") for _c, stored, _l in _stored_and_live(db))
    _assert_in_step(db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE labels SET updated_at = '2026-01-02 03:04:05+00:00'"))
        connection.execute(text("DELETE FROM labels WHERE annotator = 'bob'"))
    _assert_in_step(db)


def test_the_upgrade_fills_the_labels_of_an_older_database(tmp_path):
    """Labels written before 0008 (no triggers): the upgrade renders them all."""
    path = tmp_path / "old.db"
    old = engine.create_db_engine(str(path))
    command.upgrade(engine._alembic_config(old), "0007")
    old.dispose()
    built = build_corpus(str(path))  # opens it: the corpus is written at 0008 ...
    built.db.dispose()
    old = engine.create_db_engine(str(path))
    command.downgrade(engine._alembic_config(old), "0007")  # ... so go back and write more
    with old.begin() as connection:
        connection.execute(text("UPDATE labels SET label = 'unique' WHERE annotator = 'alice'"))
    old.dispose()
    db = open_database(str(path))
    assert sum(stored is not None for _c, stored, _l in _stored_and_live(db)) > 10
    _assert_in_step(db)
    db.dispose()
