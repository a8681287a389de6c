"""Titles and roles of people: "ambassador" beside "deputy chief of mission" for the envoy in
Kyiv, "Gov. Lee" beside "Lt. Gov. Lee", "economist Ana Ruiz" beside "Ana Ruiz, a sociologist".

A title is anchored to whom it is about: the person named right after it ("Defense Minister
Sergei Lavrov"), the person it follows as an apposition ("Ana Ruiz, a sociologist at the
university"), or the place of the post ("the ambassador in Kyiv"). Two claims that give one
anchor two titles of one family (posts of one kind, or professions) may disagree about who
the person is. A generic title ("official", "researcher") fits any of its family; a title
that ends another ("minister" / "foreign minister") makes it more precise, not different.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimdesk.matching.records import ConflictHint
from claimdesk.matching.text import VARIANTS, fold

# Title -> family. Titles of one family fill the same kind of post; two different ones for the
# same post conflict.
_TITLES: dict[str, str] = {
    "deputy chief of mission": "diplomatic",
    "charge d'affaires": "diplomatic",
    "charge d affaires": "diplomatic",
    "ambassador": "diplomatic",
    "consul general": "diplomatic",
    "consul": "diplomatic",
    "envoy": "diplomatic",
    "diplomat": "diplomatic",
    "vice president": "government",
    "president": "government",
    "prime minister": "government",
    "deputy prime minister": "government",
    "foreign minister": "government",
    "deputy foreign minister": "government",
    "defense minister": "government",
    "defence minister": "government",
    "minister": "government",
    "secretary of state": "government",
    "deputy secretary": "government",
    "secretary": "government",
    "spokesman": "government",
    "spokeswoman": "government",
    "spokesperson": "government",
    "aide": "government",
    "adviser": "government",
    "advisor": "government",
    "chief of staff": "government",
    "official": "government",
    "attorney general": "government",
    "mayor": "local",
    "deputy mayor": "local",
    "governor": "local",
    "lieutenant governor": "local",
    "gov.": "local",
    "lt. gov.": "local",
    "senator": "legislature",
    "sen.": "legislature",
    "congressman": "legislature",
    "congresswoman": "legislature",
    "rep.": "legislature",
    "lawmaker": "legislature",
    # Companies.
    "chief executive": "corporate",
    "ceo": "corporate",
    "chief operating officer": "corporate",
    "coo": "corporate",
    "chief financial officer": "corporate",
    "cfo": "corporate",
    "chairman": "corporate",
    "chairwoman": "corporate",
    "founder": "corporate",
    "executive": "corporate",
    # Ranks in the armed forces.
    "general": "military",
    "gen.": "military",
    "lieutenant general": "military",
    "major general": "military",
    "brigadier general": "military",
    "colonel": "military",
    "col.": "military",
    "lieutenant colonel": "military",
    "admiral": "military",
    "adm.": "military",
    "vice admiral": "military",
    "rear admiral": "military",
    "sergeant": "military",
    "sgt.": "military",
    # Academic posts.
    "professor": "academic",
    "prof.": "academic",
    "prof": "academic",
    "associate professor": "academic",
    "assistant professor": "academic",
    "lecturer": "academic",
    "postdoctoral researcher": "academic",
    "doctoral student": "academic",
    "graduate student": "academic",
    "student": "academic",
    "researcher": "academic",
    "academic": "academic",
    # What a person is by training: one person is rarely two of these.
    "psychologist": "profession",
    "economist": "profession",
    "sociologist": "profession",
    "physicist": "profession",
    "chemist": "profession",
    "biologist": "profession",
    "linguist": "profession",
    "computer scientist": "profession",
    "historian": "profession",
    "anthropologist": "profession",
    "neuroscientist": "profession",
    "epidemiologist": "profession",
    "meteorologist": "profession",
    "geologist": "profession",
    "seismologist": "profession",
    "engineer": "profession",
    "lawyer": "profession",
    "attorney": "profession",
    "physician": "profession",
    "doctor": "profession",
    "surgeon": "profession",
    "nurse": "profession",
    "journalist": "profession",
    "reporter": "profession",
    "scientist": "profession",
    "expert": "profession",
}
_GENERIC_TITLES = frozenset(
    {
        "envoy",
        "diplomat",
        "official",
        "lawmaker",
        "executive",
        "founder",
        "researcher",
        "academic",
        "scientist",
        "expert",
    }
)
# One title under two names: "Gov." is "governor", an attorney is a lawyer.
_SAME_TITLE = {
    "gov.": "governor",
    "lt. gov.": "lieutenant governor",
    "sen.": "senator",
    "rep.": "congressman",
    "congresswoman": "congressman",
    "ceo": "chief executive",
    "coo": "chief operating officer",
    "cfo": "chief financial officer",
    "chairwoman": "chairman",
    "gen.": "general",
    "col.": "colonel",
    "adm.": "admiral",
    "sgt.": "sergeant",
    "prof.": "professor",
    "prof": "professor",
    "attorney": "lawyer",
    "physician": "doctor",
    "reporter": "journalist",
    "defence minister": "defense minister",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "advisor": "adviser",
    "charge d affaires": "charge d'affaires",
}


# Titles that are titles only when written with a capital: abbreviations ("Gov. Lee") and
# words that are mostly something else in lowercase ("general", "executive").
_CAPITALISED_ONLY = frozenset(
    [t for t in _TITLES if t.endswith(".")] + ["prof", "general", "executive"]
)


def _pattern(title: str) -> str:
    word = re.escape(title)
    # "gov." ends in a dot: no word boundary after it; others take a plural "s".
    return word if title.endswith(".") else word + r"s?\b"


_TITLE_RE = re.compile(
    r"\b(" + "|".join(_pattern(t) for t in sorted(_TITLES, key=len, reverse=True)) + r")"
)
_PLACE_AFTER = re.compile(r"^\s+(?:in|to|at)\s+([a-z][\w'-]+)")
_NAME_AFTER = re.compile(r"^\s+((?:[A-Z][\w'-]+\s+){0,2}[A-Z][\w'-]+)")
# "Ana Ruiz, a sociologist at ...", "Ruiz, the bank's chief executive, said": a name, a comma,
# an article or possessive and up to three words before the title.
_NAME_BEFORE = re.compile(
    r"([A-Z][\w'-]+),\s+(?:a|an|the|[\w'-]+'s|[\w'-]+’s)(?:\s+[\w'’.-]+){0,3}?\s*$"
)


# A title the person held before: "former Prime Minister Ana Ruiz" may now be "President Ana
# Ruiz". Past titles are anchored apart, compared only with past titles.
_PAST = re.compile(r"\b(?:former|ex|then|onetime|one-time|erstwhile|late)[\s-]+$")


_SPEAKS = re.compile(r"^\s+(?:said|says|told|added|wrote|explained|noted)\b")
# Words that make a title a lower post, not a more precise one: "deputy mayor" is not the
# mayor ("foreign minister" is a minister).
_LOWER_POST = frozenset(["deputy", "vice", "lieutenant", "under", "lt."])


def _anchor_key(word: str) -> str:
    w = fold(word).removesuffix("'s")
    return VARIANTS.get(w, w)


def _title_of(match: str) -> str:
    title = match.rstrip("s") if match not in _TITLES and match.rstrip("s") in _TITLES else match
    return title if title in _TITLES else match


@lru_cache(maxsize=16384)
def titles(text: str) -> list[tuple[str, str]]:
    """(title, anchor) pairs: the anchor is the person named after it or before it (in an
    apposition) or the place it is in."""
    folded = fold(text)  # same length as text for the Latin scripts news uses
    if len(folded) != len(text):
        return []
    lowered = folded.lower()
    found = []
    for m in _TITLE_RE.finditer(lowered):
        # Abbreviations are written with a capital ("Gov. Lee"); "gen." in lowercase is not one.
        title = _title_of(m.group(1))
        if title in _CAPITALISED_ONLY and not text[m.start()].isupper():
            continue  # "the general public", "executive order", "rep." in lowercase
        rest_folded, rest = lowered[m.end() :], text[m.end() :]
        place = _PLACE_AFTER.match(rest_folded)
        name = _NAME_AFTER.match(rest)
        before = _NAME_BEFORE.search(text[: m.start()])
        if before and _SPEAKS.match(rest):
            before = None  # "..., a company spokesman said": the speaker, no apposition
        when = "past:" if _PAST.search(lowered[max(0, m.start() - 12) : m.start()]) else ""
        if name:
            found.append((title, when + "person:" + _anchor_key(name.group(1).split()[-1])))
        elif before:
            found.append((title, when + "person:" + _anchor_key(before.group(1))))
        elif place:
            found.append((title, when + "place:" + _anchor_key(place.group(1))))
    return found


def _canonical(title: str) -> str:
    return _SAME_TITLE.get(title, title)


def title_hints(text_a: str, text_b: str) -> list[ConflictHint]:
    hints = []
    titles_b = titles(text_b)
    titles_a = titles(text_a)
    for title_a, anchor_a in titles_a:
        for title_b, anchor_b in titles_b:
            if anchor_a != anchor_b or _canonical(title_a) == _canonical(title_b):
                continue
            if _TITLES[title_a] != _TITLES[title_b]:
                continue
            if title_a in _GENERIC_TITLES or title_b in _GENERIC_TITLES:
                continue
            # "minister" vs "foreign minister" of the same person is a precision, not a conflict.
            long_a, long_b = _canonical(title_a), _canonical(title_b)
            longer, shorter = (long_a, long_b) if len(long_a) > len(long_b) else (long_b, long_a)
            if longer.endswith(shorter):
                extra = longer[: -len(shorter)].split()
                if not _LOWER_POST & set(extra):
                    continue
            if longer.startswith(shorter + " "):
                continue  # "secretary" of "secretary of state": more precise, no other post
            # A claim that gives the person both titles ("professor and former student") says
            # nothing against either.
            if any(a == anchor_a and _canonical(t) == long_b for t, a in titles_a) or any(
                a == anchor_b and _canonical(t) == long_a for t, a in titles_b
            ):
                continue
            where = anchor_a.rsplit(":", 1)[1]
            hints.append(
                ConflictHint("title", title_a, title_b, f"{title_a} vs {title_b} ({where})")
            )
    return hints
