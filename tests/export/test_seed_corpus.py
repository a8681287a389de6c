"""On the real sample corpus (imported with the rule pipeline): every format exports, the
claims' DocBin spans are the claim texts, and spancat trains on it for a few steps."""

from __future__ import annotations

import json
import shutil

import pytest

from claimdesk.export import ExportRequest, SplitPlan, export_dataset
from claimdesk.paths import resource
from claimdesk.store import queries
from claimdesk.store.engine import open_database

pytest.importorskip("claimdesk.ingest")
load_pipeline = pytest.importorskip("claimdesk.nlp.pipeline").load_pipeline


def _label_every_claim(db) -> int:
    """Two annotators label every claim (by position, so the labels mix) and agree on most."""
    from claimdesk.store import annotation

    labels = ("corroborated", "contradicted", "unique", "not_a_claim")
    with db.transaction() as session:
        claims = queries.all_claims(session)
        for number, claim in enumerate(claims):
            label = labels[number % 4]
            annotation.set_label(session, "ann", claim.id, label)
            annotation.set_label(
                session, "ben", claim.id, label if number % 5 else labels[(number + 1) % 4]
            )
    return len(claims)


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    from claimdesk.paths import seeds_dir
    from claimdesk.services.importer import import_paths

    db = open_database(str(tmp_path_factory.mktemp("seed") / "seed.db"))
    report = import_paths(db, [seeds_dir()], pipeline=load_pipeline("rules"))
    assert report.added and not report.errors
    yield db, _label_every_claim(db)
    db.dispose()


def test_seed_corpus_exports_every_format(seed_db, tmp_path):
    db, claims = seed_db
    for fmt in ("jsonl", "csv", "pairs", "labels"):
        neutral = 10 if fmt == "pairs" else 0  # no links in this corpus: sampled pairs only
        result = export_dataset(db, ExportRequest(fmt, tmp_path / fmt, neutral_pairs=neutral))
        assert result.records > 0, fmt
    records = [json.loads(line) for line in (tmp_path / "jsonl").read_text().splitlines()]
    assert len(records) == claims
    with db.sessions() as session:
        for record in records[:: max(1, len(records) // 40)]:
            article = queries.get_article(session, record["article_id"])
            assert article.text[record["start"] : record["end"]] == record["text"]
            assert record["text"] in record["context"]


@pytest.mark.slow
def test_spancat_trains_on_the_seed_export(seed_db, tmp_path):
    """`spacy train` with resources/export/spancat.cfg on the sample corpus: 20 steps."""
    import spacy
    from spacy.cli.train import train
    from spacy.tokens import DocBin

    db, _claims = seed_db
    folder = tmp_path / "spacy"
    # everything in train: the sample corpus has two stories, too few for three splits; the
    # same file serves as dev, which is enough to show the config, reader and data fit together
    result = export_dataset(db, ExportRequest("spacy", folder, plan=SplitPlan(1, 0, 0)))
    assert result.docbin.spans > 0 and not result.docbin.skipped
    docs = list(DocBin().from_disk(folder / "train.spacy").get_docs(spacy.blank("en").vocab))
    assert sum(len(doc.spans["sc"]) for doc in docs) == result.docbin.spans
    assert (folder / "spancat.cfg").read_bytes() == resource("export/spancat.cfg").read_bytes()

    # the reader of claimdesk_spacy.py is what `--code` would import
    import importlib.util

    spec = importlib.util.spec_from_file_location("claimdesk_spacy", folder / "claimdesk_spacy.py")
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    output = tmp_path / "model"
    train(
        folder / "spancat.cfg",
        output,
        overrides={
            "paths.train": str(folder / "train.spacy"),
            "paths.dev": str(folder / "train.spacy"),
            "training.max_steps": 20,
            "training.eval_frequency": 10,
        },
    )
    nlp = spacy.load(output / "model-last")
    assert nlp.pipe_names == ["tok2vec", "spancat"]
    assert set(nlp.get_pipe("spancat").labels) <= {
        "corroborated",
        "contradicted",
        "unique",
        "not_a_claim",
    }
    shutil.rmtree(output)
