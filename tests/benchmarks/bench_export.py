"""Benchmark: write N labelled claims as JSONL at constant memory.

    .venv/bin/python tests/benchmarks/bench_export.py               # 1,000,000 claims
    .venv/bin/python tests/benchmarks/bench_export.py --claims 200000
    .venv/bin/python tests/benchmarks/bench_export.py --claims 200000 \
        --db postgresql+psycopg://postgres@127.0.0.1:5432/bench_export

Builds SQLite databases in /tmp (or PostgreSQL databases with --db; SQLAlchemy Core
executemany; reused when present) with N/10 and N claims: 10 claims per article, 5 articles per story, every claim labelled by two
annotators (one in five disagreeing), one claim in ten linked, one in fifty adjudicated.
Each measurement runs in a fresh subprocess, so peak RSS belongs to that run alone:

- `claimdesk export --format jsonl` (export_dataset, dataset card included), records/s;
- the baseline: a plain `json.dumps` loop over the same claim rows (one SELECT of the claims
  table, no labels, links or context), written to a file, records/s;
- the export again under tracemalloc, for the peak of Python allocations.

Memory is flat when the peaks at N/10 and N are about the same. Besides wall-clock records/s
(the goal), each run reports its CPU time: on a shared machine the wall clock also counts the
time other processes held the CPU, and the CPU ratio is the steadier comparison. A large
export renders in worker processes (export/parallel_jsonl.py): its CPU time is the parent's
and its workers' together ("export cpu-s" also gives the parent's alone); the peaks (RSS,
tracemalloc) are the parent's. CLAIMDESK_EXPORT_PROCESSES=0 measures the export in one process.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

CLAIMS_PER_ARTICLE = 10
ARTICLES_PER_STORY = 5
CHUNK = 50_000
WORDS = [
    "minister",
    "council",
    "budget",
    "harbour",
    "bridge",
    "storm",
    "rail",
    "union",
    "museum",
    "water",
    "price",
    "vote",
]


def _sentence(article: int, number: int) -> str:
    word = WORDS[(article + number) % len(WORDS)]
    return f"The {word} figure for item {article}-{number} was {number * 7 + article % 97} units."


def build(path: Path | str, claims: int) -> None:
    """Build the bench corpus into a SQLite file (via a temporary file, renamed when done) or
    into an empty PostgreSQL database (a URL)."""
    from sqlalchemy import insert

    from claimdesk.domain.ids import article_id, claim_id, story_id
    from claimdesk.store.engine import open_database
    from claimdesk.store.models import (
        Adjudication,
        Annotator,
        Article,
        Claim,
        LabelRow,
        LinkRow,
        Story,
        utcnow,
    )

    sqlite = not _is_url(path)
    if sqlite:
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
    db = open_database(str(tmp) if sqlite else path)
    now = utcnow()
    labels = ("corroborated", "contradicted", "unique", "not_a_claim")
    articles = claims // CLAIMS_PER_ARTICLE
    with db.engine.begin() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA synchronous=OFF")
        connection.execute(
            insert(Annotator),
            [
                {"name": n, "is_lead": n == "lead", "created_at": now}
                for n in ("ann", "ben", "lead")
            ],
        )
        stories = {}
        for s in range(0, articles, ARTICLES_PER_STORY):
            name = f"Story {s // ARTICLES_PER_STORY}"
            stories[s // ARTICLES_PER_STORY] = story_id(name)
        connection.execute(
            insert(Story),
            [
                {"id": sid, "name": f"Story {n}", "manual": False, "created_at": now}
                for n, sid in stories.items()
            ],
        )
        for first in range(0, articles, CHUNK // CLAIMS_PER_ARTICLE):
            article_rows, claim_rows, label_rows, link_rows, adjudication_rows = [], [], [], [], []
            previous_claims = None
            for a in range(first, min(articles, first + CHUNK // CLAIMS_PER_ARTICLE)):
                sentences = [_sentence(a, n) for n in range(CLAIMS_PER_ARTICLE)]
                text = f"Report {a}\n" + " ".join(sentences)
                aid = article_id(text)
                article_rows.append(
                    {
                        "id": aid, "story_id": stories[a // ARTICLES_PER_STORY],
                        "title": f"Report {a}", "source": "Bench Wire", "url": f"https://b.example/{a}",
                        "published": "2025-06-01", "origin": f"bench:{a}", "raw_sha256": "0" * 64,
                        "text": text, "meta": {}, "story_pinned": True, "imported_at": now, "position": a,
                    }
                )  # fmt: skip
                offset = len(f"Report {a}\n")
                ids = []
                for n, sentence in enumerate(sentences):
                    start, end = offset, offset + len(sentence)
                    offset = end + 1
                    cid = claim_id(aid, start, end)
                    ids.append(cid)
                    claim_rows.append(
                        {
                            "id": cid, "article_id": aid, "start": start, "end": end, "text": sentence,
                            "reasons": ["number"], "speaker": None, "pipeline": "bench-1.0",
                            "origin": "extracted", "active": True,
                        }
                    )  # fmt: skip
                    k = a * CLAIMS_PER_ARTICLE + n
                    first_label = labels[k % 4]
                    second_label = first_label if k % 5 else labels[(k + 1) % 4]
                    for who, label in (("ann", first_label), ("ben", second_label)):
                        label_rows.append(
                            {
                                "claim_id": cid, "annotator": who, "label": label,
                                "note": "checked" if k % 13 == 0 else None, "stale": False,
                                "updated_at": now,
                            }
                        )  # fmt: skip
                    if k % 50 == 0:
                        adjudication_rows.append(
                            {"claim_id": cid, "label": first_label, "adjudicator": "lead", "note": None, "updated_at": now}
                        )  # fmt: skip
                if previous_claims is not None and a % ARTICLES_PER_STORY:
                    # one link per claim-in-ten, to the same-position claim of the previous article
                    for x, y in zip(previous_claims, ids, strict=True):
                        if (hash(x) & 1) and len(link_rows) < len(claim_rows) // 10:
                            pair = (x, y) if x < y else (y, x)
                            link_rows.append(
                                {"annotator": "ann", "claim_a": pair[0], "claim_b": pair[1], "kind": "agree", "updated_at": now}
                            )  # fmt: skip
                previous_claims = ids
            for model, rows in (
                (Article, article_rows),
                (Claim, claim_rows),
                (LabelRow, label_rows),
                (LinkRow, link_rows),
                (Adjudication, adjudication_rows),
            ):
                if rows:
                    connection.execute(insert(model), rows)
            print(
                f"  built {min(articles, first + CHUNK // CLAIMS_PER_ARTICLE) * CLAIMS_PER_ARTICLE:,} claims",
                file=sys.stderr,
            )
    if not sqlite:  # as autovacuum would, soon after such a load
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    db.dispose()
    if sqlite:
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        tmp.rename(path)


def _is_url(db) -> bool:
    return "://" in str(db)


def _postgres_database(base_url: str, size: int) -> str:
    """`{base}_{size}`: created empty when missing, recreated when a build did not finish
    (fewer claims than wanted). Returns its URL, or "" when it holds the corpus already."""
    from sqlalchemy import create_engine, make_url, text

    url = make_url(base_url)
    url = url.set(database=f"{url.database}_{size}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        )
        if exists:
            probe = create_engine(url)
            try:
                with probe.connect() as db:
                    count = db.scalar(text("SELECT count(*) FROM claims"))
            except Exception:  # no claims table: an interrupted build
                count = None
            probe.dispose()
            if count == size:
                admin.dispose()
                return ""
            connection.execute(text(f'DROP DATABASE "{url.database}"'))
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


# --- measurements (each in its own process) -------------------------------------------------


def _peak_rss_mb() -> float:
    """This process's peak resident set. VmHWM belongs to the process image; ru_maxrss would
    carry the parent's peak (the database build) across fork and exec on Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # elsewhere: best effort


