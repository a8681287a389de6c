"""The JSONL export of a large corpus, rendered by worker processes.

Reading a claim's rows and rendering its record (labels, gold rule, context, the JSON) costs
several times what a plain `json.dumps` loop spends per row, and one process does it on one
core. A large export is therefore cut into chunks of whole articles, contiguous in export
order (`export_rows.chunk_plan`); each worker process opens its own connection, renders a
chunk to its JSON Lines and counts, and this process writes the chunks in order. The bytes are
the ones a single process writes, and the counts merge to the same figures.

The sparse streams (adjudications, links) are read here, once, and each chunk is handed its
rows: SQLite has no index that finds a chunk's links by their first claim, so a worker would
scan the whole links table for every chunk.

Memory stays flat: at most `IN_FLIGHT` chunks per worker are queued or rendered, and a
chunk's bytes are written and dropped before the next is asked for. A cancel (raised by
`on_window` after a chunk is written), a failed write (a full disk) or a worker's error (a
locked database, raised here as the catalogue's error) stops the workers at once.

Small exports, in-memory databases and frozen bundles (whose executable cannot start a
worker without `multiprocessing.freeze_support` in its launcher) stay in one process.
"""

from __future__ import annotations

import errno
import gc
import io
import multiprocessing
import os
import shutil
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from claimdesk.errors import ExportError
from claimdesk.export.jsonl import CHUNK as LINES_PER_WRITE
from claimdesk.export.jsonl import encode_lines, encode_rendered
from claimdesk.export.records import ClaimFilter, iter_record_windows, resolve_stories
from claimdesk.export.rendered import iter_rendered_windows
from claimdesk.export.splits import SplitPlan, StorySplits
from claimdesk.export.stats import ExportStats
from claimdesk.store import export_rows
from claimdesk.store.export_rows import DONE, SPARSE, ExportChunk, can_render

PARALLEL_FROM = 40_000  # claims; below this, starting the workers costs more than they save
CHUNK_CLAIMS = 5_000  # claims per chunk: about 5 MB of JSON Lines
IN_FLIGHT = 2  # chunks per worker queued or being rendered
MAX_WORKERS = 4
ENVIRONMENT = "CLAIMDESK_EXPORT_PROCESSES"  # a number of worker processes; 0 or 1: none


def worker_count() -> int:
    """How many worker processes an export may use here (0: render in this process)."""
    wanted = os.environ.get(ENVIRONMENT, "").strip()
    if wanted.isdigit():
        count = int(wanted)
    else:
        try:
            count = min(len(os.sched_getaffinity(0)), MAX_WORKERS)
        except AttributeError:  # not on Linux
            count = min(os.cpu_count() or 1, MAX_WORKERS)
    if count < 2 or getattr(sys, "frozen", False) or multiprocessing.current_process().daemon:
        return 0  # one core; a frozen bundle; a daemon process, which cannot start workers
    return count


def database_url(session) -> str | None:
    """The URL of the session's database that a worker opens (with its password), or None
    when a worker cannot open the same database (an in-memory one)."""
    url = session.get_bind().url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


@dataclass(frozen=True)
class _Task:
    chunk: ExportChunk
    claims: int  # in the chunk, kept or not (progress)
    claim_filter: ClaimFilter
    story_ids: tuple[str, ...] | None
    plan: SplitPlan
    keep_ratings: bool  # False once the parent has given up holding the card's ratings
    spool: str  # the file the worker writes the chunk's JSON Lines to


@dataclass
class _Rendered:
    stats: ExportStats
    records: int


def plan_chunks(session, claim_filter: ClaimFilter) -> list[tuple[str, int]] | None:
    """The chunks of a parallel export of the filter's stories, or None when one process is
    the better choice."""
    stories = claim_filter.stories
    story_ids = resolve_stories(session, stories) if stories else None
    plan = export_rows.chunk_plan(session, CHUNK_CLAIMS, story_ids)
    if plan is None or len(plan) < 2 or sum(claims for _, claims in plan) < PARALLEL_FROM:
        return None
    return plan


