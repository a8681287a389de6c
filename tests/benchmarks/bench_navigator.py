"""Benchmark: the story navigator's cold open on a large archive, eager against lazy.

    .venv/bin/python tests/benchmarks/bench_navigator.py --db /tmp/archive-100000.db
    .venv/bin/python tests/benchmarks/bench_navigator.py --db postgresql+psycopg://...

The database is one `bench_scale.py` built (100,000 articles, 1,000,000 claims). Each run is a
fresh process (cold: imports, Qt, the database's first reads): from its start until the tree is
painted with one story expanded. "eager" reads every article with its progress
(`services.screen_reads.load_stories`, what the window did) and fills the tree with them; "lazy" reads one
row per story (`App.navigator.stories`) and the expanded story's articles only; the stories'
progress (`App.navigator.progress`) follows, timed separately. Medians of
--runs runs, alternating, wall clock and the process's CPU time (steadier on a busy
machine); resident memory (RSS) and its peak at the end. Goal: <= 1.5 s and
<= 500 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import textwrap

RUN = """
import sys, time
t0, c0 = time.perf_counter(), time.process_time()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from claimdesk.store.engine import open_database
from claimdesk.ui.story_tree import StoryTree
db = open_database(sys.argv[1])
tree = StoryTree()
tree.resize(360, 800)
if sys.argv[2] == "eager":
    from claimdesk.services.screen_reads import load_stories
    tree.set_stories(load_stories(db, "ann"))
else:
    from claimdesk.services.app import App
    navigator = App(db, "ann").navigator
    tree.set_article_loader(lambda story, deliver: deliver(navigator.articles(story)))
    tree.set_story_rows(navigator.stories())
tree.show()
tree.view.expand(tree.view.model().index(0, 0))
app.processEvents()
tree.repaint()
elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
progress_s = 0.0
if sys.argv[2] == "lazy":  # what the window does next, on the worker: every story's progress
    tree.set_story_progress(navigator.progress())
    app.processEvents()
    tree.repaint()
    progress_s = time.perf_counter() - t0
shown = tree.view.model().rowCount(tree.view.model().index(0, 0))
rss = hwm = 0.0
for line in open("/proc/self/status"):
    if line.startswith("VmRSS:"):
        rss = int(line.split()[1]) / 1024
    if line.startswith("VmHWM:"):
        hwm = int(line.split()[1]) / 1024
print(f"{elapsed:.4f} {rss:.1f} {hwm:.1f} {tree.model.rowCount()} {shown} {progress_s:.4f} {cpu:.4f}")
"""


def run(url: str, mode: str) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RUN), url, mode],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    ).stdout.split()
    return [float(value) for value in out]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a SQLite path or PostgreSQL URL")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[list[float]]] = {"eager": [], "lazy": []}
    for _ in range(args.runs):
        for mode in results:
            results[mode].append(run(args.db, mode))
    med = statistics.median
    for mode, runs in results.items():
        stories, shown = int(runs[0][3]), int(runs[0][4])
        print(
            f"  {mode:<6} cold open {med(r[0] for r in runs):.2f} s median of {len(runs)} "
            f"(cpu {med(r[6] for r in runs):.2f} s; goal <= 1.5 s), RSS {med(r[1] for r in runs):.0f} MB "
            f"(peak {med(r[2] for r in runs):.0f} MB, goal <= 500 MB); "
            f"{stories:,} stories, {shown} articles under the first"
        )
    print(
        f"  lazy: every story's progress on screen {med(r[5] for r in results['lazy']):.2f} s "
        "after the start (read on the worker while the tree is already usable)"
    )
    ratio = med(r[0] for r in results["lazy"]) / med(r[0] for r in results["eager"])
    print(f"  lazy / eager: {ratio:.2f}x the time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
