"""Regex-based entities for the blank English pipeline: numbers, dates and capitalised names.

The trained model's NER fills doc.ents; without it this component does, with the same label
names (CARDINAL, DATE, PERSON, ...) so the claim detector reads both pipelines the same way.
Capitalised words at the start of a sentence are the main source of false names, so runs
lose leading stop words and sentence adverbs ("However", "Meanwhile", "The").

Speed: a case-insensitive alternation of words makes Python's regex engine try every word at
every position of the text. The word lists are compiled as a trie instead and matched case
sensitively against the lower-cased text (exact whenever lower-casing keeps every offset and
no character folds onto an ASCII letter, i.e. nearly always; otherwise the plain
case-insensitive pattern runs). Matches are aligned to tokens with numpy, filtered as
tuples and written with one Doc.from_array: no Span objects.
"""

import re

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from claimdesk.nlp.doc_text import doc_text
from claimdesk.nlp.lexicon import Lexicon, load_lexicon, word_trie

_CAP_WORD = r"(?:[A-Z][\w’'-]*\.?|[A-Z]\.(?:[A-Z]\.)+)"
_NON_SPACE = re.compile(r"\S+")
# Characters whose lower case has another length ("İ") or that match an ASCII letter under
# re.IGNORECASE without lower-casing to it ("ı", "ſ", the Kelvin sign): with any of them in
# a text the lower-cased fast path is not exact.
_CASE_FOLD_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class _WordList:
    """`(?i:\\b(?:w1|w2|...)\\b)` for a list of lower-case words and phrases, fast."""

    def __init__(self, words):
        words = sorted(set(words))
        self.slow = re.compile(rf"(?i:\b(?:{_alternation(words)})\b)") if words else None
        self.fast = None
        if words and all(w.isascii() and w == w.lower() for w in words):
            self.fast = re.compile(rf"\b{word_trie(words)}\b")

    def spans(self, text: str, lower: str | None) -> list[tuple[int, int]]:
        if self.slow is None:
            return []
        if self.fast is not None and lower is not None:
            return [m.span() for m in self.fast.finditer(lower)]
        return [m.span() for m in self.slow.finditer(text)]


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
        # The patterns as written; each is also split into parts that run much faster and
        # give the same matches whenever the parts' matches do not overlap (checked).
        date_fixed = (
            rf"\b(?:(?:{months})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
            rf"|(?:{weekdays})|\d{{4}}-\d{{2}}-\d{{2}}|(?:1[89]|20)\d{{2}}s?)\b"
        )
        cardinal_digits = r"\b\d[\d,.]*(?:%|\b)"
        self._patterns: list[tuple[str, re.Pattern, re.Pattern, _WordList]] = [
            (
                "DATE",
                re.compile(rf"{date_fixed}|(?i:\b(?:{relative})\b)"),
                re.compile(date_fixed),
                _WordList(lexicon.relative_dates),
            ),
            (
                "CARDINAL",
                re.compile(rf"{cardinal_digits}|(?i:\b(?:{numbers})\b)"),
                re.compile(cardinal_digits),
                _WordList(lexicon.number_words),
            ),
        ]
        self._name_run = re.compile(rf"{_CAP_WORD}(?:\s+(?:of\s+|de\s+)?{_CAP_WORD})*")
        self._titles = lexicon.speaker_titles
        self._skip = frozenset(STOP_WORDS) | lexicon.sentence_starters | lexicon.month_names
        self._skip |= lexicon.weekday_names

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.ents = []
            return doc
        text = doc_text(doc)
        lower = None if _CASE_FOLD_TRAPS.search(text) else text.lower()
        if lower is not None and len(lower) != len(text):
            lower = None
        found: list[tuple[int, int, str]] = []
        for label, whole, fixed, word_list in self._patterns:
            for start, end in _union(text, whole, fixed, word_list, lower):
                found.append((start, end, label))
        titles, skip = self._titles, self._skip
        for match in self._name_run.finditer(text):
            run = match.group()
            if len(run.split()) > 1:
                found.extend(self._names(text, match.start(), match.end()))
                continue
            # One word (most runs): what _names does, inline.
            word = run.lower()
            if word in titles and word not in ("u.s.", "us"):
                continue
            if word in skip or word.endswith(("ly", "ing")):
                continue
            start = match.start()
            found.append((start, match.end(), self._label(None, text, start)))
        _set_entities(doc, _filter(_align(doc, len(text), found)))
        return doc

    def _names(self, text: str, start: int, end: int):
        """Split a capitalised run at title words: "Kremlin aide Yuri Ushakov" has already
        been split at "aide"; "U.S. President Donald Trump" gives "U.S." and PERSON "Donald
        Trump". A run right after a lower-case title ("aide", "spokesman") is a PERSON."""
        titles, skip = self._titles, self._skip
        titled = None  # whether a title precedes the run: looked up only when needed
        run_start = run_end = -1
        for match in _NON_SPACE.finditer(text, start, end):
            word = match.group().lower()
            if word in titles and word not in ("u.s.", "us"):
                if run_start >= 0:
                    yield run_start, run_end, self._label(titled, text, start)
                run_start, titled = -1, True
                continue
            if run_start < 0:
                if word in skip or word.endswith(("ly", "ing")):
                    continue
                run_start = match.start()
            run_end = match.end()
        if run_start >= 0:
            yield run_start, run_end, self._label(titled, text, start)

    def _label(self, titled: bool | None, text: str, start: int) -> str:
        if titled is None:
            before = text[max(0, start - 20) : start].split()
            titled = bool(before) and before[-1].lower() in self._titles
        return "PERSON" if titled else "NAME"


