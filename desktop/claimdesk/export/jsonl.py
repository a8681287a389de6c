"""JSON Lines: one claim record per line (resources/export/claim_record.schema.json).

Records are encoded with orjson (compact, UTF-8, keys in the record's own fixed order: the
same bytes as `json.dumps(record, ensure_ascii=False, separators=(",", ":"))`) and written a
window at a time with one `write` of the joined lines, to a binary file. On SQLite the claim
records come as JSON text already (export/rendered.py), the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO

import orjson

from claimdesk.export.records import ArticleInfo
from claimdesk.export.rendered import Tally
from claimdesk.export.stats import ExportStats
from claimdesk.services.atomic_files import escape_line_breakers

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


def write_claims_jsonl(
    handle: IO[bytes],
    windows: Iterator[tuple[dict[str, ArticleInfo], list[dict]]],
    stats: ExportStats,
) -> int:
    """Claim records, a window (records.iter_record_windows) at a time."""
    return _write_windows(
        handle,
        ((records, records) for _articles, records in windows),
        stats.add_records,
        encode_lines,
    )


def encode_rendered(lines: list[str]) -> bytes:
    """Lines of JSON text (export/rendered.py) as the bytes `encode_lines` gives."""
    text = "".join(lines)
    if text.isascii():  # known without a scan: Python marks a str that is all ASCII
        return text.encode()
    return escape_line_breakers(text.encode())


def write_rendered_jsonl(
    handle: IO[bytes],
    windows: Iterator[tuple[list[str], Tally]],
    stats: ExportStats,
) -> int:
    """Claim records rendered by SQLite, a window (rendered.iter_rendered_windows) at a time."""
    return _write_windows(handle, windows, stats.add_tally, encode_rendered)


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
