"""The label-files door of the facade (`App.label_files`): label files in and out, and merging
another database in. Each import or merge returns the `MergeReport` (what came in, what
clashed, what was refused)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimdesk.services.labels_io import MergeReport
    from claimdesk.store.engine import Database


class LabelFilesDoor:
    def __init__(self, db: Database, annotator: str | None = None):
        self.db = db
        self.annotator = annotator  # who brings the records in (team mode: only their own)

    def import_file(self, path: Path) -> MergeReport:
        from claimdesk.services import labels_io

        records = labels_io.read_label_file(path)
        return labels_io.apply_records(self.db, records, importer=self.annotator)

    def export_file(self, path: Path, *, only_annotator: str | None = None) -> int:
        """Write every label, link and adjudication (or one annotator's labels and links);
        returns how many records."""
        from claimdesk.services import labels_io

        with self.db.sessions() as session:
            records = list(labels_io.label_records(session, annotator=only_annotator))
        return labels_io.write_jsonl_atomically(path, records)

    def merge_database(self, other: str) -> tuple[MergeReport, str]:
        """Merge the database at `other` (a path or URL, opened read-only: never created,
        migrated or written) into this one; returns the report and the source's URL as shown
        (its password hidden)."""
        from claimdesk.services import labels_io
        from claimdesk.store.source import open_read_only

        source = open_read_only(other)
        try:
            report = labels_io.merge_database(self.db, source, importer=self.annotator)
        finally:
            source.dispose()
        return report, source.url
