"""Where someone spoke: "Speaking in Ohio, Mr Smith said" beside "Smith told reporters at
the White House". Two claims that name one speaker and give the place of the speech two ways
disagree about where it happened (or about which speech they report): worth a look.

Rules, not a model: a reporting word ("speaking", "said", "told reporters", "in a speech"),
at most a few words, then "in/at/from" and a capitalised place. Days and months are not
places; a place named in both claims is no conflict. Errs on the side of silence: the two
claims must share the speaker's name; a site and a town ("at the White House" / "in
Washington") may be one place, and are compared only when the site's claim names the town
apart from it ("at the White House before a trip to Ohio" / "speaking in Ohio").
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


# Last words of a place that make it a building or site, inside some town or region: "the
# White House", "City Hall", "the Kremlin". A site and a town ("at the White House" / "in
# Washington") may be one place; only two sites, or two towns, are compared outright.
_SITES = frozenset(
    [
        "house",
        "hall",
        "palace",
        "building",
        "center",
        "centre",
        "airport",
        "hotel",
        "stadium",
        "square",
        "office",
        "room",
        "base",
        "capitol",
        "kremlin",
        "embassy",
        "headquarters",
        "pentagon",
        "parliament",
        "assembly",
        "senate",
        "chamber",
        "court",
        "church",
        "cathedral",
        "mosque",
        "temple",
        "university",
        "college",
        "school",
        "hospital",
        "museum",
        "club",
        "park",
        "arena",
        "street",
        "avenue",
        "plaza",
        "residence",
        "summit",
        "forum",
    ]
)
# Between a site and a town that contains it: "at the Capitol in Jackson, Mississippi".
_CHAIN = re.compile(r"^[\s,]*(?:in\s+|of\s+)?(?:[A-Z][\w.'’-]*[\s,]*)*$")


def _is_site(place: str) -> bool:
    return fold(place.split()[-1]).lower() in _SITES


def _placed_elsewhere(town: str, text: str, site: str) -> bool:
    """Whether a claim that puts the speech at `site` names `town` apart from it ("at the White
    House before a trip to Ohio"), not as where the site is ("at City Hall in Dayton")."""
    at = text.find(site)
    for m in re.finditer(re.escape(town), text):
        start, end = (at + len(site), m.start()) if m.start() > at else (m.end(), at)
        if not _CHAIN.match(text[start:end]):
            return True
    return False


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
    a, b = places_a[0], places_b[0]
    if _is_site(a) != _is_site(b):
        # A site and a town: a conflict only when the site's claim names the town apart.
        site, town, site_text = (a, b, text_a) if _is_site(a) else (b, a, text_b)
        if not _placed_elsewhere(town, site_text, site):
            return []
    return [(shared[0], a, b)]
