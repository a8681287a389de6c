"""Text normalisation shared by grouping, candidate retrieval and conflict hints.

Everything here is lexical and model-free: folding (case, diacritics, quotes), spelling
variants of names and countries, number words, a light suffix stemmer, stopwords and a small
table of paraphrase classes. The point is that two articles wording the same fact differently
("Zelenskiy" / "Zelenskyy", "U.S." / "US", "hour-long" / "an hour", "people" / "civilians")
end up sharing keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Spelling variants that fuzzy matching alone would get wrong or miss (transliterations,
# acronyms with dots). Keys are already folded (lowercase, no diacritics).
VARIANTS: dict[str, str] = {
    "zelenskyy": "zelensky",
    "zelenskiy": "zelensky",
    "zelenski": "zelensky",
    "zelenskyi": "zelensky",
    "kiev": "kyiv",
    "kyiv's": "kyiv",
    "kharkov": "kharkiv",
    "odessa": "odesa",
    "dnipropetrovsk": "dnipro",
    "lviv": "lviv",
    "putin's": "putin",
    "america": "usa",
    "american": "usa",
    "americans": "usa",
    "britain": "uk",
    "british": "uk",
    "defence": "defense",
    "offence": "offense",
    "programme": "program",
}

# Multi-word and dotted forms, matched on the original casing before folding. "US" only in
# capitals, or the pronoun "us" would become the country.
_PHRASE_VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bU\.\s?S\.(?:\s?A\.)?(?![A-Za-z])"), " usa "),
    (re.compile(r"\bUSA?\b"), " usa "),
    (re.compile(r"\bUnited\s+States(?:\s+of\s+America)?\b", re.I), " usa "),
    (re.compile(r"\bU\.\s?K\.(?![A-Za-z])"), " uk "),
    (re.compile(r"\bUK\b"), " uk "),
    (re.compile(r"\bUnited\s+Kingdom\b", re.I), " uk "),
    (re.compile(r"\bU\.\s?N\.(?![A-Za-z])"), " un "),
    (re.compile(r"\bUnited\s+Nations\b", re.I), " un "),
    (re.compile(r"\bE\.\s?U\.(?![A-Za-z])"), " eu "),
    (re.compile(r"\bEuropean\s+Union\b", re.I), " eu "),
)

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}

ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "twentieth": 20,
}

STOPWORDS: frozenset[str] = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "nor",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "d",
        "ll",
        "m",
        "o",
        "re",
        "ve",
        "y",
        "said",
        "says",
        "say",
        "told",
        "according",
        "reported",
        "reportedly",
        "added",
        "stated",
        "via",
        "its",
        "it's",
        "thursday",
        "wednesday",
        "tuesday",
        "monday",
        "friday",
        "saturday",
        "sunday",
        "mr",
        "mrs",
        "ms",
        "per",
        "amid",
        "us",
    ]
)

# Negation stays out of the stopwords: hints need it. Retrieval drops it separately.
NEGATIONS: frozenset[str] = frozenset({"not", "no", "never", "nor", "without", "none"})

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*[^\W_]*|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NT_RE = re.compile(r"n['’]t\b", re.I)
_DASHES_RE = re.compile(r"[-‐‑‒–—―/]")


def fold(text: str) -> str:
    """Lowercase, strip diacritics, unify quotes. Keeps string length loosely, not exactly."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("’", "'").replace("‘", "'").casefold()


def apply_phrase_variants(text: str) -> str:
    """Rewrite dotted acronyms and multi-word country names to one key (before folding)."""
    for pattern, replacement in _PHRASE_VARIANTS:
        text = pattern.sub(replacement, text)
    return text


