"""The JSONL export rendered by worker processes (export/parallel_jsonl.py): the same bytes,
counts and card as one process, in chunks of a few claims; a cancel, a full disk and a
worker's database error leave nothing behind."""

from __future__ import annotations

import errno
import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest
from test_jsonl_reference import FILTERS, _enrich, reference_jsonl

from claimdesk.errors import DatabaseError, ExportError
from claimdesk.export import (
    ClaimFilter,
    ExportCancelled,
    ExportRequest,
    export_dataset,
    parallel_jsonl,
)
from claimdesk.export.gold import ADJUDICATED
from claimdesk.export.splits import SplitPlan
from claimdesk.export.stats import ExportStats


@pytest.fixture
def chunks_written(monkeypatch):
    """Every export in the test goes through two workers, four claims a chunk; the list
    holds the number of chunks each export wrote (so a test fails if it ran in one process)."""
    monkeypatch.setenv(parallel_jsonl.ENVIRONMENT, "2")
    monkeypatch.setattr(parallel_jsonl, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel_jsonl, "CHUNK_CLAIMS", 4)
    written: list[int] = []
    real = parallel_jsonl._take_next

    def counting(job, pending, count, read):
        if not written or read == 0:
            written.append(0)
        written[-1] += 1
        return real(job, pending, count, read)

    monkeypatch.setattr(parallel_jsonl, "_take_next", counting)
    return written


@pytest.mark.parametrize("claim_filter", FILTERS, ids=lambda f: f.describe())
def test_workers_write_the_reference_byte_for_byte(
    labelled_any, tmp_path, claim_filter, chunks_written
):
    _enrich(labelled_any)
    plan = SplitPlan(0.5, 0.25, 0.25, seed=3)
    out = tmp_path / "claims.jsonl"
    export_dataset(labelled_any.db, ExportRequest("jsonl", out, claim_filter, plan, card=False))
    assert chunks_written and chunks_written[0] > 2  # a filtered story set: its claims alone
    assert out.read_bytes() == reference_jsonl(labelled_any.db, claim_filter, plan)


def _card_and_summary(db, folder):
    result = export_dataset(db, ExportRequest("jsonl", folder / "claims.jsonl"))
    card = (folder / "README.md").read_text(encoding="utf-8").splitlines()
    return [line for line in card if not line.startswith("Exported ")], result.to_dict()


def test_workers_count_what_one_process_counts(labelled, tmp_path, monkeypatch):
    _enrich(labelled)
    (tmp_path / "one").mkdir()
    (tmp_path / "many").mkdir()
    monkeypatch.setenv(parallel_jsonl.ENVIRONMENT, "0")
    one = _card_and_summary(labelled.db, tmp_path / "one")
    monkeypatch.setenv(parallel_jsonl.ENVIRONMENT, "2")
    monkeypatch.setattr(parallel_jsonl, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel_jsonl, "CHUNK_CLAIMS", 3)
    many = _card_and_summary(labelled.db, tmp_path / "many")
    for name in ("one", "many"):
        many[1]["files"] = [f.replace(f"/{name}/", "/") for f in many[1]["files"]]
        one[1]["files"] = [f.replace(f"/{name}/", "/") for f in one[1]["files"]]
    many[1]["card"] = one[1]["card"] = None
    assert many == one
    assert (tmp_path / "many" / "claims.jsonl").read_bytes() == (
        tmp_path / "one" / "claims.jsonl"
    ).read_bytes()


def test_a_cancel_between_chunks_leaves_nothing(labelled, tmp_path, chunks_written):
    asked = []

    def cancel_after_the_first_chunk() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(ExportCancelled):
        export_dataset(
            labelled.db,
            ExportRequest("jsonl", tmp_path / "claims.jsonl"),
            is_cancelled=cancel_after_the_first_chunk,
        )
    assert chunks_written == [2]
    assert not any(p.name.startswith(("claims", ".claims", "README")) for p in tmp_path.iterdir())


def _filling_disk(room: int):
    """parallel_jsonl.write_at on a disk with `room` bytes left."""
    real = parallel_jsonl.write_at

    def write(path, parts, offset):
        nonlocal room
        if sum(map(len, parts)) > room:
            raise OSError(errno.ENOSPC, "No space left on device")
        room -= sum(map(len, parts))
        return real(path, parts, offset)

    return write


