"""Text tests for the non-prose parts of an article that must never become claims.

Ingest normally lifts these out (metadata prefix, datelines, mastheads, titles, date lines,
"Categories:" lines), but the detector must reject them on its own: files reach it from
other paths too, and a claim made of boilerplate is an error an annotator has to undo.
All functions here are plain string functions so they are cheap and easy to test.
"""

import re

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
)
_TIME = r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)"

# " date 2025-06-04 " glued in front of the first sentence by the scraper that made the seeds.
_METADATA_PREFIX = re.compile(r"(?i)date\s*[:=]?\s*\d{4}-\d{2}-\d{2}\b[\s:|-]*")

# A place name: one to three capitalised words ("Moscow", "New York", "WASHINGTON").
_PLACE = r"[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*){0,2}"
_AGENCY = r"\s*\([^()\n]{1,40}\)"
# Datelines: "Moscow, Russia — ", "KYIV — ", "WASHINGTON, July 4 (Alliance News): ",
# "LONDON (Reuters) - ". A dash needs a comma part or an all-caps place, a colon needs an
# agency or a date, so that ordinary sentences ("Trump — who ...") are left alone.
_DATELINE = re.compile(
    rf"(?:{_PLACE},\s+(?:{_DATE}|{_PLACE})(?:{_AGENCY})?\s*(?:[—–]|\s-|:)"
    rf"|[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){{0,2}}(?:,\s+{_DATE})?(?:{_AGENCY})?\s*(?:[—–]|\s-)"
    rf"|{_PLACE}(?:,\s+{_DATE})?{_AGENCY}\s*(?:[—–]|\s-|:))(?=\s|$)\s*"
)

_DATE_LINE = re.compile(
    rf"(?:(?:Published|Updated|Posted|Last updated)(?:\s+on)?:?\s+)?(?:{_WEEKDAY},?\s+)?"
    rf"{_DATE}(?:,?\s+(?:at\s+)?{_TIME})?\.?",
    re.IGNORECASE,
)
# "Categories: General News", "Tags: ...", "Filed under: ...", "By Jane Doe".
_LABEL_LINE = re.compile(r"(?:[A-Z][\w ]{0,24}:\s*\S.*|By\s+[A-Z].*)")

_WORD = re.compile(r"\w+(?:[’'.-]\w+)*")
_TERMINAL = ".!?…"
_TERMINALS = frozenset(_TERMINAL)
_CLOSERS = "\"'”’»)]*"
# Words that stay lower case in Title Case headlines.
_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "nor",
        "as",
        "with",
        "from",
        "by",
        "via",
        "vs",
        "into",
        "over",
        "after",
        "amid",
        "about",
        "is",
        "are",
        "was",
        "be",
        "than",
    ]
)


def lead_in_length(text: str) -> int:
    """Length of the non-prose lead-in at the start of text (whitespace, metadata, dateline)."""
    pos = 0
    while True:
        start = pos
        while pos < len(text) and (text[pos].isspace() or text[pos] == "\ufeff"):
            pos += 1
        for pattern in (_METADATA_PREFIX, _DATELINE):
            match = pattern.match(text, pos)
            if match:
                pos = match.end()
        if pos == start:
            return pos


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def last_visible_char(text: str) -> str:
    """The last character that is not a closing quote or bracket ("peace.”" -> ".")."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


# A question asks when it opens with a question word or an inverted verb ("Did they...?").
_ASKING = re.compile(
    r"^\W*(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|am|do|does|did|"
    r"can|could|will|would|shall|should|may|might|must|has|have|had)(?:n['’]?t)?\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A question, which states nothing to check. A line that only ends in "?" but neither
    asks nor lacks a figure ("The 10 funniest words in English from a sample of nearly
    45,000?", a lede's teaser) still states its figure, and stays a claim."""
    if last_visible_char(text) != "?":
        return False
    return _ASKING.match(text) is not None or not any(c.isdigit() for c in text)


def ends_like_sentence(text: str) -> bool:
    return last_visible_char(text) in _TERMINALS


def is_date_line(text: str) -> bool:
    return _DATE_LINE.fullmatch(text.strip()) is not None


def is_heading_like(text: str, tokens: list[str] | None = None) -> bool:
    """A title, masthead, label or byline: a line that does not end like a sentence and is
    either short or written in Title Case. A long lower-case line without a full stop (a
    sentence broken by a stray blank line) is not a heading. `tokens`, when given, are
    words(text)."""
    text = text.strip()
    if ends_like_sentence(text):
        return False
    if _LABEL_LINE.fullmatch(text):
        return True
    if tokens is None:
        tokens = words(text)
    if len(tokens) <= 6:
        return True
    content = [w for w in tokens if w.lower() not in _MINOR_WORDS and w[0].isalpha()]
    if not content:
        return True
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.6
