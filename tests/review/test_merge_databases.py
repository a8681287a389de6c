"""Annotators who worked offline: their databases merged into a third give the same agreement
as working in one database; merging twice changes nothing; a clash is reported, newer wins."""

from __future__ import annotations

import json
from datetime import timedelta

from review_corpora import add_seed_corpus, label_all
from sqlalchemy import select

from claimdesk import cli
from claimdesk.services import labels_io
from claimdesk.store import annotation
from claimdesk.store.engine import open_database
from claimdesk.store.models import Adjudication, Article, Claim, LabelRow, LinkRow, utcnow

LABELS = ["corroborated", "contradicted", "unique", "not_a_claim"]


def _alice(claims: dict[str, list[str]]) -> dict[str, str]:
    ids = [c for key in sorted(claims) for c in claims[key]]
    return {claim: LABELS[i % 4] for i, claim in enumerate(ids)}


def _bob(claims: dict[str, list[str]]) -> dict[str, str]:
    ids = [c for key in sorted(claims) for c in claims[key]]
    return {claim: LABELS[(i // 3) % 4] for i, claim in enumerate(ids) if i % 5}  # some gaps


def _linked_pairs(claims: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Two pairs of claims both annotators label, neither of them as not a claim (such a
    claim has no links): the same pairs for both, so their links can agree."""
    alice, bob = _alice(claims), _bob(claims)

    def linkable(article: str, nth: int) -> str:
        ok = [c for c in claims[article] if "not_a_claim" not in (alice[c], bob.get(c, "none"))]
        return [c for c in ok if c in bob][nth]

    return [(linkable("001", 0), linkable("002", 0)), (linkable("002", -1), linkable("003", 0))]


def _work(db, name: str, claims, labels: dict[str, str], link_kind: str) -> None:
    label_all(db, name, labels)
    (x1, y1), (x2, y2) = _linked_pairs(claims)
    with db.transaction() as session:
        annotation.link(session, name, x1, y1, link_kind)
        annotation.link(session, name, x2, y2, "agree")


def _agreement(capsys, url: str) -> dict:
    assert cli.main(["--db", url, "agreement", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _merge(capsys, target: str, source: str) -> dict:
    assert cli.main(["--db", target, "merge", source, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _rows(url: str) -> dict:
    """Everything a merge may touch, with times, to prove a second merge changes nothing."""
    db = open_database(url)
    with db.sessions() as s:
        state = {
            "labels": sorted(s.execute(select(LabelRow.__table__)).all()),
            "links": sorted(s.execute(select(LinkRow.__table__)).all()),
            "adjudications": sorted(s.execute(select(Adjudication.__table__)).all()),
            "articles": sorted(s.execute(select(Article.id, Article.position)).all()),
            "claims": sorted(s.scalars(select(Claim.id)).all()),
        }
    db.dispose()
    return state


def test_merged_databases_agree_like_one_database(tmp_path, any_db_url, capsys):
    alice_url, bob_url, together_url = (str(tmp_path / f"{n}.db") for n in ("a", "b", "t"))
    for url, name, labeller, kind in (
        (alice_url, "alice", _alice, "conflict"),
        (bob_url, "bob", _bob, "agree"),
    ):
        db = open_database(url)
        claims = add_seed_corpus(db)
        _work(db, name, claims, labeller(claims), kind)
        db.dispose()
    together = open_database(together_url)
    claims = add_seed_corpus(together)
    _work(together, "alice", claims, _alice(claims), "conflict")
    _work(together, "bob", claims, _bob(claims), "agree")
    together.dispose()

    first = _merge(capsys, any_db_url, alice_url)
    assert first["copied_articles"] == 5 and first["new"] > 0 and first["clashes"] == []
    second = _merge(capsys, any_db_url, bob_url)
    assert second["copied_articles"] == 0 and second["clashes"] == []

    merged_figures = _agreement(capsys, any_db_url)
    assert merged_figures == _agreement(capsys, together_url)
    assert merged_figures["pairs"][0]["kappa"]["value"] is not None
    assert merged_figures["links"][0]["n_links_a"] == 2

    before = _rows(any_db_url)
    again = _merge(capsys, any_db_url, bob_url)
    assert again["new"] == 0 and again["clashes"] == [] and again["copied_claims"] == 0
    assert again["identical"] == second["new"]
    assert _rows(any_db_url) == before


def test_a_clash_is_reported_and_the_newer_label_wins(tmp_path, capsys):
    ours_url, theirs_url = str(tmp_path / "ours.db"), str(tmp_path / "theirs.db")
    ours, theirs = open_database(ours_url), open_database(theirs_url)
    claim = add_seed_corpus(ours)["001"][0]
    add_seed_corpus(theirs)
    label_all(ours, "alice", {claim: "unique"})
    label_all(theirs, "alice", {claim: "contradicted"})  # later: alice changed her mind offline
    ours.dispose(), theirs.dispose()

    report = _merge(capsys, ours_url, theirs_url)
    (clash,) = report["clashes"]
    assert "alice" in clash and claim in clash and "incoming value kept" in clash
    assert "unique" in clash and "contradicted" in clash
    db = open_database(ours_url)
    with db.sessions() as s:
        assert s.get(LabelRow, (claim, "alice")).label == "contradicted"
    db.dispose()

    # the other way round the older value loses, and the report says which was kept
    report = _merge(capsys, theirs_url, ours_url)
    assert report["clashes"] == []  # ours now holds their newer label: identical


def test_label_file_times_with_offsets_compare_and_merging_into_itself_is_refused(tmp_path, capsys):
    url = str(tmp_path / "one.db")
    db = open_database(url)
    claim = add_seed_corpus(db)["002"][0]
    label_all(db, "alice", {claim: "unique"})
    older = (utcnow() - timedelta(days=1)).isoformat() + "Z"  # aware: must not crash
    records = [
        {"claim_id": claim, "annotator": "alice", "label": "corroborated", "updated_at": older}
    ]
    report = labels_io.apply_records(db, records, importer="lead")
    (clash,) = report.clashes
    assert "existing value kept" in clash
    with db.sessions() as s:
        assert s.get(LabelRow, (claim, "alice")).label == "unique"
    db.dispose()

    assert cli.main(["--db", url, "merge", url]) == 2
    assert "this database" in capsys.readouterr().err


def test_new_articles_from_a_merge_make_unique_labels_stale(tmp_path, capsys):
    small_url, full_url = str(tmp_path / "small.db"), str(tmp_path / "full.db")
    small = open_database(small_url)
    claims = add_seed_corpus(small)
    with small.transaction() as s:  # take one article of the July story away again
        article = s.get(Article, s.get(Claim, claims["004"][0]).article_id)
        for claim in s.scalars(select(Claim).where(Claim.article_id == article.id)):
            s.delete(claim)
        s.flush()
        s.delete(article)
    label_all(small, "alice", {claims["001"][0]: "unique"})
    small.dispose()
    full = open_database(full_url)
    add_seed_corpus(full)
    full.dispose()

    report = _merge(capsys, small_url, full_url)
    assert report["copied_articles"] == 1 and report["stale_marked"] == 1


def test_a_clash_the_existing_label_wins_keeps_both_versions_in_the_event_log(tmp_path, capsys):
    from claimdesk.store.models import Event

    ours_url, theirs_url = str(tmp_path / "ours.db"), str(tmp_path / "theirs.db")
    ours, theirs = open_database(ours_url), open_database(theirs_url)
    claim = add_seed_corpus(ours)["001"][0]
    add_seed_corpus(theirs)
    label_all(theirs, "alice", {claim: "contradicted"})  # older: she changed her mind here later
    label_all(ours, "alice", {claim: "unique"})
    ours.dispose(), theirs.dispose()

    for _ in range(2):  # merging the same source again adds nothing to the log
        report = _merge(capsys, ours_url, theirs_url)
        assert "existing value kept" in report["clashes"][0]
    db = open_database(ours_url)
    with db.sessions() as s:
        assert s.get(LabelRow, (claim, "alice")).label == "unique"
        (kept_out,) = s.scalars(select(Event).where(Event.action == "kept_out")).all()
        assert kept_out.entity == "label" and json.loads(kept_out.entity_key) == [claim, "alice"]
        assert kept_out.before["label"] == "contradicted"  # the version that lost
        assert kept_out.after["label"] == "unique"  # the version kept
    # the record changed nothing, so alice's undo passes over it to her own last label
    with db.transaction() as s:
        from claimdesk.store.changes import undo_last

        action, _ = undo_last(s, "alice")
    with db.sessions() as s:
        assert s.get(LabelRow, (claim, "alice")) is None  # her "unique" undone, not the merge
    db.dispose()
