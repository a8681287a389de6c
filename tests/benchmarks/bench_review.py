"""Benchmark: every agreement figure and the disagreement queue for 100,000 claims x 3 annotators,
from the DATABASE (load, then compute), as the review window and `claimdesk agreement` do.

    .venv/bin/python tests/benchmarks/bench_review.py                 # temporary SQLite file
    .venv/bin/python tests/benchmarks/bench_review.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python tests/benchmarks/bench_review.py --window   # the window too (Qt, offscreen)

(PostgreSQL: the tables are created in a fresh schema and dropped afterwards.)
    --keep NAME keeps the project for the next run instead: a SQLite file NAME, or on
    PostgreSQL a schema NAME; it is built only when missing (iterating on the code without
    rebuilding 100,000 claims each time; the runs change labels, so rebuild for final figures).
The goal is <= 2 s for the computation and <= 1 s for the whole review-window reload (load, figures,
queue with claim texts); loading is also reported separately. Each figure is the median of
--runs runs, wall clock and this process's CPU time (steadier on a busy machine). The pure
computation on in-memory data is benchmarked in bench_agreement.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, insert, text

from claimdesk.domain.labels import Label
from claimdesk.services import review
from claimdesk.services.app import App
from claimdesk.services.change_sets import from_log
from claimdesk.services.figures import figure
from claimdesk.services.workspace import Workspace
from claimdesk.store.engine import open_database
from claimdesk.store.models import (
    Adjudication,
    Annotator,
    Article,
    Claim,
    LabelRow,
    LinkRow,
    Story,
    utcnow,
)

ANNOTATORS = ("ann1", "ann2", "ann3")
CLAIMS_PER_ARTICLE, ARTICLES_PER_STORY = 10, 5
AGREEMENT, MISSING_SHARE, GOLD_SHARE, LINKS_PER_ANNOTATOR = 0.8, 0.1, 0.05, 20_000
BATCH = 20_000


def _insert(db, model, rows: list[dict]) -> None:
    with db.transaction() as session:
        for start in range(0, len(rows), BATCH):
            session.execute(insert(model), rows[start : start + BATCH])


def build(db, n_claims: int, seed: int = 5) -> None:
    """Synthetic project written with bulk INSERTs (building it is not what is measured)."""
    rng = np.random.default_rng(seed)
    labels = [label.value for label in Label]
    now = utcnow()
    n_articles = n_claims // CLAIMS_PER_ARTICLE
    n_stories = max(1, n_articles // ARTICLES_PER_STORY)
    _insert(db, Story, [{"id": f"s{s:06d}", "name": f"story {s}"} for s in range(n_stories)])
    _insert(db, Annotator, [{"name": name, "is_lead": False} for name in ANNOTATORS])
    _insert(
        db,
        Article,
        [
            {
                "id": f"a{a:07d}",
                "story_id": f"s{a // ARTICLES_PER_STORY:06d}",
                "origin": "bench",
                "raw_sha256": "x",
                "text": "A sentence that states a fact. " * CLAIMS_PER_ARTICLE,
                "meta": {},
                "position": a,
            }
            for a in range(n_articles)
        ],
    )
    claim_ids = [f"c{i:08d}" for i in range(n_claims)]
    _insert(
        db,
        Claim,
        [
            {
                "id": cid,
                "article_id": f"a{i // CLAIMS_PER_ARTICLE:07d}",
                "start": 31 * (i % CLAIMS_PER_ARTICLE),
                "end": 31 * (i % CLAIMS_PER_ARTICLE) + 30,
                "text": "A sentence that states a fact.",
                "reasons": [],
                "pipeline": "bench",
            }
            for i, cid in enumerate(claim_ids)
        ],
    )
    truth = rng.integers(0, len(labels), n_claims)
    given = np.where(
        rng.random((n_claims, len(ANNOTATORS))) < AGREEMENT,
        truth[:, None],
        rng.integers(0, len(labels), (n_claims, len(ANNOTATORS))),
    )
    present = rng.random((n_claims, len(ANNOTATORS))) >= MISSING_SHARE
    _insert(
        db,
        LabelRow,
        [
            {
                "claim_id": claim_ids[i],
                "annotator": name,
                "label": labels[given[i, j]],
                "updated_at": now,
            }
            for j, name in enumerate(ANNOTATORS)
            for i in np.flatnonzero(present[:, j]).tolist()
        ],
    )
    # links between neighbouring claims of two articles of the same story
    firsts = rng.choice(n_claims - CLAIMS_PER_ARTICLE, LINKS_PER_ANNOTATOR * 2, replace=False)
    kinds = np.where(rng.random(len(firsts)) < 0.7, "agree", "conflict")
    for j, name in enumerate(ANNOTATORS):
        keep = np.random.default_rng(seed + j).random(len(firsts)) < 0.5
        rows = [
            {
                "annotator": name,
                "claim_a": claim_ids[a],
                "claim_b": claim_ids[a + CLAIMS_PER_ARTICLE],
                "kind": str(kind),
                "updated_at": now,
            }
            for a, kind in zip(firsts[keep].tolist(), kinds[keep].tolist(), strict=True)
            if a // (CLAIMS_PER_ARTICLE * ARTICLES_PER_STORY)
            == (a + CLAIMS_PER_ARTICLE) // (CLAIMS_PER_ARTICLE * ARTICLES_PER_STORY)
        ]
        _insert(db, LinkRow, rows)
    gold_rows = np.flatnonzero(rng.random(n_claims) < GOLD_SHARE).tolist()
    _insert(
        db,
        Adjudication,
        [
            {
                "claim_id": claim_ids[i],
                "label": labels[truth[i]],
                "adjudicator": ANNOTATORS[0],
                "updated_at": now,
            }
            for i in gold_rows
        ],
    )


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def cpu_timed(fn, *args):
    """(result, (wall seconds, this process's CPU seconds)). On a busy machine the CPU time is
    the steadier figure; it leaves out the PostgreSQL server's own work."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return result, (time.perf_counter() - start, time.process_time() - start_cpu)


def _median(pairs) -> str:
    wall = statistics.median(wall for wall, _ in pairs)
    cpu = statistics.median(cpu for _, cpu in pairs)
    return f"{wall:6.2f} s (cpu {cpu:5.2f} s)"


def measure(db, runs: int) -> None:
    loads, computes, queues, snapshots = [], [], [], []
    for _ in range(runs):
        data, load_s = cpu_timed(review.load_agreement_input, db)
        report, compute_s = cpu_timed(review.compute_report, data)
        queue, queue_s = cpu_timed(review.disagreement_queue, db)
        _, snapshot_s = cpu_timed(review.review_snapshot, db, review.QueueFilter())
        loads.append(load_s)
        computes.append(compute_s)
        queues.append(queue_s)
        snapshots.append(snapshot_s)
    n_labels = sum(len(per) for per in data.ratings.values())
    n_links = sum(len(found) for found in data.links.values())
    print(
        f"{len(data.ratings):,} labelled claims, {n_labels:,} labels, {n_links:,} links, "
        f"{len(data.gold):,} gold labels, {len(report.stories):,} stories; median of {runs} runs"
    )
    print(f"  load from the database       {_median(loads)}")
    print(f"  compute every figure         {_median(computes)}   (goal <= 2 s)")
    print(f"  disagreement queue (load+all){_median(queues)}   ({len(queue):,} open claims)")
    print(f"  whole review window reload   {_median(snapshots)}   (goal <= 1 s)")
    measure_door(db, runs)
    _, poll_s = timed(review.data_fingerprint, db)
    print(f"  change poll (every 4 s)      {poll_s:6.3f} s")
    overall = report.overall
    print(
        f"  alpha {figure(overall.alpha)}, Fleiss {figure(overall.fleiss_kappa)}, "
        f"observed {figure(overall.observed_agreement)}; "
        + ", ".join(
            f"{p.annotator_a}/{p.annotator_b} kappa {figure(p.kappa)}" for p in report.pairs
        )
    )


def measure_door(db, runs: int) -> None:
    """The review window's path through `App.review`: a full reload, then a label changed in
    the main window arriving as a change set (the queue patched claim by claim), and the
    figures redone from the patched data (a separate job in the window); then the label
    changed back as by another process, which the window learns from the event log."""
    door = App(db, "bench-lead").review
    wanted = review.QueueFilter()
    reloads, queues, later, patches, figures, elsewhere = [], [], [], [], [], []
    entries = door.snapshot(wanted).queue[:runs]
    workspace = Workspace(db, ANNOTATORS[1])
    for entry in entries:
        _, reload_s = cpu_timed(door.snapshot, wanted)
        # the window's way: the queue on screen first, the figures in a second job
        _, queue_s = cpu_timed(lambda: door.snapshot(wanted, figures_later=True))
        _, later_s = cpu_timed(door.figures)
        now = entry.labels.get(ANNOTATORS[1])
        other = next(label.value for label in Label if label.value != now)
        changes = from_log(workspace.label(entry.claim_id, other).changes)
        assert changes, "the label must change for the patch to be measured"
        _, patch_s = cpu_timed(door.apply, changes, wanted)
        _, figures_s = cpu_timed(door.figures)
        # the label changed back as another process would: no change set, the event log tells
        if now and hasattr(door, "catch_up"):
            workspace.label(entry.claim_id, now)
            _, elsewhere_s = cpu_timed(door.catch_up, wanted)
            elsewhere.append(elsewhere_s)
        reloads.append(reload_s)
        queues.append(queue_s)
        later.append(later_s)
        patches.append(patch_s)
        figures.append(figures_s)
    print(f"  App.review full reload       {_median(reloads)}   (goal <= 1 s)")
    print(f"    of which the queue first   {_median(queues)}   (what the window shows first)")
    print(f"    then the figures           {_median(later)}")
    print(f"  one label changed (patch)    {_median(patches)}   (queue rows of that claim)")
    print(f"  figures redone after a patch {_median(figures)}   (a separate job)")
    if elsewhere:
        print(f"  a label from another process {_median(elsewhere)}   (read from the event log)")


def measure_window(db, runs: int) -> None:
    """The review window itself, opened afresh each run: until its queue and figures are on
    screen (the runner's load and figures jobs, the queue model's reset and the tree's layout
    of every expanded row on the GUI thread). CPU time is the whole process's, all threads."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from claimdesk.ui.review import ReviewWindow

    app = QApplication.instance() or QApplication([])
    opened = []
    for _ in range(runs):
        window = ReviewWindow(db, "bench-lead")
        loop = QEventLoop()
        window.refreshed.connect(loop.quit)
        start, start_cpu = time.perf_counter(), time.process_time()
        window.show()
        loop.exec()
        opened.append((time.perf_counter() - start, time.process_time() - start_cpu))
        shown = window.queue_model.entries
        window.close()
        window.deleteLater()
        app.processEvents()
    print(f"  review window opened         {_median(opened)}   ({len(shown):,} claims listed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", help="keep the project: a SQLite file, or a PostgreSQL schema")
    parser.add_argument(
        "--window", action="store_true", help="also open the review window (Qt, offscreen)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        schema, fresh = None, True
        if args.db:
            schema = args.keep or "bench_" + uuid.uuid4().hex[:10]
            admin = create_engine(args.db)
            with admin.begin() as connection:
                fresh = not connection.execute(
                    text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": schema}
                ).first()
                if fresh:
                    connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            url = f"{args.db}{'&' if '?' in args.db else '?'}options=-csearch_path%3D{schema}"
        else:
            url = args.keep or str(Path(folder) / "bench.db")
            fresh = not Path(url).exists()
        db = open_database(url)
        try:
            if fresh:
                _, build_s = timed(build, db, args.claims)
                if db.engine.dialect.name == "postgresql":
                    # statistics, as autovacuum gathers them on a live server after a bulk
                    # load; without them the planner guesses a tenth of the labels
                    with db.engine.begin() as connection:
                        connection.execute(text("ANALYZE"))
                print(
                    f"built {args.claims:,} claims x {len(ANNOTATORS)} annotators in "
                    f"{build_s:.1f} s ({db.engine.dialect.name})"
                )
            measure(db, args.runs)
            if args.window:
                measure_window(db, args.runs)
        finally:
            db.dispose()
            if schema and not args.keep:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            if schema:
                admin.dispose()


if __name__ == "__main__":
    main()
