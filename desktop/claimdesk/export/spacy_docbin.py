"""spaCy DocBins for the span categoriser: one Doc per article, one DocBin per split.

Each Doc holds the article's claims that have a gold label: in `doc.spans["sc"]` with the label
(what `spancat` learns) and in `doc.spans["claims"]` without it (the candidates that
resources/export/spancat.cfg hands to spancat through the preset-spans suggester, the same key
the app's claim detector writes). Unlabelled claims are left out of both, so the model is never
told that a claim nobody looked at has no label.

Tokens come from `spacy.blank("en")`. Claim offsets are characters, so a claim that starts or
ends inside a token is widened to whole tokens (`alignment_mode="expand"`) and counted; one that
cannot be placed at all is skipped and counted. A DocBin is built in memory before it is
written, so this format, unlike JSONL and CSV, grows with the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import IO

from claimdesk.export.records import ArticleInfo
from claimdesk.export.splits import SPLITS
from claimdesk.export.stats import ExportStats

SPANS_KEY = "sc"
CANDIDATES_KEY = "claims"


@dataclass
class DocBinReport:
    docs: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SPLITS, 0))
    spans: int = 0
    expanded: list[str] = field(default_factory=list)  # claim ids widened to token edges
    skipped: list[str] = field(default_factory=list)  # claim ids that could not be placed
    unlabelled: int = 0  # claims without a gold label, left out


def build_docbins(
    items: Iterable[tuple[ArticleInfo, dict]], stats: ExportStats
) -> tuple[dict[str, object], DocBinReport]:
    """`items`: (article, claim record) in export order (records.iter_claim_records)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    bins = {split: DocBin(store_user_data=False) for split in SPLITS}
    report = DocBinReport()
    for _article_id, group in groupby(items, key=lambda item: item[1]["article_id"]):
        claims = list(group)  # one article's claims: bounded by the article
        labelled = []
        for _article, record in claims:
            stats.add_record(record)
            if record["gold_label"] is None:
                report.unlabelled += 1
            else:
                labelled.append(record)
        if not labelled:
            continue
        article = claims[0][0]
        doc = nlp.make_doc(article.text)
        spans = []
        for record in labelled:
            start, end = record["start"], record["end"]
            span = doc.char_span(start, end, label=record["gold_label"], alignment_mode="expand")
            if span is None:
                report.skipped.append(record["id"])
                continue
            if (span.start_char, span.end_char) != (start, end):
                report.expanded.append(record["id"])
            spans.append(span)
        if not spans:
            continue
        doc.spans[SPANS_KEY] = spans
        doc.spans[CANDIDATES_KEY] = [doc[s.start : s.end] for s in spans]
        split = labelled[0]["split"]
        bins[split].add(doc)
        report.docs[split] += 1
        report.spans += len(spans)
    return bins, report


def write_docbin(handle: IO[bytes], docbin) -> None:
    handle.write(docbin.to_bytes())
