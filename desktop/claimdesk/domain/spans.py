"""Word-boundary rules for editing a claim's span. Pure functions on (text, start, end); no Qt,
no SQL. A "word" is a maximal run of non-space characters, so punctuation travels with its word.

Every function returns the new span (or spans), or None when the edit is impossible (it would
empty the claim, cross a line break, or run off the text): the caller then changes nothing.
"""

from __future__ import annotations

Span = tuple[int, int]


def _is_break(ch: str) -> bool:
    # claims never run across a line break: paragraphs are separate units of reporting
    return ch in "\n\r\u2028\u2029"


def trim(text: str, start: int, end: int) -> Span | None:
    """Drop leading/trailing whitespace; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def grow_start(text: str, start: int, end: int) -> Span | None:
    i = start
    while i > 0 and text[i - 1].isspace():
        if _is_break(text[i - 1]):
            return None
        i -= 1
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return (i, end) if i < start else None


def shrink_start(text: str, start: int, end: int) -> Span | None:
    i = start
    while i < end and not text[i].isspace():
        i += 1
    while i < end and text[i].isspace():
        i += 1
    return (i, end) if i < end else None


def grow_end(text: str, start: int, end: int) -> Span | None:
    i, n = end, len(text)
    while i < n and text[i].isspace():
        if _is_break(text[i]):
            return None
        i += 1
    while i < n and not text[i].isspace():
        i += 1
    return (start, i) if i > end else None


def shrink_end(text: str, start: int, end: int) -> Span | None:
    i = end
    while i > start and not text[i - 1].isspace():
        i -= 1
    while i > start and text[i - 1].isspace():
        i -= 1
    return (start, i) if i > start else None


RESIZERS = {
    "grow_start": grow_start,
    "shrink_start": shrink_start,
    "grow_end": grow_end,
    "shrink_end": shrink_end,
}


def snap_to_word_start(text: str, start: int, pos: int) -> int:
    """Move a position inside a word back to that word's first character."""
    while pos > start and not text[pos - 1].isspace():
        pos -= 1
    return pos


def split(text: str, start: int, end: int, pos: int) -> tuple[Span, Span] | None:
    """Split at `pos` (snapped to the start of the word it falls in); both halves trimmed."""
    if not start < pos < end:
        return None
    pos = snap_to_word_start(text, start, pos)
    left, right = trim(text, start, pos), trim(text, pos, end)
    if left is None or right is None:
        return None
    return left, right


def merge(spans: list[Span]) -> Span:
    return (min(s for s, _ in spans), max(e for _, e in spans))


def from_selection(text: str, start: int, end: int) -> Span | None:
    """A selection becomes whole words: trimmed, then widened to the words it touches."""
    start, end = min(start, end), max(start, end)
    start, end = max(0, start), min(len(text), end)
    trimmed = trim(text, start, end)
    if trimmed is None:
        return None
    start, end = trimmed
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
