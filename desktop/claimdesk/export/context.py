"""The text around a claim: its sentence plus the sentence before and after, within its paragraph.

Sentences are cut with a light rule (a terminator followed by a space, or a line break), not
a parser: the export must run at hundreds of thousands of claims per second and the context is
a reading aid and model input, not an annotation. Single capitals and common titles ("U.S.",
"Mr.") do not end a sentence. A line break always ends a sentence and a paragraph, so the
context never crosses from one paragraph (or a headline) into the next.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_BREAK = re.compile(
    # Every match starts with a terminator or a line break (spaces before a line break are
    # not part of it: only where a break ends counts). Written as one character class first,
    # the regex engine skips ahead to the next such character in C instead of trying every
    # position (three times faster than the same breaks as an alternation of two patterns)
    r"[.!?…\n]"
    # after a line break: the end of a sentence and of a paragraph, with the blank after it
    r"(?:(?<=\n)\s*"
    # after a terminator: the end of a sentence inside a paragraph
    r"|[.!?…]*[\"'”’)\]]*[ \t]+)"
)
# a period after these does not end a sentence ("U.S. officials", "Mr. Lee", "No. 5");
# checked in Python on the few candidate breaks, which is far cheaper than regex lookbehinds,
# and only after a letter that can end one of them
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Ms|Mrs|Dr|St|No))\.\Z")
_ABBREVIATION_END = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZrsto")


class SentenceIndex:
    """Sentence starts of one article's text, for bisecting claim offsets.

    Built once per article; everything a claim's context needs that does not depend on the
    claim (where each sentence run ends, without the space or line break after it) is worked
    out here, so `context` is two bisections and a few comparisons.
    """

    __slots__ = ("_starts", "_new_paragraph", "_bounds", "_trimmed")

    def __init__(self, text: str):
        starts = [0]
        new_paragraph = [True]  # does sentence i open a paragraph?
        size = len(text)
        for match in _BREAK.finditer(text):
            end = match.end()
            if end >= size:
                break
            found = match.group()
            if found[0] == ".":
                dot = match.start()
                if (
                    dot > 0
                    and text[dot - 1] in _ABBREVIATION_END
                    and _ABBREVIATION.search(text, max(0, dot - 4), dot + 1)
                ):
                    continue
            starts.append(end)
            new_paragraph.append("\n" in found)
        self._starts = starts
        self._new_paragraph = new_paragraph
        # sentence i ends where sentence i + 1 starts (the last one at the end of the text) ...
        self._bounds = bounds = [*starts[1:], len(text)]
        # ... and, without the whitespace that separates it from the next, here
        trimmed = []
        for bound in bounds:
            while bound > 0 and text[bound - 1].isspace():
                bound -= 1
            trimmed.append(bound)
        self._trimmed = trimmed

    def context(self, start: int, end: int) -> tuple[int, int]:
        """[context_start, context_end) around the claim [start, end)."""
        starts = self._starts
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, start if start >= end - 1 else end - 1) - 1
        if first > 0 and not self._new_paragraph[first]:
            first -= 1
        if last + 1 < len(starts) and not self._new_paragraph[last + 1]:
            last += 1
        context_start = starts[first]
        context_end = self._bounds[last]
        # drop the space or line break that separates it from the next sentence, but never
        # cut into the claim (or before the context's start)
        floor = context_start if context_start > end else end
        if context_end > floor:
            context_end = self._trimmed[last]
            if context_end < floor:
                context_end = floor
        return (
            context_start if context_start < start else start,
            context_end if context_end > end else end,
        )
