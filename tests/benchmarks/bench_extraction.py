"""Benchmark: claim extraction overhead over the bare spaCy pipeline.

    .venv/bin/python tests/benchmarks/bench_extraction.py [--articles 300] [--runs 5]
        [--pipelines model rules]

For each pipeline (trained model, rules) it times, on the same generated articles in the
same run, the median of --runs runs of:
  bare      nlp.pipe(texts) without Claimdesk's claim work: what a user runs to get tokens,
            sentences (and, with the model, tags, parse and entities). Model: en_core_web_sm
            as installed. Rules: tokenizer + claimdesk_sentencizer (the pipeline's sentence
            splitter, standing in for spaCy's `sentencizer`).
  markers   rules only: bare + claimdesk_fact_markers. The regex "entities" exist only to
            give the detector its number/date/name reasons, so they are Claimdesk overhead.
  detector  nlp.pipe(texts), the whole claim pipeline (+ claim_detector)
  extract   ClaimPipeline.extract(texts): paragraphs, the whole pipeline, ClaimSpan objects
and prints each one's overhead over `bare`. Goal: extract <= 15 % over bare.
For reference it also times spaCy's own blank English + `sentencizer` on the same texts.
Variants are interleaved (the order rotates every run) so drift in machine load hits all
alike. Not collected by pytest (tests/benchmarks is ignored in addopts).
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


# Components that exist only to find claims: everything else is the bare pipeline.
CLAIM_FACTORIES = ("claimdesk_fact_markers", "claim_detector")


def bench(kind: str, texts: list[str], runs: int) -> dict[str, float] | None:
    try:
        pipeline = load_pipeline(kind)
    except PipelineUnavailable as error:
        print(f"{kind}: skipped ({error})")
        return None
    nlp, batch = pipeline.nlp, pipeline.batch_size
    claim_work = [
        name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory in CLAIM_FACTORIES
    ]
    detector_only = [n for n in claim_work if nlp.get_pipe_meta(n).factory == "claim_detector"]

    def run_without(disabled: list[str]) -> Callable[[], None]:
        def work() -> None:
            with nlp.select_pipes(disable=disabled):
                for _doc in nlp.pipe(texts, batch_size=batch):
                    pass

        return work

    def extract() -> None:
        for _claims in pipeline.extract(texts, batch_size=batch):
            pass

    variants: dict[str, Callable[[], None]] = {"bare": run_without(claim_work)}
    if claim_work != detector_only:
        variants["markers"] = run_without(detector_only)
    variants["detector"] = run_without([])
    variants["extract"] = extract
    if kind == "rules":
        variants["spacy-sent"] = spacy_sentencizer(nlp, texts, batch)

    for work in variants.values():
        work()  # warm up caches (lexicon, vocab, regexes) before timing
    results: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    for run in range(runs):
        # Interleave the variants, rotating the order, so load drift hits all of them alike.
        for name in order[run % len(order) :] + order[: run % len(order)]:
            results[name].append(median_seconds(variants[name], 1))
    medians = {name: statistics.median(times) for name, times in results.items()}
    claims = sum(len(c) for c in pipeline.extract(texts))
    chars = sum(len(t) for t in texts)
    words = sum(len(t.split()) for t in texts)
    print(f"\n{pipeline.name}  ({len(texts)} articles, {chars:,} chars, {claims:,} claims)")
    print(
        f"  bare = {' + '.join(['tokenizer', *(n for n in nlp.pipe_names if n not in claim_work)])}"
    )
    print(f"  claim work = {' + '.join(claim_work)}")
    for name in variants:
        overhead = medians[name] / medians["bare"] - 1
        note = "" if name == "bare" else f"  overhead {overhead:+.1%}"
        rate = words / medians[name] / 1000
        print(f"  {name:<11}{medians[name]:8.3f} s  {rate:6.0f}k words/s  median of {runs}{note}")
    verdict = "meets" if medians["extract"] / medians["bare"] - 1 <= GOAL else "misses"
    print(f"  extract {verdict} the {GOAL:.0%} goal")
    return medians


def spacy_sentencizer(nlp, texts: list[str], batch: int) -> Callable[[], None]:
    """Reference: spaCy's blank English with its own rule-based `sentencizer`."""
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.max_length = nlp.max_length

    def work() -> None:
        for _doc in blank.pipe(texts, batch_size=batch):
            pass

    return work


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
