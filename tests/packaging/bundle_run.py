"""Running the app the way a user would, for the packaging smoke test and
tests/benchmarks/bench_bundle.py: a fresh HOME, offscreen, no network where the system
allows it, nothing of the test's venv in the environment."""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

FIRST_RUN_DEADLINE_S = 180


class BundleRunError(AssertionError):
    """The app did not start, or did not load the sample corpus in time."""


@functools.cache
def offline() -> tuple[str, ...]:
    """A prefix that runs a command in a network namespace of its own (no network at all),
    where the system allows it; [] elsewhere."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "true"], capture_output=True).returncode == 0:
        return (unshare, "--net")
    return ()


def fresh_env(home: Path) -> dict[str, str]:
    """A user's environment with nothing of this venv or test run in it."""
    keep = ("LANG", "LC_ALL", "TZ", "TMPDIR")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(
        HOME=str(home),
        PATH="/usr/local/bin:/usr/bin:/bin",
        QT_QPA_PLATFORM="offscreen",
        CLAIMDESK_ANNOTATOR="Smoke Test",  # the name dialog would wait for a person
    )
    return env


def venv_claimdesk() -> Path:
    return Path(sys.executable).parent / "claimdesk"


def database_state(path: Path) -> tuple[int, int, int]:
    """(articles, claims, articles without a story) of a claimdesk SQLite file, read-only."""
    if not path.is_file():
        return 0, 0, 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as connection:
            articles = connection.execute("select count(*) from articles").fetchone()[0]
            claims = connection.execute("select count(*) from claims").fetchone()[0]
            loose = connection.execute(
                "select count(*) from articles where story_id is null"
            ).fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet, or a writer holds the lock
        return 0, 0, 0
    return articles, claims, loose


def first_run(executable: Path, home: Path, expected_articles: int) -> float:
    """Start the window on a fresh HOME and return the seconds until the sample corpus is in
    its database; the window is then closed."""
    env = fresh_env(home)
    db = home / ".local/share/claimdesk/claimdesk.db"
    started = time.perf_counter()
    process = subprocess.Popen(
        [*offline(), str(executable)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        while True:
            articles, claims, loose = database_state(db)
            if articles == expected_articles and claims and not loose:
                return time.perf_counter() - started
            if process.poll() is not None:
                _out, err = process.communicate()
                how = (
                    f"was killed by signal {-process.returncode}"
                    if process.returncode < 0
                    else f"exited with {process.returncode}"
                )
                raise BundleRunError(
                    f"{executable} {how} before the sample corpus was in:\n{err.decode()}"
                )
            if time.perf_counter() - started > FIRST_RUN_DEADLINE_S:
                raise BundleRunError(
                    f"{executable}: no sample corpus after {FIRST_RUN_DEADLINE_S} s "
                    f"({articles} articles)"
                )
            time.sleep(0.05)  # polling another process's database: there is no signal to wait on
    finally:
        process.terminate()
        process.wait(timeout=30)


def run(executable: Path, args: list[str], home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*offline(), str(executable), *args],
        env=fresh_env(home),
        capture_output=True,
        text=True,
        timeout=120,
    )


def seconds_to_version(executable: Path, home: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = run(executable, ["--version"], home)
        times.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stderr
    return statistics.median(times)
