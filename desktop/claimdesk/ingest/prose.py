"""Lift the non-prose out of an article's text into metadata, and mend sentences the
collector broke, so that the text holds only the prose that claims are taken from.

Lifted: a ` date YYYY-MM-DD ` prefix glued to the first sentence, the block of header lines
at the top (masthead, slogan, title, byline, date line, `Categories:` line), and a dateline
at the start of the first paragraph (`Moscow, Russia — `, `WASHINGTON, July 4 (Alliance News): `).

The rules are deliberately conservative: prose is never lifted. A header block is only
recognised when every line of it looks like a header, and it must leave some text behind.
Input is normalised text (see normalise.py): paragraphs are separated by "\\n\\n".
"""

import re

from claimdesk.ingest.dates import parse_date

# A title is short and does not end like a sentence.
MAX_TITLE_WORDS = 20
MIN_TITLE_WORDS = 3  # shorter headings at the top are a masthead ("OpenVoiceNews U.S.")
_MAX_HEADER_BLOCKS = 8  # headers are at the very top; never walk the whole article

_DATE_PREFIX = re.compile(r"date[:\s]\s*(\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)
_DATE_LINE_LABEL = re.compile(r"^(?:(?:published|updated|posted)(?:\s+on)?:?\s+)", re.IGNORECASE)
_CATEGORIES = re.compile(r"(?:categories|category|tags|filed under)\s*:\s*(.+)", re.IGNORECASE)
_BYLINE = re.compile(r"(?:By|BY)\s+[A-Z][\w.'’-]*(?:,? (?:and )?[A-Z][\w.'’-]*){0,7}")

_CLOSERS = "\"'”’»)]"
_SENTENCE_END = ".!?…"
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}$")  # U.S., U.K.: a period that ends no sentence
_SLOGAN_PIECE_MAX_WORDS = 3
_SLOGAN_MAX_WORDS = 8

# Dateline: capitalised place words, optionally ", July 4" and "(Source)", then a dash or colon.
_PLACE_WORD = r"[A-Z][\w'’.-]*"
_PLACE = rf"{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}}"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE}(?:, {_PLACE}){{0,2}})"
    r"(?:, (?P<when>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"(?: ?\((?P<source>[^()\n]{2,60})\))?"
    r"(?P<sep> ?[—–] ?| -{1,2} |: )"
    r"(?=[A-Z\"“‘'])"
)
_ALL_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")

# A paragraph ending in one of these words has been cut in the middle of a sentence.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "whether",
        "if",
        "than",
        "and",
        "or",
        "but",
        "nor",
        "as",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "after",
        "before",
        "between",
        "against",
        "during",
        "through",
        "without",
        "within",
        "because",
        "while",
        "when",
        "where",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "not",
    ]
)


def lift_non_prose(text: str) -> tuple[str, dict]:
    """Return (prose, lifted) where lifted may hold title, date, dateline, source,
    masthead (list), categories (list), byline and subtitle (list)."""
    lifted: dict = {}
    text = _lift_date_prefix(text, lifted)
    blocks = text.split("\n\n")
    blocks = _lift_header(blocks, lifted)
    if blocks:
        blocks[0] = _lift_dateline(blocks[0], lifted)
    blocks = _join_broken_sentences(blocks)
    return "\n\n".join(blocks), lifted


def ends_sentence(text: str) -> bool:
    """True if `text` ends with . ! ? or … (possibly inside closing quotes or brackets)."""
    return text.rstrip().rstrip(_CLOSERS)[-1:] in tuple(_SENTENCE_END)


def _lift_date_prefix(text: str, lifted: dict) -> str:
    # " date 2025-06-04 U.S. President ...": the scraper glued its metadata to the prose.
    found = _DATE_PREFIX.match(text)
    if found is None:
        return text
    iso = parse_date(found.group(1))
    if iso is None:
        return text
    lifted["date"] = iso
    return text[found.end() :]


