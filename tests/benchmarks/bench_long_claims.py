"""How the conflict hints and the slot reader scale with the length of a claim.

A claim of news is a sentence or a short quotation (the dev set's longest: 420 characters);
`slots.LONGEST_READ` leaves longer "claims" (a table or a list the extractor could not cut)
silent. This measures the readers themselves with that cut-off lifted, on texts of the shapes
that were once quadratic or worse: one clause with no full stop, ranges with currency signs,
clock times, figures only. Each is timed at the cut-off (3 KB) and ten times it: a ratio near
10 is linear, and the time at the cut-off is the most one claim can cost.

    PYTHONPATH=desktop .venv/bin/python tests/benchmarks/bench_long_claims.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))

from claimdesk.matching import hints, slots, when  # noqa: E402
from claimdesk.matching.lists import listed_items  # noqa: E402

SHAPES = {
    "news sentences": "The storm killed 12 people in the Philippines on Sunday, officials said. ",
    "one clause": "the storm killed 12 people in the Philippines and 3 in Taiwan, ",
    "currency ranges": "$1bn-$2bn, ",
    "clock times": "at 3 a.m. Sunday local time, ",
    "figures only": "1 ",
    "comma list": "ab cd, ",
}
PUBLISHED = "2018-11-26"
SIZES = (slots.LONGEST_READ, 10 * slots.LONGEST_READ)


def _median_seconds(call, runs: int) -> float:
    times = []
    caches = (hints._tokens, slots.quantities, listed_items, when._dates, when._times)
    for _ in range(runs):
        for cached in caches:  # a claim read once is remembered: time the reading
            cached.cache_clear()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cut_off = slots.LONGEST_READ
    print(f"cut-off: claims over {cut_off} characters are left silent")
    small_kb, large_kb = (f"{size // 1000} KB" for size in SIZES)
    print(f"{'shape':18} {'reader':16} {small_kb:>9} {large_kb:>9} {'ratio':>6}")
    for name, unit in SHAPES.items():
        texts = {size: unit * (size // len(unit)) for size in SIZES}
        readers = {
            "quantities": lambda t: slots.quantities(t),
            "conflict_hints": lambda t: hints.conflict_hints(t, t + " x", PUBLISHED, PUBLISHED),
            "listed_items": lambda t: listed_items(t),
        }
        for reader, call in readers.items():
            slots.LONGEST_READ = hints.LONGEST_READ = 10**9  # the readers themselves
            try:
                small, large = (
                    _median_seconds(lambda text=texts[size], read=call: read(text), args.runs)
                    for size in SIZES
                )
            finally:
                slots.LONGEST_READ = hints.LONGEST_READ = cut_off
            print(f"{name:18} {reader:16} {small:8.3f}s {large:8.3f}s {large / small:6.1f}")
    claim = SHAPES["news sentences"] * 2
    with_cut = _median_seconds(
        lambda: hints.conflict_hints(claim * 700, claim, PUBLISHED, PUBLISHED), args.runs
    )
    print(f"100 KB against a claim, as the app reads it (cut off): {with_cut * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
