"""Conflict hints: where two claims that look alike give different values for the same thing.

Hints are cheap pattern checks, run only on a claim and its few best candidates. They point the
annotator at the difference ("23 vs 14 people injured"); they do not decide. Each check errs on
the side of silence: a wrong hint on two agreeing claims costs more attention than a missing one.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from claimdesk.matching.lists import list_count_differences
from claimdesk.matching.names_differ import name_differences
from claimdesk.matching.places import place_differences
from claimdesk.matching.quotes import quote_differences
from claimdesk.matching.records import ConflictHint
from claimdesk.matching.slots import (
    LONGEST_READ,
    conflicting_quantities,
    describe,
    without_earlier_years,
)
from claimdesk.matching.speakers import attribution_differences
from claimdesk.matching.text import (
    NEGATIONS,
    ORDINAL_WORDS,
    STOPWORDS,
    Token,
    concept_of,
    tokenize,
)
from claimdesk.matching.titles import title_hints
from claimdesk.matching.when import date_and_time_hints

# ---------------------------------------------------------------- numbers


def _number_hints(text_a: str, text_b: str) -> list[ConflictHint]:
    """Counts and measures of one slot that cannot both hold ("killed: at least 235 vs 305")."""
    return [
        ConflictHint("number", a.shown, b.shown, describe(a, b), a.what)
        for a, b in conflicting_quantities(text_a, text_b)
    ]


# ---------------------------------------------------------------- ordinals

_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def ordinals(tokens: list[Token]) -> list[tuple[int, str, str]]:
    """(ordinal value, class of the thing counted, word as written) with the noun nearby."""
    found = []
    for i, token in enumerate(tokens):
        m = _ORDINAL_DIGITS.match(token.norm)
        value = int(m.group(1)) if m else ORDINAL_WORDS.get(token.norm)
        if value is None:
            continue
        # "their sixth" refers back to a noun before it; "the first call" to one after it.
        window = tokens[max(0, i - 5) : i] + tokens[i + 1 : i + 4]
        for t in window:
            cls = concept_of(t.key)
            if cls is not None:
                found.append((value, cls, token.surface))
                break
    return found


def _ordinal_hints(a: list[Token], b: list[Token]) -> list[ConflictHint]:
    hints = []
    ords_b = ordinals(b)
    values_b = {v for v, _, _ in ords_b}
    for va, cls_a, word_a in ordinals(a):
        for vb, cls_b, word_b in ords_b:
            if cls_a == cls_b and va != vb and va not in values_b:
                hints.append(
                    ConflictHint(
                        "ordinal",
                        word_a.lower(),
                        word_b.lower(),
                        f"{word_a.lower()} vs {word_b.lower()}",
                    )
                )
                return hints
    return hints


# ---------------------------------------------------------------- negation

_SKIP_AFTER_NEGATION = frozenset(
    [
        "be",
        "been",
        "being",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "any",
        "a",
        "an",
        "the",
        "even",
        "yet",
        "also",
        "ever",
        "really",
        "so",
        "much",
        "of",
    ]
)
# Verbs that take away what follows them: "lost power" agrees with "without power".
_PRIVATIVE = frozenset(
    ["lost", "lose", "loses", "losing", "lacked", "lacking", "deprived", "cut", "cuts"]
)
# Words that deny what follows them, beyond the grammatical negations ("lack of progress").
_DENIALS = NEGATIONS | {"lack", "lacked", "failed", "fails", "fail", "refused", "refuses"}


def negated_keys(tokens: list[Token], scope: int = 1) -> set[str]:
    """Keys of the words each negation applies to ("did not discuss" -> discuss).

    `scope` is how many content words after the negation count as negated: one for hints
    (precise), more for retrieval ("did not make any progress" and "no progress" share one).
    """
    keys = set()
    for i, token in enumerate(tokens):
        if token.norm not in _DENIALS:
            continue
        taken = 0
        for t in tokens[i + 1 : i + 6]:
            if t.norm in _SKIP_AFTER_NEGATION or t.norm in STOPWORDS:
                continue
            keys.add(t.key)
            taken += 1
            if taken == scope:
                break
    return keys


def _negation_hints(a: list[Token], b: list[Token]) -> list[ConflictHint]:
    neg_a, neg_b = negated_keys(a), negated_keys(b)
    # Both negative, or both positive: no sign of one denying the other.
    if bool(neg_a) == bool(neg_b):
        return []
    negated, plain, negated_side = (neg_a, b, "a") if neg_a else (neg_b, a, "b")
    plain_keys = {t.key for t in plain if t.norm not in STOPWORDS}
    # A word the negating claim also states plainly ("still personal ... aren't personal")
    # is no flip of polarity between the two claims.
    said = Counter(t.key for t in (a if negated_side == "a" else b))
    shared = sorted(k for k in negated & plain_keys if not k.isdigit() and said[k] < 2)
    # "without power" is what "lost power" says: a word taken away on the plain side too.
    privated = {
        t.key
        for k, t in enumerate(plain)
        if any(p.norm in _PRIVATIVE for p in plain[max(0, k - 2) : k])
    }
    shared = [k for k in shared if k not in privated]
    if not shared:
        return []
    word = shared[0]
    value_a, value_b = (f"not {word}", word) if negated_side == "a" else (word, f"not {word}")
    return [ConflictHint("negation", value_a, value_b, f"{value_a} vs {value_b}")]


# ---------------------------------------------------------------- entry point


@lru_cache(maxsize=16384)
def _tokens(text: str) -> list[Token]:
    # A claim meets many others (every query that lists it): tokenise it once per process.
    return tokenize(text)


def conflict_hints(
    text_a: str, text_b: str, published_a: str | None = None, published_b: str | None = None
) -> list[ConflictHint]:
    """Differences between two claims that may make them conflict; value_a is from text_a.

    `published_a`/`published_b` (ISO dates of the articles) turn weekdays into dates, so that
    "starting Wednesday" in a Monday article meets "from 28 November".
    """
    if len(text_a) > LONGEST_READ or len(text_b) > LONGEST_READ:
        return []  # no claim of news; read, it would cost seconds (slots.LONGEST_READ)
    tokens_a, tokens_b = _tokens(text_a), _tokens(text_b)
    hints: list[ConflictHint] = []
    hints += _number_hints(
        without_earlier_years(text_a, published_a), without_earlier_years(text_b, published_b)
    )
    hints += date_and_time_hints(text_a, text_b, published_a, published_b)
    hints += title_hints(text_a, text_b)
    hints += [
        ConflictHint("place", a, b, f"{who} spoke in/at: {a} vs {b}")
        for who, a, b in place_differences(text_a, text_b)
    ]
    hints += [
        ConflictHint("name", a, b, f"name: {a} vs {b}")
        for a, b in name_differences(text_a, text_b)[:1]
    ]
    hints += [
        ConflictHint("number", a, b, f"{what}: {a} vs {b}".lstrip(": "), "listed")
        for what, a, b in list_count_differences(text_a, text_b)
    ]
    hints += [
        ConflictHint("who", a, b, f"quoted: {a} vs {b}")
        for a, b in attribution_differences(text_a, text_b)
    ]
    hints += [
        ConflictHint("quote", a, b, f'quote: "{a}" vs "{b}"')
        for a, b in quote_differences(text_a, text_b)[:1]
    ]
    hints += _ordinal_hints(tokens_a, tokens_b)
    hints += _negation_hints(tokens_a, tokens_b)
    return hints