def test_a_full_disk_between_chunks_leaves_nothing(labelled, tmp_path, monkeypatch, chunks_written):
    """The workers write the chunks; one finds the disk full. (Forked workers, so that they
    inherit the full disk of this test.)"""
    monkeypatch.setattr(parallel_jsonl, "write_at", _filling_disk(5000))
    monkeypatch.setattr(parallel_jsonl, "_context", lambda: multiprocessing.get_context("fork"))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match="disk is full"):
        export_dataset(labelled.db, ExportRequest("jsonl", out / "claims.jsonl", card=False))
    assert chunks_written and chunks_written[0] > 1
    assert list(out.iterdir()) == []


def test_write_at_writes_at_the_offset_around_what_is_there(tmp_path):
    path = tmp_path / "file"
    path.write_bytes(b"0123456789")
    parallel_jsonl.write_at(str(path), [b"ab", b"", b"c"], 4)
    parallel_jsonl.write_at(str(path), [b"XY"], 12)  # past the end: the gap reads as zeros
    assert path.read_bytes() == b"0123abc789\0\0XY"


def test_output_that_is_not_a_file_is_written_by_this_process(labelled, tmp_path, monkeypatch):
    """A pipe (standard output) cannot be written at an offset: one process writes it."""
    monkeypatch.setenv(parallel_jsonl.ENVIRONMENT, "2")
    monkeypatch.setattr(parallel_jsonl, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel_jsonl, "CHUNK_CLAIMS", 4)
    monkeypatch.setattr(
        parallel_jsonl, "write_claims_jsonl_parallel", lambda *a: pytest.fail("workers used")
    )
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    export_dataset(labelled.db, ExportRequest("jsonl", fifo, card=False))
    reader.join(timeout=30)
    assert received == [reference_jsonl(labelled.db, ClaimFilter(), SplitPlan())]


def test_a_database_error_in_a_worker_is_the_catalogue_error(labelled, tmp_path, chunks_written):
    """The workers open the database after the export started: here it has been moved away
    (with its WAL), so theirs is a new file without tables; the export reads its own open
    file. (A worker that cannot start at all leaves the export to this process.) Whether the
    worker finds a new empty file or one still being moved (locked), the error names it."""
    path = tmp_path / "labelled.db"

    def move_the_database(read: int, total: int) -> None:
        if read == 0 and path.exists():
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{path}{suffix}").exists():
                    Path(f"{path}{suffix}").rename(tmp_path / f"moved.db{suffix}")

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DatabaseError, match="claims|locked"):
        export_dataset(
            labelled.db, ExportRequest("jsonl", out / "claims.jsonl"), on_progress=move_the_database
        )
    assert list(out.iterdir()) == []


def test_small_exports_and_memory_databases_stay_in_one_process(labelled, tmp_path):
    assert parallel_jsonl.PARALLEL_FROM > 1000
    with labelled.db.sessions() as session:
        assert parallel_jsonl.plan_chunks(session, ClaimFilter()) is None  # a few dozen claims
    from claimdesk.store.engine import open_database

    memory = open_database("sqlite://")
    with memory.sessions() as session:
        assert parallel_jsonl.database_url(session) is None
    memory.dispose()


# --- counts merged chunk by chunk ------------------------------------------------------------


def _record(n: int, labels: list[str], *, adjudicated: bool = False) -> dict:
    return {
        "id": f"c{n}",
        "article_id": f"a{n // 2}",
        "story_id": f"s{n // 4}",
        "split": "train" if n % 3 else "test",
        "gold_label": labels[0] if labels else None,
        "gold_source": ADJUDICATED if adjudicated else ("majority" if labels else None),
        "gold_flag": None if labels else "no_labels",
        "pipeline": "p",
        "annotations": [{"annotator": f"a{i}", "label": label} for i, label in enumerate(labels)],
        "links": [{"kind": "agree"}] if n % 5 == 0 else [],
    }


def _records() -> list[dict]:
    votes = [["x", "x"], ["x", "y"], ["x", "x", "y"], ["x", "y", "z"], [], ["y", "y", "y", "x"]]
    return [_record(n, votes[n % len(votes)], adjudicated=n % 7 == 0) for n in range(60)]


