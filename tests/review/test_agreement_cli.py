"""The agreement commands through the real path: claims and labels in a database (SQLite and
PostgreSQL), then `claimdesk agreement / disagreements / adjudicate / annotators`."""

from __future__ import annotations

import json

import pytest
from review_corpora import add_numbered_corpus, label_all

from claimdesk import cli
from claimdesk.store.engine import open_database
from claimdesk.store.models import Adjudication

CORR, CONTRA, UNIQUE = "corroborated", "contradicted", "unique"


def _strict_json(text: str):
    """JSON that refuses NaN and Infinity: they must never be printed."""

    def refuse(token):
        raise AssertionError(f"{token} in JSON output")

    return json.loads(text, parse_constant=refuse)


def run(capsys, url: str, *args: str, annotator: str | None = None) -> tuple[int, str, str]:
    argv = ["--db", url] + (["--annotator", annotator] if annotator else []) + list(args)
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def cohen_db(any_db_url):
    """Cohen's worked table [[20, 5], [10, 15]] as 50 claims labelled by two annotators:
    rows are ann_a's labels (corroborated, contradicted), columns ann_b's."""
    db = open_database(any_db_url)
    claims = add_numbered_corpus(db, 50)
    cells = [(CORR, CORR)] * 20 + [(CORR, CONTRA)] * 5 + [(CONTRA, CORR)] * 10
    cells += [(CONTRA, CONTRA)] * 15
    label_all(db, "ann_a", {claim: a for claim, (a, _) in zip(claims, cells, strict=True)})
    label_all(db, "ann_b", {claim: b for claim, (_, b) in zip(claims, cells, strict=True)})
    yield any_db_url, claims, cells
    db.dispose()


def test_cohens_worked_example_through_the_database(cohen_db, capsys):
    url, _, _ = cohen_db
    code, out, _ = run(capsys, url, "agreement", "--json")
    assert code == 0
    report = _strict_json(out)
    (pair,) = report["pairs"]
    assert (pair["annotator_a"], pair["annotator_b"]) == ("ann_a", "ann_b")
    assert pair["kappa"]["value"] == pytest.approx(0.4, abs=1e-12)
    assert pair["observed"]["value"] == pytest.approx(0.7)
    assert [row[:2] for row in pair["confusion"][:2]] == [[20, 5], [10, 15]]
    assert report["overall"]["n_pairable_claims"] == 50
    assert report["overall"]["n_disagreeing_claims"] == 15
    (story,) = report["stories"]
    assert story["name"] == "Numbers"

    code, out, _ = run(capsys, url, "agreement")
    assert code == 0
    assert "kappa 0.400" in out
    assert "nan" not in out.lower()
    # the confusion matrix is printed as a small table, rows ann_a, columns ann_b
    assert "ann_a \\ ann_b" in out
    assert any(line.split()[:3] == ["corr", "20", "5"] for line in out.splitlines())


