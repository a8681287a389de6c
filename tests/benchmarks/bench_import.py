"""Full import of generated articles with the rule-based pipeline: words/s end to end, and
resident memory as the corpus grows (it should stay flat: batches are stored and dropped).

    .venv/bin/python tests/benchmarks/bench_import.py [--articles 2000] [--runs 3]

Each run imports the same files into a fresh SQLite database. Reported: median words/s over
the runs, the bare `nlp.pipe` words/s on the same texts in the same process for comparison,
and RSS after each quarter of the import.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from claimdesk.ingest import read_articles
from claimdesk.nlp import load_pipeline
from claimdesk.services.importer import import_paths
from claimdesk.store.engine import open_database

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * 4096 / 1e6


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for record in read_articles([SEEDS]):
        paragraphs += [p for p in record.text.split("\n\n") if len(p.split()) > 8]
    return paragraphs


def write_corpus(folder: Path, count: int, rng: random.Random) -> int:
    """Distinct articles of 8-14 shuffled seed paragraphs with varied numbers; returns words."""
    paragraphs = seed_paragraphs()
    words = 0
    for i in range(count):
        body = rng.sample(paragraphs, k=rng.randint(8, min(14, len(paragraphs))))
        body = [p.replace("23", str(rng.randint(2, 999))).replace("five", str(i)) for p in body]
        text = (
            f"Report {i}: {rng.choice(['Kyiv', 'Moscow', 'Washington'])} update\n\n"
            + "\n\n".join(body)
        )
        (folder / f"article_{i:05d}.txt").write_text(text + f"\n\nReference number {i}.\n")
        words += len(text.split())
    return words


def run_once(corpus: Path, count: int, pipeline) -> tuple[float, float, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.db")
        samples: list[float] = []
        marks = {count * q // 4 for q in (1, 2, 3, 4)}

        def on_progress(done: int, _origin: str) -> None:
            if any(done >= m and m not in seen for m in marks):
                seen.update(m for m in marks if done >= m)
                samples.append(rss_mb())

        seen: set[int] = set()
        start, cpu = time.perf_counter(), time.process_time()
        report = import_paths(db, [corpus], pipeline=pipeline, on_progress=on_progress)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert len(report.added) == count, (len(report.added), report.errors[:3])
        db.dispose()
    return elapsed, cpu, samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pipeline = load_pipeline("rules")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        words = write_corpus(corpus, args.articles, random.Random(7))
        texts = [r.text for r in read_articles([corpus])]
        print(f"{args.articles} articles, {words:,} words, pipeline {pipeline.name}")
        bare, full, curves, bare_cpu, full_cpu = [], [], [], [], []
        for _ in range(args.runs):
            start, cpu = time.perf_counter(), time.process_time()
            for _doc in pipeline.nlp.pipe(texts, batch_size=32):
                pass
            bare.append(time.perf_counter() - start)
            bare_cpu.append(time.process_time() - cpu)
            elapsed, cpu, samples = run_once(corpus, args.articles, pipeline)
            full.append(elapsed)
            full_cpu.append(cpu)
            curves.append(samples)
    median_full, median_bare = statistics.median(full), statistics.median(bare)
    print(
        f"end-to-end import: median {median_full:.2f} s = {words / median_full:,.0f} words/s "
        f"(goal >= 100,000) over {args.runs} runs: {', '.join(f'{t:.2f}' for t in full)}"
    )
    print(
        f"bare nlp.pipe on the same texts: median {median_bare:.2f} s = "
        f"{words / median_bare:,.0f} words/s; import / bare = {median_full / median_bare:.2f}x"
    )
    # CPU time: on a shared machine the wall clock also counts time other processes held the CPU
    median_full_cpu, median_bare_cpu = statistics.median(full_cpu), statistics.median(bare_cpu)
    print(
        f"CPU time: import median {median_full_cpu:.2f} s = {words / median_full_cpu:,.0f} "
        f"words/cpu-s; bare {median_bare_cpu:.2f} s = {words / median_bare_cpu:,.0f} words/cpu-s; "
        f"import / bare = {median_full_cpu / median_bare_cpu:.2f}x"
    )
    for run, samples in enumerate(curves, 1):
        print(
            f"RSS run {run} after 1/4, 2/4, 3/4, 4/4 of the corpus: "
            + ", ".join(f"{s:.0f} MB" for s in samples)
        )


if __name__ == "__main__":
    main()
