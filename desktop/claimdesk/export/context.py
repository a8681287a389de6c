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
    r"[.!?…]+[\"'”’)\]]*[ \t]+"  # end of a sentence inside a paragraph
    r"|[ \t]*\n\s*"  # a line break: end of a sentence and of a paragraph
)
# a period after these does not end a sentence ("U.S. officials", "Mr. Lee", "No. 5");
# checked in Python on the few candidate breaks, which is far cheaper than regex lookbehinds
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Ms|Mrs|Dr|St|No))\.\Z")


class SentenceIndex:
    """Sentence starts of one article's text, for bisecting claim offsets."""

    __slots__ = ("_text", "_starts", "_new_paragraph")

    def __init__(self, text: str):
        self._text = text
        self._starts = [0]
        self._new_paragraph = [True]  # does sentence i open a paragraph?
        for match in _BREAK.finditer(text):
            if match.end() >= len(text):
                break
            found = match.group()
            if found[0] == "." and _ABBREVIATION.search(
                text, max(0, match.start() - 4), match.start() + 1
            ):
                continue
            self._starts.append(match.end())
            self._new_paragraph.append("\n" in found)

    def context(self, start: int, end: int) -> tuple[int, int]:
        """[context_start, context_end) around the claim [start, end)."""
        starts = self._starts
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, max(start, end - 1)) - 1
        if first > 0 and not self._new_paragraph[first]:
            first -= 1
        if last + 1 < len(starts) and not self._new_paragraph[last + 1]:
            last += 1
        context_start = starts[first]
        context_end = starts[last + 1] if last + 1 < len(starts) else len(self._text)
        # drop the space or line break that separates it from the next sentence
        while context_end > max(context_start, end) and self._text[context_end - 1].isspace():
            context_end -= 1
        return min(context_start, start), max(context_end, end)
