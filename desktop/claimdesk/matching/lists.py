"""Lists that say how long they are: "four charges: fraud, bribery, perjury and theft" beside
"charged with fraud, bribery and perjury" counts the same things differently.

A claim may state a count and then list what it counts (the count before a colon or dash);
another claim may list mostly the same items. When the two lists share at least
MIN_SHARED items, the stated count and the other claim's count (stated, or the length of its
list) should agree. A list introduced by "including", "such as" or "among" is partial by its
own words and is never taken for the whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claimdesk.matching.text import NUMBER_WORDS, STOPWORDS, stem

MIN_SHARED = 3
# Between the stated count and the list: the counted noun and a few words ("six broad
# categories of risk:"), never a sentence.
_COUNT_REACH = 6
_PARTIAL = re.compile(
    r"\b(?:including|includes|include|such as|like|among them|among|e\.g\.)\s*[:,-]?\s*$", re.I
)
# "a, b, c and d" / "a, b, c, or d": at least three items, items of one to four words.
# Each word is matched whole ("*+" gives back nothing, and a list starts at a word's start):
# otherwise a long run of letters is tried from every letter, and the search is quadratic.
_ITEM = r"(?<![\w'’-])[^\W\d_][\w'’-]*+(?:\s+[^\W\d_][\w'’-]*+){0,3}"
_LIST = re.compile(rf"({_ITEM})((?:\s*,\s*{_ITEM})+)\s*,?\s+(?:and|or)\s+({_ITEM})", re.U)
_SMALL = frozenset(w for w, n in NUMBER_WORDS.items() if 2 <= n <= 20)


@dataclass(frozen=True)
class ListedItems:
    items: tuple[frozenset[str], ...]  # each item's word stems
    stated: int | None  # the count the claim gives for them, if any
    noun: str  # what the count counts ("categories"), or ""
    written: str  # the count as written ("six"), or ""


def _item_words(item: str) -> frozenset[str]:
    words = (w.lower() for w in re.findall(r"[^\W\d_]+", item))
    return frozenset(stem(w) for w in words if len(w) > 2 and w not in STOPWORDS)


def _stated_count(lead: str) -> tuple[int | None, str, str]:
    """The count stated right before a list that follows a colon or dash ("six kinds:")."""
    lead = lead.rstrip()
    if not lead.endswith((":", "-", "–", "—")):
        return None, "", ""
    words = re.findall(r"[\w'’-]+", lead[:-1])[-_COUNT_REACH:]
    for k in range(len(words) - 2, -1, -1):  # the nearest count with a word after it
        word = words[k].lower()
        value = int(word) if word.isdigit() else NUMBER_WORDS.get(word) if word in _SMALL else None
        if value is not None and 2 <= value <= 20:
            # What is counted: the last word before "of" ("six kinds of risk" -> kinds).
            after = words[k + 1 :]
            noun = (after[: after.index("of")] if "of" in after[1:] else after)[-1]
            return value, noun, words[k]
    return None, "", ""


@lru_cache(maxsize=8192)
def listed_items(text: str) -> tuple[ListedItems, ...]:
    """Every list of three or more items in a claim, with the count stated for it."""
    found = []
    for m in _LIST.finditer(text):
        # The first group runs back over words that lead into the list ("associated with
        # sex"): only its last word is the first item; the rest leads into the list.
        first = m.group(1).split()[-1]
        lead = text[: m.end(1) - len(first)]
        if _PARTIAL.search(lead):
            continue
        middle = [p for p in m.group(2).split(",") if p.strip()]
        items = [_item_words(first)] + [_item_words(p) for p in middle]
        items.append(_item_words(m.group(3)))
        items = [i for i in items if i]
        if len(items) < 3:
            continue
        stated, noun, written = _stated_count(lead)
        found.append(ListedItems(tuple(items), stated, noun, written))
    return tuple(found)


def _shared(a: ListedItems, b: ListedItems) -> int:
    return sum(1 for x in a.items if any(x & y for y in b.items))


def list_count_differences(text_a: str, text_b: str) -> list[tuple[str, str, str]]:
    """(what is counted, count in a, count in b) for lists of the same things counted
    differently; a count is the one stated or, failing that, the items listed."""
    found = []
    for a in listed_items(text_a):
        for b in listed_items(text_b):
            if a.stated is None and b.stated is None:
                continue  # two bare lists may each give part of the whole
            if _shared(a, b) < MIN_SHARED:
                continue
            count_a = a.stated if a.stated is not None else len(a.items)
            count_b = b.stated if b.stated is not None else len(b.items)
            if count_a == count_b:
                continue
            shown_a = a.written or f"{len(a.items)} listed"
            shown_b = b.written or f"{len(b.items)} listed"
            found.append((a.noun or b.noun, shown_a, shown_b))
    return found[:1]
