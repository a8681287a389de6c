"""`export_dataset`: one export, from a request to files on disk, for the CLI and the window.

All files of an export (data and card) are committed together by `OutputFiles`: a failure or a
cancel leaves none of them behind and the previous export, if any, untouched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from claimdesk.errors import ExportError, UsageError
from claimdesk.export import card as card_module
from claimdesk.export.csv_writer import write_claims_csv
from claimdesk.export.jsonl import write_claims_jsonl, write_jsonl
from claimdesk.export.pairs import linked_pairs, neutral_pairs
from claimdesk.export.records import (
    ClaimFilter,
    ExportCancelled,
    count_claims,
    iter_claim_records,
    iter_record_windows,
)
from claimdesk.export.spacy_docbin import DocBinReport, build_docbins, write_docbin
from claimdesk.export.splits import SPLITS, SplitPlan, StorySplits, empty_split_notes
from claimdesk.export.stats import ExportStats
from claimdesk.paths import resource
from claimdesk.services.atomic_files import OutputFiles, describe_os_error, is_special_file
from claimdesk.store.engine import Database
from claimdesk.store.models import Annotator

FORMATS = ("jsonl", "pairs", "spacy", "csv", "labels")
DEFAULT_FILE = {
    "jsonl": "claims.jsonl",
    "pairs": "pairs.jsonl",
    "csv": "claims.csv",
    "labels": "labels.jsonl",
}
SCHEMA_PATH = "export/claim_record.schema.json"
SPACY_TRAINING_FILES = ("spancat.cfg", "claimdesk_spacy.py")

Progress = Callable[[int, int], None]  # (claims read, claims to read; 0 = unknown)


@dataclass(frozen=True)
class ExportRequest:
    format: str
    output: Path
    claim_filter: ClaimFilter = field(default_factory=ClaimFilter)
    plan: SplitPlan = field(default_factory=SplitPlan)
    neutral_pairs: int = 0
    card: bool = True

    def check(self) -> None:
        """Refuse combinations that would silently mean nothing."""
        if self.format not in FORMATS:
            raise UsageError(f"unknown format {self.format!r} (expected {', '.join(FORMATS)})")
        f = self.claim_filter
        if self.format == "labels" and (f.gold_only or f.stories or f.min_agreement is not None):
            raise UsageError("the labels format takes only --by (it is the label file)")
        if self.format == "pairs" and (f.gold_only or f.min_agreement is not None):
            raise UsageError(
                "--gold-only and --min-agreement apply to claims (jsonl, spacy, csv), not to pairs"
            )
        if self.neutral_pairs and self.format != "pairs":
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


def _data_file(request: ExportRequest) -> Path:
    output = Path(request.output).expanduser()
    return output / DEFAULT_FILE[request.format] if output.is_dir() else output


def _spacy_folder(output: Path) -> Path:
    folder = Path(output).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExportError(f"{folder}: exists and is not a folder (spacy writes a folder)") from None
    except OSError as exc:
        raise ExportError(describe_os_error(folder, exc)) from None
    return folder


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
    if request.format == "labels":
        return _export_labels(db, request)
    stats = ExportStats()
    splits = StorySplits(request.plan)

    with db.sessions() as session:
        total = count_claims(session, request.claim_filter) if request.format != "pairs" else 0

        def on_window(read: int) -> None:
            if is_cancelled is not None and is_cancelled():
                raise ExportCancelled()
            if on_progress is not None:
                on_progress(read, total)

        def windows():
            return iter_record_windows(session, request.claim_filter, splits, on_window=on_window)

        if on_progress is not None:
            on_progress(0, total)
        docbin = None
        with OutputFiles() as files:
            if request.format == "spacy":
                folder = _spacy_folder(request.output)
                written = [folder / f"{split}.spacy" for split in SPLITS]
                bins, docbin = build_docbins(
                    iter_claim_records(session, request.claim_filter, splits, on_window=on_window),
                    stats,
                )
                if docbin.expanded:
                    stats.notes.append(
                        f"{len(docbin.expanded)} claim(s) widened to whole tokens in the DocBin"
                    )
                if docbin.skipped:
                    stats.notes.append(
                        f"{len(docbin.skipped)} claim(s) left out of the DocBin: no token span "
                        f"fits their offsets ({', '.join(docbin.skipped[:5])}...)"
                    )
                for split, path in zip(SPLITS, written, strict=True):
                    write_docbin(files.open(path, binary=True), bins[split])
                # the training config and its reader travel with the data: no glue to write
                for name in SPACY_TRAINING_FILES:
                    files.open(folder / name, binary=True).write(
                        resource(f"export/{name}").read_bytes()
                    )
                    written.append(folder / name)
                data_file = written[0]
            else:
                data_file = _data_file(request)
                folder = data_file.parent
                written = [data_file]
                if request.format == "jsonl":
                    write_claims_jsonl(files.open(data_file, binary=True), windows(), stats)
                elif request.format == "csv":
                    # BOM: spreadsheets then read the file as UTF-8, not the local code page
                    write_claims_csv(files.open(data_file, encoding="utf-8-sig"), windows(), stats)
                else:
                    handle = files.open(data_file, binary=True)
                    write_jsonl(handle, linked_pairs(session, request.claim_filter, splits, stats))
                    on_window(0)
                    write_jsonl(
                        handle,
                        neutral_pairs(
                            session,
                            request.claim_filter,
                            splits,
                            stats,
                            count=request.neutral_pairs,
                            seed=request.plan.seed,
                        ),
                    )
            stats.notes.extend(
                empty_split_notes(stats.records_by_split(), stats.story_count(), request.plan)
            )
            card_path = None
            if request.card and not is_special_file(data_file):  # no card in /dev
                card_path = _card_path(folder, data_file)
                annotators = [
                    (a.name, a.is_lead) for a in session.query(Annotator).order_by(Annotator.name)
                ]
                files.open(card_path).write(
                    card_module.render_card(
                        card_module.CardInput(
                            format=request.format,
                            files=[p.name for p in written],
                            stats=stats,
                            claim_filter=request.claim_filter,
                            plan=request.plan,
                            database=db.url,
                            annotators=annotators,
                            schema=_schema_id() if request.format == "jsonl" else None,
                        )
                    )
                )
    if on_progress is not None:
        on_progress(total, total)
    return ExportResult(request.format, written, stats.records, card_path, stats, docbin)


def _export_labels(db: Database, request: ExportRequest) -> ExportResult:
    from claimdesk.services import labels_io

    path = _data_file(request)
    with db.sessions() as session:
        count = labels_io.write_jsonl_atomically(
            path, labels_io.label_records(session, annotator=request.claim_filter.annotator)
        )
    return ExportResult("labels", [path], count, None)
