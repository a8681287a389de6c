"""Regex-based entities for the blank English pipeline: numbers, dates and capitalised names.

The trained model's NER fills doc.ents; without it this component does, with the same label
names (CARDINAL, DATE, PERSON, ...) so the claim detector reads both pipelines the same way.
Capitalised words at the start of a sentence are the main source of false names, so runs
lose leading stop words and sentence adverbs ("However", "Meanwhile", "The").
"""

import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from claimdesk.nlp.lexicon import Lexicon, load_lexicon

_CAP_WORD = r"(?:[A-Z][\w’'-]*\.?|[A-Z]\.(?:[A-Z]\.)+)"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@Language.factory(
    "claimdesk_fact_markers",
    assigns=["doc.ents"],
    default_config={"lexicon_path": ""},
)
def make_fact_markers(nlp: Language, name: str, lexicon_path: str) -> "FactMarkers":
    return FactMarkers(load_lexicon(lexicon_path))


class FactMarkers:
    def __init__(self, lexicon: Lexicon):
        months = _alternation(w.capitalize() for w in lexicon.month_names)
        weekdays = _alternation(w.capitalize() for w in lexicon.weekday_names)
        relative = _alternation(lexicon.relative_dates)
        numbers = _alternation(lexicon.number_words)
        self._patterns: list[tuple[str, re.Pattern]] = [
            (
                "DATE",
                re.compile(
                    rf"\b(?:(?:{months})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
                    rf"|(?:{weekdays})|\d{{4}}-\d{{2}}-\d{{2}}|(?:1[89]|20)\d{{2}}s?)\b"
                    rf"|(?i:\b(?:{relative})\b)"
                ),
            ),
            ("CARDINAL", re.compile(rf"\b\d[\d,.]*(?:%|\b)|(?i:\b(?:{numbers})\b)")),
        ]
        self._name_run = re.compile(rf"{_CAP_WORD}(?:\s+(?:of\s+|de\s+)?{_CAP_WORD})*")
        self._titles = lexicon.speaker_titles
        self._skip = frozenset(STOP_WORDS) | lexicon.sentence_starters | lexicon.month_names
        self._skip |= lexicon.weekday_names

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found = []
        for label, pattern in self._patterns:
            for match in pattern.finditer(text):
                found.append((match.start(), match.end(), label))
        for match in self._name_run.finditer(text):
            found.extend(self._names(text, match.start(), match.end()))
        spans = []
        for start, end, label in found:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    def _names(self, text: str, start: int, end: int):
        """Split a capitalised run at title words: "Kremlin aide Yuri Ushakov" has already
        been split at "aide"; "U.S. President Donald Trump" gives "U.S." and PERSON "Donald
        Trump". A run right after a lower-case title ("aide", "spokesman") is a PERSON."""
        words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        before = text[max(0, start - 20) : start].split()
        titled = bool(before) and before[-1].lower() in self._titles
        run: list[tuple[int, int]] = []
        for word_start, word_end in words:
            word = text[word_start:word_end].lower()
            if word in self._titles and word not in ("u.s.", "us"):
                yield from self._emit(text, run, titled)
                run, titled = [], True
                continue
            if not run and (word in self._skip or word.endswith(("ly", "ing"))):
                continue
            run.append((word_start, word_end))
        yield from self._emit(text, run, titled)

    @staticmethod
    def _emit(text: str, run, titled: bool):
        if run:
            yield run[0][0], run[-1][1], "PERSON" if titled else "NAME"
