"""Typed quantity slots of a claim: what is counted or measured, and the value with its bounds.

"at least 235 people were killed" -> Quantity(what="killed", value=235, bound="lower").
Rules, not a model: news states tolls, counts, durations, distances, money and percentages
in a small number of shapes (a number, a hedge before it, a unit or a counted noun after it,
an event word nearby), and a rule here must hold for any story, not one sentence.

Two quantities of the same slot conflict when their values cannot both be true, reading the
hedges as bounds ("more than 100" and "128" agree) — except that two hedged figures of the
same direction with different values ("at least 83" and "at least 84 died") are two reported
figures, and that is what an annotator needs to see.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from claimdesk.domain.calendar import MONTH_ABBREVIATIONS, MONTHS
from claimdesk.matching.text import NUMBER_WORDS, fold, stem

# "at least N" introduces a confirmed count ("at least 84 killed"), which a later report
# revises: it is compared as the figure N. "more than"/"over" are thresholds (bounds).
Bound = Literal["exact", "least", "lower", "upper", "about", "nearly"]


@dataclass(frozen=True, slots=True)
class Quantity:
    what: str  # "killed", "injured", "missing", "people", "vessels", "percent:contain", ...
    value: float  # in the slot's base unit (hours, metres, US dollars...)
    bound: Bound
    written: str  # as the claim says it: "at least 235"
    context: frozenset[str]  # stems of the words around it, to tell two counts apart
    spread: float = 0.0  # half the width of a stated range ("40mm to 90mm")
    unit: str = ""  # the unit as written, folded ("miles", "km"); "" for counts
    shown: str = ""  # the value without its hedge, in the unit written: "235", "30 days"
    projected: bool = False  # a forecast or plan ("expected to reach 500"), not a count so far
    part: bool = False  # a subset of a whole ("12 of the sailors"), never held against a total
    where: str = ""  # the place it is told for ("3 in Taiwan": "taiwan"), or ""


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


# ---------------------------------------------------------------- vocabulary

# Units: surface -> (slot, factor to the base unit). Base units: hours, metres, square metres.
_UNITS: dict[str, tuple[str, float]] = {}
for _slot, _factor, _words in (
    ("duration", 1 / 3600, "second seconds sec secs"),
    ("duration", 1 / 60, "minute minutes min mins"),
    ("duration", 1.0, "hour hours hr hrs"),
    ("duration", 24.0, "day days"),
    ("duration", 24 * 7, "week weeks"),
    ("duration", 24 * 30, "month months"),
    ("duration", 24 * 365, "year years"),
    ("distance", 0.001, "mm millimetre millimetres millimeter millimeters"),
    ("distance", 0.01, "cm centimetre centimetres centimeter centimeters"),
    ("distance", 1.0, "m metre metres meter meters"),
    ("distance", 1000.0, "km kilometre kilometres kilometer kilometers"),
    ("distance", 0.0254, "inch inches in"),
    ("distance", 0.3048, "foot feet ft"),
    ("distance", 0.9144, "yard yards"),
    ("distance", 1609.344, "mile miles mi"),
    ("distance", 1852.0, "nautical"),
    ("area", 4046.86, "acre acres"),  # base unit: square metres
    ("area", 10000.0, "hectare hectares ha"),
    ("percent", 1.0, "% percent pct"),
):
    for _w in _words.split():
        _UNITS[_w] = (_slot, _factor)
# "in" and "m" and "min" are units only right after a digit ("4 in" is rare, "4 in Kyiv" is not).
_UNITS_AFTER_DIGITS_ONLY = {"in", "m", "mi", "min", "sec", "ft", "hr"}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
_CURRENCY_SYMBOLS = {"$": "money:usd", "€": "money:eur", "£": "money:gbp"}
# Other dollars are written with a prefix glued to the sign: "C$5 billion", "A$2bn", "HK$10".
_DOLLAR_PREFIXES = {"us": "money:usd", "c": "money:cad", "ca": "money:cad", "a": "money:aud",
                    "au": "money:aud", "nz": "money:nzd", "hk": "money:hkd", "s": "money:sgd"}  # fmt: skip


def _currency_before(toks: list[_Tok], i: int) -> tuple[str | None, int]:
    """The currency written right before the number at toks[i] and where it starts."""
    if i == 0 or toks[i - 1].text not in _CURRENCY_SYMBOLS:
        return None, i
    sign = toks[i - 1]
    prefix = toks[i - 2] if i > 1 and toks[i - 2].end == sign.start else None
    if sign.text == "$" and prefix is not None and prefix.text.isalpha():
        return _DOLLAR_PREFIXES.get(prefix.text, f"money:{prefix.text}$"), i - 2
    return _CURRENCY_SYMBOLS[sign.text], i - 1


_CURRENCY_WORDS = {
    "dollar": "money:usd",
    "dollars": "money:usd",
    "euro": "money:eur",
    "euros": "money:eur",
    "pound": "money:gbp",
    "pounds": "money:gbp",
}

# Hedges before a number, longest first: words -> bound.
_HEDGES: list[tuple[tuple[str, ...], Bound]] = sorted(
    [
        (("at", "least"), "least"),
        (("more", "than"), "lower"),
        (("over",), "lower"),
        (("upwards", "of"), "lower"),
        (("upward", "of"), "lower"),
        (("as", "few", "as"), "lower"),
        (("as", "many", "as"), "upper"),
        (("as", "much", "as"), "upper"),
        (("as", "high", "as"), "upper"),
        (("in", "excess", "of"), "lower"),
        (("above",), "lower"),
        (("exceeding",), "lower"),
        (("no", "fewer", "than"), "lower"),
        (("at", "most"), "upper"),
        (("up", "to"), "upper"),
        (("fewer", "than"), "upper"),
        (("less", "than"), "upper"),
        (("under",), "upper"),
        (("below",), "upper"),
        (("no", "more", "than"), "upper"),
        (("nearly",), "nearly"),
        (("almost",), "nearly"),
        (("close", "to"), "nearly"),
        (("just", "under"), "nearly"),
        (("about",), "about"),
        (("around",), "about"),
        (("roughly",), "about"),
        (("approximately",), "about"),
        (("some",), "about"),
        (("an", "estimated"), "about"),
        (("estimated",), "about"),
        (("some", "estimated"), "about"),
        (("a", "group", "of"), "exact"),
    ],
    key=lambda item: -len(item[0]),
)
_HEDGE_LAST_WORDS = frozenset(words[-1] for words, _ in _HEDGES)

# What happened to the people (or things) counted. Order matters only for display.
_EVENTS: dict[str, str] = {}
for _event, _words in (
    (
        "killed",
        "killed kill kills killing dead death deaths died die dies toll fatalities fatality "
        "bodies remains lives perished slain murdered massacred drowned",
    ),
    (
        "injured",
        "injured injuring injure injuries injury wounded wounding hurt hospitalized hospitalised",
    ),
    ("missing", "missing unaccounted"),
    (
        "detained",
        "detained detain seized captured arrested held imprisoned custody prisoners arrests",
    ),
    # Taken by kidnappers, not by the authorities: its own count ("police arrested 3" is
    # not "gunmen kidnapped 12").
    ("abducted", "abducted kidnapped abduction kidnapping hostages hostage"),
    ("evacuated", "evacuated evacuate evacuation displaced fled homeless evacuees"),
    ("destroyed", "destroyed burned burnt razed damaged"),
):
    for _w in _words.split():
        _EVENTS[_w] = _event

# Nouns that count people, vessels, buildings: different words, one slot.
_NOUN_CLASSES: dict[str, str] = {}
for _cls, _words in (
    (
        "people",
        "people persons person civilians civilian residents resident individuals migrants "
        "refugees sailors seamen servicemen servicemembers crew crewmen soldiers troops "
        "passengers children adults men women victims officers agents workers firefighters "
        "students participants protesters demonstrators inmates prisoners citizens members "
        "strong",  # "a 5,000-strong caravan"
    ),
    (
        "vessels",
        "ships ship vessels vessel boats boat tug tugs tugboat tugboats gunboats gunboat "
        "warships warship",
    ),
    ("buildings", "homes home houses house buildings building structures structure residences"),
):
    for _w in _words.split():
        _NOUN_CLASSES[_w] = _cls

_CLASSES = frozenset(_NOUN_CLASSES.values())
_CHANGE_VERBS = frozenset(
    [
        "rose",
        "risen",
        "rise",
        "rises",
        "climbed",
        "climbs",
        "jumped",
        "jumps",
        "increased",
        "increases",
        "grew",
        "grown",
        "dropped",
        "drops",
        "fell",
        "falls",
        "fallen",
        "decreased",
        "declined",
        "reduced",
        "revised",
        "raised",
        "lowered",
        "bringing",
        "brought",
        "brings",
        "reached",
        "reaches",
        "hit",
        "stood",
        "stands",
        "went",
        "gone",
        "soared",
        "surged",
        "plunged",
        "plummeted",
        "swelled",
        "revising",
    ]
)
_SKIPPABLE = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "its",
        "their",
        "his",
        "her",
        "our",
        "other",
        "more",
        "additional",
        "further",
        "another",
        "total",
        "officially",
        "confirmed",
        "reported",
        "known",
    ]
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "them",
        "he",
        "she",
        "we",
        "has",
        "have",
        "had",
        "will",
        "would",
        "than",
        "more",
        "less",
        "at",
        "least",
        "about",
        "around",
        "nearly",
        "almost",
        "some",
        "up",
        "over",
        "under",
        "per",
        "cent",
        "percent",
        "said",
        "says",
        "say",
    ]
)
_WINDOW = 8
# Words that follow a number without being what it counts.
_NOT_NOUNS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
        "tomorrow",
        "morning",
        "afternoon",
        "evening",
        "night",
        "week",
        "weekend",
        "remain",
        "remained",
        "remains",
        "are",
        "were",
        "is",
        "was",
        "have",
        "had",
        "has",
        "will",
        "would",
        "could",
        "may",
        "might",
        "can",
        "of",
        # Relative pronouns: "a group of 500 who tried", "a city of 1.6 million, which".
        "who",
        "whom",
        "whose",
        "which",
        "where",
        "when",
        "while",
        # Where, not what: "1,500 people in the UK and 3,000 worldwide".
        "worldwide",
        "nationwide",
        "globally",
        "abroad",
        "overseas",
        "elsewhere",
        "statewide",
        "countrywide",
    ]
)  # words either side in which an event word names what a number counts

_TOKEN_RE = re.compile(
    # "2 1/2 hours": a fraction after a whole number is one token ("24/7", "9/11" are not).
    r"(?<=\d\s)[1-7]/[2348](?![\d/])|"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[$€£%]|per\s+cent\b|[^\W\d_]+(?:['’][^\W\d_]+)?|[.;:!?()]",
    re.UNICODE,
)
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_YEAR_CONTEXT = frozenset({"in", "since", "of", "until", "by", "from", "before", "after"})
_MONTH_WORDS = frozenset(MONTHS + MONTH_ABBREVIATIONS)


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str  # folded, lowercase
    raw: str
    start: int
    end: int


_CLAUSE_ENDS = frozenset([".", ";", "!", "?"])
# Tokens a clause reaches either side of a figure. Sentences are far shorter; text with no
# full stop at all (a table flattened into one line) would otherwise make every figure scan
# the whole of it, and quantities() quadratic in its length.
_CLAUSE_REACH = 150


class _Tokens(list):
    """The tokens of a claim, with where its clauses end (the indices of ".", ";", "!", "?"),
    found once so that each figure finds its clause by bisection."""

    def __init__(self, toks: list[_Tok]):
        super().__init__(toks)
        self.clause_ends = [k for k, t in enumerate(toks) if t.text in _CLAUSE_ENDS]


def _tokens(text: str) -> _Tokens:
    """Tokens with offsets into `text` itself (the rewrites below keep every length)."""
    # "per cent" is one unit; "30-day", "13-hour", "twenty-four" are split at the hyphen and
    # "5-8" reads as "5 to 8" (the hyphen becomes a token "to" of the same length).
    text = re.sub(r"(?<=\d)[-–](?=[a-z])", " ", text, flags=re.I)
    text = re.sub(r"(?<=[a-z])[-–](?=[a-z])", " ", text, flags=re.I)
    return _Tokens(
        [
            _Tok(
                re.sub(r"^per\s+cent$", "percent", fold(m.group()).lower()),
                m.group(),
                m.start(),
                m.end(),
            )
            for m in _TOKEN_RE.finditer(text)
        ]
    )


# More digits than a float holds exactly: "ref 4929123456789012" is an identifier.
_MAX_DIGITS = 15
_FRACTION = re.compile(r"(\d)[/⁄](\d)")  # "1/2", and "½" once folded ("1⁄2")


def _fraction(t: str) -> float | None:
    m = _FRACTION.fullmatch(t)
    return int(m.group(1)) / int(m.group(2)) if m and m.group(1) < m.group(2) else None


def _number_at(toks: list[_Tok], i: int) -> tuple[float, int] | None:
    """The number starting at token i and the index after it ("twenty four", "1.5 million")."""
    t = toks[i].text
    value: float | None = None
    j = i + 1
    if (fraction := _fraction(t)) is not None:
        value = fraction  # "½ mile"
    elif t[0].isdigit():
        if not toks[i].raw.replace(",", "").replace(".", "").isdecimal():
            return None  # a sign that folds to digits ("¹", "²") is no number
        if len(t.split(".")[0].replace(",", "")) > _MAX_DIGITS:
            return None  # an account or phone number, no figure (and past float's range)
        value = float(t.replace(",", ""))
        if j < len(toks) and (fraction := _fraction(toks[j].text)) is not None:
            value += fraction  # "2½ hours", "2 1/2"
            j += 1
    elif t in _TENS:
        value = float(NUMBER_WORDS[t])
        if j < len(toks) and toks[j].text in NUMBER_WORDS and NUMBER_WORDS[toks[j].text] < 10:
            value += NUMBER_WORDS[toks[j].text]
            j += 1
    elif t == "one":
        # "one of them", "no one": a count only right before what it counts ("one ship").
        nxt = toks[j].text if j < len(toks) else ""
        if nxt not in _NOUN_CLASSES and nxt not in _UNITS:
            return None
        value = 1.0
    elif t in NUMBER_WORDS and t not in ("zero", "hundred", "dozen"):
        value = float(NUMBER_WORDS[t])
    elif t == "dozen" and i > 0 and toks[i - 1].text == "a":
        value = 12.0
    elif t in ("half", "a") and _a_scale(toks, i) is not None:
        # "half a million", "a million people", "a thousand homes".
        value, j = _a_scale(toks, i)  # type: ignore[misc]
    if value is None:
        return None
    while j < len(toks):
        nxt = toks[j].text
        if nxt == "hundred":
            value *= 100
        elif nxt in _SCALES:
            value *= _SCALES[nxt]
        elif nxt in _SHORT_SCALES and _short_scale(toks, i, j):
            value *= _SHORT_SCALES[nxt]
        elif nxt == "dozen":
            value *= 12
        else:
            break
        j += 1
    return value, j


# "£300m", "$5bn", "1.2m people", "$40k": scales written short, glued to the digits. "m" is
# also metres, so it is a million only after a currency sign or before what it counts.
_SHORT_SCALES = {"m": 1e6, "mn": 1e6, "k": 1e3}


def _short_scale(toks: list[_Tok], i: int, j: int) -> bool:
    if toks[j].start != toks[j - 1].end or not toks[j - 1].text[0].isdigit():
        return False
    if i > 0 and toks[i - 1].text in _CURRENCY_SYMBOLS:
        return True
    after = toks[j + 1].text if j + 1 < len(toks) else ""
    return toks[j].text != "k" and (after in _NOUN_CLASSES or after in _CURRENCY_WORDS)


def _a_scale(toks: list[_Tok], i: int) -> tuple[float, int] | None:
    """ "a million" (1e6) or "half a million" (5e5) at toks[i], and the index after it."""
    words = [t.text for t in toks[i : i + 3]]
    if words == ["half", "a", "dozen"]:
        return 6.0, i + 3  # "half a dozen people were hurt": six, not a dozen
    if words[:1] == ["a"] and len(words) > 1 and words[1] in _SCALES:
        return _SCALES[words[1]], i + 2
    if words[:2] == ["half", "a"] and len(words) > 2 and words[2] in _SCALES:
        return _SCALES[words[2]] / 2, i + 3
    return None


def _hedge_before(toks: list[_Tok], i: int) -> tuple[Bound, int]:
    """The bound a hedge before token i sets, and where the hedged phrase starts."""
    if i == 0 or toks[i - 1].text not in _HEDGE_LAST_WORDS:
        return "exact", i  # most figures: spare the look at every hedge
    for words, bound in _HEDGES:
        n = len(words)
        if i - n >= 0 and tuple(t.text for t in toks[i - n : i]) == words:
            if words == ("about",) and i > 1 and toks[i - 2].text in _ABOUT_AS_TOPIC:
                return "exact", i  # "information about two injured sailors": a topic
            return bound, i - n
    return "exact", i


# Words after which "about" says what something concerns, not a rough figure: "information
# about two injured sailors", "questions about 12 missing". ("said about 12" stays a hedge.)
_ABOUT_AS_TOPIC = frozenset(
    [
        "information",
        "news",
        "details",
        "data",
        "questions",
        "concerns",
        "fears",
        "worries",
        "stories",
        "story",
        "rumours",
        "rumors",
        "talk",
        "talks",
        "talked",
        "spoke",
        "speak",
        "asked",
        "knew",
        "know",
        "learned",
        "heard",
        "wrote",
        "complained",
        "worried",
        "concerned",
    ]
)


def _is_date_or_time(toks: list[_Tok], i: int, j: int) -> bool:
    before = toks[i - 1].text if i > 0 else ""
    if before == "." and i > 1:
        before = toks[i - 2].text  # "Nov. 8"
    after = toks[j].text if j < len(toks) else ""
    if before in _MONTH_WORDS or after in _MONTH_WORDS:
        return True
    if after in ("am", "pm", "a", "p", "o", "gmt", "utc") or before in (":",):
        return True
    raw = toks[i].raw
    if not (raw.isdigit() and len(raw) == 4 and j == i + 1):
        return False
    if 1900 <= int(raw) <= 2100:
        return True  # a year, not a count
    # An older year where a year is expected: "built in 1865, the church", "since 1871 the"
    # ("a crowd of 1500 people" counts what follows).
    nxt = toks[j] if j < len(toks) else None
    return (
        1000 <= int(raw) < 1900
        and before in _YEAR_CONTEXT
        and (nxt is None or not nxt.text[0].isalpha() or nxt.text in _STOP or nxt.raw[0].isupper())
    )


def _clause_bounds(toks: _Tokens, i: int) -> tuple[int, int]:
    """The clause around token i, at most _CLAUSE_REACH tokens either side: from after the
    last clause end before it to the first at or after it."""
    ends = toks.clause_ends  # every caller reads the tokens of quantities(), a _Tokens
    k = bisect_left(ends, i)
    lo = ends[k - 1] + 1 if k > 0 else 0
    hi = ends[k] if k < len(ends) else len(toks)
    return max(lo, i - _CLAUSE_REACH), min(hi, i + _CLAUSE_REACH)


def _nearest_event(toks: list[_Tok], i: int, j: int, lo: int, hi: int) -> str | None:
    best: tuple[int, str] | None = None
    for k in range(max(lo, i - _WINDOW), min(hi, j + _WINDOW)):
        event = _event_word(toks, k)
        if event is None or i <= k < j or _sought(toks, k, j):
            continue
        distance = i - k if k < i else k - j
        if best is None or distance < best[0]:
            best = (distance, event)
    return best[1] if best else None


def _sought(toks: list[_Tok], k: int, j: int) -> bool:
    """Whether the event word at toks[k], after a number ending at j and not right after it,
    is what someone looks for: "800 volunteers searched for remains", "crews looking for
    the missing" count the searchers, not the dead."""
    if k <= j:
        return False
    before = [t.text for t in toks[max(j, k - 3) : k]]
    # "23 people were being treated for injuries": treated for what they suffered, not sought.
    if any(t in _TREATED for t in before):
        return False
    return "for" in before and not any(t in _BE for t in before)


