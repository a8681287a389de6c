"""Names that differ in one word: "Bank of England Monetary Committee" beside "Bank of England
Financial Committee", "Department of Homeland Security" beside "Department of Homeland Defense".

Two multi-word names of the same shape that agree in every word but one, where that one is
not a spelling variant of the other ("Yuri"/"Yury"), name two different things — or the same
thing wrongly, which is what a fact-checker must look at.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from claimdesk.matching.text import fold

# A run of capitalised words, joined by the small words names contain ("Bank of England").
_NAME_RUN = re.compile(
    r"(?:[A-Z][\w.'’-]*)(?:\s+(?:(?:of|and|for|the|de|du|la)\s+)*[A-Z][\w.'’-]*)+"
)
MIN_WORDS = 3  # two-word names differ in one word too often ("North Korea", "South Korea")
_SPELLING_LIKENESS = 0.75


def _runs(text: str) -> list[list[str]]:
    found = []
    for m in _NAME_RUN.finditer(text):
        words = m.group().split()
        capitals = [w for w in words if w[:1].isupper()]
        if len(capitals) >= MIN_WORDS:
            found.append(words)
    return found


def _same(a: str, b: str) -> bool:
    return fold(a).lower().rstrip(".") == fold(b).lower().rstrip(".")


def name_differences(text_a: str, text_b: str) -> list[tuple[str, str]]:
    """(name in a, name in b) pairs that differ in exactly one capitalised word."""
    found = []
    for a in _runs(text_a):
        for b in _runs(text_b):
            if len(a) != len(b):
                continue
            differ = [k for k, (x, y) in enumerate(zip(a, b, strict=True)) if not _same(x, y)]
            if len(differ) != 1:
                continue
            x, y = a[differ[0]], b[differ[0]]
            if not (x[:1].isupper() and y[:1].isupper()):
                continue
            if SequenceMatcher(None, x.lower(), y.lower()).ratio() >= _SPELLING_LIKENESS:
                continue  # "Yuri"/"Yury", "Zelensky"/"Zelenskyy": one name spelt two ways
            # The first word alone differing is a title or a first name ("President Donald
            # Trump" / "Mr Donald Trump") more often than another thing.
            if differ[0] == 0:
                continue
            found.append((" ".join(a), " ".join(b)))
    return found