def measure(db_path: str, mode: str, out_dir: str) -> dict:
    out = Path(out_dir)
    if mode == "baseline":
        started, cpu = time.perf_counter(), time.process_time()
        count = 0
        cursor = _baseline_cursor(db_path)
        columns = [c[0] for c in cursor.description]
        with open(out / "baseline.jsonl", "w", encoding="utf-8") as handle:
            for row in cursor:
                handle.write(json.dumps(dict(zip(columns, row, strict=True))))
                handle.write("\n")
                count += 1
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        return {"records": count, "seconds": seconds, "cpu": cpu, "peak_rss_mb": _peak_rss_mb()}
    from claimdesk.export import ExportRequest, export_dataset
    from claimdesk.store.engine import open_database

    db = open_database(db_path)
    if mode == "tracemalloc":
        import tracemalloc

        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    result = export_dataset(db, ExportRequest("jsonl", out / "claims.jsonl"))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    data = {
        "records": result.records,
        "seconds": seconds,
        "cpu": cpu + _workers_cpu(),
        "parent_cpu": cpu,
        "peak_rss_mb": _peak_rss_mb(),
    }
    if mode == "tracemalloc":
        data["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    return data


def _workers_cpu() -> float:
    """CPU seconds of this process's descendants: the fork server (which also counts the
    workers it reaped) and any worker still exiting, waited for (this process started nothing
    before the export, so they are all the export's)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_children(pid) for pid in _children("self")):
        time.sleep(0.05)  # the workers exit once their last chunk is done
    return sum(_cpu_of(pid) for pid in _children("self"))


def _children(pid) -> list[str]:
    found = []
    for path in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += path.read_text().split()
        except OSError:
            continue
    return found


def _cpu_of(pid: str) -> float:
    """utime + stime + cutime + cstime of a live process, and of its live children."""
    import os

    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    own = sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_of(child) for child in _children(pid))


def _sized_url(base_url: str, size: int) -> str:
    from sqlalchemy import make_url

    url = make_url(base_url)
    return url.set(database=f"{url.database}_{size}").render_as_string(hide_password=False)


def _baseline_cursor(db: str):
    """The claims table, one plain SELECT: SQLite's cursor, or a server-side (streaming)
    cursor of psycopg on PostgreSQL (its JSON reasons come decoded, which json.dumps takes)."""
    sql = 'SELECT id, article_id, start, "end", text, speaker, reasons, pipeline FROM claims'
    if _is_url(db):
        import psycopg
        from sqlalchemy import make_url

        url = make_url(db)
        connection = psycopg.connect(
            host=url.host, port=url.port, user=url.username, dbname=url.database
        )
        cursor = connection.cursor(name="baseline")
        cursor.itersize = 2000
        cursor.execute(sql)
        return cursor
    import sqlite3

    return sqlite3.connect(db).execute(sql)


def _run(db: Path | str, mode: str, out_dir: Path) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, "--worker", str(db), mode, str(out_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/claimdesk-bench-export"))
    parser.add_argument(
        "--db",
        help="a PostgreSQL URL (postgresql+psycopg://user@host:port/name): the corpora go in "
        "databases name_N, created when missing (default: SQLite files in --dir)",
    )
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(*args.worker)))
        return 0
    args.dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in (args.claims // 10, args.claims):
        if args.db:
            db = _postgres_database(args.db, size)
            needs_build = bool(db)
            db = db or _sized_url(args.db, size)
        else:
            db = args.dir / f"bench-{size}.db"
            needs_build = not db.exists()
        if needs_build:
            print(f"building {db} ({size:,} claims)…", file=sys.stderr)
            started = time.perf_counter()
            build(db, size)
            print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        out = args.dir / f"out-{size}{'-pg' if args.db else ''}"
        out.mkdir(exist_ok=True)
        export = _run(db, "export", out)
        baseline = _run(db, "baseline", out)
        traced = _run(db, "tracemalloc", out)
        size_mb = (out / "claims.jsonl").stat().st_size / 2**20
        rows.append((size, export, baseline, traced, size_mb))
    print(f"{'claims':>10} {'export rec/s':>13} {'json.dumps rec/s':>17} {'ratio':>6} "
          f"{'export rec/cpu-s':>17} {'json.dumps rec/cpu-s':>21} {'cpu ratio':>10} "
          f"{'export peak RSS':>16} {'baseline RSS':>13} {'tracemalloc peak':>17} {'file':>9} "
          f"{'wall s':>7} {'base wall s':>11} {'export cpu-s (parent)':>22} {'base cpu-s':>10}")  # fmt: skip
    for size, export, baseline, traced, size_mb in rows:
        export_rate = export["records"] / export["seconds"]
        baseline_rate = baseline["records"] / baseline["seconds"]
        export_cpu_rate = export["records"] / export["cpu"]
        baseline_cpu_rate = baseline["records"] / baseline["cpu"]
        print(
            f"{size:>10,} {export_rate:>13,.0f} {baseline_rate:>17,.0f} "
            f"{export_rate / baseline_rate:>6.2f} {export_cpu_rate:>17,.0f} "
            f"{baseline_cpu_rate:>21,.0f} {export_cpu_rate / baseline_cpu_rate:>10.2f} "
            f"{export['peak_rss_mb']:>13.0f} MB "
            f"{baseline['peak_rss_mb']:>10.0f} MB {traced['tracemalloc_peak_mb']:>14.1f} MB "
            f"{size_mb:>6.0f} MB {export['seconds']:>7.2f} {baseline['seconds']:>11.2f} "
            f"{export['cpu']:>13.2f} ({export['parent_cpu']:>5.2f}) {baseline['cpu']:>10.2f}"
        )
        assert export["records"] == size, export
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
