"""The dataset card (README.md beside the export), after "Datasheets for Datasets"
(Gebru et al., 2021): motivation, composition, collection, agreement, preprocessing, uses,
distribution and maintenance. Built from the counts the writers gathered while streaming.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from claimdesk import __version__
from claimdesk.export.formats import FORMATS
from claimdesk.export.gold import ADJUDICATED, MAJORITY, SINGLE
from claimdesk.export.records import ClaimFilter
from claimdesk.export.splits import SPLITS, SplitPlan
from claimdesk.export.stats import NO_GOLD, ExportStats
from claimdesk.paths import resource

CARD_MARKER = "<!-- written by claimdesk export; it is safe to overwrite -->"

# the label definitions of the guidelines, used when resources/guidelines.md is absent
LABEL_DEFINITIONS = """\
- **corroborated**: at least one other article of the story states the same fact, consistently.
- **contradicted**: at least one other article of the story states a conflicting version (a
  different number, date, time, place, person, title, or the opposite). If a claim is supported
  by one article and contradicted by another, it is contradicted; the links keep both sides.
- **unique**: no other article of the story addresses this fact.
- **not_a_claim**: the extracted span is not a checkable fact (boilerplate, opinion, question,
  headline, a broken span); this is how annotators reject extraction errors.

A link says two claims in different articles of one story `agree` or `conflict`; a conflict
implies `contradicted`, an agreement `corroborated` unless a conflict exists.
"""


@dataclass
class CardInput:
    format: str
    files: list[str]
    stats: ExportStats
    claim_filter: ClaimFilter
    plan: SplitPlan
    database: str
    annotators: list[tuple[str, bool]]  # (name, is lead)
    schema: str | None = None  # "$id" and version of the record schema
    created: datetime | None = None


def _guidelines() -> str:
    path = resource("guidelines.md")
    if path.is_file():
        text = path.read_text(encoding="utf-8").strip()
        # demote its headings so they sit under this card's section
        return "\n".join(
            "##" + line if line.startswith("#") else line for line in text.splitlines()
        )
    return LABEL_DEFINITIONS


def _table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _composition(stats: ExportStats, unit: str) -> str:
    labels = stats.labels_seen
    rows = []
    for label in labels:
        counts = [stats.by_split_label[(split, label)] for split in SPLITS]
        rows.append([label, *counts, sum(counts)])
    totals = [sum(stats.by_split_label[(split, label)] for label in labels) for split in SPLITS]
    rows.append(["**all**", *totals, sum(totals)])
    parts = [
        f"{stats.records} {unit}(s). Counts per label (`{NO_GOLD}` = no gold label) and split:",
        "",
        _table(["label", *SPLITS, "total"], rows),
        "",
        _table(
            ["", *SPLITS],
            [
                ["stories", *[len(stats.stories_by_split[s]) for s in SPLITS]],
                *(
                    [["articles", *[stats.articles_by_split[s] for s in SPLITS]]]
                    if unit == "claim"
                    else []
                ),
            ],
        ),
    ]
    if unit == "claim" and stats.gold_sources:
        sources = ", ".join(f"{k}: {v}" for k, v in sorted(stats.gold_sources.items()))
        parts += ["", f"Where the gold label comes from: {sources}."]
        if stats.gold_flags:
            flags = ", ".join(f"{k}: {v}" for k, v in sorted(stats.gold_flags.items()))
            parts.append(f"Claims without a gold label: {flags}.")
    return "\n".join(parts)


def _agreement(stats: ExportStats) -> str:
    observed = stats.observed_agreement
    streamed = (
        f"Observed agreement (mean share of agreeing annotator pairs over the "
        f"{stats.agreement_claims} claim(s) labelled by two or more annotators): "
        + (f"{observed:.3f}." if observed is not None else "not measurable (no such claims).")
    )
    if not stats.ratings:
        return streamed
    try:
        from claimdesk.agreement import agreement_report
    except ImportError:
        return streamed
    report = agreement_report(stats.ratings, gold=stats.adjudicated or None)
    overall = report.overall

    def figure(coefficient) -> str:
        value = getattr(coefficient, "value", None)
        return f"{value:.3f}" if value is not None else f"n/a ({coefficient.reason})"

    lines = [
        streamed,
        "",
        _table(
            ["figure", "value"],
            [
                ["Krippendorff's alpha (nominal)", figure(overall.alpha)],
                ["Fleiss' kappa", figure(overall.fleiss_kappa)],
                ["observed agreement", figure(overall.observed_agreement)],
                ["claims labelled by >= 2 annotators", overall.n_pairable_claims],
                ["of which disagreeing", overall.n_disagreeing_claims],
            ],
        ),
    ]
    if report.pairs:
        lines += [
            "",
            _table(
                ["annotators", "claims in common", "Cohen's kappa"],
                [
                    [f"{pair.annotator_a} / {pair.annotator_b}", pair.n_common, figure(pair.kappa)]
                    for pair in report.pairs
                ],
            ),
        ]
    return "\n".join(lines)


def render_card(data: CardInput) -> str:
    stats = data.stats
    created = (data.created or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    kind = FORMATS[data.format]
    unit = kind.record
    annotators = (
        ", ".join(
            f"{name}{' (lead)' if lead else ''}: {stats.labels_by_annotator.get(name, 0)} label(s)"
            for name, lead in data.annotators
        )
        or "none"
    )
    file_list = ", ".join(f"`{name}`" for name in data.files)
    usage = kind.usage.replace("{file}", data.files[0] if data.files else "")
    notes = "".join(f"\n- {note}" for note in stats.notes) or "\n- none"
    pipelines = ", ".join(f"`{p}`" for p in sorted(stats.pipelines) if p) or "not recorded"
    return f"""{CARD_MARKER}