# Words the suffix rules would merge with a different word ("aide" -> "aid").
_PROTECTED = {"aide": "aide", "aides": "aide", "news": "news", "series": "series"}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: plural, -ing, -ed, -ly, -ment, final -e; undoubles consonants.

    It only has to be consistent (injured / injuring / injure -> injur), not linguistic.
    """
    w = word
    if len(w) <= 3 or w.isdigit():
        return w
    if w in _PROTECTED:
        return _PROTECTED[w]
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ingly", "edly", "ments", "ment", "ing", "ed", "ly"):
        # -ment needs a long base: "apartment" is not "apart", "shipment" not "ship".
        min_base = 6 if suffix.startswith("ment") else 3
        if suffix == "ly" and w.endswith("ply"):
            continue  # supply, apply, reply: the -ly is not an adverb ending
        if w.endswith(suffix) and len(w) - len(suffix) >= min_base:
            base = w[: -len(suffix)]
            if any(c in "aeiouy" for c in base):
                w = base
                if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                    w = w[:-1]
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    return w


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its folded surface form and its matching key."""

    surface: str  # as written (for display: "Patriot")
    norm: str  # folded, variant-mapped ("zelensky", "usa", "5")
    key: str  # stemmed norm used for matching ("missil", "5")
    capitalised: bool  # written with a capital: a name candidate
    number: bool  # a cardinal number (digits or a number word)


def tokenize(text: str) -> list[Token]:
    """Split into tokens with spelling variants and number words normalised.

    Hyphenated compounds are split ("hour-long" -> hour, long) so paraphrases line up;
    "didn't" becomes "did not" so negation is visible.
    """
    text = apply_phrase_variants(text)
    text = _NT_RE.sub(" not", text)
    text = _DASHES_RE.sub(" ", text)
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        surface = match.group()
        if surface.endswith(("'s", "’s")):
            surface = surface[:-2]
        folded = fold(surface)
        if folded.endswith("'s"):
            folded = folded[:-2]
        folded = folded.replace("'", "")
        if not folded:
            continue
        norm = VARIANTS.get(folded, folded)
        number = False
        if norm in NUMBER_WORDS:
            norm = str(NUMBER_WORDS[norm])
            number = True
        elif norm[0].isdigit():
            norm = norm.replace(",", "")
            number = norm.replace(".", "", 1).isdigit()
        tokens.append(
            Token(
                surface=surface,
                norm=norm,
                key=norm if number else stem(norm),
                capitalised=surface[:1].isupper(),
                number=number,
            )
        )
    return tokens


def content_keys(tokens: list[Token]) -> list[str]:
    """Matching keys without stopwords and negations (retrieval looks at content only)."""
    return [t.key for t in tokens if t.norm not in STOPWORDS and t.norm not in NEGATIONS and t.key]


def concept_of(key: str) -> str | None:
    """The paraphrase class of a key that hints also use (the thing counted, ranked)."""
    return CONCEPTS.get(key)


def retrieval_concepts(key: str) -> tuple[str, ...]:
    """Every paraphrase class of a key for retrieval: the hint class and the wider ones."""
    return RETRIEVAL_CONCEPTS.get(key, ())


def phrase_concept(left: str, right: str) -> str | None:
    """The class of two adjacent keys that only mean the thing together ("air defense")."""
    return PHRASE_CONCEPTS.get((left, right))


# Paraphrase classes: words that news wires use interchangeably for the same thing. A token in
# a class also emits the class key, so "call" and "conversation" share something while the
# exact word still counts more.
CONCEPTS: dict[str, str] = {}
for _key, _words in {
    "~call": "call conversation exchange dialogue phone communication",
    "~person": "people person civilian resident citizen individual",
    "~weapon": "weapon arms munition missile rocket shipment supplies delivery deliveries aid assistance",
    "~pause": "pause halt suspension suspend delay interruption stop freeze",
    "~diplomat": "ambassador envoy diplomat charge consul",
    "~kill": "killed dead death died",
    "~injur": "injured wounded hurt",
    "~negoti": "negotiations talks initiative settled deal",
    "~leav": "leaving departing",
    "~progress": "progress breakthrough advancement",
    "~attack": "attack strike assault bombardment onslaught raid shelling",
    "~meet": "meeting summit",
    "~stockpil": "stockpiles stocks reserves",
}.items():
    for _w in _words.split():
        CONCEPTS[stem(_w)] = _key

