"""CSV for spreadsheets: one row per claim, flat columns, the annotators' labels joined."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from claimdesk.export.records import ArticleInfo
from claimdesk.export.stats import ExportStats

COLUMNS = (
    "id",
    "story_id",
    "story_name",
    "article_id",
    "article_title",
    "article_source",
    "article_url",
    "article_date",
    "start",
    "end",
    "text",
    "context",
    "speaker",
    "reasons",
    "gold_label",
    "gold_source",
    "gold_flag",
    "agreement",
    "n_annotators",
    "labels",
    "notes",
    "links",
    "split",
)

# A cell starting with one of these is run as a formula by Excel and LibreOffice (OWASP's list);
# news text can start with "=", "-" or "@" (a handle), and annotator names and notes are typed by
# people, so every text cell that starts so gets a leading apostrophe, the usual escape.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str | None) -> str:
    if value is None:
        return ""
    # NUL ends a string in many spreadsheet and C readers; U+FFFD keeps the offsets right
    value = value.replace("\x00", "\ufffd")
    return "'" + value if value.startswith(_FORMULA_START) else value


def claim_row(record: dict) -> list:
    """The CSV row of one claim record (records.iter_record_windows)."""
    agreement = record["agreement"]
    return [
        record["id"],
        record["story_id"],
        _cell(record["story_name"]),
        record["article_id"],
        _cell(record["article_title"]),
        _cell(record["article_source"]),
        _cell(record["article_url"]),
        record["article_date"] or "",
        record["start"],
        record["end"],
        _cell(record["text"]),
        _cell(record["context"]),
        _cell(record["speaker"]),
        "; ".join(record["reasons"]),
        record["gold_label"] or "",
        record["gold_source"] or "",
        record["gold_flag"] or "",
        "" if agreement is None else f"{agreement:.3f}",
        record["n_annotators"],
        _cell("; ".join(f"{a['annotator']}={a['label']}" for a in record["annotations"])),
        _cell(
            " | ".join(f"{a['annotator']}: {a['note']}" for a in record["annotations"] if a["note"])
        ),
        _cell("; ".join(f"{x['annotator']}:{x['kind']}:{x['claim_id']}" for x in record["links"])),
        record["split"],
    ]


def write_claims_csv(
    handle: IO[str],
    windows: Iterable[tuple[dict[str, ArticleInfo], list[dict]]],
    stats: ExportStats,
) -> int:
    writer = csv.writer(handle)
    writer.writerow(COLUMNS)
    count = 0
    for _articles, records in windows:
        stats.add_records(records)
        writer.writerows([claim_row(record) for record in records])
        count += len(records)
    return count
