"""Benchmark: placing a few new story-less articles into a large archive (not a test).

    .venv/bin/python tests/benchmarks/bench_placement.py /tmp/claimdesk-bench-scale/archive-10000.db

Copies a SQLite archive made by bench_scale.py, then, --runs times on a fresh copy: stores
20 new dated articles and 5 undated ones in the unsorted story (sentences of an existing
story, shuffled, so some of them belong to it) and times `place_new_articles`, which compares
them with the stored articles near them only (`--whole`: `regroup_unsorted`, the whole
database, as an import did before). Prints the median, and how many joined a story.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from claimdesk.domain.records import ArticleRecord
from claimdesk.services.stories import place_new_articles, regroup_unsorted
from claimdesk.store import corpus
from claimdesk.store.engine import open_database
from claimdesk.store.models import Article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--whole",
        action="store_true",
        help="time the whole-database regroup (what an import did before) instead",
    )
    args = parser.parse_args()
    times, joined = [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "archive.db"
            shutil.copy(args.archive, path)
            db = open_database(path)  # brings an older archive up to the head revision
            rng = random.Random(run)
            with db.transaction() as session:
                total = session.scalar(select(func.count()).select_from(Article))
                picks = [rng.randrange(total) for _ in range(25)]
                sources = [
                    session.scalars(
                        select(Article).order_by(Article.position).offset(p).limit(1)
                    ).one()
                    for p in picks
                ]
                ids = []
                for n, source in enumerate(sources):
                    sentences = source.text.split("\n\n", 1)[1].split(". ")
                    rng.shuffle(sentences)
                    record = ArticleRecord(
                        text=f"Update {run}-{n}\n\n" + ". ".join(sentences),
                        origin=f"bench:{run}-{n}",
                        raw_sha256="0" * 64,
                        title=f"Update {run}-{n}",
                        date=source.published if n < 20 else None,
                    )
                    ids.append(corpus.add_article(session, record, [], mark_stale=False).article_id)
            started = time.perf_counter()
            report = regroup_unsorted(db) if args.whole else place_new_articles(db, ids)
            times.append(time.perf_counter() - started)
            joined.append((report.moved, report.stories_created))
            db.dispose()
    print(
        f"{'regrouping the database for' if args.whole else 'placing'} 25 new articles (20 dated, 5 undated) into {args.archive.name}: "
        f"median {statistics.median(times):.2f} s over {args.runs} runs "
        f"({', '.join(f'{t:.2f}' for t in times)}); (placed, new stories) per run: {joined}",
        file=sys.stdout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