class WorkersUnavailable(Exception):
    """The worker processes could not start (the main script cannot be imported again, as
    from standard input); nothing was written: the export runs in this process instead."""


def write_claims_jsonl_parallel(
    handle: IO[bytes],
    job,  # writers.Job
    url: str,
    chunks: list[tuple[str, int]],
    workers: int,
) -> int:
    """Render `chunks` in `workers` processes and write them to `handle` in order; returns
    the records written (counted into `job.stats`)."""
    claim_filter = job.request.claim_filter
    session = job.session
    story_ids = resolve_stories(session, claim_filter.stories) if claim_filter.stories else None
    count = read = 0
    with ExitStack() as stack:
        # each chunk's JSON Lines, written by its worker and appended here; a cleanup error
        # must not hide the export's own
        spool = Path(
            stack.enter_context(
                tempfile.TemporaryDirectory(prefix="claimdesk-export-", ignore_cleanup_errors=True)
            )
        )
        streams = export_rows.sparse_streams(
            session, story_ids, claim_filter.annotator, window=2000
        )
        for stream in streams.values():
            stack.enter_context(closing(stream))
        tasks = _tasks(chunks, streams, claim_filter, story_ids, job.splits.plan, job.stats, spool)
        pool = ProcessPoolExecutor(
            min(workers, len(chunks)),
            mp_context=_context(),
            initializer=_open_worker,
            initargs=(url,),
        )
        # done, cancelled or failed: no new chunk starts, and the workers exit after the one
        # they are rendering (a few tenths of a second), before their spool folder goes
        stack.callback(pool.shutdown, wait=True, cancel_futures=True)
        pending: deque = deque()
        try:
            for task in tasks:
                # (a worker that died makes the pool refuse new chunks too)
                pending.append(((task.claims, task.spool), pool.submit(_render, task)))
                if len(pending) >= workers * IN_FLIGHT:
                    count, read = _write_next(handle, job, pending, count, read)
            while pending:
                count, read = _write_next(handle, job, pending, count, read)
        except BrokenProcessPool:
            if not read:
                raise WorkersUnavailable() from None
            # killed from outside (the out-of-memory killer, a kill): the export's files are
            # dropped by the caller, as on any error
            raise ExportError(
                "a worker process of the export ended unexpectedly (out of memory, or killed); "
                f"nothing was written. {ENVIRONMENT}=0 exports in one process"
            ) from None
    return count


def _write_next(handle, job, pending: deque, count: int, read: int) -> tuple[int, int]:
    (claims, spool), future = pending.popleft()
    rendered: _Rendered = future.result()  # a worker's error is raised here
    append_file(handle, spool)
    os.unlink(spool)
    job.stats.merge(rendered.stats)
    read += claims
    job.on_window(read)  # progress; raises ExportCancelled on a cancel
    return count + rendered.records, read


def _tasks(
    chunks: list[tuple[str, int]],
    streams: dict[str, Iterator[tuple]],
    claim_filter: ClaimFilter,
    story_ids: list[str] | None,
    plan: SplitPlan,
    stats: ExportStats,
    spool: Path,
) -> Iterator[_Task]:
    """Each chunk with its rows of the sparse streams (whose last column is the article id of
    their claim; the streams come in export order, so a chunk's rows are the next ones below
    the next chunk's first article)."""
    ahead = {name: next(stream) for name, stream in streams.items()}
    stories = tuple(story_ids) if story_ids is not None else None
    for index, (low, claims) in enumerate(chunks):
        high = chunks[index + 1][0] if index + 1 < len(chunks) else None
        sparse = {}
        for name in SPARSE:
            rows, row, stream = [], ahead[name], streams[name]
            while row is not DONE and (high is None or row[-1] < high):
                rows.append(row)
                row = next(stream)
            ahead[name] = row
            sparse[name] = rows
        # the first chunk from the start: an article added since the plan still has one
        chunk = ExportChunk(low if index else "", high, sparse)
        yield _Task(
            chunk,
            claims,
            claim_filter,
            stories,
            plan,
            stats.ratings is not None,
            str(spool / f"{index}.jsonl"),
        )


