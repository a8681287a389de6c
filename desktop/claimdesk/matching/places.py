"""Where someone spoke: "Speaking in Ohio, Mr Smith said" beside "Smith told reporters at
the White House". Two claims that name one speaker and give the place of the speech two ways
disagree about where it happened (or about which speech they report): worth a look.

Rules, not a model: a reporting word ("speaking", "said", "told reporters", "in a speech"),
at most a few words, then "in/at/from" and a capitalised place. Days and months are not
places; a place named in both claims is no conflict. Errs on the side of silence: the two
claims must share the speaker's name, and places of different sizes ("in Washington", "at the
White House") are left alone when either place's words appear in the other claim's places.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimdesk.domain.calendar import MONTHS
from claimdesk.matching.text import STOPWORDS, fold

_SPEECH = (
    r"(?:[Ss]peaking|[Ss]poke|[Ss]peech|remarks|said|says|told\s+(?:reporters|journalists|"
    r"the\s+press|(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}))"
)
_CAPITALISED = r"[A-Z][\w'’.-]*"
_PLACE_AFTER_SPEECH = re.compile(
    rf"\b{_SPEECH}((?:\s+[\w'’-]+){{0,5}}?)\s+(?:in|at|from)\s+(?:the\s+)?"
    rf"({_CAPITALISED}(?:\s+(?:of\s+)?{_CAPITALISED}){{0,3}})"
)
_NOT_PLACES = frozenset(
    [m.capitalize() for m in MONTHS]
    + ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    + ["The", "A", "An", "Twitter", "Facebook", "Instagram", "Telegram", "X"]
    + ["Speaking", "Spoke", "Speech"]
)
# A speaker's name: a capitalised word found in both claims (not a stopword, not a word of
# either place, not the reporting word itself).
_NAME = re.compile(r"\b[A-Z][a-z][\w'’-]+")


@lru_cache(maxsize=8192)
def speech_places(text: str) -> tuple[str, ...]:
    """The places a claim says someone spoke in or at, as written."""
    found = []
    for m in _PLACE_AFTER_SPEECH.finditer(text):
        between = m.group(1).split()
        # "said on Monday in Kyiv" is fine; "said the troops in Kyiv" is where troops are.
        if any(w[:1].islower() and w not in _LINK_WORDS for w in between):
            continue
        place = m.group(2).rstrip(".")
        if place.split()[0] in _NOT_PLACES:
            continue
        found.append(place)
    return tuple(found)


# Words that may sit between a reporting word and the place of the speech.
_LINK_WORDS = frozenset(
    [
        "on",
        "in",
        "at",
        "a",
        "an",
        "the",
        "news",
        "conference",
        "press",
        "briefing",
        "rally",
        "interview",
        "statement",
        "speech",
        "afternoon",
        "morning",
        "evening",
        "night",
        "late",
        "early",
        "later",
        "earlier",
    ]
)


def _words(places: tuple[str, ...]) -> set[str]:
    return {fold(w).lower() for p in places for w in p.split() if fold(w).lower() != "of"}


def place_differences(text_a: str, text_b: str) -> list[tuple[str, str, str]]:
    """(speaker, place in a, place in b) when both claims say where one speaker spoke and
    name no common place for it."""
    places_a, places_b = speech_places(text_a), speech_places(text_b)
    if not places_a or not places_b:
        return []
    words_a, words_b = _words(places_a), _words(places_b)
    if words_a & words_b:
        return []
    names_a = {m.group() for m in _NAME.finditer(text_a)}
    names_b = {m.group() for m in _NAME.finditer(text_b)}
    shared = sorted(
        n
        for n in names_a & names_b
        if fold(n).lower() not in STOPWORDS
        and fold(n).lower() not in words_a | words_b
        and n not in _NOT_PLACES
    )
    if not shared:
        return []
    return [(shared[0], places_a[0], places_b[0])]