_TREATED = frozenset(["treated", "treating", "hospitalized", "hospitalised", "admitted"])


def _partitive_total(toks: list[_Tok], i: int) -> bool:
    """Does the number at token i follow "of the" / "out of (the)", naming a whole?"""
    before = [t.text for t in toks[max(0, i - 3) : i]]
    return (
        before[-2:] == ["of", "the"]
        or before[-2:] == ["out", "of"]
        or before
        == [
            "out",
            "of",
            "the",
        ]
    )


def _event_of_change(toks: list[_Tok], i: int, lo: int, hi: int) -> str | None:
    """What a revised figure counts: "The list of people unaccounted for ... rose from 120 to
    410", "The number of people still missing ... fell to 180" — the event word nearest
    before the verb of change; failing that, the one event the clause names."""
    for k in range(i - 1, max(lo, i - 5) - 1, -1):
        if toks[k].text in _CHANGE_VERBS:
            for m in range(k - 1, lo - 1, -1):
                if toks[m].text in _EVENTS:
                    return _EVENTS[toks[m].text]
            break
    events = {_EVENTS[t.text] for t in toks[lo:hi] if t.text in _EVENTS}
    return events.pop() if len(events) == 1 else None


def _counted_noun(toks: list[_Tok], j: int, hi: int) -> tuple[str | None, int]:
    """The noun a number counts: the first word after it that is not a filler or an adjective
    written with a capital ("six Greek sailors", "nearly 9,000 French words").

    Returns its class ("people" for "seamen"), or its stem when it has none, and its index.
    """
    for k in range(j, min(hi, j + 3)):
        t = toks[k]
        if not t.text[0].isalpha():
            return None, -1
        cls = _NOUN_CLASSES.get(t.text)
        if cls is not None:
            return cls, k
        capital = t.raw[:1].isupper()
        # Plural demonyms ("32 Hondurans", "300 Syrians") count people.
        if capital and t.text.endswith(("ans", "ians", "ese")):
            return "people", k
        if t.text in _SKIPPABLE or (capital and k + 1 < hi and toks[k + 1].text[0].isalpha()):
            continue
        if t.text in _NOT_NOUNS or t.text in _EVENTS or t.text in _STOP:
            return None, -1
        if t.text in _CHANGE_VERBS or t.text.endswith(("ed", "ly")):
            return None, -1  # "300 remain missing", "12 arrested", "3 narrowly escaped"
        # English compounds end in their head: "two patrol boats", "40 police officers".
        head = _NOUN_CLASSES.get(toks[k + 1].text) if k + 1 < hi else None
        if head is not None:
            return head, k + 1
        return stem(t.text), k
    return None, -1


