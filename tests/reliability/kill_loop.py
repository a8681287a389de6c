"""The SIGKILL loop, run as its own process by test_sigkill_loop.py (so that forking happens
in a process with no Qt or pytest threads).

This process loads Claimdesk and the rules pipeline once, then forks one worker per round —
label, import, export or merge, in turn — which repeats its operation until it is killed with
SIGKILL at a random moment. Workers acknowledge each label on a pipe only after its transaction committed. After
every kill the database must pass `PRAGMA integrity_check` and `foreign_key_check`, and the
export target must be absent or whole. At the end every operation is run to completion once
more, which must finish what the killed ones started. Everything observed is written as JSON
for the test to assert on; the acknowledged labels are checked by the test itself.

    python kill_loop.py WORKDIR ROUNDS SEED
"""

from __future__ import annotations

import itertools
import json
import os
import random
import select
import signal
import sqlite3
import sys
import time
from pathlib import Path

from claimdesk.export import ExportRequest, export_dataset
from claimdesk.nlp.pipeline import load_pipeline
from claimdesk.services.importer import import_paths
from claimdesk.services.labels_io import merge_database
from claimdesk.services.workspace import Workspace
from claimdesk.store.engine import open_database

OPERATIONS = ("label", "import", "export", "merge")
ARTICLES_PER_IMPORT = 6
LABELS = ("corroborated", "contradicted", "unique", "not_a_claim")
# Kills land anywhere in the first few operations of a worker (each takes tens of ms).
MAX_DELAY = {"label": 0.12, "import": 0.4, "export": 0.2, "merge": 0.2}  # seconds


def article(round_no: int, index: int) -> str:
    return (
        f"The council of town {round_no} approved budget number {index} on Monday. "
        f"It will cost {round_no * 100 + index} thousand euros, the mayor said in a statement."
    )


def write_import_folder(work: Path, round_no: int) -> Path:
    """A folder of new articles, written whole or not at all (the writer may be killed)."""
    folder = work / "incoming" / f"round{round_no:06d}"
    folder.mkdir(parents=True)
    lines = [json.dumps({"text": article(round_no, i)}) for i in range(ARTICLES_PER_IMPORT)]
    hidden = folder / ".articles.jsonl.part"  # hidden files are not imported
    hidden.write_text("\n".join(lines) + "\n")
    hidden.rename(folder / "articles.jsonl")
    return folder


def claim_ids(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM claims ORDER BY id")]


def setup(work: Path, pipeline) -> tuple[Path, Path]:
    main, other = work / "main.db", work / "other.db"
    db = open_database(main)
    import_paths(db, [write_import_folder(work, 0)], pipeline=pipeline)
    db.dispose()
    other_db = open_database(other)
    import_paths(db=other_db, paths=[write_import_folder(work, 1000)], pipeline=pipeline)
    workspace = Workspace(other_db, "merged-annotator")
    for claim_id in claim_ids(other):
        workspace.label(claim_id, "unique")
    other_db.dispose()
    return main, other


def worker(operation: str, round_no: int, work: Path, pipeline, ack: int) -> None:
    """Runs in the forked child and repeats its operation until it is killed."""
    main = work / "main.db"
    db = open_database(main)
    os.write(ack, b"ready\n")
    if operation == "label":
        workspace = Workspace(db, f"annotator{round_no:03d}")
        rng = random.Random(round_no)
        while True:
            for claim_id in claim_ids(main):
                label = rng.choice(LABELS)
                workspace.label(claim_id, label)  # committed when this returns
                os.write(ack, f"label\t{claim_id}\tannotator{round_no:03d}\t{label}\n".encode())
    for batch in itertools.count():
        if operation == "import":
            folder = write_import_folder(work, round_no * 1000 + batch + 2000)
            import_paths(db, [folder], pipeline=pipeline)
        elif operation == "export":
            export_dataset(db, ExportRequest("jsonl", work / "export" / "claims.jsonl"))
        else:
            other = open_database(work / "other.db", must_exist=True)
            merge_database(db, other, importer="merger")
            other.dispose()
        os.write(ack, b"done\n")


def run_round(
    operation: str, round_no: int, work: Path, pipeline, rng, *, at_once: bool = False
) -> dict:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            worker(operation, round_no, work, pipeline, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    received = b""
    received += _read_until(read_end, b"ready\n", deadline=time.monotonic() + 30)
    drawn = rng.uniform(0, MAX_DELAY[operation])
    # at once: the kill lands inside the first operation however fast this machine runs it
    delay = 0.0 if at_once else drawn
    received += _read_for(read_end, delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    received += _read_for(read_end, None)
    os.close(read_end)
    lines = received.decode().splitlines()
    return {
        "operation": operation,
        "pid": pid,
        "delay": round(delay, 4),
        "killed": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL,
        "completed_before_kill": lines.count("done"),
        "acks": [line.split("\t")[1:] for line in lines if line.startswith("label\t")],
    }


def _read_until(fd: int, marker: bytes, deadline: float) -> bytes:
    data = b""
    while marker not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    return data


def _read_for(fd: int, seconds: float | None) -> bytes:
    """Whatever arrives within `seconds` (None: until the writer is gone)."""
    data = b""
    end = None if seconds is None else time.monotonic() + seconds
    while True:
        timeout = None if end is None else max(0.0, end - time.monotonic())
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return data
        chunk = os.read(fd, 65536)
        if not chunk:
            return data
        data += chunk


def check_database(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    problems = [] if integrity == ["ok"] else integrity
    return problems + [f"foreign key: {row}" for row in foreign]


def check_export(folder: Path) -> str | None:
    target = folder / "claims.jsonl"
    if not target.exists():
        return None
    try:
        lines = target.read_text(encoding="utf-8").splitlines()
        [json.loads(line) for line in lines]
    except (ValueError, UnicodeDecodeError) as exc:
        return f"partial export: {exc}"
    return None


def main(work: Path, rounds: int, seed: int) -> None:
    pipeline = load_pipeline("rules")
    setup(work, pipeline)
    (work / "export").mkdir()
    rng = random.Random(seed)
    results = []
    for round_no in range(1, rounds + 1):
        operation = OPERATIONS[(round_no - 1) % len(OPERATIONS)]
        at_once = round_no <= len(OPERATIONS)  # each operation's first round
        result = run_round(operation, round_no, work, pipeline, rng, at_once=at_once)
        result["database_problems"] = check_database(work / "main.db")
        result["export_problem"] = check_export(work / "export")
        results.append(result)

    # resumability: every operation once more, to completion
    db = open_database(work / "main.db")
    import_report = import_paths(db, [work / "incoming"], pipeline=pipeline)
    other = open_database(work / "other.db", must_exist=True)
    merge_report = merge_database(db, other, importer="merger")
    other.dispose()
    export = export_dataset(db, ExportRequest("jsonl", work / "export" / "claims.jsonl"))
    db.dispose()
    summary = {
        "rounds": results,
        "final": {
            "import_errors": [str(error) for error in import_report.errors],
            "merge_errors": [str(error) for error in merge_report.errors],
            "exported": export.records,
            "articles_written": sum(
                len(path.read_text().splitlines()) for path in (work / "incoming").rglob("*.jsonl")
            ),
            "export_folder": sorted(p.name for p in (work / "export").iterdir()),
            "database_problems": check_database(work / "main.db"),
        },
    }
    (work / "summary.json").write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
