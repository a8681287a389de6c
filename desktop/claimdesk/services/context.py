"""A claim in its context for the review window: whole sentences of its paragraph, never a word
cut in two.

Rule-based on purpose: the review window must not load spaCy. A sentence ends at . ! ? or …
(and any closing quote or bracket) followed by a space, unless the word before the period is a
title, an initial or a dotted acronym ("Mr.", "J.", "U.S.").
"""

from __future__ import annotations

import re

from claimdesk.domain.calendar import MONTH_ABBREVIATIONS

CONTEXT_CHARS = 600  # a paragraph longer than this is cut to whole sentences around the claim
ELLIPSIS = "…"

_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NOT_AN_END = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cpt",
        "gov",
        "sen",
        "rep",
        "rev",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        *MONTH_ABBREVIATIONS,
        "approx",
        "est",
    ]
)


def _ends_sentence(text: str, period_at: int) -> bool:
    if text[period_at] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, period_at - 40), period_at)
    if word is None:
        return True
    stem = word.group(1).strip("\"'“‘(").rstrip(".")
    if len(stem) == 1 and stem.isalpha():  # an initial: "J. Smith"
        return False
    if "." in stem:  # a dotted acronym: "U.S."
        return False
    return stem.casefold() not in _NOT_AN_END


def sentence_bounds(text: str, start: int, end: int) -> list[int]:
    """Offsets in [start, end] where a sentence of text[start:end] begins, plus end."""
    bounds = [start]
    for match in _END.finditer(text, start, end):
        if match.end() < end and _ends_sentence(text, match.start()):
            bounds.append(match.end())
    bounds.append(end)
    return bounds


def _cut_before(text: str, lo: int, start: int, room: int) -> int:
    """Where the shown text before the claim begins: lo, or the first word start within room."""
    if start - lo <= room:
        return lo
    space = text.find(" ", start - room, start)
    return lo if space == -1 else space + 1


def _cut_after(text: str, end: int, hi: int, room: int) -> int:
    if hi - end <= room:
        return hi
    space = text.rfind(" ", end, end + room)
    return hi if space == -1 else space


def claim_in_context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, claim, after) in the claim's paragraph (line): the whole paragraph when it is
    short; otherwise the claim's sentences and whole sentences either side while they fit in
    CONTEXT_CHARS, with … where text is left out. Offsets are Python string indices."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end == -1 else para_end
    if para_end - para_start <= CONTEXT_CHARS:
        return text[para_start:start], text[start:end], text[end:para_end].rstrip()
    bounds = sentence_bounds(text, para_start, para_end)
    lo_i = max(i for i, b in enumerate(bounds) if b <= start)
    hi_i = min(i for i, b in enumerate(bounds) if b >= end)
    # one sentence before, one after, then more while they fit
    grew = True
    while grew:
        grew = False
        if lo_i > 0 and bounds[hi_i] - bounds[lo_i - 1] <= CONTEXT_CHARS:
            lo_i, grew = lo_i - 1, True
        if hi_i < len(bounds) - 1 and bounds[hi_i + 1] - bounds[lo_i] <= CONTEXT_CHARS:
            hi_i, grew = hi_i + 1, True
    lo, hi = bounds[lo_i], bounds[hi_i]
    # a sentence longer than the room itself: cut at a space, never inside a word
    room = max(0, CONTEXT_CHARS - (end - start)) // 2
    lo, hi = _cut_before(text, lo, start, room), _cut_after(text, end, hi, room)
    before, after = text[lo:start], text[end:hi].rstrip()
    if lo > para_start:
        before = f"{ELLIPSIS} {before}"
    if hi < para_end and text[hi:para_end].strip():
        after = f"{after} {ELLIPSIS}"
    return before, text[start:end], after
