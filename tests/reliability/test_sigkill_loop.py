"""Crash safety: 52 SIGKILLs at random moments of labelling, importing, exporting and merging
(see kill_loop.py). Nothing acknowledged is lost, the database stays sound, and running each
operation again finishes what the killed one started."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROUNDS = 52
HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def run_kill_loop(work: Path, rounds: int, seed: int) -> dict:
    done = subprocess.run(
        [sys.executable, str(HERE / "kill_loop.py"), str(work), str(rounds), str(seed)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "CLAIMDESK_SEMANTIC": "off"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((work / "summary.json").read_text())


def check_summary(work: Path, summary: dict, rounds: int) -> None:
    results = summary["rounds"]
    by_operation = Counter(r["operation"] for r in results)
    assert len(results) == rounds and set(by_operation) == {"label", "import", "export", "merge"}
    assert all(r["killed"] for r in results)
    assert rounds < 50 or len(results) >= 50
    for result in results:
        assert result["database_problems"] == [], result
        assert result["export_problem"] is None, result

    # every acknowledged label is there, with the acknowledged value
    acknowledged = {}
    for result in results:
        for claim_id, annotator, label in result["acks"]:
            acknowledged[(claim_id, annotator)] = label
    assert acknowledged, "no label was acknowledged: the loop killed too early"
    with sqlite3.connect(work / "main.db") as connection:
        stored = {
            (claim_id, annotator): label
            for claim_id, annotator, label in connection.execute(
                "SELECT claim_id, annotator, label FROM labels"
            )
        }
        unsorted_left = connection.execute(
            "SELECT count(*) FROM articles a JOIN stories s ON s.id = a.story_id "
            "WHERE s.name = 'Unsorted' AND NOT a.story_pinned"
        ).fetchone()[0]
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        merged = connection.execute(
            "SELECT count(*) FROM labels WHERE annotator = 'merged-annotator'"
        ).fetchone()[0]
        other_claims = (
            sqlite3.connect(work / "other.db").execute("SELECT count(*) FROM claims").fetchone()[0]
        )
    lost = {key: value for key, value in acknowledged.items() if stored.get(key) != value}
    assert lost == {}

    # resumability: the final run finished every killed import, grouping and merge
    final = summary["final"]
    assert final["import_errors"] == [] and final["merge_errors"] == []
    assert articles == final["articles_written"]  # every article a worker got to write
    assert unsorted_left == 0
    assert merged == other_claims
    assert final["database_problems"] == []
    assert final["exported"] > 0 and final["export_folder"] == ["README.md", "claims.jsonl"]


def test_sigkill_loop(tmp_path):
    summary = run_kill_loop(tmp_path, ROUNDS, seed=13)
    check_summary(tmp_path, summary, ROUNDS)
    rounds = summary["rounds"]
    acks = sum(len(r["acks"]) for r in rounds)
    # at least some kills must land in the middle of an import, export and merge
    for operation in ("import", "export", "merge"):
        assert any(r["completed_before_kill"] == 0 for r in rounds if r["operation"] == operation)
    print(f"{sum(r['killed'] for r in rounds)} SIGKILLs, {acks} acknowledged labels, all kept")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_loop_long(tmp_path, seed, request):
    # minutes each: only when asked for (`pytest -m slow tests/reliability`)
    chosen = request.config.getoption("markexpr") or ""
    if "slow" not in chosen or "not slow" in chosen:
        pytest.skip("400-round kill loop: run with -m slow")
    summary = run_kill_loop(tmp_path, 400, seed=seed)
    check_summary(tmp_path, summary, 400)
