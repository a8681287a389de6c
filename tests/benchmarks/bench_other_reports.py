"""The other-reports panel on a big story (not part of the test run):

    .venv/bin/python tests/benchmarks/bench_other_reports.py [--claims 900] [--runs 30]

Times what the window does for each new current claim: `show_for_claim` (back to the top,
nothing selected) plus `set_rows` with a ranking of 10 candidates in the matcher's order
(sorted by score in the widget), then a full repaint of the panel at 460x600. The baseline,
measured in the same run, is the model's own reset with the same rows (no widget work), so
the ratio says what the widget adds. Medians over --runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rows_for(count: int, seed: int):
    from claimdesk.services.screen_records import ClaimItem, OtherClaim

    rng = random.Random(seed)
    rows = []
    for i in range(count):
        claim = ClaimItem(f"c{i:05d}", f"a{i % 3}", 0, 60, f"Officials said {i} drones struck.")
        rows.append(OtherClaim(claim, f"Article {i % 3}", "Wire", i % 3))
    ranked = rng.sample(range(count), 10)
    out = []
    for n, i in enumerate(ranked):
        row = rows[i]
        row.score = round(rng.random(), 3)
        row.reason = "shares: drones; numbers: —"
        row.conflict = ("23", "14") if n == 0 else None
        out.append(row)
    return out + [r for r in rows if r.score is None]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=900)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv[1:])
    from PySide6.QtWidgets import QApplication

    from claimdesk.ui.models.other_reports_model import OtherReportsModel
    from claimdesk.ui.other_reports import OtherReports

    app = QApplication.instance() or QApplication([])
    panel = OtherReports()
    panel.resize(460, 600)
    panel.show()
    app.processEvents()
    bare = OtherReportsModel()
    widget_ms, model_ms = [], []
    for run in range(args.runs):
        rows = rows_for(args.claims, run)
        t0 = time.perf_counter()
        bare.set_rows(list(rows))
        model_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        panel.show_for_claim(f"current{run}")
        panel.set_rows(rows)
        panel.repaint()
        widget_ms.append((time.perf_counter() - t0) * 1000)
    widget, model = statistics.median(widget_ms), statistics.median(model_ms)
    print(
        f"other reports, {args.claims} claims, 10 ranked: new claim -> rows sorted and painted "
        f"median {widget:.2f} ms (model reset alone {model:.2f} ms), runs={args.runs}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
