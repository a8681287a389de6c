"""Labels, link kinds and the rule that turns links into a label (resources/guidelines.md)."""

from collections.abc import Iterable
from enum import StrEnum

from claimdesk.errors import UsageError


class Label(StrEnum):
    CORROBORATED = "corroborated"
    CONTRADICTED = "contradicted"
    UNIQUE = "unique"
    NOT_A_CLAIM = "not_a_claim"

    @classmethod
    def parse(cls, value: str) -> "Label":
        normalised = value.strip().lower().replace(" ", "_").replace("-", "_")
        try:
            return cls(normalised)
        except ValueError:
            allowed = ", ".join(label.value for label in cls)
            raise UsageError(f"unknown label {value!r} (expected one of: {allowed})") from None


class LinkKind(StrEnum):
    AGREE = "agree"
    CONFLICT = "conflict"

    @classmethod
    def parse(cls, value: str) -> "LinkKind":
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise UsageError(f"unknown link kind {value!r} (expected agree or conflict)") from None


def implied_label(link_kinds: Iterable[LinkKind]) -> Label | None:
    """The label an annotator's links imply for a claim.

    A conflict wins over any agreement (AVeriTeC's "conflicting evidence" rule); no links
    imply nothing, because `unique` is a judgement only the annotator can make.
    """
    kinds = set(link_kinds)
    if LinkKind.CONFLICT in kinds:
        return Label.CONTRADICTED
    if LinkKind.AGREE in kinds:
        return Label.CORROBORATED
    return None
