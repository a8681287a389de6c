"""Conflict hints on general news phrasings, written for the slots issue 11 lists (tolls,
counts, durations, distances, money, dates and weekdays, clock times with zones, ages,
ordinals, titles), not taken from the dev set: how many conflicting pairs carry a hint, and
how many agreeing pairs stay silent.

Each line of data/hint_phrasings.jsonl is one pair: {"a", "b", "conflict", "published_a",
"published_b"}. The pairs were written in the wording of several outlets' styles; those the
hints missed when they were written were fixed where the gap was general (the unit tests in
tests/matching hold those), so the figure is partly in sample: it guards against losing
coverage, and a new pair that fails says where the rules stop.

    PYTHONPATH=desktop .venv/bin/python tests/benchmarks/hint_phrasings.py [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))

from claimdesk.matching.hints import conflict_hints  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "hint_phrasings.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the pairs judged wrong")
    args = parser.parse_args()
    right = {True: 0, False: 0}
    total = {True: 0, False: 0}
    for line_number, line in enumerate(DATA.read_text("utf-8").splitlines(), 1):
        case = json.loads(line)
        want = bool(case["conflict"])
        try:
            hints = conflict_hints(case["a"], case["b"], case["published_a"], case["published_b"])
            said = bool(hints)
            shown = [h.description for h in hints] or "no hint"
        except Exception as exc:  # a crash is a wrong answer, and said so
            said, shown = not want, f"{type(exc).__name__}: {exc}"
        total[want] += 1
        right[want] += said == want
        if args.misses and said != want:
            print(f"line {line_number}: want {'conflict' if want else 'silence'}, got {shown}")
            print(f"  a: {case['a']}\n  b: {case['b']}")
    print(
        f"conflicting pairs hinted: {right[True]}/{total[True]}; "
        f"agreeing pairs silent: {right[False]}/{total[False]}; "
        f"all: {right[True] + right[False]}/{total[True] + total[False]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