@pytest.mark.parametrize("limit", [10, 12, 13, 30, 1000])
def test_merged_counts_are_the_counts_of_the_whole(monkeypatch, limit):
    from claimdesk.export import stats as stats_module

    monkeypatch.setattr(stats_module, "RATINGS_LIMIT", limit)
    records = _records()
    whole = ExportStats()
    whole.add_records(records)
    merged = ExportStats()
    for start in range(0, len(records), 6):  # chunks of whole articles (two claims each)
        chunk = ExportStats()
        chunk.add_records(records[start : start + 6])
        merged.merge(chunk)
    assert merged.to_dict() == whole.to_dict()
    assert merged.observed_agreement == whole.observed_agreement
    assert (merged.ratings, merged.adjudicated) == (whole.ratings, whole.adjudicated)
    assert list(merged.gold_sources) == list(whole.gold_sources)  # first-seen order too


def test_observed_agreement_is_exact():
    stats = ExportStats()
    stats.add_records([_record(0, ["x", "x", "y"]), _record(1, ["x", "y"]), _record(2, ["z"] * 4)])
    # (1/3 + 0 + 1) / 3
    assert stats.observed_agreement == (1 / 3 + 1) / 3
    assert ClaimFilter().is_empty


def test_a_story_export_counts_the_story_claims_as_one_process_does(
    labelled, tmp_path, monkeypatch, chunks_written
):
    """Progress of one story's export: the claims read are that story's, not the corpus's
    (a lead exporting a story of a large corpus saw "100000 of 1000 claims read")."""
    claim_filter = ClaimFilter(stories=("Storm warning",))
    monkeypatch.setattr(parallel_jsonl, "CHUNK_CLAIMS", 1)  # a chunk per article

    def progress_of(name: str) -> list[tuple[int, int]]:
        seen: list[tuple[int, int]] = []
        out = tmp_path / f"{name}.jsonl"
        request = ExportRequest("jsonl", out, claim_filter, card=False)
        export_dataset(labelled.db, request, on_progress=lambda *p: seen.append(p))
        return seen

    many = progress_of("many")
    assert chunks_written and chunks_written[0] > 1  # the workers wrote it
    monkeypatch.setenv(parallel_jsonl.ENVIRONMENT, "0")
    one = progress_of("one")
    total = one[-1][1]
    assert total == len(labelled.claims["Storm warning"])
    assert max(done for done, _ in many) == max(done for done, _ in one)
    assert all(done <= total for done, _ in many)
    assert (tmp_path / "many.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()


def _render_unless_flagged(flag: str, task):
    """In a worker: a chunk asked for once `flag` exists ends the worker abruptly, as the
    out-of-memory killer would."""
    if os.path.exists(flag):
        os._exit(9)
    return parallel_jsonl._render(task)


def test_a_worker_killed_mid_export_is_a_clear_error_and_leaves_nothing(
    labelled, tmp_path, monkeypatch, chunks_written
):
    import functools

    flag = tmp_path / "die"
    monkeypatch.setattr(
        parallel_jsonl, "_render", functools.partial(_render_unless_flagged, str(flag))
    )

    def kill_after_the_first_chunk(read: int, total: int) -> None:
        if read:
            flag.touch()

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match="ended unexpectedly"):
        export_dataset(
            labelled.db,
            ExportRequest("jsonl", out / "claims.jsonl"),
            on_progress=kill_after_the_first_chunk,
        )
    assert chunks_written and chunks_written[0] > 1
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    "claim_filter",
    [ClaimFilter(annotator="alice"), ClaimFilter(gold_only=True), ClaimFilter(min_agreement=1.0)],
    ids=["by annotator", "gold only", "min agreement"],
)
def test_progress_never_passes_its_total_whatever_the_filter_keeps(
    labelled, tmp_path, monkeypatch, chunks_written, claim_filter
):
    """The total counts what the export reads (every claim of its stories), as the progress
    does: a filter that keeps few claims no longer shows "40 of 12 claims read"."""
    for processes in ("2", "0"):  # workers (four claims a chunk), then one process
        monkeypatch.setenv(parallel_jsonl.ENVIRONMENT, processes)
        seen: list[tuple[int, int]] = []
        request = ExportRequest("jsonl", tmp_path / f"out{processes}.jsonl", claim_filter)
        export_dataset(labelled.db, request, on_progress=lambda *p, seen=seen: seen.append(p))
        total = seen[-1][1]
        assert all(done <= total for done, _ in seen), seen
        assert seen[-1] == (total, total)
    assert chunks_written and chunks_written[0] > 1  # the first export ran in the workers