# Wider classes used by retrieval only (hints keep the narrow ones above, where a class says
# "the same thing counted"). A key may belong to several: "talks" is a negotiation and speech.
# General news-wire vocabulary, not any one story's: stopping things, supplying arms, air
# defence, speaking and meeting, conceding, the metonyms of capitals for their governments.
_RETRIEVAL_CLASSES = {
    "~pause": "pause paused halt halted suspension suspend suspended delay delayed interruption "
    "interrupted freeze frozen stop stopped withhold withheld moratorium",
    "~weapon": "weapon arms munition missile rocket shell ammunition artillery",
    "~supply": "supplies supply shipment delivery deliveries aid assistance support transfer "
    "package flow",
    "~airdef": "patriot interceptor nasams iris",
    "~speak": "speak spoke talk talks discuss discussed discussion call conversation",
    "~meet": "meeting meet met summit",
    "~concede": "compromise concession concede budge yield",
    "~kremlin": "kremlin moscow",
    "~whitehouse": "washington",
    "~kill": "killed dead death died fatality fatalities",
    "~injur": "injured wounded hurt injury injuries wounding",
    "~hope": "hope hoped hoping expect expected wish desire want",
    "~resolv": "resolve resolving resolution settle settled solution",
    "~leav": "leaving departing left depart departure",
    "~negoti": "negotiations talks initiative settled deal peace",
    "~attack": "attack strike assault bombardment onslaught raid shelling barrage airstrike",
    # Disasters, tolls and crime: the words any outlet may pick for one event or count.
    "~toll": "perished lives bodies remains toll fatal fatalities",
    "~detain": "detained detain arrested arrest seized captured held custody jailed "
    "imprisoned prisoners",
    "~missing": "missing unaccounted",
    "~destroy": "destroyed razed burned burnt leveled levelled damaged flattened",
    "~fire": "fire blaze wildfire inferno flames",
    "~storm": "storm hurricane typhoon cyclone",
    "~rain": "rain rainfall downpour precipitation showers",
    "~evacu": "evacuated evacuation evacuate fled displaced",
    "~vessel": "ship ships vessel vessels boat boats gunboat gunboats tug tugboat",
    "~crew": "sailors seamen crew crewmen servicemen marines",
    "~protest": "protest protesters protesting demonstration demonstrators rally march marched",
    "~migrant": "migrants refugees asylum",
    "~approve": "approved approve backed endorsed passed voted supported",
    "~impose": "impose imposed institute instituted introduce introduced declare declared",
    "~study": "study research paper report analysis survey findings",
    "~research": "researcher researchers scientist scientists academic academics professor",
}
# Two-word forms of those classes (keys after stemming; "defence" is folded to "defense").
_PHRASE_CLASSES = {
    "~airdef": ["air defense", "missile defense", "anti aircraft", "air defenses"],
    "~whitehouse": ["white house"],
    "~kremlin": ["russian officials"],
    "~concede": ["back down", "give ground", "give way"],
    "~meet": ["in person"],
    "~speak": ["phone call"],
}
RETRIEVAL_CONCEPTS: dict[str, tuple[str, ...]] = {}
for _key, _words in _RETRIEVAL_CLASSES.items():
    for _w in _words.split():
        _k = stem(VARIANTS.get(_w, _w))
        if _key not in RETRIEVAL_CONCEPTS.get(_k, ()):
            RETRIEVAL_CONCEPTS[_k] = (*RETRIEVAL_CONCEPTS.get(_k, ()), _key)
for _k, _c in CONCEPTS.items():
    if _c not in RETRIEVAL_CONCEPTS.get(_k, ()):
        RETRIEVAL_CONCEPTS[_k] = (_c, *RETRIEVAL_CONCEPTS.get(_k, ()))
PHRASE_CONCEPTS: dict[tuple[str, str], str] = {}
for _key, _phrases in _PHRASE_CLASSES.items():
    for _phrase in _phrases:
        _l, _r = (stem(VARIANTS.get(w, w)) for w in _phrase.split())
        PHRASE_CONCEPTS[(_l, _r)] = _key
