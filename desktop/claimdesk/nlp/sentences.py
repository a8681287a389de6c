"""A rule-based sentence splitter for the blank English pipeline (no parser available).

spaCy's own `sentencizer` splits after every full stop and glues an opening quote to the
previous sentence. This one relies on the tokenizer keeping abbreviations ("Mr.", "Jan.",
"U.S.", initials) as single tokens, keeps closing quotes with the sentence they close, does
not split before a lower-case word, and does split after a dotted acronym that ends a
sentence ("... in the U.S. He said ...") when a typical sentence opener follows.
"""

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

TERMINALS = frozenset({".", "!", "?", "…", "...", "?!", "!?", "..", "!!", "??"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})
# Capitalised words that start sentences far more often than they continue a name, used
# only to decide whether a dotted acronym ("U.S.") ended the sentence before them.
OPENERS = frozenset(
    [
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "This",
        "That",
        "These",
        "Those",
        "But",
        "And",
        "Yet",
        "So",
        "However",
        "Meanwhile",
        "In",
        "On",
        "At",
        "After",
        "Before",
        "While",
        "Although",
        "Since",
        "If",
        "When",
        "As",
        "There",
        "Its",
        "His",
        "Her",
        "Their",
        "Our",
    ]
)

# Titles and other abbreviations that the tokenizer splits from their full stop ("Lt", "."):
# before a name they end no sentence ("Lt. Gov. Mike Parson", "Sgt. Ortiz", "Fort St. John").
TITLE_ABBREVIATIONS = frozenset(
    [
        "Lt",
        "Col",
        "Gen",
        "Sgt",
        "Capt",
        "Cmdr",
        "Adm",
        "Maj",
        "Brig",
        "Cpl",
        "Pvt",
        "Det",
        "Insp",
        "Supt",
        "Prof",
        "Rev",
        "Hon",
        "Gov",
        "Sen",
        "Rep",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "St",
        "Ft",
        "Mt",
        "Pres",
        "Amb",
    ]
)
# ... and "No." ends none before a number ("No. 10 Downing St.").
NUMBER_ABBREVIATIONS = frozenset(["No", "Nos"])


@Language.factory("claimdesk_sentencizer", assigns=["token.is_sent_start"])
def make_sentence_splitter(nlp: Language, name: str) -> "SentenceSplitter":
    return SentenceSplitter()


# What the splitter asks of a token, as bits, computed once per distinct token text.
_TERMINAL = 1  # ends a sentence: "." "!" "?" ...
_DOTTED = 2  # a dotted acronym or abbreviation: "U.S.", "Jan." is not one ("." in text[:-1])
_CLOSER = 4  # a closing quote or bracket
_OPENER = 8  # a word in OPENERS
_LOWER = 16  # starts with a lower-case letter
_SKIPPED = 32  # next_word skips it: a closer or an opening quote or bracket
_TITLE = 64  # a title abbreviation without its full stop: "Lt", "Sgt"
_NUMBERED = 128  # "No" as in "No. 10"
_CAPITAL = 256  # starts with a capital letter
_DIGIT = 512  # starts with a digit
_MAX_CACHED = 200_000  # token texts remembered; cleared when full so memory stays flat


def _kind(text: str) -> int:
    kind = 0
    if text in TERMINALS:
        kind |= _TERMINAL
    if len(text) > 2 and text.endswith(".") and "." in text[:-1]:
        kind |= _DOTTED
    if text in CLOSERS:
        kind |= _CLOSER
    if text in OPENERS:
        kind |= _OPENER
    if text[:1].islower():
        kind |= _LOWER
    if text in CLOSERS or text in "“‘«(":
        kind |= _SKIPPED
    if text in TITLE_ABBREVIATIONS:
        kind |= _TITLE
    if text in NUMBER_ABBREVIATIONS:
        kind |= _NUMBERED
    if text[:1].isupper():
        kind |= _CAPITAL
    if text[:1].isdigit():
        kind |= _DIGIT
    return kind


class SentenceSplitter:
    def __init__(self):
        self._kinds: dict[int, int] = {}  # orth id -> bits

    def __call__(self, doc: Doc) -> Doc:
        # One bulk write: setting token.is_sent_start checks the whole doc for a parse on
        # every call, which makes a token-by-token loop quadratic.
        # spaCy stores attributes as uint64, so "not a start" (-1) is written wrapped around.
        if not len(doc):
            return doc  # an empty text has no sentence to start
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        flags[sorted(self._sentence_starts(doc)), 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))
        return doc

    def _token_kinds(self, doc: Doc) -> tuple[list[int], list[int], list[int]]:
        """Per token: its bits, whether whitespace follows it, whether it is whitespace.
        Read as arrays: a Token object per token is what made this slow."""
        columns = doc.to_array([ORTH, SPACY, IS_SPACE])
        orths = columns[:, 0].tolist()
        kinds = self._kinds
        if len(kinds) > _MAX_CACHED:
            kinds.clear()
        strings = doc.vocab.strings
        for orth in set(orths).difference(kinds):
            kinds[orth] = _kind(strings[orth])
        return [kinds[o] for o in orths], columns[:, 1].tolist(), columns[:, 2].tolist()

    def _sentence_starts(self, doc: Doc) -> set[int]:
        starts = {0}
        count = len(doc)
        if not count:
            return starts
        kinds, spaced, spaces = self._token_kinds(doc)

        def next_word(i: int) -> int:
            """The first token from i on that is not whitespace or an opening quote."""
            while i < count and (spaces[i] or kinds[i] & _SKIPPED):
                i += 1
            return i

        i = 0
        while i < count:
            kind = kinds[i]
            ends = kind & _TERMINAL
            if not ends and kind & _DOTTED:
                following = next_word(i + 1)
                ends = following < count and kinds[following] & _OPENER
            if ends and i > 0 and not spaced[i - 1] and kinds[i - 1] & (_TITLE | _NUMBERED):
                ends = not _abbreviation_continues(kinds[i - 1], kinds, next_word(i + 1), count)
            if not ends:
                i += 1
                continue
            j = i + 1
            # A closing quote touches the full stop; an opening quote follows a space.
            while j < count and kinds[j] & _CLOSER and not spaced[j - 1]:
                j += 1
            while j < count and spaces[j]:
                j += 1
            following = next_word(j)
            if j < count and not (following < count and kinds[following] & _LOWER):
                starts.add(j)
            i = j
        return starts


def _abbreviation_continues(
    abbreviation: int, kinds: list[int], following: int, count: int
) -> bool:
    """Whether the full stop after a title (or "No") is the abbreviation's, not the sentence's:
    a name follows a title, a number follows "No"."""
    if following >= count:
        return False
    if abbreviation & _NUMBERED:
        return bool(kinds[following] & _DIGIT)
    return bool(kinds[following] & _CAPITAL) and not kinds[following] & _OPENER
