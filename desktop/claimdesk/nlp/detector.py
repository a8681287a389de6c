"""The `claim_detector` spaCy component: finds the claims of a Doc and writes them to
doc.spans["claims"], with Span._.claim_reasons and Span._.claim_speaker.

A claim is a checkable statement of fact, normally one sentence, cut in two where a sentence
joins independent clauses that state different facts. The component works on any English
pipeline: with a parser (en_core_web_sm) it uses sentences, entities and dependencies; on
the blank pipeline it uses the rule-based sentence splitter and regex entities.

It never crosses a hard line break, and rejects what is not a claim: metadata prefixes and
datelines at the start of a sentence (cut off), titles and mastheads, date lines, label lines,
questions, fragments, and bare opinion without anything checkable.
"""

import re
from bisect import bisect_left

import numpy
from spacy.attrs import DEP, IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimdesk.nlp.attribution import Attribution
from claimdesk.nlp.blocks import hard_line_breaks, trim
from claimdesk.nlp.boilerplate import (
    is_date_line,
    is_heading_like,
    is_question,
    lead_in_length,
    words,
)
from claimdesk.nlp.clauses import split_by_parse, split_by_rules
from claimdesk.nlp.doc_text import doc_text
from claimdesk.nlp.lexicon import Lexicon, load_lexicon
from claimdesk.nlp.quotes import has_open_quote, has_quote

COMPONENT_NAME = "claim_detector"
COMPONENT_VERSION = 1  # bump when the claims it finds change, so stored claims can be told apart

REASONS = ("number", "date", "entity", "quote", "attribution")
_REASON_BY_LABEL = {
    **dict.fromkeys(("CARDINAL", "QUANTITY", "PERCENT", "MONEY", "ORDINAL"), "number"),
    **dict.fromkeys(("DATE", "TIME"), "date"),
    **dict.fromkeys(
        ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "NAME"),
        "entity",
    ),
}
_DIGIT = re.compile(r"\d")
_PERSONAL_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]er|[Tt]hey)\b")
_MAX_QUOTE_MERGE = 4  # sentences a quotation may span before we give up keeping it whole

for _extension in ("claim_reasons", "claim_speaker"):
    if not Span.has_extension(_extension):
        Span.set_extension(_extension, default=None)


@Language.factory(
    COMPONENT_NAME,
    assigns=["doc.spans"],
    default_config={
        "spans_key": "claims",
        "min_words": 4,
        "split_clauses": True,
        "resolve_pronouns": True,
        "lexicon_path": "",
    },
)
def make_claim_detector(
    nlp: Language,
    name: str,
    spans_key: str,
    min_words: int,
    split_clauses: bool,
    resolve_pronouns: bool,
    lexicon_path: str,
) -> "ClaimDetector":
    return ClaimDetector(
        load_lexicon(lexicon_path),
        spans_key=spans_key,
        min_words=min_words,
        split_clauses=split_clauses,
        resolve_pronouns=resolve_pronouns,
    )


