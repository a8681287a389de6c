"""JSON Lines: one claim record per line (resources/export/claim_record.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from claimdesk.export.records import ClaimItem, claim_record
from claimdesk.export.stats import ExportStats

# One encoder for the whole file: json.dumps with keyword arguments builds a new encoder per
# call, which costs more than encoding a small record. Key order is the record's own (fixed).
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


def write_jsonl(handle: IO[str], records: Iterable[dict]) -> int:
    write = handle.write
    count = 0
    for record in records:
        write(_encode(record))
        write("\n")
        count += 1
    return count


def write_claims_jsonl(handle: IO[str], items: Iterable[ClaimItem], stats: ExportStats) -> int:
    def records():
        for item in items:
            stats.add_claim(item)
            yield claim_record(item)

    return write_jsonl(handle, records())