def _context(toks: list[_Tok], i: int, j: int, lo: int, hi: int) -> frozenset[str]:
    words = set()
    for k in range(max(lo, i - 5), min(hi, j + 6)):
        t = toks[k].text
        if i <= k < j or not t[0].isalpha() or t in _STOP or t in _SKIPPABLE:
            continue
        words.add(_EVENTS.get(t) or _NOUN_CLASSES.get(t) or stem(t))
    return frozenset(words)


# Counts given in words, as the range each word allows: "several agents", "dozens of homes".
# Read as a range ("about", with a spread), so "several" agrees with "three" and "dozens"
# does not agree with "more than 100".
_VAGUE_COUNTS: dict[tuple[str, ...], tuple[float, float]] = {
    # Longest first: "tens of thousands of" is not "thousands of".
    ("tens", "of", "thousands", "of"): (20_000, 99_999),
    ("hundreds", "of", "thousands", "of"): (200_000, 999_999),
    ("tens", "of", "thousands"): (20_000, 99_999),
    ("hundreds", "of", "thousands"): (200_000, 999_999),
    ("millions", "of"): (2e6, 9_999_999),
    ("a", "few"): (2, 9),
    ("several",): (2, 9),
    ("dozens", "of"): (24, 99),
    ("scores", "of"): (40, 99),
    ("hundreds", "of"): (200, 999),
    ("thousands", "of"): (2000, 9999),
    # Without "of": "killed four and injured dozens", "hundreds were evacuated".
    ("dozens",): (24, 99),
    ("hundreds",): (200, 999),
    ("thousands",): (2000, 9999),
}
_VAGUE_FIRST_WORDS = frozenset(words[0] for words in _VAGUE_COUNTS)
# Words that say nobody (or nothing) of a kind: "no one was hurt", "nobody died", "none of
# the passengers were injured", "no soldiers were killed", "there were no injuries".
_NOBODY = frozenset({"nobody", "none"})
_BE = frozenset({"was", "were", "is", "are", "has", "have", "had"})


def _vague_at(toks: list[_Tok], i: int) -> tuple[float, float, int] | None:
    """A count in words starting at token i: (low, high, index after it)."""
    if toks[i].text not in _VAGUE_FIRST_WORDS:
        return None  # most tokens: spare the look at every phrase
    for words, (low, high) in _VAGUE_COUNTS.items():
        n = len(words)
        if tuple(t.text for t in toks[i : i + n]) == words:
            return low, high, i + n
    return None


def _zero_at(toks: list[_Tok], i: int, hi: int) -> int | None:
    """Index just past a "nobody" phrase at token i ("no one", "nobody", "no passengers",
    "none of the crew"), or None. "No one else" counts others, not the whole, and is left out."""
    t = toks[i].text
    if t in _NOBODY:
        j = i + 1
        if t == "none" and j + 1 < hi and toks[j].text == "of":
            # "none of the miners were": the phrase runs to its verb.
            verb = next((k for k in range(j, min(hi, j + 5)) if toks[k].text in _BE), None)
            if verb is None:
                return None
            j = verb
    elif (
        t == "no"
        and i + 1 < hi
        and (toks[i + 1].text == "one" or toks[i + 1].text in _NOUN_CLASSES)
    ):
        j = i + 2  # "no one", "no passengers"
    elif t == "no" and i + 1 < hi and toks[i + 1].text in _EVENTS:
        return i + 1  # "there were no injuries", "no deaths were reported"
    else:
        return None
    if j < hi and toks[j].text in ("else", "other"):
        return None
    return j


