"""Cold start of the desktop bundle against the venv it was built from.

    .venv/bin/python packaging/build.py
    .venv/bin/python tests/benchmarks/bench_bundle.py [--bundle dist/claimdesk] [--runs 5]

Each run starts a fresh process the way a user would (fresh HOME, offscreen, no network
where `unshare --net` works), alternating bundle and venv so machine noise hits both:
1. `claimdesk --version`: interpreter or bootloader up, the command line parsed
2. `claimdesk info --json` on the sample corpus: imports, database opened and migrated
3. first run: the window started on a fresh HOME until the sample corpus (spaCy model,
   five articles) is in its database
Prints medians, and the bundle's size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "packaging"))

from bundle_run import first_run, run, venv_claimdesk  # noqa: E402

SAMPLE_ARTICLES = 5


def timed(executable: Path, args: list[str], home: Path) -> float:
    started = time.perf_counter()
    result = run(executable, args, home)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{executable} {' '.join(args)} failed:\n{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "claimdesk")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    apps = {"bundle": args.bundle.resolve() / "claimdesk", "venv": venv_claimdesk()}
    if not apps["bundle"].is_file():
        raise SystemExit(f"{apps['bundle']}: no bundle (build it: python packaging/build.py)")
    figures = {name: {"version": [], "info": [], "first run": []} for name in apps}
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(args.runs):
            for name, executable in apps.items():
                home = Path(tmp) / f"{name}-{index}"
                times = figures[name]
                times["first run"].append(first_run(executable, home, SAMPLE_ARTICLES))
                times["version"].append(timed(executable, ["--version"], home))
                times["info"].append(timed(executable, ["info", "--json"], home))
    size = sum(
        f.stat().st_size for f in args.bundle.rglob("*") if f.is_file() and not f.is_symlink()
    )
    print(f"bundle {args.bundle}: {size / 2**20:.0f} MiB unpacked")
    for what in ("version", "info", "first run"):
        bundle, venv = (statistics.median(figures[name][what]) for name in apps)
        print(
            f"{what:>9}: bundle median {bundle:.2f} s, venv median {venv:.2f} s "
            f"(ratio {bundle / venv:.2f}, {args.runs} runs each)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
