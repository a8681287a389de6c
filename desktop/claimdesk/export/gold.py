"""The gold label of a claim, decided from the adjudication and the annotators' labels.

The rule (also stated in the dataset card and the JSON Schema):

1. the lead's adjudication, when there is one: `gold_source = "adjudicated"`;
2. else, when at least two annotators labelled the claim and one label has at least two thirds
   of their votes (2 of 2, 2 of 3, 3 of 4...): that label, `gold_source = "majority"`;
3. else, when exactly one annotator labelled it: that label, `gold_source = "single"`
   (unverified: `--gold-only` leaves these out);
4. else no gold label, and `gold_flag` says why: `"no_labels"` or `"disagreement"`.

`agreement` is the share of the claim's annotators who gave the most frequent label, or None
when fewer than two annotators labelled it (agreement cannot be observed on one label).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

ADJUDICATED, MAJORITY, SINGLE = "adjudicated", "majority", "single"
VERIFIED_SOURCES = frozenset({ADJUDICATED, MAJORITY})
NO_LABELS, DISAGREEMENT = "no_labels", "disagreement"


@dataclass(frozen=True, slots=True)
class Gold:
    label: str | None
    source: str | None  # adjudicated | majority | single | None
    flag: str | None  # why there is no gold label: no_labels | disagreement
    agreement: float | None
    n_annotators: int

    @property
    def verified(self) -> bool:
        return self.source in VERIFIED_SOURCES


def gold_of(
    labels: Sequence[str], adjudicated: str | None = None
) -> tuple[str | None, str | None, str | None, float | None, int]:
    """(label, source, flag, agreement, n_annotators): `decide_gold` as a plain tuple, for the
    export's per-claim loop (a frozen dataclass costs more to build than the rule itself).
    `labels`: one label per annotator who labelled the claim."""
    n = len(labels)
    # the export calls this once per claim: skip Counter for the usual one or two labels
    if n == 0:
        top_label, top = None, 0
    elif n == 1 or (n == 2 and labels[0] == labels[1]):
        top_label, top = labels[0], n
    elif n == 2:
        top_label, top = labels[0], 1
    else:
        # most_common keeps first-seen order among ties; callers pass labels in annotator
        # order, so a tie resolves the same way every time (and a tie is never a majority)
        top_label, top = Counter(labels).most_common(1)[0]
    agreement = top / n if n >= 2 else None
    if adjudicated is not None:
        return (adjudicated, ADJUDICATED, None, agreement, n)
    if n >= 2 and 3 * top >= 2 * n:
        return (top_label, MAJORITY, None, agreement, n)
    if n == 1:
        return (top_label, SINGLE, None, None, 1)
    return (None, None, NO_LABELS if n == 0 else DISAGREEMENT, agreement, n)


def decide_gold(labels: Sequence[str], adjudicated: str | None = None) -> Gold:
    """`labels`: one label per annotator who labelled the claim."""
    return Gold(*gold_of(labels, adjudicated))
