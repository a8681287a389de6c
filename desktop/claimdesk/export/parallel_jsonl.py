"""The JSONL export of a large corpus, rendered by worker processes.

Reading a claim's rows and rendering its record (labels, gold rule, context, the JSON) costs
several times what a plain `json.dumps` loop spends per row, and one process does it on one
core. A large export is therefore cut into chunks of whole articles, contiguous in export
order (`export_rows.chunk_plan`); each worker process opens its own connection, reads every
row of its chunk (adjudications and links too, sought claim by claim), renders the chunk to
its JSON Lines and counts, and writes them into the export's temporary file at the
chunk's offset (`_Sequence` hands the offsets out in chunk order); this process merges the
counts. The bytes are the ones a single process writes, and the counts merge to the same
figures.

Memory stays flat: at most `IN_FLIGHT` chunks per worker are queued or rendered, and a
chunk's bytes are written and dropped before the next is asked for. A cancel (raised by
`on_window` after a chunk is written), a failed write (a full disk) or a worker's error (a
locked database, raised here as the catalogue's error) starts no further chunk: the workers
finish the ones they are rendering, write none of them (`_Sequence.abort`), and the file is
dropped once they are done. A worker ends with this process if it is killed.

Small exports, in-memory databases and frozen bundles (whose executable cannot start a
worker without `multiprocessing.freeze_support` in its launcher) stay in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.forkserver
import os
import sys
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass

from claimdesk.errors import ExportError
from claimdesk.export.jsonl import write_claim_lines
from claimdesk.export.records import (
    ClaimFilter,
    ExportCancelled,
    resolve_stories,
)
from claimdesk.export.splits import SplitPlan, StorySplits
from claimdesk.export.stats import ExportStats
from claimdesk.store import export_rows
from claimdesk.store.export_rows import ExportChunk

PARALLEL_FROM = 40_000  # claims; below this, starting the workers costs more than they save
CHUNK_CLAIMS = 10_000  # claims per chunk: about 10 MB of JSON Lines (5,000: 6% slower)
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
    index: int  # the chunk's place in the file


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
    path: str,
    job,  # writers.Job
    url: str,
    chunks: list[tuple[str, int]],
    workers: int,
) -> int:
    """Render `chunks` in `workers` processes, which write them into the (empty) file at
    `path` in order; returns the records written (counted into `job.stats`)."""
    claim_filter = job.request.claim_filter
    session = job.session
    story_ids = resolve_stories(session, claim_filter.stories) if claim_filter.stories else None
    count = read = 0
    context = _context()
    sequence = _Sequence(context)
    with ExitStack() as stack:
        tasks = _tasks(chunks, claim_filter, story_ids, job.splits.plan, job.stats)
        pool = ProcessPoolExecutor(
            min(workers, len(chunks)),
            mp_context=context,
            initializer=_open_worker,
            initargs=(url, path, sequence),
        )
        # done, cancelled or failed: no new chunk starts, and the workers finish the ones
        # they are rendering (a few tenths of a second) before the file is dropped or renamed
        stack.callback(pool.shutdown, wait=True, cancel_futures=True)
        # first (callbacks run last in, first out): a worker waiting for the turn of a chunk
        # that will never take it (failed before it could, cancelled) stops waiting, or the
        # shutdown above would wait for it for ever
        stack.callback(sequence.abort)
        pending: deque = deque()
        try:
            for task in tasks:
                # (a worker that died makes the pool refuse new chunks too)
                pending.append((task.claims, pool.submit(_render, task)))
                if len(pending) >= workers * IN_FLIGHT:
                    count, read = _take_next(job, pending, count, read)
            while pending:
                count, read = _take_next(job, pending, count, read)
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


def _take_next(job, pending: deque, count: int, read: int) -> tuple[int, int]:
    """The counts of the next chunk, once its worker has written it."""
    claims, future = pending.popleft()
    rendered: _Rendered = future.result()  # a worker's error is raised here
    job.stats.merge(rendered.stats)
    read += claims
    job.on_window(read)  # progress; raises ExportCancelled on a cancel
    return count + rendered.records, read


class _Sequence:
    """Where each chunk goes in the file: chunk i takes its offset once chunk i - 1 has taken
    its own (shared by the workers). The workers take their chunks in submission order, so
    the chunk before a running one is running or done, and a worker waits at most for the
    time its neighbour takes to finish rendering."""

    def __init__(self, context):
        self.turn = context.Condition()
        self.next_chunk = context.RawValue("q", 0)
        self.next_offset = context.RawValue("q", 0)
        self.aborted = context.RawValue("b", 0)

    def take(self, index: int, size: int) -> int:
        """The offset of chunk `index`, `size` bytes long (a chunk that failed takes 0
        bytes, so the ones after it do not wait for ever)."""
        with self.turn:
            # a chunk before this one may never take its turn: one that failed before it
            # could (Ctrl+C reaches the workers too), or one cancelled with the export;
            # `abort` then says so, seen here within a wait, and no chunk is written after it
            while self.aborted.value or self.next_chunk.value != index:
                if self.aborted.value:
                    raise ExportCancelled()
                self.turn.wait(timeout=0.2)  # (a killed export ends its workers: `_end_with`)
            offset = self.next_offset.value
            self.next_offset.value = offset + size
            self.next_chunk.value = index + 1
            self.turn.notify_all()
        return offset

    def abort(self) -> None:
        """The export is over (done, failed or cancelled): no chunk waits for its turn. Not
        under the lock, nor with a notify: a multiprocessing Condition's notify waits until
        every sleeper has woken, and a worker killed in its sleep (the pool kills the others
        when one dies) never wakes; nor would a lock held by a worker killed holding it."""
        self.aborted.value = 1


def _tasks(
    chunks: list[tuple[str, int]],
    claim_filter: ClaimFilter,
    story_ids: list[str] | None,
    plan: SplitPlan,
    stats: ExportStats,
) -> Iterator[_Task]:
    stories = tuple(story_ids) if story_ids is not None else None
    for index, (low, claims) in enumerate(chunks):
        high = chunks[index + 1][0] if index + 1 < len(chunks) else None
        # the first chunk from the start: an article added since the plan still has one
        chunk = ExportChunk(low if index else "", high)
        yield _Task(
            chunk,
            claims,
            claim_filter,
            stories,
            plan,
            stats.ratings is not None,
            index,
        )


def _context():
    """Workers forked from a fork server where there is one (started once per process, with
    the export's modules imported), spawned elsewhere: never forked from this process, whose
    other threads (the window's, the read-ahead) may hold locks."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        multiprocessing.forkserver.ensure_running()  # its imports overlap the first tasks
        return context
    return multiprocessing.get_context("spawn")


# --- in the worker ---------------------------------------------------------------------------

_worker: dict = {}


def _open_worker(url: str, path: str, sequence: _Sequence) -> None:
    _worker.update(url=url, path=path, sequence=sequence)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent) -> None:
    """Ends this worker when the export's process ends (killed, crashed). The pool's worker
    loop catches whatever a chunk raises (SystemExit too) and then waits for its next chunk
    for ever; so would a worker rendering or waiting for its turn."""
    parent.join()
    os._exit(1)


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
    """Render one chunk's JSON Lines (as `jsonl.write_claim_lines` writes them) and write
    them at the chunk's place in the file; returns its counts."""
    sequence: _Sequence = _worker["sequence"]
    try:
        parts, rendered = _render_in_memory(task)
    except BaseException:
        sequence.take(task.index, 0)
        raise
    size = sum(map(len, parts))
    write_at(_worker["path"], parts, sequence.take(task.index, size))
    return rendered


def write_at(path: str, parts: list[bytes], offset: int) -> None:
    """Write `parts`, one after the other, into the file at `path` from `offset` on
    (unbuffered, so every byte is on its way to the disk, and a full disk is raised, before
    the chunk is reported done; in parts, as rendered, not joined into one copy first)."""
    with open(path, "r+b", buffering=0) as file:
        file.seek(offset)
        for part in parts:
            view = memoryview(part)
            while view:  # a raw write may take part of it (a signal, a network drive)
                view = view[file.write(view) :]


def _render_in_memory(task: _Task) -> tuple[list[bytes], _Rendered]:
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


def _render_chunk(
    db, task: _Task, claim_filter: ClaimFilter, stats: ExportStats
) -> tuple[list[bytes], _Rendered]:
    parts = _Parts()
    with db.sessions() as session:
        write_claim_lines(
            parts, session, claim_filter, StorySplits(task.plan), stats, chunk=task.chunk
        )
    return parts, _Rendered(stats, stats.records)


class _Parts(list):
    """A chunk's JSON Lines as written, kept in the pieces `jsonl` writes (tens of kB each,
    which the heap reuses, rather than megabytes of fresh pages joined per window) until the
    chunk's turn in the file comes."""

    write = list.append