# Claimdesk claims dataset ({data.format})

Exported {created} by Claimdesk {__version__}. Files: {file_list}.{
        f" Record schema: `{data.schema}`." if data.schema else ""
    }

## Motivation

Fact-checkers labelled the checkable claims of news articles against the other articles that
cover the same story: is each claim corroborated, contradicted, unique to its article, or not a
claim at all? The dataset supports training and evaluating claim verification across sources
(claim classification in context, and claim-pair inference from the annotators' links).

## Composition

{_composition(stats, unit)}

{_split_sentence(data.plan)} Filters applied: {data.claim_filter.describe()}.

Remarks:{notes}

## Collection process

Claims were extracted automatically, then each annotator labelled them in Claimdesk, alone;
a lead annotator adjudicated disagreements. Annotators: {annotators}.

The gold label is the lead's adjudication ({ADJUDICATED}); else the label of at least two thirds
of two or more annotators ({MAJORITY}); else the only annotator's label ({SINGLE}, unverified);
else none, with `gold_flag` saying why (`no_labels` or `disagreement`). `agreement` is the
share of a claim's annotators who gave its most frequent label (null below two annotators).

### Guidelines

{_guidelines()}

## Agreement

{_agreement(stats)}

## Preprocessing

Articles were decoded, normalised (NFC, `\\n` line ends) and stripped of boilerplate; claim
offsets are code-point indices into that normalised text. Extraction pipeline(s): {pipelines}.
`context` is the claim's sentence with the sentence before and after it in its paragraph
(a light rule-based sentence cut).

## Uses

{usage}

Suitable for: claim classification in context, cross-document contradiction detection, NLI
on claim pairs. Not suitable for: judging the truth of a claim in the world (labels say how
the other articles of the story relate to it, not whether it is true).

## Distribution and maintenance

Exported from `{data.database}`. Identifiers are content hashes, stable across machines, so
later exports can be compared record by record. Re-export after more labelling; the split of a
story depends only on its id and the seed, so it never changes between exports.
"""


def _split_sentence(plan) -> str:
    if plan.unit == "article":
        return (
            f"Splits are by article ({plan.describe()}), chosen for a corpus of very few "
            "stories: articles of one story can fall in different splits, so a story's facts "
            "can leak from train into test; prefer a split by story once there are enough."
        )
    return (
        f"Splits are by story ({plan.describe()}): every article of a story is in one split, "
        "so no story's facts leak from train into test."
    )