def _zero_event(toks: list[_Tok], i: int, j: int, hi: int) -> str | None:
    """What nobody suffered after a "nobody" phrase: the event word of "was/were (seriously)
    injured", "died", "has been reported missing" within a few words, or the noun itself."""
    if toks[j - 1].text in _EVENTS and toks[j - 2].text == "no":
        return _EVENTS[toks[j - 1].text]
    for k in range(j, min(hi, j + 4)):
        event = _event_word(toks, k)
        if event is not None:
            return event
        if toks[k].text in (",", "but", "and", "except"):
            return None
    return None


def _event_word(toks: list[_Tok], k: int) -> str | None:
    """The event token k names: an event word, or "hit by"/"struck by" (people hit by
    stones, rubber bullets or gunfire are counted as hurt; "the storm hit" is not)."""
    t = toks[k].text
    if t in ("hit", "struck"):
        return "injured" if k + 1 < len(toks) and toks[k + 1].text == "by" else None
    return _EVENTS.get(t)


def _zero_counts(text: str, toks: list[_Tok]) -> list[Quantity]:
    found = []
    for i in range(len(toks)):
        lo, hi = _clause_bounds(toks, i)
        j = _zero_at(toks, i, hi)
        if j is None:
            continue
        event = _zero_event(toks, i, j, hi)
        if event is None:
            continue
        written = text[toks[i].start : toks[j - 1].end]
        found.append(
            Quantity(event, 0.0, "exact", written, _context(toks, i, j, lo, hi), shown="0")
        )
    return found


# How far a state is reached, in words ("fully contained", "nearly complete"): a share, to
# hold against a percentage of the same state ("65 percent contained").
_SHARE_WORDS: dict[str, tuple[float, float]] = {
    "fully": (100, 100),
    "completely": (100, 100),
    "entirely": (100, 100),
    "totally": (100, 100),
    "nearly": (80, 99),
    "almost": (80, 99),
    "half": (50, 50),
}


def _shares_in_words(text: str, toks: list[_Tok]) -> list[Quantity]:
    """ "fully contained" -> 100 percent; "nearly contained" -> 80-99 percent. Only before a
    participle ("contained", "built", "vaccinated"), never before a toll ("nearly killed")."""
    found = []
    for i in range(len(toks) - 1):
        share = _SHARE_WORDS.get(toks[i].text)
        state = toks[i + 1].text
        if share is None or not state.endswith(("ed", "en", "ete")) or state in _EVENTS:
            continue
        if i > 0 and toks[i - 1].text in ("not", "never"):
            continue
        lo, hi = _clause_bounds(toks, i)
        low, high = share
        found.append(
            Quantity(
                "percent",
                (low + high) / 2,
                "about" if high > low else "exact",
                text[toks[i].start : toks[i + 1].end],
                _context(toks, i, i + 1, lo, hi),
                (high - low) / 2,
                shown=toks[i].raw,
            )
        )
    return found


# Plural nouns with no figure ("agents were hurt", "its personnel had been hit by stones")
# still say that some were: at least one, however many. Held only against a "nobody".
_SOME_NOUNS = frozenset(
    w for w, cls in _NOUN_CLASSES.items() if cls == "people" and w.endswith("s")
) | {"personnel", "staff", "police", "people", "crew"}
_SOME = (1.0, 1e9)


def _some_counts(text: str, toks: list[_Tok], counted: set[str]) -> list[Quantity]:
    """ "officers were injured" -> injured, one or more; only for a toll the claim gives no
    figure for, and never after a number, a quantifier or "no"."""
    found = []
    for i, t in enumerate(toks):
        if t.text not in _SOME_NOUNS:
            continue
        if i > 0 and (toks[i - 1].text in NUMBER_WORDS or toks[i - 1].text[0].isdigit()):
            continue
        if i > 0 and toks[i - 1].text in ("no", "few", "any", "some", "many", "of", "several"):
            continue
        lo, hi = _clause_bounds(toks, i)
        event = None
        for k in range(i + 1, min(hi, i + 6)):
            if toks[k].text in ("not", "never", "no", ",", "who", "that"):
                break
            event = _event_word(toks, k)
            if event is not None:
                break
        if event is None or event in counted or toks[i + 1].text not in _BE:
            continue
        counted.add(event)
        low, high = _SOME
        found.append(
            Quantity(
                event,
                (low + high) / 2,
                "about",
                text[toks[i].start : toks[i].end],
                _context(toks, i, i + 1, lo, hi),
                (high - low) / 2,
                shown=toks[i].raw,
            )
        )
    return found


def _range_upper(
    text: str, toks: list[_Tok], i: int, j: int, value: float
) -> tuple[float | None, int]:
    """The upper end of a range starting at toks[i:j] ("40mm to 90mm", "3-6 centimetres",
    "from 120 to 410"), and where the phrase ends; (None, j) when there is none."""
    second_at = None
    k = j + 1 if j < len(toks) and toks[j].text in _UNITS else j  # "40mm to 90mm"
    start = _currency_before(toks, i)[1]
    if k + 1 < len(toks) and toks[k].text == "to":
        second_at = k + 1
    elif (
        k + 1 < len(toks)
        and toks[k].text == "and"
        and start > 0
        and toks[start - 1].text == "between"
    ):
        second_at = k + 1  # "between 200 and 300"
    elif j < len(toks) and text[toks[j - 1].end : toks[j].start] in ("-", "–"):
        second_at = j
    sign = [t.text for t in toks[start:i]]
    if (
        second_at is not None
        and sign
        and [t.text for t in toks[second_at : second_at + len(sign)]] == sign
    ):
        second_at += len(sign)  # "$1bn-$2bn", "between £40 and £60": the sign again
    if second_at is None or second_at >= len(toks):
        return None, j  # also "$1bn-$" ending the text
    if toks[second_at].text[0].isdigit() != toks[i].text[0].isdigit():
        return None, j
    second = _number_at(toks, second_at)
    # A range rises ("40mm to 90mm", "3-6 cm"); "52 percent to 48 percent" is a score.
    if (
        second is not None
        and second[0] > value
        and not _is_date_or_time(toks, second_at, second[1])
    ):
        return second
    return None, j


def _changed_before(toks: list[_Tok], at: int, lo: int) -> bool:
    """A verb of change shortly before toks[at] ("rose dramatically from", "up from")."""
    return any(
        t.text in _CHANGE_VERBS or t.text in ("up", "down") for t in toks[max(lo, at - 4) : at]
    )


def _change_amount(toks: list[_Tok], i: int, lo: int) -> bool:
    """ "rose by 20", "the toll jumped by 12": the number at toks[i] is how much a figure
    changed, a part of it, not the figure."""
    return i > lo and toks[i - 1].text == "by" and _changed_before(toks, i - 1, lo)


def _is_figure_before(toks: list[_Tok], phrase_start: int) -> bool:
    """ "45 per cent, up from 30 per cent": the figure after "from" is the one before, not now."""
    return (
        phrase_start > 1
        and toks[phrase_start - 1].text == "from"
        and (
            toks[phrase_start - 2].text in ("up", "down")
            or toks[phrase_start - 2].text in _CHANGE_VERBS
        )
    )