def _lift_header(blocks: list[str], lifted: dict) -> list[str]:
    header: list[tuple[str, object]] = []
    body_start = 0
    for index, block in enumerate(blocks[:_MAX_HEADER_BLOCKS]):
        kinds = [_header_kind(line) for line in block.split("\n")]
        if not all(kinds):
            break
        header.extend(kinds)
        body_start = index + 1
    if body_start == 0 or body_start >= len(blocks):
        # No header, or nothing but "headers": a short text is prose, leave it alone.
        return blocks
    _assign_header(header, lifted)
    return blocks[body_start:]


def _header_kind(line: str) -> tuple[str, object] | None:
    line = line.strip()
    if not line:
        return None
    if found := _CATEGORIES.fullmatch(line):
        return "categories", [part.strip() for part in re.split(r"[,;|]", found.group(1))]
    if iso := parse_date(_DATE_LINE_LABEL.sub("", line, count=1)):
        return "date", iso
    if _BYLINE.fullmatch(line):
        return "byline", line
    if _is_slogan(line):
        return "slogan", line
    if _is_heading(line):
        return "heading", line
    return None


def _is_heading(line: str) -> bool:
    words = line.split()
    if len(words) > MAX_TITLE_WORDS or not any(ch.isalpha() for ch in line):
        return False
    return not ends_sentence(line) or bool(_ABBREVIATION.search(words[-1]))


def _is_slogan(line: str) -> bool:
    # "Transparent. Unbiased. Yours.": several capitalised sentences of a word or two each.
    # Capitalised words tell it from short prose ("Mr. Smith left. He smiled.").
    pieces = [piece for piece in re.split(r"(?<=[.!?])\s+", line) if piece]
    words = line.split()
    return (
        len(pieces) >= 2
        and len(words) <= _SLOGAN_MAX_WORDS
        and all(len(piece.split()) <= _SLOGAN_PIECE_MAX_WORDS for piece in pieces)
        and all(word[0].isupper() or word.lower() in _FUNCTION_WORDS for word in words)
    )


def _assign_header(header: list[tuple[str, object]], lifted: dict) -> None:
    # The first heading long enough to be a headline is the title; shorter headings and
    # slogans above it are the masthead; headings below it are a subtitle.
    title_seen = False
    for kind, value in header:
        if kind == "heading" and not title_seen and len(str(value).split()) >= MIN_TITLE_WORDS:
            lifted["title"] = value
            title_seen = True
        elif kind in ("heading", "slogan"):
            key = "subtitle" if title_seen else "masthead"
            lifted.setdefault(key, []).append(value)
        elif kind == "categories":
            lifted.setdefault("categories", []).extend(value)
        else:  # date, byline: the first one wins
            lifted.setdefault(kind, value)


def _lift_dateline(block: str, lifted: dict) -> str:
    found = _DATELINE.match(block)
    if found is None:
        return block
    place, when, source = found.group("place", "when", "source")
    # Capitalised words before a dash could be prose ("Donald Trump — The ..."); a dateline
    # also names a region (a comma), shouts its city, or carries a date or an agency.
    if not (", " in place or _ALL_CAPS_WORD.search(place) or when or source):
        return block
    lifted["dateline"] = f"{place}, {when}" if when else place
    if source:
        lifted.setdefault("source", source.strip())
    return block[found.end() :]


def _join_broken_sentences(blocks: list[str]) -> list[str]:
    joined: list[str] = []
    for block in blocks:
        if joined and _is_broken_between(joined[-1], block):
            joined[-1] = f"{joined[-1]} {block}"
        else:
            joined.append(block)
    return joined


def _is_broken_between(before: str, after: str) -> bool:
    """A blank line cut a sentence: no end punctuation before, and a continuation after."""
    if not before or not after or ends_sentence(before):
        return False
    first = after[0]
    if not (first.isalnum() or first in "\"“‘'"):
        return False  # a list item, a rule, a table: not the rest of a sentence
    last_word = before.split()[-1].lower()
    return first.islower() or last_word in _FUNCTION_WORDS
