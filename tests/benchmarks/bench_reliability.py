"""Benchmark: what the reliability fixes cost on the hot paths.

    .venv/bin/python tests/benchmarks/bench_reliability.py --runs 7

- JSONL encoding (export.jsonl.encode_lines) with the escape of U+2028/U+2029/U+0085 against
  the bare orjson join it replaced, on claim-like records in plain ASCII, with typographic
  quotes and dashes, and in French (whose "é" and "è" share a last byte with U+2028/U+2029,
  so the escape has to scan);
- folder discovery (ingest.discovery.walk_folder, which now stats each file and checks links)
  on a folder of N files.

Prints medians of --runs runs (CPU time, the steadier measure on a shared machine).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import orjson

from claimdesk.export.jsonl import encode_lines
from claimdesk.ingest.discovery import walk_folder

SENTENCES = {
    "ascii": "The minister's office said the budget - 5 million euros - was cut. ",
    "typographic": "The minister\u2019s office said the budget \u2014 5 million euros \u2014 cut. ",
    "french": "Le ministère a déclaré que le budget, 5 millions d'euros, a été réduit. ",
}


def claim_records(count: int, kind: str) -> list[dict]:
    sentence = SENTENCES[kind]
    return [
        {
            "id": f"c{i:016x}",
            "text": sentence * 2,
            "context": sentence * 6,
            "labels": [{"annotator": "ann", "label": "unique", "note": None}],
            "split": "train",
        }
        for i in range(count)
    ]


def bare(records: list[dict]) -> bytes:
    return b"".join([orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in records])


def cpu_median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=5_000)
    args = parser.parse_args()

    for kind in SENTENCES:
        records = claim_records(args.records, kind)
        chunks = [records[i : i + 64] for i in range(0, len(records), 64)]  # as the writer does
        old = cpu_median(lambda c=chunks: [bare(chunk) for chunk in c], args.runs)
        new = cpu_median(lambda c=chunks: [encode_lines(chunk) for chunk in c], args.runs)
        print(
            f"encode {args.records:,} records ({kind}): bare orjson {old:.3f} s, with escape "
            f"{new:.3f} s, ratio {new / old:.3f} (median CPU of {args.runs})"
        )

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for i in range(args.files):
            (root / f"a{i:05d}.txt").write_text("x")
        walk = cpu_median(lambda: walk_folder(root), args.runs)
        print(f"walk_folder on {args.files:,} files: {walk * 1000:.1f} ms (median CPU)")


if __name__ == "__main__":
    main()