def _what_span(text: str, toks: list[_Tok], i: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """Where to look for what a number counts: its clause, or only its own phrase when it is a
    whole that a part is taken of ("Of the 300 passengers, 12 were injured": 300 is the whole,
    not the injured; only what its phrase says, up to the comma, is about it)."""
    if not _partitive_total(toks, i):
        return lo, hi
    return i, next((k for k in range(end, hi) if "," in text[toks[k - 1].end : toks[k].start]), hi)


def _shown_end(toks: list[_Tok], end: int, hi: int, what: str, currency: str | None) -> int:
    """Where the written form of a figure ends: "30 days", "8,200 homes" take their noun;
    "235 people" for killed does not."""
    if end >= hi or currency:
        return end
    nxt = toks[end].text
    unit = _UNITS.get(nxt, ("",))[0]
    if (
        unit == what.split(":")[0]
        or (what == "speed" and unit == "distance")
        or nxt in _CURRENCY_WORDS
        or (
            nxt[0].isalpha()
            and what not in _SELF_NAMED
            and nxt not in _UNITS
            and nxt not in _STOP
            and nxt not in _NOT_NOUNS
        )
    ):
        return end + 1
    return end


def _unit_after(toks: list[_Tok], end: int, hi: int, what: str) -> str:
    """The unit written after a figure, when it measures what the figure is ("90 mm")."""
    unit = toks[end].text if end < hi and toks[end].text in _UNITS else ""
    if what == "area" and end + 1 < hi and toks[end].text in ("square", "sq"):
        return toks[end + 1].text  # "square miles": miles, squared
    if what == "speed":
        return unit  # "150 km/h": the distance over an hour
    if unit and _UNITS[unit][0] != what.split(":")[0]:
        return ""  # "$5.5 million in aid": "in" is not inches here
    return unit


def _number_or_vague_at(toks: list[_Tok], i: int) -> tuple[tuple[float, int] | None, tuple | None]:
    """The figure starting at toks[i] (value, end), and its (low, high, end) when written
    vaguely ("hundreds of"); (None, None) when no figure starts there."""
    parsed = _number_at(toks, i)
    vague = None if parsed is not None else _vague_at(toks, i)
    if vague is not None:
        parsed = ((vague[0] + vague[1]) / 2, vague[2])
    return parsed, vague


# No claim of news is this long (the dev set's longest is 420 characters, a quotation of four
# sentences some 800): a longer one is a table or a list the extractor could not cut, where
# figures would be read for seconds and compared with everything. It is left silent.
LONGEST_READ = 3000


@lru_cache(maxsize=8192)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every number of a claim that counts or measures something, typed by what it is."""
    if len(text) > LONGEST_READ:
        return ()
    toks = _tokens(text)
    found: list[Quantity] = []
    i = 0
    found_lo = -1
    while i < len(toks):
        parsed, vague = _number_or_vague_at(toks, i)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        if (
            _is_date_or_time(toks, i, j)
            or (j < len(toks) and toks[j].raw in ("th", "st", "nd"))
            or _glued_figure(text, toks, i, j)
            or _identifier(toks, i, j)
        ):
            i = j
            continue
        if vague is None and _ratio_at(toks, j) is not None:
            # "one in five children": a share, not two counts.
            ratio, i = _ratio(text, toks, i, j, value)
            found.append(ratio)
            continue
        lo, hi = _clause_bounds(toks, i)
        if j < len(toks) and toks[j].text in _MULTIPLIER_WORDS and vague is None:
            # "five times the size", "grown three times", "a 10-fold rise": a factor, not a
            # count of the nearest event noun.
            found.append(_factor(text, toks, i, j + 1, value, lo, hi))
            i = j + 1
            continue
        currency, currency_at = _currency_before(toks, i)
        # "40mm to 90mm", "3-6 centimetres", "from 120 to 410": a range or a change.
        change_by = _change_amount(toks, i, lo)
        if change_by and j + 1 < len(toks) and toks[j].text == "to":
            i = j  # "rose by 20 to 120": 20 is how much it changed; 120 is read next
            continue
        upper_value, end = _range_upper(text, toks, i, j, value)
        # "more than a dozen": the hedge comes before the "a".
        a_dozen = toks[i].text == "dozen" and i > 0 and toks[i - 1].text == "a"
        bound, phrase_start = _hedge_before(toks, currency_at - (1 if a_dozen else 0))
        if upper_value is None and _is_figure_before(toks, phrase_start):
            i = end
            continue
        if (
            upper_value is not None
            and phrase_start > 0
            and toks[phrase_start - 1].text == "from"
            and _changed_before(toks, phrase_start - 1, lo)
        ):
            # "rose from 120 to 410": the figure now is the second one ("from 2 to 5 were
            # injured", with no change, is a range).
            value, upper_value = upper_value, None
            phrase_start = end - 1
        if (
            upper_value is not None
            and phrase_start > 0
            and toks[phrase_start - 1].text == "between"
        ):
            phrase_start -= 1  # shown as written: "between 200 and 300"
        what_lo, what_hi = _what_span(text, toks, i, end, lo, hi)
        what, scale = _what(toks, i, end, what_lo, what_hi, currency)
        if upper_value is None and _appositive_age(text, toks, i, end):
            what, scale = "age", 1.0  # "Ana Ruiz, 23, said": her age, not 23 of anything
        if vague is not None and what not in _SELF_NAMED:
            what = None  # "hundreds of asylum seekers" is no figure to hold another against
        joined_to = None
        if what is None and vague is None and found_lo == lo:
            joined_to = _noun_left_out(text, toks, found, phrase_start, lo)
            what = joined_to.what if joined_to else None
        if what is None:
            i = end
            continue
        if upper_value is not None:
            value, bound = (value + upper_value) / 2, "about"  # a range: "40mm to 90mm"
            spread = (upper_value - parsed[0]) / 2
        elif vague is not None:
            bound, spread = "about", (vague[1] - vague[0]) / 2
        else:
            spread = 0.0
        written = text[
            toks[phrase_start].start : toks[_shown_end(toks, end, hi, what, currency) - 1].end
        ]
        unit = _unit_after(toks, end, hi, what)
        if vague is not None:
            shown = text[toks[i].start : toks[j - 1].end]
        else:
            shown = _shown(value, scale, unit, what)
        extra, joined_end = _coordinated_extra(toks, end, hi, what) if what in _CLASSES else (0, 0)
        if extra:
            value += extra
            shown = _plain(value * scale)
            written = text[toks[phrase_start].start : toks[joined_end - 1].end]
            end = joined_end  # the second count is part of this one
        if what != "speed":  # "per hour" is part of the unit of a speed
            what = what + _rate_after(toks, end, hi)
        found_lo = lo  # the clause of the last figure found
        context = _context(toks, i, end, lo, hi)
        found.append(
            Quantity(
                what,
                value * scale,
                bound,
                written,
                context | joined_to.context if joined_to else context,
                spread * scale,
                unit,
                shown,
                _projected(text, toks, phrase_start, lo) or _projected_after(text, toks, end, hi),
                change_by or _is_part(toks, phrase_start, end, lo),
                _place_after(toks, end, hi),
            )
        )
        i = end
    found += _factors_in_words(text, toks)
    found += _zero_counts(text, toks)
    found += _some_counts(text, toks, {q.what for q in found})
    found += _shares_in_words(text, toks)
    return tuple(found)


# ---------------------------------------------------------------- clock times, names, rates


def _shown(value: float, scale: float, unit: str, what: str) -> str:
    """A figure without its hedge, in the unit written: "45%", "30 days", "12 sq miles"."""
    if what == "percent":
        return f"{_plain(value)}%"
    if not unit:
        return _plain(value * scale)
    squared = "sq " if what == "area" and _UNITS[unit][0] == "distance" else ""
    return f"{_plain(value)} {squared}{unit}" + ("/h" if what == "speed" else "")


def _noun_left_out(
    text: str, toks: list[_Tok], found: list[Quantity], start: int, lo: int
) -> Quantity | None:
    """The count of the same clause that a figure counting nothing is joined to by "and" or a
    comma: "1,500 people in the UK and 3,000 worldwide" leaves the noun out the second time
    (the second count is of the first one's kind, in the first one's words)."""
    if not found or found[-1].what not in _CLASSES or start <= lo:
        return None
    before = toks[start - 1]
    if before.text in ("and", "plus") or "," in text[before.end : toks[start].start]:
        return found[-1]
    return None


def _glued_figure(text: str, toks: list[_Tok], i: int, j: int) -> bool:
    """Digits that are part of a clock time, a numeric date or a name rather than a count:
    "21:00", "2:15 a.m.", "26/11", "11/26/2018", "24/7", "G20", "MH17", "Covid-19", "F-16"."""
    first, last = toks[i], toks[j - 1]
    if not first.raw[0].isdigit():
        return False
    before = text[first.start - 1] if first.start > 0 else ""
    after = text[last.end] if last.end < len(text) else ""
    after2 = text[last.end + 1 : last.end + 2]
    if after in ":/" and after2.isdigit():
        return True  # the hour of "21:00", the day of "26/11"
    if before == "/" or (before == ":" and first.start > 1 and text[first.start - 2].isdigit()):
        return True
    if before.isalpha():
        return True  # "G20", "MH17"
    if before in "-–" and re.search(
        r"(?<!\d)(?:19|20)\d\d[-–]$", text[max(0, first.start - 5) : first.start]
    ):
        return True  # the second year of "the 2018-19 season"
    if after == "s" and not after2.isalpha():
        return True  # "in his 70s", "the 1990s": decades, not counts
    # "Covid-19", "F-16": a capitalised name, a hyphen, the digits ("2.5cm-7.5cm" is a range).
    name = re.search(r"([^\W\d_]+)[-–]$", text[max(0, first.start - 30) : first.start])
    return name is not None and name.group(1)[0].isupper()


# Words a capitalised name before a number is not: "At 9", "Nearly 300", "Kills 77".
_NOT_NAMES = _STOP | _SKIPPABLE | _NOT_NOUNS | frozenset(_EVENTS) | _CHANGE_VERBS


def _identifier(toks: list[_Tok], i: int, j: int) -> bool:
    """A number that is part of a name: "Boeing 737", "Route 66", "Flight 370", "Apollo 11" —
    right after a capitalised word inside the sentence (not its first word), one space apart,
    and with nothing it counts after it."""
    if i < 2 or not toks[i].raw[0].isdigit():
        return False
    name, start_of = toks[i - 1], toks[i - 2]
    if start_of.text in (".", "!", "?", ";", ":", "(", ")") or not start_of.text[0].isalpha():
        return False  # the first word of a sentence: "Nearly 300", "Some 40"
    if start_of.raw[:1] in "\"“‘'" and start_of.end == name.start:
        return False
    return (
        name.raw[:1].isupper()
        and name.text.isalpha()
        and toks[i].start - name.end == 1
        and name.text not in _MONTH_WORDS
        and name.text not in _NOT_NAMES
        and name.text not in NUMBER_WORDS
        and name.text not in _CURRENCY_WORDS
        and not any(name.text == w[-1] for w, _ in _HEDGES)
        and (j >= len(toks) or _NOUN_CLASSES.get(toks[j].text) is None)
    )


def _ratio_at(toks: list[_Tok], j: int) -> tuple[float, int] | None:
    """The "five" of "one in five" (its value and end) when toks[j] is "in" before a number;
    also of "nine out of 10" ("out of 40 passengers" is a whole, not a ratio: 10 or 100 only)."""
    out_of = [t.text for t in toks[j : j + 2]] == ["out", "of"]
    whole_at = j + 2 if out_of else j + 1
    if whole_at >= len(toks) or (toks[j].text != "in" and not out_of):
        return None  # also "nine out of" ending the text: no whole to read
    second = _number_at(toks, whole_at)
    if second is None or _is_date_or_time(toks, whole_at, second[1]):
        return None
    if out_of and second[0] not in (10, 100):
        return None
    return second


def _ratio(text: str, toks: list[_Tok], i: int, j: int, value: float) -> tuple[Quantity, int]:
    """ "one in five children" -> percent 20, and the index after "five"."""
    whole, end = _ratio_at(toks, j)  # type: ignore[misc]
    lo, hi = _clause_bounds(toks, i)
    bound, phrase_start = _hedge_before(toks, i)
    share = Quantity(
        "percent",
        100 * value / whole if whole else 0.0,
        bound,
        text[toks[phrase_start].start : toks[end - 1].end],
        _context(toks, i, end, lo, hi),
        shown=text[toks[i].start : toks[end - 1].end],
    )
    return share, end


# "50 people a day", "$3 million per year", "twice daily": a rate is held only against rates.
_RATE_UNITS = frozenset(["hour", "day", "week", "month", "year"])
_RATE_WORDS = {
    "hourly": "hour",
    "daily": "day",
    "nightly": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annually": "year",
}


def _rate_after(toks: list[_Tok], end: int, hi: int) -> str:
    """ "/day" when a figure is a rate ("50 people a day", "per year", "each week",
    "annually"), "" otherwise. "a year ago" says when, not how often."""
    for k in range(end, min(hi, end + 3)):
        t = toks[k].text
        if t in _RATE_WORDS:
            return "/" + _RATE_WORDS[t]
        if t in ("a", "an", "per", "each", "every") and k + 1 < hi:
            unit = toks[k + 1].text
            later = toks[k + 2].text if k + 2 < hi else ""
            if unit in _RATE_UNITS and later not in _TIME_OFFSET:
                return "/" + unit
            return ""
        if not t[0].isalpha() or t in _STOP - {"per"}:
            return ""
    return ""


# ---------------------------------------------------------------- factors and parts

# "three times", "10-fold" (the hyphen splits it): the number before is a multiplier.
_MULTIPLIER_WORDS = frozenset(["times", "fold"])
# Verbs of one word that multiply: "the toll doubled", "prices have tripled".
_MULTIPLYING_VERBS: dict[str, float] = {}
for _value, _stem_word in ((2.0, "doubl"), (3.0, "tripl"), (4.0, "quadrupl")):
    for _ending in ("ed", "es", "ing"):
        _MULTIPLYING_VERBS[_stem_word + _ending] = _value
# "double the size", "triple what it was": the adjective before a determiner only ("a double
# murder" multiplies nothing).
_MULTIPLYING_BEFORE_THE = {"double": 2.0, "triple": 3.0, "twice": 2.0, "thrice": 3.0}
_DETERMINERS = frozenset(["the", "that", "its", "their", "his", "her", "what", "as", "a", "an"])


def _factor_word(toks: list[_Tok], k: int) -> float | None:
    """The factor one word at toks[k] states ("doubled", "twice as many", "tenfold")."""
    t = toks[k].text
    if t in _MULTIPLYING_VERBS:
        return _MULTIPLYING_VERBS[t]
    if t in _MULTIPLYING_BEFORE_THE:
        after = toks[k + 1].text if k + 1 < len(toks) else ""
        return _MULTIPLYING_BEFORE_THE[t] if after in _DETERMINERS or t == "twice" else None
    if t.endswith("fold") and NUMBER_WORDS.get(t[:-4], 0) > 1:
        return float(NUMBER_WORDS[t[:-4]])  # "tenfold", "threefold"
    return None


def _factor(
    text: str, toks: list[_Tok], i: int, end: int, value: float, lo: int, hi: int
) -> Quantity:
    """The multiplier at toks[i:end] ("more than three times", "10-fold"), with its hedge."""
    bound, phrase_start = _hedge_before(toks, i)
    written = text[toks[phrase_start].start : toks[end - 1].end]
    return Quantity(
        "factor",
        value,
        bound,
        written,
        _context(toks, i, end, lo, hi),
        shown=text[toks[i].start : toks[end - 1].end],
    )


def _factors_in_words(text: str, toks: list[_Tok]) -> list[Quantity]:
    """Factors said in one word: "the toll doubled", "twice as many", "a tenfold rise"."""
    found = []
    for k in range(len(toks)):
        value = _factor_word(toks, k)
        if value is None:
            continue
        lo, hi = _clause_bounds(toks, k)
        found.append(_factor(text, toks, k, k + 1, value, lo, hi))
    return found


# A number followed by these names a subset of a whole: "12 of the Ukrainians", "two of
# them", "five among the dead". A part is not the total of its kind.
_PART_AFTER = (("of", "the"), ("of", "them"), ("of", "those"), ("of", "whom"), ("of", "these"))
_PART_AFTER_ONE = frozenset(["among"])
# ... and so does one after these: "killed 20, including 5 children", "among them 3 police".
_PART_BEFORE = (("including",), ("among", "them"), ("among", "whom"), ("among", "those"))


# An increment is a part of the total too: "another seven bodies were found", "a further 12",
# "five more deaths", "3 new cases" (the total they bring the toll to is a whole).
_INCREMENT_BEFORE = frozenset(["another", "further", "additional"])
_INCREMENT_AFTER = frozenset(["more", "further", "additional", "new"])


def _place_after(toks: list[_Tok], end: int, hi: int) -> str:
    """The place a figure is told for, right after it or its noun: "killed 3 in Taiwan",
    "12 people in the Philippines" (a name: capitalised, after "in" and maybe "the")."""
    words = toks[end : min(hi, end + 4)]
    k = next((n for n, t in enumerate(words[:2]) if t.text == "in"), None)
    if k is None:
        return ""
    rest = words[k + 1 :]
    if rest and rest[0].text == "the":
        rest = rest[1:]
    return rest[0].text if rest and rest[0].raw[:1].isupper() else ""


def _is_part(toks: list[_Tok], start: int, end: int, lo: int) -> bool:
    """Whether the figure at toks[start:end] is a subset of a whole the claim names."""
    after = tuple(t.text for t in toks[end : end + 2])
    if after in _PART_AFTER or (after and after[0] in _PART_AFTER_ONE):
        return True
    if start > lo and toks[start - 1].text in _INCREMENT_BEFORE:
        return True
    if after and after[0] in _INCREMENT_AFTER and after[1:] != ("than",):
        return True
    for words in _PART_BEFORE:
        n = len(words)
        if start - n >= lo and tuple(t.text for t in toks[start - n : start]) == words:
            return True
    return False


# Words before "<number> <time unit>" that make it how long something lasts whatever follows:
# "martial law for 30 days after the clash".
_LASTING = frozenset(["for", "lasted", "lasting", "lasts", "spent", "spanning"])
# Words after "<number> <time unit>" that make it a point in time relative to another one.
_TIME_OFFSET = frozenset(["after", "before", "ago", "earlier", "later", "since", "into", "prior"])


# Words that make the figure after them a forecast, a plan or a possibility: "is expected to
# reach 500", "on track to send 100,000", "could face up to four years". A forecast and a
# count so far are two different figures, never a conflict.
_PROJECTION = frozenset(
    [
        "will",
        "would",
        "could",
        "may",
        "might",
        "expected",
        "expects",
        "expecting",
        "forecast",
        "forecasts",
        "forecasted",
        "projected",
        "projects",
        "predicted",
        "predicts",
        "predict",
        "likely",
        "plans",
        "planned",
        "aims",
        "intends",
        "hopes",
        "track",
    ]
)
_PROJECTION_REACH = 6
_MODALS = frozenset(["will", "would", "could", "may", "might"])


def _projected(text: str, toks: list[_Tok], start: int, lo: int) -> bool:
    """Whether a projection word comes shortly before toks[start], within its clause."""
    for k in range(start - 1, max(lo, start - _PROJECTION_REACH) - 1, -1):
        if (
            toks[k].text in (".", ";", ":", "!", "?", "(", ")")
            or "," in text[toks[k].end : toks[k + 1].start]
        ):
            return False
        word = toks[k].text
        if word == "may" and toks[k].raw[0].isupper():
            continue  # the month: "in May 1953"
        if word in _PROJECTION and (word != "track" or (k > 0 and toks[k - 1].text == "on")):
            return True
    return False


def _projected_after(text: str, toks: list[_Tok], end: int, hi: int) -> bool:
    """A modal right after the counted phrase: "up to 4 inches of rain could fall"."""
    for k in range(end, min(hi, end + 4)):
        if k > end and "," in text[toks[k - 1].end : toks[k].start]:
            return False
        if toks[k].text in _MODALS and toks[k].raw != "May":
            return True
    return False


def _coordinated_extra(toks: list[_Tok], j: int, hi: int, what: str) -> tuple[int, int]:
    """How many more of the same class a count is joined to, and the index after the second
    noun: "two gunboats and a tug" counts three vessels, "four ships and two boats" six.
    (0, j) when nothing of its class follows."""
    noun, k = _counted_noun(toks, j, hi)
    if noun != what or k < 0 or k + 2 >= hi or toks[k + 1].text != "and":
        return 0, j
    amount = toks[k + 2].text
    if amount in ("a", "an", "one"):
        extra, m = 1, k + 3
    else:
        parsed = _number_at(toks, k + 2)
        if parsed is None:
            return 0, j
        extra, m = int(parsed[0]), parsed[1]
    second, at = _counted_noun(toks, m, hi)
    return (extra, at + 1) if second == what else (0, j)


# Nouns for one person that news gives an age after: "the suspect, 43,".
_AGED_NOUNS = frozenset(
    [
        "suspect",
        "man",
        "woman",
        "boy",
        "girl",
        "driver",
        "gunman",
        "mother",
        "father",
        "son",
        "daughter",
        "wife",
        "husband",
        "teenager",
        "pilot",
        "owner",
        "victim",
    ]
)


def _appositive_age(text: str, toks: list[_Tok], i: int, j: int) -> bool:
    """ "Ana Ruiz, 23, said", "the suspect, 43, was": a whole number set off by commas right
    after a name or a noun is the age of whom it follows."""
    if i == 0 or j >= len(toks) or j != i + 1 or not toks[i].raw.isdigit():
        return False
    before, after = toks[i - 1], toks[j]
    whom = (before.raw[0].isupper() and before.text not in _MONTH_WORDS) or (
        _NOUN_CLASSES.get(before.text) == "people" or before.text in _AGED_NOUNS
    )
    return (
        whom
        and text[before.end : toks[i].start].strip() == ","
        and text[toks[i].end : after.start].strip() == ","
        and 0 < int(toks[i].raw) < 120
    )


def _temperature_scale(toks: list[_Tok], j: int, hi: int) -> str | None:
    """ "c" or "f" when the number before toks[j] is a temperature: "45C", "45 °C", "47
    degrees Celsius", "104 degrees Fahrenheit". Plain "degrees" (angles too) is not enough.
    Each scale is its own slot: figures converted between them are rounded differently."""
    if j >= hi:
        return None
    word = toks[j].text
    if word in ("degrees", "degree") and j + 1 < hi:
        word = toks[j + 1].text
        return {"celsius": "c", "centigrade": "c", "fahrenheit": "f", "c": "c", "f": "f"}.get(word)
    if word in ("c", "f") and toks[j].raw.isupper() and toks[j].start - toks[j - 1].end <= 2:
        return word  # "45C", "45 C", "45°C" (the degree sign is no token)
    return None


def _per_hour(toks: list[_Tok], j: int) -> bool:
    """Whether the unit at toks[j] is over an hour: "150 km/h", "80 miles per hour" ("/" is no
    token: "h" right after the unit, one character apart, is the hour)."""
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is None:
        return False
    if nxt.text in ("h", "hr") and nxt.start == toks[j].end + 1:
        return True
    return nxt.text in ("per", "an", "a") and j + 2 < len(toks) and toks[j + 2].text == "hour"


def _time_of_day(toks: list[_Tok], k: int, hi: int) -> bool:
    """ "the morning", "the night" at toks[k]: "at 3 in the morning" is a time."""
    words = [t.text for t in toks[k : min(hi, k + 2)]]
    return words[:1] == ["the"] and words[1:] in (
        ["morning"],
        ["afternoon"],
        ["evening"],
        ["night"],
    )


def _what(
    toks: list[_Tok], i: int, j: int, lo: int, hi: int, currency: str | None
) -> tuple[str | None, float]:
    """What the number at toks[i:j] counts or measures, and the factor to its base unit."""
    after = toks[j].text if j < hi else ""
    if currency:
        return currency, 1.0
    if after in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[after], 1.0
    if after in ("year", "years") and j + 1 < hi and toks[j + 1].text == "old":
        return "age", 1.0  # "a 45-year-old man"
    if _UNITS.get(after, ("",))[0] == "duration" and j + 1 < hi and toks[j + 1].text == "old":
        # "a 6-month-old baby", "a two-week-old puppy": an age in months or weeks (its own
        # slot, never a duration of the story, nor an age in years).
        return f"age:{after.removesuffix('s')}", 1.0
    if i > 0 and toks[i - 1].text == "aged":
        return "age", 1.0
    if i > 2 and toks[i - 1].text in ("and", "to") and toks[i - 3].text == "aged":
        return "age", 1.0  # "two men, aged 25 and 31": both are ages
    scale_word = _temperature_scale(toks, j, hi)
    if scale_word is not None:
        return f"temperature:{scale_word}", 1.0  # "45C", "47 degrees Celsius", "104F"
    if after == "magnitude" or (i > 0 and toks[i - 1].text in ("magnitude", "measuring")):
        return "magnitude", 1.0  # "a magnitude 6.2 earthquake", "6.4-magnitude", "measuring 7"
    if (
        after in ("square", "sq")
        and _UNITS.get(toks[j + 1].text if j + 1 < hi else "", ("",))[0] == "distance"
    ):
        return "area", _UNITS[toks[j + 1].text][1] ** 2  # "5,000 square kilometres"
    unit = _UNITS.get(after)
    if after == "in" and j + 1 < hi and toks[j + 1].text[0].isalnum():
        # Not inches. "3 in the morning", "8 in 2018" are no counts; "killed 12 in the
        # Philippines and 3 in Taiwan" counts like "two in Georgia" does.
        if toks[j + 1].text[0].isdigit() or _time_of_day(toks, j + 1, hi):
            return None, 1.0
        unit = None
    if unit is not None and (after not in _UNITS_AFTER_DIGITS_ONLY or toks[j - 1].raw[0].isdigit()):
        slot, factor = unit
        if slot == "percent":
            return "percent", 1.0
        if slot == "distance" and _per_hour(toks, j):
            return "speed", factor / 1000  # "winds of 150 km/h": km/h, not a distance
        if slot == "duration":
            before = toks[i - 1].text if i > 0 else ""
            if j + 1 < hi and toks[j + 1].text in _TIME_OFFSET and before not in _LASTING:
                # "four years after it seized Crimea", "13 minutes after takeoff": when, not
                # how long. Offsets meet offsets only (and only around shared words).
                return "offset", factor
            # "detained for 60 days" and "martial law for 30 days" are two durations.
            event = _nearest_event(toks, i, j, lo, hi)
            return (f"duration:{event}" if event else slot), factor
        return slot, factor
    noun, _ = _counted_noun(toks, j, hi)
    whole = (
        _number_at(toks, j + 2) if [t.text for t in toks[j : j + 3]][:2] == ["of", "the"] else None
    )
    if noun is None and whole is not None and j + 2 < hi:
        noun, _ = _counted_noun(toks, whole[1], hi)  # "won 52 of the 80 seats": seats
    event = _nearest_event(toks, i, j, lo, hi)
    if noun is None and event is None and not _partitive_total(toks, i):
        event = _event_of_change(toks, i, lo, hi)
    if noun == "people" or noun is None or (noun not in _CLASSES and event is not None):
        # People are counted by what happened to them: "41 people died", "270 unaccounted".
        return (event or noun), 1.0
    return noun, 1.0


# ---------------------------------------------------------------- comparing


def _interval(q: Quantity) -> tuple[float, float]:
    v = q.value
    if q.spread:
        return v - q.spread, v + q.spread
    return {
        "exact": (v, v),
        "least": (v, v),
        "lower": (v, float("inf")),
        "upper": (float("-inf"), v),
        "about": (v * 0.9, v * 1.1),
        "nearly": (v * 0.9, v),
    }[q.bound]


_CONVERSION_SLACK = 0.06


def _round(value: float) -> bool:
    """A figure that ends in at least two zeros ("5000", "1,200") is a rounded one."""
    return value >= 100 and value == int(value) and int(value) % 100 == 0


def compatible(a: Quantity, b: Quantity) -> bool:
    """Can both be true of the same thing? Two hedges of one direction must give one figure."""
    if a.value == b.value:
        return True
    if (_round(a.value) or _round(b.value)) and abs(a.value - b.value) <= 0.02 * max(
        a.value, b.value
    ):
        return True  # "3000 photos" is "2,996 photos" rounded
    # Converted between units, a figure is rounded again: "30 miles" is "50 kilometres".
    converted = a.unit and b.unit and _UNITS[a.unit][1] != _UNITS[b.unit][1]
    if converted and abs(a.value - b.value) <= _CONVERSION_SLACK * max(a.value, b.value):
        return True
    if a.bound == b.bound and a.bound in ("lower", "upper") and not a.spread:
        return False
    lo_a, hi_a = _interval(a)
    lo_b, hi_b = _interval(b)
    return lo_a <= hi_b and lo_b <= hi_a


# Slots that say what is counted by themselves; others ("percent", "duration", a plain noun)
# name the same thing only when the words around them are shared too.
_SELF_NAMED = frozenset({"killed", "injured", "missing", "detained", "abducted", "evacuated"})
# Public name: slots that within one story are about the story's own event (its toll).
EVENT_SLOTS = _SELF_NAMED


def same_slot(a: Quantity, b: Quantity) -> bool:
    if a.what != b.what or a.projected != b.projected:
        return False
    if a.what in _SELF_NAMED:
        return True
    shared = (a.context - {a.what}) & (b.context - {b.what})
    # People counted with no event ("500 migrants", "100,000 people") are counted for many
    # reasons in one story (tried to cross, were deported, joined the caravan): two shared
    # words around them, not one, before they are taken for the same count.
    return len(shared) >= (2 if a.what == "people" else 1)


def _comparable(a: Quantity, b: Quantity) -> bool:
    """One slot, and both a part or both a whole: "12 of the sailors were detained" and "24
    were detained" can both be true (ranking still takes them for one slot)."""
    return a.part == b.part and same_slot(a, b)


def describe(a: Quantity, b: Quantity) -> str:
    """What is counted, then each side as written: "killed: at least 235 vs 305"."""
    what = a.what.replace("money:", "money ").replace("duration:", "duration ")
    if what.startswith("temperature:"):
        what = "temperature °" + what.split(":")[1].upper()  # "temperature °C"
    return f"{what}: {a.written} vs {b.written}"


def _sum_agrees(parts: list[Quantity], totals: list[Quantity]) -> bool:
    """Whether figures of one slot add up to the other claim's figure: "killed four people in
    Florida and two in Georgia" is "killed six people", told place by place. Parts are left
    out: "killed 20, including 5 children" is not 25."""
    figures = [q for q in parts if not q.part and not q.spread]
    if len(figures) < 2:
        return False
    total = sum(q.value for q in figures)
    return any(compatible(replace(figures[0], value=total), t) for t in totals)


# A toll told with and without the attacker who died: "Eleven people, including the gunman,
# died" and "the gunman killed 10 people before turning the gun on himself" are one toll.
_ATTACKER = r"(?:suspected\s+)?(?:gunm[ae]n|shooters?|attackers?|assailants?|bombers?|hijackers?)"
_ATTACKER_COUNTED = re.compile(
    rf"\b(?:including|plus|and|besides|excluding|not\s+including|not\s+counting)\s+(?:the\s+)?"
    rf"{_ATTACKER}\b|\bturn(?:ed|ing|s)?\s+the\s+gun\s+on\s+(?:him|her|them)sel(?:f|ves)\b"
    r"|\b(?:killed|shot)\s+(?:him|her|them)sel(?:f|ves)\b|\bblew\s+(?:him|her|them)sel(?:f|ves)\s+up\b"
    r"|\bsuicide\s+bombers?\b",
    re.I,
)


def _attacker_apart(a: Quantity, b: Quantity, text_a: str, text_b: str) -> bool:
    """A toll one apart from the other where either claim says the attacker died or is
    counted in it (see _ATTACKER_COUNTED)."""
    return (
        a.what == "killed"
        and abs(a.value - b.value) == 1
        and any(_ATTACKER_COUNTED.search(t) for t in (text_a, text_b))
    )


# Claims give a handful of figures; comparing every figure of one with every figure of the
# other is quadratic, and slow past a few thousand pairs.
_MAX_FIGURE_PAIRS = 40 * 40


def conflicting_quantities(text_a: str, text_b: str) -> list[tuple[Quantity, Quantity]]:
    """Pairs (from a, from b) of one slot that cannot both hold, one per slot.

    A slot whose values agree somewhere ("5 killed" in both, beside another figure) is taken
    to be the same figure, and no conflict is reported for it: silence beats a wrong hint.
    """
    qa, qb = quantities(text_a), quantities(text_b)
    if len(qa) * len(qb) > _MAX_FIGURE_PAIRS:
        return []  # a table or a list of results, not a claim: silence beats a guess
    conflicts = []
    done: set[str] = set()
    for a in qa:
        if a.what in done:
            continue
        same_a = [x for x in qa if x.what == a.what]
        partners = [b for b in qb if any(_comparable(x, b) for x in same_a)]
        if not partners:
            continue
        done.add(a.what)
        # A part that agrees ("5 children" in both) is the same figure too.
        if any(compatible(x, b) for x in same_a for b in qb if same_slot(x, b)):
            continue
        same_b = [b for b in qb if any(same_slot(x, b) for x in same_a)]
        if _sum_agrees(same_a, same_b) or _sum_agrees(same_b, same_a):
            continue
        b = partners[0]
        x = next((x for x in same_a if _comparable(x, b)), a)
        if _attacker_apart(x, b, text_a, text_b):
            continue
        if x.where and b.where and x.where != b.where:
            continue  # "killed 12 in the Philippines" and "killed 3 in Taiwan" both hold
        conflicts.append((x, b))
    return conflicts


# "in 1918", "in August 1910", "back in 2008": a year the figures are set in. "The 2017
# fire", "2008's crash": a year naming the event the figures are of.
_SET_IN_YEAR = re.compile(
    r"\b(?:[Ii]n|[Dd]uring|of)\s+(?:(?:early|late|mid)\s+)?(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?"
    r"((?:19|20)\d\d)\b"
    r"|\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+((?:19|20)\d\d)\s+(?=[^\W\d_])"
    r"|\b((?:19|20)\d\d)['’]s\s+(?=[^\W\d_])"
)


def _year_of(match: re.Match) -> str:
    return next(group for group in match.groups() if group)


def without_earlier_years(text: str, published: str | None) -> str:
    """The claim with every stretch between commas that sets its figures in a year before the
    article's blanked out ("A fire in 1918 killed 450 people": another event's toll, not the
    story's; "..., which was annexed in 2014" leaves the rest of the claim alone). Offsets are
    kept. Without the article's date nothing is known; "since 2010" compares, and stays."""
    if not published or not published[:4].isdigit() or not _SET_IN_YEAR.search(text):
        return text
    year = int(published[:4])
    parts = re.split(r"([,;:.—–]\s)", text)
    return "".join(
        " " * len(part)
        if any(int(_year_of(m)) < year for m in _SET_IN_YEAR.finditer(part))
        else part
        for part in parts
    )
