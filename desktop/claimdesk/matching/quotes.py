"""Quotation wording: two reports that quote the same words differently.

"We aren't thieves! We are honest farmers." beside "We are not thieves! We are poor
farmers!" is the same quotation, reported two ways: a fact-checker must see which words differ.
One quote longer than the other (a report that cut the quotation short) is not a difference;
only a word replaced by another is.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from claimdesk.matching.text import fold, stem

# Straight or curly double quotes; single quotes are too often apostrophes.
_QUOTED = re.compile(r"[\"“”„]([^\"“”„]{12,}?)[\"“”„]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
MIN_WORDS = 4
# How alike two quotations must be to be one quotation reported twice.
MIN_LIKENESS = 0.6


def _key(word: str) -> str:
    w = fold(word).lower().replace("’", "'")
    # British and American spellings are one word ("behaviour"/"behavior", "-ise"/"-ize").
    w = re.sub(r"our$", "or", w)
    w = re.sub(r"is(e|es|ed|ing|ation|ations)$", r"iz\1", w)
    return stem(w)


def _words(quote: str) -> list[str]:
    quote = re.sub(r"(?i)n['’]t\b", " not", quote)
    for short, full in (("ll", "will"), ("re", "are"), ("ve", "have"), ("m", "am")):
        quote = re.sub(rf"(?i)['’]{short}\b", " " + full, quote)  # "they'll" -> "they will"
    return _WORD.findall(quote)


def quotations(text: str) -> list[list[str]]:
    return [w for m in _QUOTED.finditer(text) if len(w := _words(m.group(1))) >= MIN_WORDS]


# One quotation given twice: this share of the shorter one's words, in order, and at least
# MIN_SAME words (stricter than MIN_LIKENESS: nothing else tells the two apart).
SAME_LIKENESS = 0.8
MIN_SAME = 5


def one_quotation(words_a: list[str], words_b: list[str]) -> bool:
    """Whether two quotations (as `quotations` gives them) are one, however cut short."""
    keys_a, keys_b = [_key(w) for w in words_a], [_key(w) for w in words_b]
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched >= MIN_SAME and matched >= SAME_LIKENESS * min(len(keys_a), len(keys_b))


def quote_differences(text_a: str, text_b: str) -> list[tuple[str, str]]:
    """(words of a, words of b) replaced between the same quotation as each claim gives it."""
    found = []
    for words_a in quotations(text_a):
        keys_a = [_key(w) for w in words_a]
        for words_b in quotations(text_b):
            keys_b = [_key(w) for w in words_b]
            matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
            matched = sum(block.size for block in matcher.get_matching_blocks())
            # Likeness over the shorter quote: a quotation cut short is still the same one.
            if matched < MIN_LIKENESS * min(len(keys_a), len(keys_b)) or matched < 3:
                continue
            for op, i1, i2, j1, j2 in matcher.get_opcodes():
                if op != "replace":
                    continue
                # Inside the part both report, or the last words of both ("rights" vs
                # "freedoms"); not where one quotation simply goes on or starts earlier.
                inside = i1 > 0 and i2 < len(keys_a) and j1 > 0 and j2 < len(keys_b)
                both_end = i2 == len(keys_a) and j2 == len(keys_b)
                if inside or both_end:
                    found.append((" ".join(words_a[i1:i2]), " ".join(words_b[j1:j2])))
                    break
            if found:
                return found
    return found
