"""Benchmark: claim extraction on one process against several (`nlp.pipe(n_process=N)`).

    .venv/bin/python tests/benchmarks/bench_n_process.py [--articles 400] [--runs 3]
        [--processes 2] [--pipelines model rules]

On the articles of bench_extraction.py (seed paragraphs, shuffled), for each pipeline it times
`ClaimPipeline.extract(texts, n_process=1)` and `extract(texts, n_process=N)` in the same run,
interleaved, the median of --runs runs each, and prints words/s and the ratio N/1 (above 1:
more processes help). It also checks that both give the same claims. What the import would
gain: its batches (services/importer.py BATCH_SIZE articles) each start their own workers, so
the batch size is timed too (--batch, default the importer's). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))
sys.path.insert(0, str(Path(__file__).parent))

from bench_extraction import make_articles  # noqa: E402

from claimdesk.nlp import PipelineUnavailable, load_pipeline  # noqa: E402
from claimdesk.services.importer import BATCH_SIZE  # noqa: E402


def _extract(pipeline, texts: list[str], batch: int, n_process: int) -> list:
    claims = []
    for start in range(0, len(texts), batch):  # as the importer calls it: a batch at a time
        claims += pipeline.extract(texts[start : start + batch], n_process=n_process)
    return claims


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch", type=int, default=BATCH_SIZE)
    parser.add_argument("--pipelines", nargs="+", default=["model", "rules"])
    args = parser.parse_args()
    texts = make_articles(args.articles)
    words = sum(len(t.split()) for t in texts)
    print(
        f"{len(texts)} articles, {words:,} words, batches of {args.batch}, "
        f"{os.cpu_count()} CPUs; median of {args.runs} runs"
    )
    for kind in args.pipelines:
        try:
            pipeline = load_pipeline(kind)
        except PipelineUnavailable as error:
            print(f"{kind}: skipped ({error})")
            continue
        one = _extract(pipeline, texts, args.batch, 1)  # warm up, and the reference claims
        many = _extract(pipeline, texts, args.batch, args.processes)
        assert one == many, "n_process changed the claims"
        times: dict[int, list[float]] = {1: [], args.processes: []}
        for run in range(args.runs):
            order = [1, args.processes] if run % 2 == 0 else [args.processes, 1]
            for n in order:
                started = time.perf_counter()
                _extract(pipeline, texts, args.batch, n)
                times[n].append(time.perf_counter() - started)
        single, multi = statistics.median(times[1]), statistics.median(times[args.processes])
        print(
            f"  {pipeline.name:<45} n_process=1 {words / single:>9,.0f} words/s   "
            f"n_process={args.processes} {words / multi:>9,.0f} words/s   "
            f"ratio {single / multi:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
