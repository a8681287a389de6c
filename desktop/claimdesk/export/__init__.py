"""Dataset writers (JSONL, NLI pairs, spaCy DocBin, CSV, label file), splits by story, and the
dataset card. No Qt here: the CLI and the export dialog both call `export_dataset`."""

from claimdesk.export.records import ClaimFilter, ExportCancelled
from claimdesk.export.service import (
    FORMATS,
    ExportRequest,
    ExportResult,
    export_dataset,
)
from claimdesk.export.splits import SplitPlan

__all__ = [
    "FORMATS",
    "ClaimFilter",
    "ExportCancelled",
    "ExportRequest",
    "ExportResult",
    "SplitPlan",
    "export_dataset",
]
