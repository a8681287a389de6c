"""`export_dataset`: one export, from a request to files on disk, for the CLI and the window.

All files of an export (data and card) are committed together by `OutputFiles`: a failure or a
cancel leaves none of them behind and the previous export, if any, untouched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.errors import UsageError
from claimdesk.export import card as card_module
from claimdesk.export.formats import FORMATS as FORMAT_TABLE
from claimdesk.export.formats import NAMES, ExportFormat, filter_refusal
from claimdesk.export.records import ClaimFilter, ExportCancelled, count_claims
from claimdesk.export.spacy_docbin import DocBinReport
from claimdesk.export.splits import SplitPlan, StorySplits, empty_split_notes
from claimdesk.export.stats import ExportStats
from claimdesk.export.writers import Job, Written
from claimdesk.paths import resource
from claimdesk.services.atomic_files import OutputFiles, is_special_file

if TYPE_CHECKING:
    from claimdesk.store.engine import Database

FORMATS = NAMES  # the format names, in the table's order
SCHEMA_PATH = "export/claim_record.schema.json"

Progress = Callable[[int, int], None]  # (claims read, claims to read; 0 = unknown)


@dataclass(frozen=True)
class ExportRequest:
    format: str
    output: Path
    claim_filter: ClaimFilter = field(default_factory=ClaimFilter)
    plan: SplitPlan = field(default_factory=SplitPlan)
    neutral_pairs: int = 0
    card: bool = True

    @property
    def kind(self) -> ExportFormat:
        return FORMAT_TABLE[self.format]

    def check(self) -> None:
        """Refuse combinations that would silently mean nothing."""
        if self.format not in FORMAT_TABLE:
            raise UsageError(f"unknown format {self.format!r} (expected {', '.join(FORMATS)})")
        f, kind = self.claim_filter, self.kind
        refusal = filter_refusal(
            kind,
            gold_or_agreement=f.gold_only or f.min_agreement is not None,
            stories=bool(f.stories),
        )
        if refusal:
            raise UsageError(refusal)
        if self.neutral_pairs and not kind.neutral_pairs:
            raise UsageError("--neutral-pairs applies to the pairs format only")
        if self.neutral_pairs < 0:
            raise UsageError("--neutral-pairs must be 0 or more")


@dataclass
class ExportResult:
    format: str
    files: list[Path]
    records: int
    card: Path | None
    stats: ExportStats | None = None
    docbin: DocBinReport | None = None

    def to_dict(self) -> dict:
        data = {
            "format": self.format,
            "files": [str(p) for p in self.files],
            "records": self.records,
            "card": str(self.card) if self.card else None,
        }
        if self.stats is not None:
            data.update(self.stats.to_dict())
        if self.docbin is not None:
            data["spacy"] = {
                "docs": self.docbin.docs,
                "spans": self.docbin.spans,
                "expanded": len(self.docbin.expanded),
                "skipped": self.docbin.skipped,
                "unlabelled": self.docbin.unlabelled,
            }
        return data


def _data_file(request: ExportRequest) -> Path | None:
    """The file a one-file format writes: the output, or its default name inside a folder."""
    default = request.kind.default_file
    if default is None:
        return None
    output = Path(request.output).expanduser()
    return output / default if output.is_dir() else output


def _card_path(folder: Path, data_file: Path) -> Path:
    """README.md, unless the folder holds a README.md that claimdesk did not write."""
    card = folder / "README.md"
    try:
        with open(card, encoding="utf-8") as handle:
            ours = handle.readline().strip() == card_module.CARD_MARKER
    except FileNotFoundError:
        return card
    except (OSError, UnicodeDecodeError):
        ours = False
    return card if ours else folder / f"{data_file.stem}.README.md"


def _schema_id() -> str | None:
    try:
        schema = json.loads(resource(SCHEMA_PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return f"{schema.get('$id')} (version {schema.get('version')})"


def export_dataset(
    db: Database,
    request: ExportRequest,
    *,
    on_progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    request.check()
    kind = request.kind
    stats = ExportStats()
    splits = StorySplits(request.plan)

    with db.sessions() as session:
        counts_claims = kind.splits and kind.record == "claim"
        total = count_claims(session, request.claim_filter) if counts_claims else 0

        def on_window(read: int) -> None:
            if is_cancelled is not None and is_cancelled():
                raise ExportCancelled()
            if on_progress is not None:
                on_progress(read, total)

        if not kind.splits:  # the label file: written on its own, no splits, no card
            job = Job(session, request, None, stats, splits, on_window, _data_file(request))
            written = kind.writer(job)
            return ExportResult(request.format, written.files, written.records or 0, None)
        if on_progress is not None:
            on_progress(0, total)
        with OutputFiles() as files:
            job = Job(session, request, files, stats, splits, on_window, _data_file(request))
            written = kind.writer(job)
            stats.notes.extend(
                empty_split_notes(stats.records_by_split(), stats.story_count(), request.plan)
            )
            card_path = _write_card(db, job, written)
    if on_progress is not None:
        on_progress(total, total)
    return ExportResult(
        request.format, written.files, stats.records, card_path, stats, written.docbin
    )


def _write_card(db: Database, job: Job, written: Written) -> Path | None:
    """The dataset card beside the data (none for /dev/stdout and its kind), committed with it."""
    request = job.request
    if not request.card or is_special_file(written.data_file):
        return None
    from claimdesk.store.queries import annotators

    card_path = _card_path(written.data_file.parent, written.data_file)
    job.files.open(card_path).write(
        card_module.render_card(
            card_module.CardInput(
                format=request.format,
                files=[p.name for p in written.files],
                stats=job.stats,
                claim_filter=request.claim_filter,
                plan=request.plan,
                database=db.url,
                annotators=[(a.name, a.is_lead) for a in annotators(job.session)],
                schema=_schema_id() if request.kind.record_schema else None,
            )
        )
    )
    return card_path