def _union(text, whole, fixed, word_list, lower) -> list[tuple[int, int]]:
    """The matches of `whole` (fixed|words) in text, from its two faster parts; when a match
    of one part overlaps a match of the other, the parts cannot stand in for the whole."""
    first = [m.span() for m in fixed.finditer(text)]
    second = word_list.spans(text, lower)
    if not second:
        return first
    if not first:
        return second
    merged = sorted(first + second)
    for (_, end), (start, _) in zip(merged, merged[1:], strict=False):
        if start < end:
            return [m.span() for m in whole.finditer(text)]
    return merged


def _align(doc: Doc, length: int, found: list[tuple[int, int, str]]):
    """Token ranges of character ranges, as Doc.char_span(alignment_mode="expand") gives
    them; ranges it would refuse are dropped."""
    if not found:
        return []
    columns = doc.to_array([IDX, SPACY])
    starts = columns[:, 0].astype("int64")
    # A token covers its characters and its trailing space.
    ends = numpy.append(starts[1:], length)
    token_lengths = (ends - columns[:, 1].astype("int64") - starts).tolist()
    char_starts = numpy.fromiter((f[0] for f in found), dtype="int64", count=len(found))
    char_ends = numpy.fromiter((f[1] for f in found), dtype="int64", count=len(found))
    first = (numpy.searchsorted(starts, char_starts, side="right") - 1).tolist()
    last = (numpy.searchsorted(starts, char_ends - 1, side="right") - 1).tolist()
    starts_list = starts.tolist()
    aligned = []
    for (char_start, char_end, label), begin, end in zip(found, first, last, strict=True):
        if not (0 <= char_start < length) or not (0 < char_end <= length) or begin < 0 or end < 0:
            continue
        if char_start == starts_list[begin] + token_lengths[begin]:
            begin += 1  # the trailing space of a token is not part of it
        aligned.append((begin, end + 1, label))
    return aligned


def _set_entities(doc: Doc, entities: list[tuple[int, int, str]]) -> None:
    """doc.ents = entities (every other token outside), as one array write: no Span objects."""
    length = len(doc)
    iob, types = [2] * length, [0] * length  # 2 = O, 3 = B, 1 = I
    strings = doc.vocab.strings
    hashes: dict[str, int] = {}
    for start, end, label in entities:
        if end <= start:
            continue
        value = hashes.get(label)
        if value is None:
            value = hashes[label] = strings.add(label)
        iob[start] = 3
        types[start:end] = [value] * (end - start)
        iob[start + 1 : end] = [1] * (end - start - 1)
    doc.from_array([ENT_IOB, ENT_TYPE], numpy.array([iob, types], dtype="uint64").T)


def _filter(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """spacy.util.filter_spans on (start, end, label) tuples: the first longest span wins."""
    ordered = sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True)
    result = []
    seen: set[int] = set()
    for span in ordered:
        start, end = span[0], span[1]
        if start not in seen and end - 1 not in seen:
            result.append(span)
            seen.update(range(start, end))
    result.sort(key=lambda s: s[0])
    return result