class ClaimDetector:
    def __init__(
        self,
        lexicon: Lexicon,
        *,
        spans_key: str = "claims",
        min_words: int = 4,
        split_clauses: bool = True,
        resolve_pronouns: bool = True,
    ):
        self.lexicon = lexicon
        self.spans_key = spans_key
        self.min_words = min_words
        self.split_clauses = split_clauses
        self.resolve_pronouns = resolve_pronouns
        self.attribution = Attribution(lexicon)
        self._number_words = lexicon.number_words
        self._evaluative = lexicon.evaluative_words

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        context = _Context(doc, text, entities, _has_parse(doc))
        claims = []
        for start, end in self._units(doc, text):
            speaker = None
            unit = text[start:end]
            tokens = words(unit)
            if not self._is_not_a_claim(unit, tokens):
                for part_start, part_end in self._clauses(context, start, end):
                    # The words of an unsplit unit are already known.
                    whole = part_start == start and part_end == end
                    claim = self._claim_span(
                        context, part_start, part_end, tokens if whole else None
                    )
                    if claim is not None:
                        claims.append(claim[0])
                        speaker = claim[1] or speaker
            context.previous, context.previous_speaker = (start, end), speaker
        doc.spans[self.spans_key] = claims
        return doc

    # --- units: sentences cut at hard line breaks, lead-ins removed, quotations kept whole

    def _units(self, doc: Doc, text: str) -> list[tuple[int, int]]:
        breaks = hard_line_breaks(text)
        sentences = _sentence_ranges(doc, len(text))
        pieces = []
        for start, end in sentences:
            first = bisect_left(breaks, start)
            for line_break in breaks[first:]:
                if line_break >= end:
                    break
                pieces.append((start, line_break))
                start = line_break + 1
            pieces.append((start, end))
        units = []
        for start, end in pieces:
            start += lead_in_length(text[start:end])
            start, end = _trim(text, start, end)
            if start < end:
                units.append((start, end))
        return _merge_quotations(text, units, breaks)

    def _is_not_a_claim(self, text: str, tokens: list[str]) -> bool:
        return (
            len(tokens) < self.min_words
            or is_question(text)
            or is_heading_like(text, tokens)
            or is_date_line(text)
        )

    def _clauses(self, context: "_Context", start: int, end: int):
        doc, text = context.doc, context.text
        if not self.split_clauses:
            return [(start, end)]
        if context.has_parse:
            sentence = doc.char_span(start, end, alignment_mode="expand")
            base = sentence.start_char
            ranges = split_by_parse(sentence, self.min_words)
        else:
            base = start
            ranges = split_by_rules(text[start:end], self.min_words)
        parts = []
        for part_start, part_end in ranges:
            part_start, part_end = _trim(
                text, max(start, base + part_start), min(end, base + part_end)
            )
            if part_start < part_end:
                parts.append((part_start, part_end))
        return parts

    # --- one claim: reasons and speaker

    def _claim_span(
        self, context: "_Context", start: int, end: int, tokens: list[str] | None = None
    ) -> tuple[Span, str | None] | None:
        """The claim text[start:end] with its reasons and speaker set, and the speaker;
        None if it is no claim. `tokens`, when given, are words(text[start:end])."""
        doc, entities = context.doc, context.entities
        text = context.text[start:end]
        if tokens is None:
            tokens = words(text)
        if len(tokens) < self.min_words:
            return None
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        found = set()
        if _DIGIT.search(text) or not self._number_words.isdisjoint(map(str.lower, tokens)):
            found.add("number")
        i = bisect_left(entities, (start,))
        while i < len(entities) and entities[i][0] < end:
            reason = _REASON_BY_LABEL.get(entities[i][2])
            if reason:
                found.add(reason)
            i += 1
        if has_quote(text):
            found.add("quote")
        if context.has_parse:
            speaker, attributed = self.attribution.by_parse(doc, span.start, span.end)
        else:
            speaker, attributed = self.attribution.by_rules(text)
        if speaker == Attribution.PRONOUN:
            speaker = context.resolve_pronoun() if self.resolve_pronouns else None
        if attributed:
            found.add("attribution")
        if not found and not self._evaluative.isdisjoint(map(str.lower, tokens)):
            return None  # bare opinion: evaluative words and nothing checkable
        extension = span._
        extension.claim_reasons = [r for r in REASONS if r in found]
        extension.claim_speaker = speaker
        return span, speaker


class _Context:
    """What the detector knows about the doc while walking its sentences in order."""

    def __init__(self, doc: Doc, text: str, entities: list[tuple[int, int, str]], has_parse: bool):
        self.doc = doc
        self.text = text
        self.entities = entities
        self.has_parse = has_parse
        self.previous: tuple[int, int] | None = None  # the sentence before this one
        self.previous_speaker: str | None = None  # the named speaker of its claims

    def resolve_pronoun(self) -> str | None:
        """Resolve "..., he admitted." only in the trivial cases: the previous sentence was
        attributed to a named speaker, or it names exactly one person and uses no personal
        pronoun itself (which would make the chain of reference ambiguous)."""
        if self.previous_speaker:
            return self.previous_speaker
        if self.previous is None:
            return None
        start, end = self.previous
        if _PERSONAL_PRONOUN.search(self.text, start, end):
            return None
        people = set()
        for ent_start, ent_end, label in self.entities[bisect_left(self.entities, (start,)) :]:
            if ent_start >= end:
                break
            if label == "PERSON":
                people.add(self.text[ent_start:ent_end])
        return people.pop() if len(people) == 1 else None


def _has_parse(doc: Doc) -> bool:
    # Vectorised: Doc.has_annotation walks the tokens in Python, once per call.
    return len(doc) > 0 and bool(doc.to_array(DEP).any())


def _sentence_ranges(doc: Doc, length: int) -> list[tuple[int, int]]:
    """Character ranges of the sentences (with trailing whitespace), or the whole text when
    nothing set sentence boundaries. Read as arrays: iterating doc.sents is slow."""
    if len(doc) == 0:
        return []
    flags = doc.to_array([SENT_START, IDX])
    starts = [int(i) for i in numpy.flatnonzero(flags[:, 0] == 1)]
    if not starts:
        return [(0, length)]
    offsets = [int(flags[i, 1]) for i in starts] + [length]
    offsets[0] = 0
    return list(zip(offsets, offsets[1:], strict=False))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    # A clause cut leaves the joining comma or semicolon at an edge.
    return trim(text, start, end, also=",;")


def _merge_quotations(text: str, units: list[tuple[int, int]], breaks: list[int]):
    """Join sentences that sit inside one quotation ("“We're giving weapons. But ... ,” he
    added.") so the quote stays with its speaker. Only within a line, and only if the
    quotation closes within a few sentences; an unclosed quote leaves the units alone."""
    merged = []
    i = 0
    while i < len(units):
        start, end = units[i]
        j = i
        if has_open_quote(text[start:end]):
            k = i + 1
            while k < len(units) and k - i <= _MAX_QUOTE_MERGE:
                if bisect_left(breaks, units[k][0]) != bisect_left(breaks, end):
                    break  # a hard line break lies between
                end = units[k][1]
                if not has_open_quote(text[start:end]):
                    j = k
                    break
                k += 1
        merged.append((start, units[j][1]))
        i = j + 1
    return merged
