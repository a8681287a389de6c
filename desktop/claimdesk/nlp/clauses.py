"""Where one sentence holds two claims: independent clauses stating different facts.

"A drone hit a building, while five civilians were killed" is two checkable facts that other
articles may confirm or contradict separately, so it becomes two claims. Split points are
character offsets into the sentence: the first claim ends before the joining comma and
conjunction, the second starts at its own subject. Splits inside a quotation are refused
(the quote and its "he added" must stay together), and both halves must be long enough.
"""

import re

from spacy.tokens import Span

from claimdesk.nlp.boilerplate import words
from claimdesk.nlp.quotes import has_open_quote

_AUX = r"(?:was|were|is|are|has|have|had|will|would|did|does|do|could|can|may|might|must|should)"
_PRONOUN = r"(?:he|she|they|it|we|I)"
# Without a parser: "; " between clauses, ", while/whereas ...", and ", and/but" followed by
# a new subject that has its own verb (a pronoun and a word, or up to three words then an
# auxiliary: ", and residents were forced").
_RULE_SPLITS = re.compile(
    rf";\s+(?=\S)"
    rf"|,\s+(?:while|whereas)\s+"
    rf"|,\s+(?:and|but|yet)\s+(?=(?:{_PRONOUN}\s+[a-z]\w+|(?:[^\s,;]+\s+){{1,3}}{_AUX}\b))"
)
_JOINERS = frozenset({"and", "but", "yet", "while", "whereas", ";", ",", "so"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def split_by_rules(text: str, min_words: int) -> list[tuple[int, int]]:
    """Clause ranges (start, end) within text, found with surface patterns."""
    if ";" not in text and "," not in text:
        return [(0, len(text))]  # every split pattern starts at one of these
    cuts = [(m.start(), m.end()) for m in _RULE_SPLITS.finditer(text)]
    return _ranges(text, cuts, min_words)


def split_by_parse(sentence: Span, min_words: int) -> list[tuple[int, int]]:
    """Clause ranges relative to sentence.start_char, found with the dependency parse."""
    doc, base, cuts = sentence.doc, sentence.start_char, []
    for token in sentence:
        if not _starts_independent_clause(token):
            continue
        # The second clause starts at its first word after the joiners ("while", "and", ",").
        begin = token.left_edge.i
        while begin < token.i and _is_joiner(doc[begin]):
            begin += 1
        # The first clause ends at the last word before the joiners.
        last = token.left_edge.i - 1
        while last > sentence.start and _is_joiner(doc[last]):
            last -= 1
        joiners = doc[last + 1 : begin]
        # "X did A and Y did B" without a comma usually reports one event; keep it whole.
        if last <= sentence.start or not any(t.text in (",", ";") for t in joiners):
            continue
        cuts.append((doc[last].idx + len(doc[last].text) - base, doc[begin].idx - base))
    return _ranges(sentence.text, sorted(set(cuts)), min_words)


def _is_joiner(token) -> bool:
    return token.lower_ in _JOINERS or token.dep_ in ("cc", "mark") or token.is_space


def _starts_independent_clause(token) -> bool:
    """A verb with its own subject, joined to the main clause as a conjunct, an adverbial
    "while/whereas" clause, or a clause after a semicolon."""
    if token.pos_ not in ("VERB", "AUX") or not any(
        c.dep_ in _SUBJECT_DEPS for c in token.children
    ):
        return False
    if token.dep_ == "conj" and token.head.dep_ == "ROOT":
        return True
    if token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("while", "whereas") for c in token.children
    ):
        return True
    previous = token.doc[token.left_edge.i - 1] if token.left_edge.i > 0 else None
    return token.dep_ == "parataxis" and previous is not None and previous.text == ";"


def _ranges(text: str, cuts: list[tuple[int, int]], min_words: int) -> list[tuple[int, int]]:
    """Turn (end of clause, start of next clause) cuts into ranges, dropping unsafe cuts."""
    ranges = []
    start = 0
    for cut_start, cut_end in cuts:
        if cut_start <= start or cut_end >= len(text):
            continue
        left, right = text[start:cut_start], text[cut_end:]
        if has_open_quote(text[:cut_start]):
            continue
        if len(words(left)) < min_words or len(words(right)) < min_words:
            continue
        ranges.append((start, cut_start))
        start = cut_end
    ranges.append((start, len(text)))
    return ranges
