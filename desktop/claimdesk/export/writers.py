"""One writer per export format (the table in `formats.py` names them). A writer gets the
export's `Job` (the session, the request, the files being committed together, the counts) and
returns what it wrote."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.errors import ExportError
from claimdesk.paths import resource
from claimdesk.services.atomic_files import OutputFiles, describe_os_error

if TYPE_CHECKING:
    from claimdesk.export.spacy_docbin import DocBinReport
    from claimdesk.export.splits import StorySplits
    from claimdesk.export.stats import ExportStats

SPACY_TRAINING_FILES = ("spancat.cfg", "claimdesk_spacy.py")


@dataclass
class Job:
    session: object  # the read session of the export
    request: object  # service.ExportRequest
    files: OutputFiles
    stats: ExportStats
    splits: StorySplits
    on_window: Callable[[int], None]  # progress and cancel, after each window of records
    data_file: Path | None = None  # where a one-file format writes (a folder's default file)

    def windows(self):
        """The record windows, to use in a `with`: an error in the writer (a full disk) then
        still closes them, and with them the threads reading ahead on the session's
        connection, instead of leaving them to the garbage collector."""
        from claimdesk.export.records import iter_record_windows

        return closing(
            iter_record_windows(
                self.session, self.request.claim_filter, self.splits, on_window=self.on_window
            )
        )


@dataclass
class Written:
    files: list[Path]
    data_file: Path  # the file the card is named after and placed beside
    records: int | None = None  # when the writer counts them itself (the label file)
    docbin: DocBinReport | None = field(default=None)


Writer = Callable[[Job], Written]


def write_claims_jsonl_file(job: Job) -> Written:
    from claimdesk.export import parallel_jsonl
    from claimdesk.export.jsonl import write_claim_lines

    handle = job.files.open(job.data_file, binary=True)
    # a large corpus is rendered by worker processes, which write into the file (same
    # bytes); a small one, or one written to a pipe, here
    workers = parallel_jsonl.worker_count()
    url = parallel_jsonl.database_url(job.session) if workers else None
    path = job.files.temporary_of(handle) if url else None
    claim_filter = job.request.claim_filter
    chunks = parallel_jsonl.plan_chunks(job.session, claim_filter) if path else None
    if chunks:
        try:
            parallel_jsonl.write_claims_jsonl_parallel(str(path), job, url, chunks, workers)
            handle.seek(0, os.SEEK_END)  # after the workers' bytes, should more follow
            return Written([job.data_file], job.data_file)
        except parallel_jsonl.WorkersUnavailable:
            pass  # nothing written yet
    write_claim_lines(
        handle, job.session, claim_filter, job.splits, job.stats, on_window=job.on_window
    )
    return Written([job.data_file], job.data_file)


def write_claims_csv_file(job: Job) -> Written:
    from claimdesk.export.csv_writer import write_claims_csv

    # BOM: spreadsheets then read the file as UTF-8, not the local code page
    handle = job.files.open(job.data_file, encoding="utf-8-sig")
    with job.windows() as windows:
        write_claims_csv(handle, windows, job.stats)
    return Written([job.data_file], job.data_file)


def write_pairs_file(job: Job) -> Written:
    from claimdesk.export.jsonl import write_jsonl
    from claimdesk.export.pairs import linked_pairs, neutral_pairs

    request, session = job.request, job.session
    handle = job.files.open(job.data_file, binary=True)
    write_jsonl(handle, linked_pairs(session, request.claim_filter, job.splits, job.stats))
    job.on_window(0)
    write_jsonl(
        handle,
        neutral_pairs(
            session,
            request.claim_filter,
            job.splits,
            job.stats,
            count=request.neutral_pairs,
            seed=request.plan.seed,
        ),
    )
    return Written([job.data_file], job.data_file)


def _spacy_folder(output: Path) -> Path:
    folder = Path(output).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExportError(f"{folder}: exists and is not a folder (spacy writes a folder)") from None
    except OSError as exc:
        raise ExportError(describe_os_error(folder, exc)) from None
    return folder


def write_docbin_folder(job: Job) -> Written:
    from claimdesk.export.records import iter_claim_records
    from claimdesk.export.spacy_docbin import build_docbins, write_docbin
    from claimdesk.export.splits import SPLITS

    stats = job.stats
    folder = _spacy_folder(job.request.output)
    written = [folder / f"{split}.spacy" for split in SPLITS]
    records = iter_claim_records(
        job.session, job.request.claim_filter, job.splits, on_window=job.on_window
    )
    with closing(records):  # as Job.windows: the read-ahead stops if building fails
        bins, docbin = build_docbins(records, stats)
    if docbin.expanded:
        stats.notes.append(f"{len(docbin.expanded)} claim(s) widened to whole tokens in the DocBin")
    if docbin.skipped:
        stats.notes.append(
            f"{len(docbin.skipped)} claim(s) left out of the DocBin: no token span "
            f"fits their offsets ({', '.join(docbin.skipped[:5])}...)"
        )
    for split, path in zip(SPLITS, written, strict=True):
        write_docbin(job.files.open(path, binary=True), bins[split])
    # the training config and its reader travel with the data: no glue to write
    for name in SPACY_TRAINING_FILES:
        job.files.open(folder / name, binary=True).write(resource(f"export/{name}").read_bytes())
        written.append(folder / name)
    return Written(written, written[0], docbin=docbin)


def write_label_file(job: Job) -> Written:
    """The label file (what `labels import` reads): every label, link and adjudication, or one
    annotator's labels and links; written on its own, without splits or card."""
    from claimdesk.services import labels_io

    records = labels_io.label_records(job.session, annotator=job.request.claim_filter.annotator)
    count = labels_io.write_jsonl_atomically(job.data_file, records)
    return Written([job.data_file], job.data_file, records=count)
