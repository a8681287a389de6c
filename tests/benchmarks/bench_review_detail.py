"""Benchmark: what the review window loads for one claim on the background runner — the claim in
context with every annotator's work (`review.claim_detail`) and the matcher's candidates with
their hints (`review.claim_candidates`) — on the sample corpus imported with the rule pipeline.

    CLAIMDESK_SEMANTIC=off .venv/bin/python tests/benchmarks/bench_review_detail.py [--runs 5]

Each figure is the median over --runs passes of the time per claim, every claim of the corpus
in turn; the first call (the story's candidate index is built) is reported on its own.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from claimdesk.nlp.pipeline import load_pipeline
from claimdesk.paths import seeds_dir
from claimdesk.services import review
from claimdesk.services.importer import import_paths
from claimdesk.store import queries
from claimdesk.store.engine import open_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(str(Path(tmp) / "bench.db"))
        import_paths(db, [seeds_dir()], pipeline=load_pipeline("rules"))
        with db.sessions() as session:
            ids = [
                c.id for a in queries.articles(session) for c in queries.claims_of(session, a.id)
            ]
        start = time.perf_counter()
        review.claim_candidates(db, ids[0])
        print(
            f"first claim_candidates (builds the story's index): {time.perf_counter() - start:.3f} s"
        )
        for name, load in (
            ("claim_detail", review.claim_detail),
            ("claim_candidates", review.claim_candidates),
        ):
            per_claim = []
            for _ in range(args.runs):
                start = time.perf_counter()
                for claim_id in ids:
                    load(db, claim_id)
                per_claim.append((time.perf_counter() - start) / len(ids) * 1000)
            runs = ", ".join(f"{ms:.2f}" for ms in per_claim)
            print(
                f"{name}: median {statistics.median(per_claim):.2f} ms per claim "
                f"over {len(ids)} claims ({runs})"
            )
        db.dispose()


if __name__ == "__main__":
    main()
