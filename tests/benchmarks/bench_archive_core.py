"""The archive's core paths without the window, each part timed alone (not a test).

    .venv/bin/python tests/benchmarks/bench_archive_core.py ARCHIVE [--runs 3] [--only PART]

ARCHIVE: a database made by bench_scale.py (a SQLite file or a PostgreSQL URL). Where
bench_scale.py times what a user waits for, this splits it into the parts, with wall clock and
CPU time (on a shared machine the wall clock counts the time other processes held the CPU):

- agreement over every label: the loading (`services.review.load_agreement_input`) and the figures
  (`services.review.compute_report`) apart, median of --runs;
- corpus search for the five most common words of the archive's vocabulary (every article
  matches them), the worst case of bench_scale.py's queries, median and worst;
- a first label, the write behind a keystroke (`Workspace.label` for a new annotator, every
  claim of a few articles, as the window labels ahead): median per label.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def _timed(work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def agreement(db, runs: int) -> None:
    from claimdesk.services import review

    load, figures = [], []
    for _ in range(runs):
        data, wall, cpu = _timed(lambda: review.load_agreement_input(db, None))
        load.append((wall, cpu))
        report, wall, cpu = _timed(lambda d=data: review.compute_report(d))
        figures.append((wall, cpu))
    med = statistics.median
    print(f"agreement over {report.overall.n_claims:,} labelled claims")
    for name, times in (("load", load), ("figures", figures)):
        print(
            f"  {name:<8} {med(w for w, _ in times) / 1000:6.2f} s "
            f"(cpu {med(c for _, c in times) / 1000:.2f} s)"
        )
    total = [lw + fw for (lw, _), (fw, _) in zip(load, figures, strict=True)]
    total_cpu = [lc + fc for (_, lc), (_, fc) in zip(load, figures, strict=True)]
    print(f"  {'total':<8} {med(total) / 1000:6.2f} s (cpu {med(total_cpu) / 1000:.2f} s)")


def search(db, runs: int) -> None:
    from bench_scale import vocabulary

    from claimdesk.store.search import search_articles

    words = vocabulary()[:5]
    walls, cpus = [], []
    with db.sessions() as session:
        search_articles(session, words[0])  # the connection, not the index
        for _ in range(runs):
            for word in words:
                _hits, wall, cpu = _timed(lambda w=word: search_articles(session, w))
                walls.append(wall)
                cpus.append(cpu)
    print(
        f"search, 5 most common words: {statistics.median(walls):.0f} ms median, "
        f"{max(walls):.0f} ms worst (cpu {statistics.median(cpus):.0f} ms)"
    )


def first_labels(db, articles: int = 4) -> None:
    from sqlalchemy import select

    from claimdesk.services.workspace import Workspace
    from claimdesk.store.models import Article, Claim

    with db.sessions() as session:
        total = session.scalar(select(Article.position).order_by(Article.position.desc()))
        picked = list(
            session.scalars(
                select(Article.id)
                .order_by(Article.position)
                .offset((total or 0) // 2)  # unlabelled: a new annotator labels nothing yet
                .limit(articles)
            )
        )
        claims = [
            cid
            for a in picked
            for cid in session.scalars(select(Claim.id).where(Claim.article_id == a))
        ]
    workspace = Workspace(db, f"bench-first-{os.getpid()}")
    labels = ("corroborated", "contradicted", "unique", "not_a_claim")
    walls, cpus = [], []
    for n, cid in enumerate(claims):
        _result, wall, cpu = _timed(lambda c=cid, n=n: workspace.label(c, labels[n % 4]))
        walls.append(wall)
        cpus.append(cpu)
    print(
        f"first label (store write), {len(claims)} claims: {statistics.median(walls):.2f} ms "
        f"median (cpu {statistics.median(cpus):.2f} ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--only",
        choices=("search", "labels", "agreement"),
        action="append",
        help="run only these parts (repeatable); 'labels' writes into the archive, the others "
        "only read it",
    )
    parser.add_argument(
        "--no-migrate",
        action="store_true",
        help="open the archive as it is (a shared archive must not be upgraded by a branch)",
    )
    args = parser.parse_args()
    parts = set(args.only or ("search", "labels", "agreement"))
    from claimdesk.store.engine import open_database

    db = open_database(args.archive, migrate=not args.no_migrate)
    try:
        if "search" in parts:
            search(db, args.runs)
        if "labels" in parts:
            first_labels(db)
        if "agreement" in parts:
            agreement(db, args.runs)
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
