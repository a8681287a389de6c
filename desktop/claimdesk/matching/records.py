"""Plain records going in and out of the matcher (no Qt, no SQL: the store layer maps them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

HintKind = Literal[
    "number", "date", "time", "title", "negation", "ordinal", "quote", "name", "place", "who"
]


@dataclass(frozen=True, slots=True)
class GroupingInput:
    """An article as story grouping sees it."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD when known


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim as candidate retrieval sees it."""

    id: str
    article_id: str
    story_id: str
    text: str
    published: str | None = None  # the article's ISO date: "on Wednesday" becomes a date


@dataclass(frozen=True, slots=True)
class ConflictHint:
    """Two claims give a different value for what looks like the same thing."""

    kind: HintKind
    value_a: str
    value_b: str
    description: str
    # What the values are of, for numbers: "killed", "missing", "people", "duration", ...
    slot: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A claim of another article of the same story that may state the same fact."""

    claim_id: str
    article_id: str
    score: float  # in [0, 1]
    reason: str  # human readable, e.g. "shares: Patriot, missile; numbers: —"
    shared_terms: tuple[str, ...]
    hints: tuple[ConflictHint, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested label for a claim, from its candidates. The annotator decides."""

    label: Literal["corroborated", "contradicted", "unique"]
    confidence: float  # roughly calibrated, in [0, 1]
    because: str
