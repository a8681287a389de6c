"""The fast paths of the rule-based components give exactly what the plain code gives.

The fact markers match word lists as tries on lower-cased text and write entities with one
array; the sentence splitter reads token attributes as arrays. Each is checked here against
a straightforward reference on texts made to hit the edge cases (case folding, overlapping
word lists, quotes, acronyms).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest
import spacy
from spacy.util import filter_spans

from claimdesk.nlp.lexicon import load_lexicon, word_trie
from claimdesk.nlp.markers import FactMarkers, _alternation
from claimdesk.nlp.sentences import (
    CLOSERS,
    NUMBER_ABBREVIATIONS,
    OPENERS,
    TERMINALS,
    TITLE_ABBREVIATIONS,
    SentenceSplitter,
)

EDGE_TEXTS = [
    "",
    " ",
    "Ten",
    "TWENTY-five percent of İstanbul voted today, Twenty said.",
    "ſix ſeven dozen and a K ten; ı one",  # characters that fold onto ASCII letters
    "K ten, TODAY, last week and Last Week, earlier this week.",
    "In 2024s 1,000.5% and 3-ten and 10ten and tenfold and hundreds",
    "Monday March 5, 2024 today, next Monday and Jan. 3 tonight",
    "\ufeffSixty  people 😀 Forty  Thousand  met Kremlin aide Yuri Ushakov.",
    "U.S. President Donald Trump said the U.S. He left. Us and US officials",
    "said Trump, “We are done.” he added. ‘No.’ So (U.S.) The end… and then?! yes",
    "Lt. Gov. Ann Lee and Sgt. Ortiz met at No. 10 Main St. The No. He said No. 5 won. Dr.",
    'It rose as Gen. The rest, by Capt. "Ortiz" and Mr. (Lee) near No.\n3 St. after',
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def corpus(count: int = 120) -> list[str]:
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    paragraphs = [
        p.strip() for f in sorted(seeds.glob("*.txt")) for p in f.read_text("utf-8").split("\n")
    ]
    paragraphs = [p for p in paragraphs if p]
    rng = random.Random(17)
    texts = list(EDGE_TEXTS)
    for i in range(count):
        text = rng.choice([" ", "\n", "\n\n"]).join(rng.sample(paragraphs, 4))
        if i % 3 == 0:
            text = "".join(c.upper() if rng.random() < 0.2 else c for c in text)
        if i % 7 == 0:
            text = text.replace("s", "ſ", 3)
        texts.append(text)
    return texts


def reference_entities(markers: FactMarkers, doc) -> list[tuple[int, int, str]]:
    """The plain algorithm: each whole pattern, every name, Doc.char_span, filter_spans."""
    text = doc.text
    found = []
    for label, whole, _fixed, _words in markers._patterns:
        found += [(m.start(), m.end(), label) for m in whole.finditer(text)]
    for match in markers._name_run.finditer(text):
        found += list(markers._names(text, match.start(), match.end()))
    spans = [doc.char_span(s, e, label=lab, alignment_mode="expand") for s, e, lab in found]
    return [(s.start, s.end, s.label_) for s in filter_spans([s for s in spans if s])]


@pytest.mark.parametrize("overlapping", [False, True])
def test_fact_markers_match_the_plain_algorithm(nlp, overlapping):
    lexicon = load_lexicon()
    if overlapping:
        # Word lists whose matches overlap the fixed patterns force the slow path.
        lexicon = replace(
            lexicon,
            relative_dates=(*lexicon.relative_dates, "next monday", "march"),
            number_words=lexicon.number_words | {"1st", "5,"},
        )
    markers = FactMarkers(lexicon)
    for text in corpus():
        doc = markers(nlp.make_doc(text))
        assert [(e.start, e.end, e.label_) for e in doc.ents] == reference_entities(
            markers, nlp.make_doc(text)
        ), text
        assert all(t.ent_iob_ in ("B", "I", "O") for t in doc)


def test_word_trie_matches_the_longest_first_alternation():
    rng = random.Random(3)
    words = ["ten", "tenth", "te", "thirteen", "this week", "this", "last week", "a.b"]
    trie = re.compile(rf"(?i:\b{word_trie(words)}\b)")
    alternation = re.compile(rf"(?i:\b(?:{_alternation(words)})\b)")
    pieces = [*words, " ", ",", "x", "T", "E", "N", "H"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in trie.finditer(text)] == [
            m.span() for m in alternation.finditer(text)
        ], text


def reference_sentence_starts(doc) -> set[int]:
    """The splitter's rules written with Token objects."""

    def next_word(i):
        while i < len(doc) and (doc[i].is_space or doc[i].text in CLOSERS or doc[i].text in "“‘«("):
            i += 1
        return doc[i] if i < len(doc) else None

    starts, i = {0}, 0
    while i < len(doc):
        text = doc[i].text
        ends = text in TERMINALS
        before = doc[i - 1] if i > 0 else None
        if ends and before is not None and not before.whitespace_:
            following = next_word(i + 1)
            if before.text in NUMBER_ABBREVIATIONS and following is not None:
                ends = not following.text[:1].isdigit()
            elif before.text in TITLE_ABBREVIATIONS and following is not None:
                ends = not (following.text[:1].isupper() and following.text not in OPENERS)
        if not ends and len(text) > 2 and text.endswith(".") and "." in text[:-1]:
            following = next_word(i + 1)
            ends = following is not None and following.text in OPENERS
        if not ends:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].text in CLOSERS and not doc[j - 1].whitespace_:
            j += 1
        while j < len(doc) and doc[j].is_space:
            j += 1
        following = next_word(j)
        if j < len(doc) and not (following is not None and following.text[:1].islower()):
            starts.add(j)
        i = j
    return starts


def test_sentence_splitter_matches_the_token_rules(nlp):
    splitter = SentenceSplitter()
    for text in corpus():
        doc = nlp.make_doc(text)
        assert splitter._sentence_starts(doc) == reference_sentence_starts(doc), text


def test_a_title_or_number_abbreviation_ends_no_sentence(rules_pipeline):
    text = (
        "The storm killed at least 12 people, Lt. Gov. Mike Parson said. "
        "The suspect was arrested near No. 10 Downing St. after a chase. "
        "Officers found him there. The reply was No. Then he left the room."
    )
    claims = [text[c.start : c.end] for c in rules_pipeline.extract_one(text)]
    assert "The storm killed at least 12 people, Lt. Gov. Mike Parson said." in claims
    assert "The suspect was arrested near No. 10 Downing St. after a chase." in claims
    assert "Officers found him there." in claims  # a sentence still ends before "Officers"
