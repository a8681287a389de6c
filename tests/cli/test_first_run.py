"""A newcomer's first run: a fresh home with no data or config folder and no XDG variables.

`claimdesk` (the window, offscreen) must make its folders, create the default database and load
the sample corpus while the window is up; a CLI command without --db must work the same way."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

DEADLINE_S = 180  # the seeds go through spaCy; generous for a loaded 2-core machine


def fresh_home_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "CLAIMDESK_")) and k != "HOME"
    }
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", **extra)
    return env


def seed_articles(db: Path) -> int:
    """Articles in the database, read without locking out the window's writer."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet, or busy for a moment
        return 0


def test_window_on_a_fresh_home_creates_the_database_and_loads_the_seeds(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    db = home / ".local" / "share" / "claimdesk" / "claimdesk.db"
    env = fresh_home_env(home, CLAIMDESK_ANNOTATOR="newcomer", CLAIMDESK_SEMANTIC="off")
    process = subprocess.Popen(
        [sys.executable, "-m", "claimdesk"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + DEADLINE_S
        articles = 0
        while articles < 5 and time.monotonic() < deadline:
            try:  # waiting on the process doubles as the poll interval, and sees an early exit
                process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                articles = seed_articles(db)
                continue
            output = process.stdout.read().decode(errors="replace")
            pytest.fail(f"the window exited with {process.returncode}:\n{output}")
        assert articles == 5, f"{db}: {articles} articles after {DEADLINE_S} s"
        assert process.poll() is None, "the window is still up"
        assert (home / ".config").is_dir(), "the config folder is made too"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_cli_without_db_on_a_fresh_home_uses_the_default_database(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "claimdesk", "info", "--json"],
        env=fresh_home_env(home),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (home / ".local" / "share" / "claimdesk" / "claimdesk.db").is_file()


def test_an_unwritable_home_is_one_clear_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".local").write_text("a file where the folder should be")
    result = subprocess.run(
        [sys.executable, "-m", "claimdesk", "info"],
        env=fresh_home_env(home),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot create Claimdesk's folder" in result.stderr
    assert str(home / ".local") in result.stderr
