"""Cutting text into the pieces a claim may not cross.

All as (start, end) character offsets into the text given:
- paragraphs (separated by blank lines), none longer than a limit;
- chunks: runs of whole paragraphs up to the limit, which ClaimPipeline feeds to spaCy so
  memory stays flat on huge articles while ordinary articles stay one Doc (fewer Docs is
  faster); offsets are exact because a chunk is text[start:end] and spans are shifted back;
- hard line breaks inside a chunk, which the detector uses to cut sentences, because a title,
  masthead or date line is often separated from prose by a single line break only.
"""

import re
from collections.abc import Iterator

from claimdesk.nlp.boilerplate import ends_like_sentence, is_date_line, is_heading_like

# A blank line: "\n", then any whitespace-only lines (copes with "\r\n\r\n" and "\n \n").
_PARAGRAPH_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")

# spaCy's default nlp.max_length is 1,000,000; the parser's memory grows with doc length, so
# very long paragraphs are cut well below that, at a line break or a sentence end.
DEFAULT_MAX_CHARS = 100_000


def paragraphs(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[tuple[int, int]]:
    """Offsets of the non-blank paragraphs of text, none longer than max_chars."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield from _bounded(text, start, match.start(), max_chars)
        start = match.end()
    yield from _bounded(text, start, len(text), max_chars)


def chunks(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[tuple[int, int]]:
    """Offsets of runs of whole paragraphs of text, each at most max_chars long."""
    chunk_start = chunk_end = None
    for start, end in paragraphs(text, max_chars):
        if chunk_start is not None and end - chunk_start > max_chars:
            yield chunk_start, chunk_end
            chunk_start = None
        if chunk_start is None:
            chunk_start = start
        chunk_end = end
    if chunk_start is not None:
        yield chunk_start, chunk_end


def _bounded(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    while end - start > max_chars:
        cut = _cut_point(text, start, start + max_chars)
        if text[start:cut].strip():
            yield start, cut
        start = cut
    if text[start:end].strip():
        yield start, end


def _cut_point(text: str, start: int, limit: int) -> int:
    """The last line break, else sentence end, else space before limit (else limit itself)."""
    newline = text.rfind("\n", start + 1, limit)
    if newline > start:
        return newline + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, limit)]
    if ends and ends[-1] > start:
        return ends[-1]
    for position in range(limit - 1, start, -1):
        if text[position].isspace():
            return position + 1
    return limit


def hard_line_breaks(text: str) -> list[int]:
    """Offsets of the line breaks in text that a claim must not cross.

    A single line break is soft only where prose was hard-wrapped: the line before it does
    not end a sentence, is not a heading or date line, and the next line starts in lower
    case. Every other line break ends whatever came before it.
    """
    breaks = []
    position = text.find("\n")
    line_start = 0
    while position != -1:
        line = text[line_start:position]
        following = text[position + 1 : position + 2]
        wrapped = (
            line.strip()
            and following.islower()
            and not ends_like_sentence(line)
            and not is_date_line(line)
            and not is_heading_like(line)
        )
        if not wrapped:
            breaks.append(position)
        line_start = position + 1
        position = text.find("\n", line_start)
    return breaks


# Invisible characters that a span never starts or ends with, besides whitespace.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u200e\u200f\u2060\u00ad"


def trim(text: str, start: int, end: int, also: str = "") -> tuple[int, int]:
    """Narrow text[start:end] past whitespace, invisible characters and `also` at both ends."""
    while start < end and (
        text[start].isspace() or text[start] in _INVISIBLE or text[start] in also
    ):
        start += 1
    while end > start and (
        text[end - 1].isspace() or text[end - 1] in _INVISIBLE or text[end - 1] in also
    ):
        end -= 1
    return start, end
