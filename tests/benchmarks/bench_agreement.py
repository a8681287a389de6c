"""Benchmark: every agreement figure and the disagreement queue on a large synthetic project.

100,000 claims x 3 annotators, 1,000 stories, 10% of labels missing, some links and 10% of
claims adjudicated. Annotators agree with a hidden "true" label 80% of the time, so the
coefficients land in a realistic range. Goal: <= 2 s for everything (median of 5 runs).

Run: .venv/bin/python tests/benchmarks/bench_agreement.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from claimdesk.agreement import agreement_report, disagreements
from claimdesk.domain.labels import Label

N_CLAIMS = 100_000
N_STORIES = 1_000
ANNOTATORS = ("alice", "bob", "chen")
MISSING_SHARE = 0.10
AGREEMENT = 0.80
N_LINK_PAIRS = 20_000
GOLD_SHARE = 0.10
RUNS = 5
GOAL_SECONDS = 2.0


def synthetic_project(seed: int = 7):
    """Ratings, links, gold and story_of with some agreement structure."""
    rng = np.random.default_rng(seed)
    labels = np.array([label.value for label in Label], dtype=object)
    claims = [f"c{index:06d}" for index in range(N_CLAIMS)]
    stories = rng.integers(0, N_STORIES, N_CLAIMS)
    truth = rng.choice(len(labels), N_CLAIMS, p=[0.4, 0.2, 0.3, 0.1])

    given = np.where(
        rng.random((N_CLAIMS, len(ANNOTATORS))) < AGREEMENT,
        truth[:, None],
        rng.integers(0, len(labels), (N_CLAIMS, len(ANNOTATORS))),
    )
    present = rng.random((N_CLAIMS, len(ANNOTATORS))) >= MISSING_SHARE
    ratings = {}
    for row, claim in enumerate(claims):
        ratings[claim] = {
            annotator: labels[given[row, col]]
            for col, annotator in enumerate(ANNOTATORS)
            if present[row, col]
        }
    story_of = {claim: f"story{stories[row]:04d}" for row, claim in enumerate(claims)}

    # Link pairs inside a story: sort claims by story and pair neighbours.
    order = np.argsort(stories, kind="stable")
    starts = rng.choice(N_CLAIMS - 1, N_LINK_PAIRS, replace=False)
    first, second = order[starts], order[starts + 1]
    same_story = stories[first] == stories[second]
    first, second = first[same_story], second[same_story]
    kinds = np.where(rng.random(len(first)) < 0.7, "agree", "conflict")
    links = {}
    for annotator in ANNOTATORS:
        keep = rng.random(len(first)) < 0.7
        flip = rng.random(len(first)) < 0.1
        links[annotator] = {
            (
                *sorted((claims[a], claims[b])),
                ("conflict" if kind == "agree" else "agree") if f else kind,
            )
            for a, b, kind, f, k in zip(first, second, kinds, flip, keep, strict=True)
            if k
        }
    gold_rows = np.flatnonzero(rng.random(N_CLAIMS) < GOLD_SHARE)
    gold = {claims[row]: labels[truth[row]] for row in gold_rows}
    return ratings, links, gold, story_of


def run_once(ratings, links, gold, story_of):
    start, start_cpu = time.perf_counter(), time.process_time()
    report = agreement_report(ratings, links=links, gold=gold, story_of=story_of)
    after_report, after_report_cpu = time.perf_counter(), time.process_time()
    queue = disagreements(ratings, links, story_of)
    end, end_cpu = time.perf_counter(), time.process_time()
    return (
        report,
        queue,
        after_report - start,
        end - after_report,
        (after_report_cpu - start_cpu) + (end_cpu - after_report_cpu),
    )


def _fmt(value):
    return "None" if value is None else f"{value:.4f}"


def main() -> None:
    ratings, links, gold, story_of = synthetic_project()
    n_links = sum(len(found) for found in links.values())
    print(
        f"{N_CLAIMS:,} claims x {len(ANNOTATORS)} annotators, {N_STORIES:,} stories, "
        f"{n_links:,} links, {len(gold):,} gold labels; median of {RUNS} runs"
    )
    report_times, queue_times, total_times, cpu_times = [], [], [], []
    for _ in range(RUNS):
        report, queue, report_seconds, queue_seconds, cpu_seconds = run_once(
            ratings, links, gold, story_of
        )
        report_times.append(report_seconds)
        queue_times.append(queue_seconds)
        total_times.append(report_seconds + queue_seconds)
        cpu_times.append(cpu_seconds)

    overall = report.overall
    print(f"  alpha              {_fmt(overall.alpha.value)}")
    print(f"  Fleiss' kappa      {_fmt(overall.fleiss_kappa.value)}")
    print(f"  observed agreement {_fmt(overall.observed_agreement.value)}")
    for label, share in overall.specific_agreement.items():
        print(f"  specific {label:<13} {_fmt(share.value)}")
    for pair in report.pairs:
        print(
            f"  Cohen {pair.annotator_a}/{pair.annotator_b}: kappa {_fmt(pair.kappa.value)} "
            f"on {pair.n_common:,} claims"
        )
    for link in report.links:
        print(
            f"  links {link.annotator_a}/{link.annotator_b}: F1 {_fmt(link.f1.value)}, "
            f"ignoring kind {_fmt(link.f1_ignoring_kind.value)}"
        )
    for against in report.gold:
        print(
            f"  gold {against.annotator}: accuracy {_fmt(against.accuracy.value)}, "
            f"kappa {_fmt(against.kappa.value)} on {against.n_adjudicated:,} claims"
        )
    story_alphas = [
        s.figures.alpha.value for s in report.stories if s.figures.alpha.value is not None
    ]
    print(
        f"  per story: {len(report.stories):,} stories, alpha median "
        f"{_fmt(statistics.median(story_alphas))}"
    )
    kinds = {
        kind: sum(1 for item in queue if item.kind == kind) for kind in ("label", "links", "both")
    }
    print(f"  disagreement queue: {len(queue):,} claims {kinds}")

    total = statistics.median(total_times)
    print(
        f"report {statistics.median(report_times):.3f} s, queue {statistics.median(queue_times):.3f} s"
    )
    print(
        f"total  {total:.3f} s (goal <= {GOAL_SECONDS:.1f} s): {'OK' if total <= GOAL_SECONDS else 'SLOW'}"
        f"; cpu {statistics.median(cpu_times):.3f} s"
    )


if __name__ == "__main__":
    main()
