"""Benchmark: wall-clock time of one command-line call on the sample database.

    .venv/bin/python tests/benchmarks/bench_cli.py --runs 7

Imports the sample corpus (seeds/, rules pipeline) into a fresh SQLite file in /tmp once, then
runs `claimdesk info`, `claimdesk claims`, `claimdesk label ...` and `claimdesk --help`, each
in a fresh interpreter, `--runs` times, and prints the median and the fastest run, and the
median CPU time (user + system) of the child, steadier than the wall clock on a shared machine. The goal is
<= 0.4 s for info, label and claims. Also prints a missing import path's time to its error.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], env: dict) -> tuple[float, float, int]:
    started, cpu = time.perf_counter(), _children_cpu()
    completed = subprocess.run(
        [sys.executable, "-m", "claimdesk", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started, _children_cpu() - cpu, completed.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-cli-") as tmp:
        env = dict(
            os.environ, CLAIMDESK_DB=str(Path(tmp) / "sample.db"), CLAIMDESK_ANNOTATOR="bench"
        )
        # as on a user's machine, where Python keeps the compiled bytecode of every module (a
        # shell with PYTHONDONTWRITEBYTECODE set compiles the whole app again at each call)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        _, _, code = _run(["import", str(ROOT / "seeds"), "--pipeline", "rules"], env)
        assert code == 0, code
        from claimdesk.store.engine import open_database
        from claimdesk.store.queries import all_claims

        db = open_database(env["CLAIMDESK_DB"])
        with db.sessions() as session:
            claim = all_claims(session)[0].id
        db.dispose()
        calls = {
            "info": ["info"],
            "claims": ["claims"],
            "label": ["label", claim, "unique"],
            "--help": ["--help"],
            "import (missing path)": ["import", str(Path(tmp) / "missing.txt")],
        }
        print(f"{'command':<24} {'median s':>9} {'fastest s':>10} {'median cpu s':>13}  exit")
        for name, argv in calls.items():
            times, cpus, codes = [], [], set()
            for _ in range(args.runs):
                seconds, cpu, code = _run(argv, env)
                times.append(seconds)
                cpus.append(cpu)
                codes.add(code)
            print(
                f"{name:<24} {statistics.median(times):>9.3f} {min(times):>10.3f} "
                f"{statistics.median(cpus):>13.3f}  {','.join(map(str, sorted(codes)))}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
