"""What the annotation window shows, as plain records: an article with its claims and the
other reports of its story, the story list, find hits. Made on the background worker by
`services/screen_reads.py`; the window only paints them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ClaimItem:
    id: str
    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    origin: str = "extracted"
    label: str | None = None
    note: str | None = None
    stale: bool = False


@dataclass(slots=True)
class OtherClaim:
    """A claim of another article of the story, as a row of the "other reports" panel.
    score/reason/conflict are filled when the matcher ranks candidates."""

    claim: ClaimItem
    article_title: str
    source: str
    position: int
    score: float | None = None
    reason: str | None = None
    conflict: tuple[str, str] | None = None  # (value here, value there)
    shared_terms: tuple[str, ...] = ()  # words both claims use (highlighted in the panel)
    hint: str | None = None  # the conflict hints in words ("injured: at least 23 vs at least 14")
    conflict_what: str | None = None  # what the conflicting values are of ("injured", "date")


@dataclass(slots=True)
class ArticleData:
    id: str
    story_id: str
    story_name: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    text: str
    claims: list[ClaimItem]
    others: list[OtherClaim] = field(default_factory=list)
    links: dict[tuple[str, str], str] = field(default_factory=dict)  # (a, b), a < b -> kind
    dateline: str | None = None  # "Moscow, Russia": lifted from the text at import


@dataclass(frozen=True, slots=True)
class ArticleNode:
    id: str
    title: str
    source: str
    published: str
    labelled: int
    total: int


@dataclass(frozen=True, slots=True)
class StoryNode:
    id: str
    name: str
    articles: tuple[ArticleNode, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    article_title: str
    claim_id: str | None
    snippet: str
