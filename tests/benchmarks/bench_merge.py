"""Benchmark: how long a merge holds the receiving database's write transaction open.

    .venv/bin/python tests/benchmarks/bench_merge.py --claims 5000 --annotators 4 --runs 3

Builds a source SQLite database of CLAIMS claims labelled by ANNOTATORS annotators (rows written
directly, no event log), then merges it into a fresh SQLite database twice per run: in batches
(store.batches, the default) and as one transaction (what merges did before). Reports, as
medians over --runs, the whole merge's wall time and the longest single transaction (from the
receiving engine's begin to its commit: an upper bound on how long the write lock is held).
The goal is a longest transaction under one second.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, insert

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.services import labels_io
from claimdesk.store import batches, corpus, queries
from claimdesk.store.engine import open_database
from claimdesk.store.models import Annotator, LabelRow, utcnow

PER_ARTICLE = 50


def build_source(path: Path, claims: int, annotators: int):
    db = open_database(str(path))
    ids: list[str] = []
    with db.transaction() as session:
        for a in range(max(1, claims // PER_ARTICLE)):
            sentences = [f"Wire {a} item {i} counts {i * 3} votes" for i in range(PER_ARTICLE)]
            text, spans, start = ". ".join(sentences), [], 0
            for sentence in sentences:
                spans.append(ClaimSpan(start, start + len(sentence), sentence, (), None, "b"))
                start += len(sentence) + 2
            record = ArticleRecord(text=text, origin="bench", raw_sha256="x", story=f"S{a % 20}")
            added = corpus.add_article(session, record, spans, mark_stale=False)
            ids += [c.id for c in queries.claims_of(session, added.article_id)]
        names = [f"ann{i}" for i in range(annotators)]
        session.execute(insert(Annotator), [{"name": n, "is_lead": False} for n in names])
        now = utcnow()
        rows = [
            {"claim_id": c, "annotator": n, "label": "unique", "stale": False, "updated_at": now}
            for n in names
            for c in ids
        ]
        session.execute(insert(LabelRow), rows)
    return db


def merge_once(source, folder: Path, name: str, one_transaction: bool) -> tuple[float, float]:
    target = open_database(str(folder / f"{name}.db"))
    opened: dict[int, float] = {}
    longest = [0.0]

    def began(connection):
        opened[id(connection)] = time.perf_counter()

    def committed(connection):
        start = opened.pop(id(connection), None)
        if start is not None:
            longest[0] = max(longest[0], time.perf_counter() - start)

    event.listen(target.engine, "begin", began)
    event.listen(target.engine, "commit", committed)
    saved = batches.BATCH_ROWS, batches.BATCH_SECONDS
    if one_transaction:
        batches.BATCH_ROWS, batches.BATCH_SECONDS = 10**12, 10.0**12
    try:
        start = time.perf_counter()
        report = labels_io.merge_database(target, source, importer="lead")
        total = time.perf_counter() - start
    finally:
        batches.BATCH_ROWS, batches.BATCH_SECONDS = saved
        target.dispose()
    assert not report.errors and report.new > 0
    return total, longest[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--annotators", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = build_source(folder / "source.db", args.claims, args.annotators)
        results: dict[str, list[tuple[float, float]]] = {"batched": [], "one transaction": []}
        for run in range(args.runs):
            for mode in results:
                results[mode].append(
                    merge_once(source, folder, f"{mode[0]}{run}", mode != "batched")
                )
        source.dispose()
    labels = args.claims * args.annotators
    print(f"merge of {args.claims} claims and {labels} labels, medians of {args.runs} runs")
    for mode, values in results.items():
        total = statistics.median(v[0] for v in values)
        longest = statistics.median(v[1] for v in values)
        print(f"  {mode:16} total {total:6.2f} s   longest transaction {longest:6.3f} s")


if __name__ == "__main__":
    main()
