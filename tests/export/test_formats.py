"""Each format loads in the tool an ML engineer would use, and says what the labels say."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest

from claimdesk.export import ClaimFilter, ExportRequest, SplitPlan, export_dataset
from claimdesk.paths import resource

SCHEMA = json.loads(resource("export/claim_record.schema.json").read_text(encoding="utf-8"))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def export_jsonl(corpus, tmp_path, **filters) -> list[dict]:
    out = tmp_path / "claims.jsonl"
    export_dataset(corpus.db, ExportRequest("jsonl", out, claim_filter=ClaimFilter(**filters)))
    return read_jsonl(out)


def test_schema_is_versioned():
    assert SCHEMA["$id"].endswith(SCHEMA["version"])
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_jsonl_records_validate_and_carry_the_labels(labelled_any, tmp_path):
    corpus = labelled_any
    records = export_jsonl(corpus, tmp_path)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for record in records:
        validator.validate(record)
    assert len(records) == sum(len(ids) for ids in corpus.claims.values())
    assert len({r["id"] for r in records}) == len(records)
    by_id = {r["id"]: r for r in records}
    bridge = corpus.claims["Harbour bridge closure"]
    # bridge article 0: first sentence, second sentence (cost), third sentence (traffic)
    monday, cost, traffic = by_id[bridge[0]], by_id[bridge[1]], by_id[bridge[2]]
    # alice's agree links imply corroborated; bob's conflict link with article 2 contradicted
    assert (monday["gold_label"], monday["gold_flag"], monday["agreement"]) == (
        None,
        "disagreement",
        0.5,
    )
    inspectors = by_id[bridge[3]]  # article 1, linked "agree" by both
    assert (inspectors["gold_label"], inspectors["gold_source"]) == ("corroborated", "majority")
    assert inspectors["agreement"] == 1.0
    assert len(monday["links"]) == 4
    assert {(x["annotator"], x["kind"]) for x in monday["links"]} == {
        ("alice", "agree"),
        ("bob", "agree"),
        ("bob", "conflict"),
    }
    linked = next(x for x in monday["links"] if x["kind"] == "agree")
    assert linked["text"] == by_id[linked["claim_id"]]["text"]
    assert linked["article_id"] == by_id[linked["claim_id"]]["article_id"]
    assert (cost["gold_label"], cost["gold_source"], cost["adjudicator"]) == (
        "contradicted",
        "adjudicated",
        "carol",
    )
    assert cost["agreement"] == 0.5  # alice's conflict link vs bob's corroborated
    assert [a["note"] for a in cost["annotations"] if a["annotator"] == "bob"] == [
        "$4m in article 3"
    ]
    assert (traffic["gold_label"], traffic["agreement"]) == ("unique", pytest.approx(2 / 3))
    for record in records:
        text = record["context"]
        assert record["text"] in text
        assert record["context_start"] <= record["start"] < record["end"] <= record["context_end"]
    unlabelled = [r for r in records if r["n_annotators"] == 0 and r["gold_label"] is None]
    assert unlabelled and all(r["gold_flag"] == "no_labels" for r in unlabelled)


def test_jsonl_loads_with_hugging_face_datasets(labelled, tmp_path):
    from datasets import load_dataset

    out = tmp_path / "claims.jsonl"
    export_dataset(labelled.db, ExportRequest("jsonl", out))
    dataset = load_dataset("json", data_files=str(out), cache_dir=str(tmp_path / "hf"))["train"]
    assert dataset.num_rows == len(read_jsonl(out))
    assert {"text", "gold_label", "annotations", "links", "split"} <= set(dataset.column_names)
    row = next(r for r in dataset if r["links"])
    assert {"claim_id", "kind", "text"} <= set(row["links"][0])


def test_filters(labelled, tmp_path):
    everything = export_jsonl(labelled, tmp_path)
    gold = export_jsonl(labelled, tmp_path, gold_only=True)
    assert gold and all(r["gold_source"] in ("adjudicated", "majority") for r in gold)
    assert {r["id"] for r in gold} < {r["id"] for r in everything}

    agreed = export_jsonl(labelled, tmp_path, min_agreement=0.9)
    assert agreed and all(r["agreement"] >= 0.9 for r in agreed)

    bob = export_jsonl(labelled, tmp_path, annotator="bob")
    assert bob and all([a["annotator"] for a in r["annotations"]] == ["bob"] for r in bob)
    assert all(x["annotator"] == "bob" for r in bob for x in r["links"])
    assert all(r["gold_source"] in ("single", "adjudicated") for r in bob)

    storm = export_jsonl(labelled, tmp_path, stories=("Storm warning",))
    assert storm and {r["story_name"] for r in storm} == {"Storm warning"}
    by_id = export_jsonl(labelled, tmp_path, stories=(storm[0]["story_id"],))
    assert by_id == storm


def test_csv_is_one_flat_row_per_claim(labelled, tmp_path):
    out = tmp_path / "claims.csv"
    export_dataset(labelled.db, ExportRequest("csv", out))
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = export_jsonl(labelled, tmp_path)
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    row = next(r for r in rows if r["id"] == labelled.claims["Harbour bridge closure"][2])
    assert row["labels"] == "alice=unique; bob=unique; carol=not_a_claim"
    assert row["gold_label"] == "unique" and row["agreement"] == "0.667"
    assert "🌩️" in "".join(r["context"] for r in rows)  # UTF-8 survives


def test_pairs_for_nli(labelled, tmp_path):
    from datasets import load_dataset

    out = tmp_path / "pairs.jsonl"
    result = export_dataset(
        labelled.db, ExportRequest("pairs", out, neutral_pairs=4, plan=SplitPlan(seed=3))
    )
    pairs = read_jsonl(out)
    linked = [p for p in pairs if p["source"] == "link"]
    neutral = [p for p in pairs if p["source"] == "sampled"]
    assert len(neutral) == 4 and all(p["label"] == "neutral" for p in neutral)
    assert {p["label"] for p in linked} == {"entailment", "contradiction"}
    assert any("disagree" in note for note in result.stats.notes)  # the disputed bridge pair
    museum = next(p for p in linked if "museum" in p["premise"].lower())
    assert museum["label"] == "entailment"
    assert [a["annotator"] for a in museum["annotators"]] == ["alice", "bob"]
    linked_ids = {(p["claim_a"], p["claim_b"]) for p in linked}
    for pair in neutral:
        assert pair["article_a"] != pair["article_b"]
        assert (pair["claim_a"], pair["claim_b"]) not in linked_ids
    again = tmp_path / "again.jsonl"
    export_dataset(
        labelled.db, ExportRequest("pairs", again, neutral_pairs=4, plan=SplitPlan(seed=3))
    )
    assert again.read_bytes() == out.read_bytes()
    dataset = load_dataset("json", data_files=str(out), cache_dir=str(tmp_path / "hf"))["train"]
    assert dataset.num_rows == len(pairs)


def test_docbin_loads_in_spacy_and_spans_match_the_claims(labelled, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    folder = tmp_path / "spacy"
    result = export_dataset(labelled.db, ExportRequest("spacy", folder))
    records = {r["id"]: r for r in export_jsonl(labelled, tmp_path)}
    gold_by_text = {(r["article_id"], r["start"]): r for r in records.values() if r["gold_label"]}
    nlp = spacy.blank("en")
    docs = []
    for split in ("train", "dev", "test"):
        docs += list(DocBin().from_disk(folder / f"{split}.spacy").get_docs(nlp.vocab))
    assert len(docs) == sum(result.docbin.docs.values()) > 0
    spans = [span for doc in docs for span in doc.spans["sc"]]
    assert len(spans) == len(gold_by_text) == result.docbin.spans
    for doc in docs:
        assert [(s.start, s.end) for s in doc.spans["claims"]] == [
            (s.start, s.end) for s in doc.spans["sc"]
        ]
    texts = {(r["text"], r["gold_label"]) for r in gold_by_text.values()}
    assert {(s.text, s.label_) for s in spans} == texts
    assert (folder / "spancat.cfg").is_file() and (folder / "README.md").is_file()


def test_card_describes_the_export(labelled, tmp_path):
    result = export_dataset(labelled.db, ExportRequest("jsonl", tmp_path / "claims.jsonl"))
    card = result.card.read_text(encoding="utf-8")
    for heading in (
        "## Motivation",
        "## Composition",
        "## Collection process",
        "## Agreement",
        "## Preprocessing",
        "## Uses",
        "## Distribution and maintenance",
    ):
        assert heading in card
    assert "| contradicted |" in card and "carol (lead)" in card
    assert "test_rules-1.0" in card  # the extraction pipeline
    assert "Krippendorff" in card  # claimdesk.agreement is there
    assert "corroborated" in card.split("### Guidelines")[1]


def test_card_never_overwrites_a_readme_it_did_not_write(labelled, tmp_path):
    (tmp_path / "README.md").write_text("my notes\n")
    result = export_dataset(labelled.db, ExportRequest("jsonl", tmp_path / "claims.jsonl"))
    assert (tmp_path / "README.md").read_text() == "my notes\n"
    assert result.card == tmp_path / "claims.README.md"
    (tmp_path / "other").mkdir()
    first = export_dataset(labelled.db, ExportRequest("csv", tmp_path / "other"))
    second = export_dataset(labelled.db, ExportRequest("csv", tmp_path / "other"))
    assert first.card == second.card == tmp_path / "other" / "README.md"  # ours: replaced


def test_every_format_on_every_database(labelled_any, tmp_path):
    counts = {}
    for fmt in ("jsonl", "csv", "pairs", "spacy", "labels"):
        result = export_dataset(
            labelled_any.db, ExportRequest(fmt, tmp_path / fmt, neutral_pairs=2 * (fmt == "pairs"))
        )
        counts[fmt] = result.records
    assert counts["jsonl"] == counts["csv"] == counts["spacy"] > 0
    assert counts["pairs"] > 2 and counts["labels"] > 0
