"""The export formats, in one table: the command line's `--format` choices, the export dialog's
format list and what it enables, the request's checks, the writer and the dataset card all read
it. A new format is one entry here and its writer in `writers.py`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claimdesk.export import writers


@dataclass(frozen=True)
class ExportFormat:
    name: str
    description: str  # the export dialog's choice
    default_file: str | None  # the file written inside a chosen folder; None: writes a folder
    suffix: str  # of the data file ("" for a folder)
    record: str  # what one record is, for summaries and the card ("claim", "pair", ...)
    writer: Callable  # writers.Writer: (job) -> writers.Written
    claim_filters: bool = True  # --gold-only and --min-agreement apply
    story_filter: bool = True  # --story applies
    splits: bool = True  # split into train/dev/test, with a dataset card
    neutral_pairs: bool = False  # --neutral-pairs applies
    usage: str = ""  # the card's "how to load it"; {file} is the data file's name
    record_schema: bool = False  # its records follow resources/export/claim_record.schema.json

    @property
    def writes_folder(self) -> bool:
        return self.default_file is None


_JSONL_USAGE = """```python
from datasets import load_dataset

ds = load_dataset("json", data_files="{file}")["train"]  # one record per claim
train = ds.filter(lambda r: r["split"] == "train" and r["gold_label"] is not None)
```"""

_PAIRS_USAGE = """```python
from datasets import load_dataset

pairs = load_dataset("json", data_files="{file}")["train"]  # premise, hypothesis, label
train = pairs.filter(lambda r: r["split"] == "train")
```"""

_SPACY_USAGE = """```sh
python -m spacy train spancat.cfg --code claimdesk_spacy.py \\
    --paths.train train.spacy --paths.dev dev.spacy --output model
```
One Doc per article; `doc.spans["sc"]` holds the claims with a gold label (the span label),
`doc.spans["claims"]` the same spans unlabelled: the candidates `spancat.cfg` classifies
(at inference, Claimdesk's claim detector writes that key). Claims without a gold label are
left out of both. If a split is empty on a small corpus, export again with other
`--split` ratios or `--seed`."""

_TABLE = (
    ExportFormat(
        "jsonl",
        "JSON Lines — one record per claim (Hugging Face datasets)",
        "claims.jsonl",
        ".jsonl",
        "claim",
        writers.write_claims_jsonl_file,
        usage=_JSONL_USAGE,
        record_schema=True,
    ),
    ExportFormat(
        "pairs",
        "Claim pairs for NLI (entailment / contradiction / neutral)",
        "pairs.jsonl",
        ".jsonl",
        "pair",
        writers.write_pairs_file,
        claim_filters=False,
        neutral_pairs=True,
        usage=_PAIRS_USAGE,
    ),
    ExportFormat(
        "spacy",
        "spaCy DocBin for the span categoriser (a folder)",
        None,
        "",
        "claim",
        writers.write_docbin_folder,
        usage=_SPACY_USAGE,
    ),
    ExportFormat(
        "csv",
        "CSV for spreadsheets",
        "claims.csv",
        ".csv",
        "claim",
        writers.write_claims_csv_file,
        usage="Open `{file}` in a spreadsheet (UTF-8 with BOM); one row per claim.",
    ),
    ExportFormat(
        "labels",
        "Label file (what “labels import” reads)",
        "labels.jsonl",
        ".jsonl",
        "label record",
        writers.write_label_file,
        claim_filters=False,
        story_filter=False,
        splits=False,
    ),
)

FORMATS: dict[str, ExportFormat] = {f.name: f for f in _TABLE}
NAMES: tuple[str, ...] = tuple(FORMATS)


def claim_format_names() -> str:
    """ "jsonl, spacy, csv": the formats the claim filters apply to, for messages."""
    return ", ".join(f.name for f in _TABLE if f.claim_filters)


def filter_refusal(fmt: ExportFormat, *, gold_or_agreement: bool, stories: bool) -> str | None:
    """Why the filters given do not apply to `fmt`, or None when they do."""
    if not fmt.story_filter and (gold_or_agreement or stories):
        return f"the {fmt.name} format takes only --by (it is the label file)"
    if not fmt.claim_filters and gold_or_agreement:
        return (
            f"--gold-only and --min-agreement apply to claims ({claim_format_names()}), "
            f"not to {fmt.name}"
        )
    return None