def _fail_before_its_turn(failing: int, task):
    """In a worker: chunk `failing` ends before it takes its turn in the file, as a chunk
    does when Ctrl+C reaches its worker while it waits for the chunk before it."""
    if task.index == failing:
        raise RuntimeError("interrupted before its turn")
    return parallel_jsonl._render(task)


def test_a_chunk_that_fails_before_its_turn_does_not_hang_the_export(
    labelled, tmp_path, monkeypatch, chunks_written
):
    """The chunks after it wait for a turn that never comes; the export must still end (it
    hung in the pool's shutdown, which waits for them)."""
    import functools
    from concurrent.futures import ProcessPoolExecutor

    pools = []

    class RecordedPool(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(parallel_jsonl, "ProcessPoolExecutor", RecordedPool)
    monkeypatch.setattr(parallel_jsonl, "_render", functools.partial(_fail_before_its_turn, 1))
    out = tmp_path / "out"
    out.mkdir()
    raised: list[BaseException] = []

    def export() -> None:
        try:
            export_dataset(labelled.db, ExportRequest("jsonl", out / "claims.jsonl"))
        except Exception as exc:
            raised.append(exc)

    thread = threading.Thread(target=export)
    thread.start()
    thread.join(timeout=60)
    hung = thread.is_alive()
    if hung:  # end the workers that wait for ever, so that the test itself ends
        for pool in pools:
            for process in list((pool._processes or {}).values()):
                process.kill()
        thread.join(timeout=60)
    assert not hung, "the export hung"
    assert chunks_written and chunks_written[0] >= 2
    assert [type(exc) for exc in raised] == [RuntimeError]
    assert "before its turn" in str(raised[0])
    assert list(out.iterdir()) == []


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.split() == ["State:", "Z", "(zombie)"] for line in status)
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_the_workers_end_when_the_export_process_is_killed(labelled, tmp_path):
    """The workers of an export whose process was killed (the app crashed, a kill -9) stayed
    for ever, waiting in the pool for their next chunk."""
    import signal
    import subprocess
    import sys
    import time

    import claimdesk

    folder = tmp_path / "started"
    folder.mkdir()
    here = Path(__file__).parent
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(claimdesk.__file__).parents[1]), str(here)])
    export = subprocess.Popen(
        [
            sys.executable,
            str(here / "killed_parent.py"),
            str(labelled.db.url),
            str(tmp_path / "claims.jsonl"),
            str(folder),
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while {name.split("-")[0] for name in os.listdir(folder)} < {"0", "1"}:
            assert export.poll() is None, "the export ended before its chunks started"
            assert time.monotonic() < deadline, "the chunks never started"
            time.sleep(0.05)
        time.sleep(0.5)  # the second chunk's worker now waits for the first
    finally:
        export.kill()
        export.wait()
    workers = {int(name.split("-")[1]) for name in os.listdir(folder)}
    deadline = time.monotonic() + 20
    while not all(map(_ended, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if not _ended(pid)]
    for pid in left:  # clean up after a failure
        os.kill(pid, signal.SIGKILL)
    assert left == []


def _wait_for_turn(sequence, index: int) -> None:
    sequence.take(index, 10)


def test_the_export_ends_when_a_worker_was_killed_while_it_waited_for_its_turn():
    """The pool kills the other workers when one dies; one of them may be waiting for its
    turn. Ending the export (`abort`) must not wait for it to wake: a multiprocessing
    Condition's notify does, for ever (the worker-killed test hung now and then)."""
    context = multiprocessing.get_context("fork")
    sequence = parallel_jsonl._Sequence(context)
    waiting = context.Process(target=_wait_for_turn, args=(sequence, 1))
    waiting.start()
    time.sleep(0.5)  # asleep in take(): chunk 0 never takes its turn
    waiting.kill()
    waiting.join()
    ended = threading.Event()
    threading.Thread(target=lambda: (sequence.abort(), ended.set()), daemon=True).start()
    assert ended.wait(timeout=10), "abort() waited for a dead worker"
