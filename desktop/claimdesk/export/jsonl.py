"""JSON Lines: one claim record per line (resources/export/claim_record.schema.json).

Records are encoded with orjson (compact, UTF-8, keys in the record's own fixed order: the
same bytes as `json.dumps(record, ensure_ascii=False, separators=(",", ":"))`) and written a
window at a time, 64 joined lines per `write`, to a binary file. On SQLite the claim
records come as JSON text already (export/rendered.py), the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from itertools import islice
from typing import IO

import orjson

from claimdesk.export.records import ClaimFilter, iter_record_windows
from claimdesk.export.rendered import iter_rendered_windows
from claimdesk.export.stats import ExportStats
from claimdesk.services.atomic_files import escape_line_breakers
from claimdesk.store.export_rows import can_render

_dumps = orjson.dumps
_LINE = orjson.OPT_APPEND_NEWLINE
# Records per write: small enough that the joined lines (tens of KB) reuse the same freed heap
# memory write after write. Joining a whole window (megabytes) costs more in fresh pages, which
# the kernel must fault in and zero every time, than the encoding itself.
CHUNK = 64


def encode_lines(records: Iterable[dict]) -> bytes:
    """The JSON Lines of `records`, each ending in a newline."""
    return escape_line_breakers(b"".join([_dumps(record, option=_LINE) for record in records]))


def write_jsonl(handle: IO[bytes], records: Iterable[dict]) -> int:
    write = handle.write
    count = 0
    records = iter(records)
    while chunk := list(islice(records, CHUNK)):
        write(encode_lines(chunk))
        count += len(chunk)
    return count


def write_claim_lines(
    handle,  # anything with write(bytes): a binary file, or a worker's list of parts
    session,
    claim_filter: ClaimFilter,
    splits: Callable[..., str],  # (story id, article id) -> split
    stats: ExportStats,
    *,
    on_window: Callable[[int], None] | None = None,
    chunk=None,  # export_rows.ExportChunk: one chunk's claims (export/parallel_jsonl.py)
) -> int:
    """Every kept claim's JSON line (of one chunk, with `chunk`), a window at a time, counted
    into `stats`; returns the records written. On SQLite the database renders the records
    (export/rendered.py), elsewhere they are built as dicts (export/records.py): the same
    bytes either way."""
    if can_render(session):
        windows = iter_rendered_windows(
            session,
            claim_filter,
            splits,
            keep_ratings=stats.ratings is not None,
            on_window=on_window,
            chunk=chunk,
        )
        with closing(windows):  # an error in a write (a full disk) still stops the reads
            return _write_windows(handle, windows, stats.add_tally, encode_rendered)
    windows = iter_record_windows(session, claim_filter, splits, on_window=on_window, chunk=chunk)
    with closing(windows):
        records = ((records, records) for _articles, records in windows)
        return _write_windows(handle, records, stats.add_records, encode_lines)


def encode_rendered(lines: list[str]) -> bytes:
    """Lines of JSON text (export/rendered.py) as the bytes `encode_lines` gives."""
    text = "".join(lines)
    if text.isascii():  # known without a scan: Python marks a str that is all ASCII
        return text.encode()
    return escape_line_breakers(text.encode())


def _write_windows(
    handle: IO[bytes],
    windows: Iterator[tuple[list, object]],
    count: Callable[[object], None],
    encode: Callable[[list], bytes],
) -> int:
    """Each window's items (records or lines), `CHUNK` per write, after `count` has counted
    the window (its records or its tally) for the card; returns the records written."""
    write = handle.write
    written = 0
    for items, counted in windows:
        count(counted)
        for start in range(0, len(items), CHUNK):
            write(encode(items[start : start + CHUNK]))
        written += len(items)
    return written
