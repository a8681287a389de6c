"""Benchmark: claim extraction overhead over the bare spaCy pipeline.

    .venv/bin/python tests/benchmarks/bench_extraction.py [--articles 300] [--runs 5]

For each pipeline (trained model, rules) it times, on the same generated articles in the
same run, the median of --runs runs of:
  bare      nlp.pipe(texts) with claim_detector disabled (the pipeline minus our component)
  detector  nlp.pipe(texts) with claim_detector
  extract   ClaimPipeline.extract(texts): paragraphs, claim_detector, ClaimSpan objects
and prints the overhead of `detector` and `extract` over `bare`. Goal: <= 15 %.
Not collected by pytest (tests/benchmarks is ignored in addopts).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))

from claimdesk.nlp import PipelineUnavailable, load_pipeline  # noqa: E402

GOAL = 0.15


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.replace("\n\n", "\n").split("\n") if p.strip()]
    return paragraphs


def make_articles(count: int, seed: int = 7) -> list[str]:
    """Articles of 6-14 seed paragraphs, shuffled: the mix of prose and boilerplate the
    detector sees in real imports."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    return ["\n\n".join(rng.sample(paragraphs, rng.randint(6, 14))) for _ in range(count)]


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(kind: str, texts: list[str], runs: int) -> dict[str, float] | None:
    try:
        pipeline = load_pipeline(kind)
    except PipelineUnavailable as error:
        print(f"{kind}: skipped ({error})")
        return None
    nlp, batch = pipeline.nlp, pipeline.batch_size

    def bare():
        with nlp.select_pipes(disable=["claim_detector"]):
            for _doc in nlp.pipe(texts, batch_size=batch):
                pass

    def detector():
        for _doc in nlp.pipe(texts, batch_size=batch):
            pass

    def extract():
        for _claims in pipeline.extract(texts, batch_size=batch):
            pass

    extract()  # warm up caches (lexicon, vocab, regexes) before timing
    results = {name: [] for name in ("bare", "detector", "extract")}
    # Interleave the variants so drift in machine load hits all of them alike.
    for _ in range(runs):
        for name, work in (("bare", bare), ("detector", detector), ("extract", extract)):
            results[name].append(median_seconds(work, 1))
    medians = {name: statistics.median(times) for name, times in results.items()}
    claims = sum(len(c) for c in pipeline.extract(texts))
    chars = sum(len(t) for t in texts)
    print(f"\n{pipeline.name}  ({len(texts)} articles, {chars:,} chars, {claims:,} claims)")
    for name in ("bare", "detector", "extract"):
        overhead = medians[name] / medians["bare"] - 1
        note = "" if name == "bare" else f"  overhead {overhead:+.1%}"
        print(f"  {name:<9}{medians[name]:8.3f} s  median of {runs}{note}")
    verdict = "meets" if medians["extract"] / medians["bare"] - 1 <= GOAL else "misses"
    print(f"  extract {verdict} the {GOAL:.0%} goal")
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pipelines", nargs="+", default=["model", "rules"])
    args = parser.parse_args()
    texts = make_articles(args.articles)
    for kind in args.pipelines:
        bench(kind, texts, args.runs)


if __name__ == "__main__":
    main()