def _context():
    """Workers forked from a fork server where there is one (started once per process, with
    the export's modules imported), spawned elsewhere: never forked from this process, whose
    other threads (the window's, the read-ahead) may hold locks."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


# --- in the worker ---------------------------------------------------------------------------

_worker: dict = {}


def _open_worker(url: str) -> None:
    _worker["url"] = url


def _database():
    """The worker's database, opened by its first chunk, not by the pool's initializer: an
    initializer's error only breaks the pool (it would pass for workers that cannot start),
    while a chunk's reaches the export as the catalogue's error (a locked or moved database)."""
    db = _worker.get("db")
    if db is None:
        from claimdesk.store.engine import open_database

        db = _worker["db"] = open_database(_worker["url"], migrate=False)
    return db


def _render(task: _Task) -> _Rendered:
    """One chunk's JSON Lines (as `jsonl.write_claims_jsonl` writes them) and counts."""
    db = _database()
    stats = ExportStats()
    if not task.keep_ratings:
        stats.ratings = None
    claim_filter = task.claim_filter
    if task.story_ids is not None:
        # the ids resolved by the parent: a story renamed meanwhile is still the same story
        claim_filter = ClaimFilter(
            claim_filter.gold_only,
            claim_filter.annotator,
            task.story_ids,
            claim_filter.min_agreement,
        )
    # the records hold no reference cycles: the collector, triggered every few hundred new
    # dicts and tuples, would walk them for nothing (a sixth of the chunk's time)
    gc.disable()
    try:
        return _render_chunk(db, task, claim_filter, stats)
    finally:
        gc.enable()


def _render_chunk(db, task: _Task, claim_filter: ClaimFilter, stats: ExportStats) -> _Rendered:
    splits = StorySplits(task.plan)
    with db.sessions() as session, open(task.spool, "wb") as spool:
        write = spool.write
        if can_render(session):  # SQLite writes the records' JSON (export/rendered.py)
            rendered = iter_rendered_windows(
                session, claim_filter, splits, keep_ratings=task.keep_ratings, chunk=task.chunk
            )
            with closing(rendered):
                for lines, tally in rendered:
                    stats.add_tally(tally)
                    write(encode_rendered(lines))
        else:
            windows = iter_record_windows(session, claim_filter, splits, chunk=task.chunk)
            with closing(windows):
                for _articles, records in windows:
                    stats.add_records(records)
                    for start in range(0, len(records), LINES_PER_WRITE):
                        write(encode_lines(records[start : start + LINES_PER_WRITE]))
    return _Rendered(stats, stats.records)


# Why a copy cannot be made by the kernel (a pipe or device as the output, another file
# system on an old kernel, no such call): the bytes are then copied through this process.
_NOT_IN_KERNEL = {errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EBADF}


def append_file(handle: IO[bytes], path: str) -> None:
    """Append the file at `path` to `handle`: copied by the kernel (`copy_file_range`) where
    it can, so the chunks' hundreds of megabytes never pass through this process."""
    handle.flush()
    with open(path, "rb") as source:
        size = os.fstat(source.fileno()).st_size
        copied = 0
        try:
            while copied < size:
                done = os.copy_file_range(source.fileno(), handle.fileno(), size - copied)
                if done == 0:
                    break
                copied += done
        except (OSError, AttributeError, io.UnsupportedOperation) as exc:
            if copied or (isinstance(exc, OSError) and exc.errno not in _NOT_IN_KERNEL):
                raise  # a full disk, an I/O error
            shutil.copyfileobj(source, handle, 1 << 20)
