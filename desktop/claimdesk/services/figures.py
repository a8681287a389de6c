"""Agreement figures as words and numbers for people: the same text in the terminal and in the
review window, so "not enough data" reads the same everywhere and NaN never reaches a screen."""

from __future__ import annotations

import math

from claimdesk.agreement import Coefficient, Proportion

NOT_ENOUGH_DATA = "not enough data"
NO_VARIATION = "no variation"

# short names for tables and matrix axes, in the fixed label order of claimdesk.domain.Label
LABEL_ABBREVIATIONS = {
    "corroborated": "corr",
    "contradicted": "contra",
    "unique": "uniq",
    "not_a_claim": "n/c",
}


def short_reason(reason: str | None) -> str:
    if reason and reason.startswith(NO_VARIATION):
        return NO_VARIATION
    return NOT_ENOUGH_DATA


def figure(value: Coefficient | Proportion | None, digits: int = 3) -> str:
    """A coefficient or proportion as '0.400', or the short reason it has no value."""
    if value is None:
        return NOT_ENOUGH_DATA
    number = value.value
    if number is None or not math.isfinite(number):
        return short_reason(value.reason)
    return f"{number:.{digits}f}"


def reason_of(value: Coefficient | Proportion | None) -> str:
    """The full explanation behind a missing figure (for tooltips and --json), or ''."""
    if value is None:
        return NOT_ENOUGH_DATA
    return value.reason or ""


def abbreviate(label) -> str:
    return LABEL_ABBREVIATIONS.get(str(label), str(label))