def test_disagreements_filters_and_adjudication_by_a_lead(cohen_db, capsys):
    url, claims, cells = cohen_db
    code, out, _ = run(capsys, url, "disagreements", "--json")
    assert code == 0
    queue = _strict_json(out)
    differing = {claim for claim, (a, b) in zip(claims, cells, strict=True) if a != b}
    assert {item["claim_id"] for item in queue} == differing
    assert all(item["kind"] == "label" for item in queue)

    code, out, _ = run(capsys, url, "disagreements", "--labels", "unique,corroborated", "--json")
    assert _strict_json(out) == []
    code, out, _ = run(capsys, url, "disagreements", "--by", "nobody", "--json")
    assert _strict_json(out) == []
    code, _, err = run(capsys, url, "disagreements", "--labels", "unique")
    assert code == 2 and "label pair" in err

    target = sorted(differing)[0]
    gold_label = dict(zip(claims, cells, strict=True))[target][0]  # side with ann_a
    # a plain annotator may not adjudicate; the message says how to become a lead
    code, _, err = run(capsys, url, "adjudicate", target, CORR, annotator="ann_a")
    assert code == 2
    assert "not a lead" in err and "claimdesk annotators lead" in err

    code, out, _ = run(capsys, url, "annotators", "lead", "ann_a")
    assert code == 0 and "now a lead" in out
    code, out, _ = run(
        capsys,
        url,
        "adjudicate",
        target,
        gold_label,
        "--note",
        "two sources",
        "--json",
        annotator="ann_a",
    )
    assert code == 0 and _strict_json(out)["changed"] is True
    code, out, _ = run(
        capsys, url, "adjudicate", target, gold_label, "--note", "two sources", annotator="ann_a"
    )
    assert "unchanged" in out  # saying it again is not a new action

    db = open_database(url)
    with db.sessions() as session:
        row = session.get(Adjudication, target)
        assert (row.label, row.adjudicator, row.note) == (gold_label, "ann_a", "two sources")
    db.dispose()

    code, out, _ = run(capsys, url, "disagreements", "--json")
    assert len(_strict_json(out)) == len(differing) - 1
    code, out, _ = run(capsys, url, "disagreements", "--all", "--json")
    assert len(_strict_json(out)) == len(differing)

    code, out, _ = run(capsys, url, "agreement", "--json")
    gold = {entry["annotator"]: entry for entry in _strict_json(out)["gold"]}
    assert gold["ann_a"]["n_adjudicated"] == 1
    assert gold["ann_a"]["accuracy"]["value"] == 1.0

    code, out, _ = run(capsys, url, "annotators", "--json")
    people = {p["name"]: p for p in _strict_json(out)}
    assert people["ann_a"]["is_lead"] and people["ann_a"]["adjudications"] == 1
    assert not people["ann_b"]["is_lead"] and people["ann_b"]["labels"] == 50
    code, out, _ = run(capsys, url, "annotators", "lead", "ann_a", "--off")
    assert "no longer a lead" in out
    code, _, err = run(capsys, url, "annotators", "lead", "ghost")
    assert code == 1 and "no annotator named 'ghost'" in err


def test_unknown_claim_and_label_are_clear_errors(cohen_db, capsys):
    url, claims, _ = cohen_db
    run(capsys, url, "annotators", "lead", "ann_a")
    code, _, err = run(capsys, url, "adjudicate", "cnope", CORR, annotator="ann_a")
    assert code == 1 and "no claim with id 'cnope'" in err
    code, _, err = run(capsys, url, "adjudicate", claims[0], "maybe", annotator="ann_a")
    assert code == 2 and "unknown label" in err
    code, _, err = run(capsys, url, "agreement", "--story", "Nowhere")
    assert code == 1 and "no story" in err


@pytest.mark.parametrize(
    "labelling, expected",
    [
        ({}, "not enough data"),  # nobody labelled anything
        ({"solo": [CORR, CONTRA, UNIQUE]}, "not enough data"),  # one annotator
        ({"a": [CORR, None, None], "b": [None, CONTRA, UNIQUE]}, "not enough data"),  # no overlap
        ({"a": [UNIQUE] * 3, "b": [UNIQUE] * 3}, "no variation"),  # one label throughout
    ],
    ids=["empty", "one-annotator", "no-overlap", "one-label"],
)
def test_degenerate_cases_say_so_and_never_nan(sqlite_url, capsys, labelling, expected):
    db = open_database(sqlite_url)
    claims = add_numbered_corpus(db, 3)
    for name, labels in labelling.items():
        label_all(db, name, {c: lab for c, lab in zip(claims, labels, strict=True) if lab})
    db.dispose()
    code, out, _ = run(capsys, sqlite_url, "agreement")
    assert code == 0
    assert expected in out
    assert "nan" not in out.lower()
    code, out, _ = run(capsys, sqlite_url, "agreement", "--json")
    alpha = _strict_json(out)["overall"]["alpha"]
    assert alpha["value"] is None and alpha["reason"].startswith(expected)
