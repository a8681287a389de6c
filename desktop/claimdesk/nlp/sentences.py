"""A rule-based sentence splitter for the blank English pipeline (no parser available).

spaCy's own `sentencizer` splits after every full stop and glues an opening quote to the
previous sentence. This one relies on the tokenizer keeping abbreviations ("Mr.", "Jan.",
"U.S.", initials) as single tokens, keeps closing quotes with the sentence they close, does
not split before a lower-case word, and does split after a dotted acronym that ends a
sentence ("... in the U.S. He said ...") when a typical sentence opener follows.
"""

import numpy
from spacy.attrs import SENT_START
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


@Language.factory("claimdesk_sentencizer", assigns=["token.is_sent_start"])
def make_sentence_splitter(nlp: Language, name: str) -> "SentenceSplitter":
    return SentenceSplitter()


class SentenceSplitter:
    def __call__(self, doc: Doc) -> Doc:
        # One bulk write: setting token.is_sent_start checks the whole doc for a parse on
        # every call, which makes a token-by-token loop quadratic.
        # spaCy stores attributes as uint64, so "not a start" (-1) is written wrapped around.
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        flags[sorted(self._sentence_starts(doc)), 0] = 1
        if len(doc):
            doc.from_array([SENT_START], flags.astype("uint64"))
        return doc

    @staticmethod
    def _sentence_starts(doc: Doc) -> set[int]:
        starts = {0}
        count = len(doc)
        i = 0
        while i < count:
            token = doc[i]
            text = token.text
            ends = text in TERMINALS
            if not ends and len(text) > 2 and text.endswith(".") and "." in text[:-1]:
                following = _next_word(doc, i + 1)
                ends = following is not None and following.text in OPENERS
            if not ends:
                i += 1
                continue
            j = i + 1
            # A closing quote touches the full stop; an opening quote follows a space.
            while j < count and doc[j].text in CLOSERS and not doc[j - 1].whitespace_:
                j += 1
            while j < count and doc[j].is_space:
                j += 1
            following = _next_word(doc, j)
            if j < count and not (following is not None and following.text[:1].islower()):
                starts.add(j)
            i = j
        return starts


def _next_word(doc: Doc, i: int):
    """The first token from i on that is not whitespace or an opening quote."""
    while i < len(doc) and (doc[i].is_space or doc[i].text in CLOSERS or doc[i].text in "“‘«("):
        i += 1
    return doc[i] if i < len(doc) else None
