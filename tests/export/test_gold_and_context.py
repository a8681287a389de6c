"""The gold-label rule and the context cut: pure functions, no database."""

from __future__ import annotations

import random
import re

import pytest

from claimdesk.export.context import _BREAK, SentenceIndex
from claimdesk.export.gold import decide_gold


@pytest.mark.parametrize(
    ("labels", "adjudicated", "expected"),
    [
        ([], None, (None, None, "no_labels", None)),
        (["unique"], None, ("unique", "single", None, None)),
        (["unique", "unique"], None, ("unique", "majority", None, 1.0)),
        (["unique", "contradicted"], None, (None, None, "disagreement", 0.5)),
        (["unique", "unique", "contradicted"], None, ("unique", "majority", None, 2 / 3)),
        (
            ["unique", "unique", "contradicted", "corroborated"],
            None,
            (None, None, "disagreement", 0.5),
        ),
        (["unique", "contradicted"], "contradicted", ("contradicted", "adjudicated", None, 0.5)),
        ([], "not_a_claim", ("not_a_claim", "adjudicated", None, None)),
    ],
)
def test_gold_rule(labels, adjudicated, expected):
    gold = decide_gold(labels, adjudicated)
    assert (gold.label, gold.source, gold.flag, gold.agreement) == expected
    assert gold.n_annotators == len(labels)
    assert gold.verified == (gold.source in ("adjudicated", "majority"))


def test_context_is_the_sentence_with_its_neighbours_within_the_paragraph():
    text = (
        "Headline about the U.S. budget\n"
        "First sentence. Mr. Smith said 5 people died. Third one! Fourth?\n"
        "Next paragraph here."
    )
    index = SentenceIndex(text)
    claim = text.index("Mr. Smith")
    start, end = index.context(claim, text.index(" Third"))
    assert text[start:end] == "First sentence. Mr. Smith said 5 people died. Third one!"
    # the first sentence of a paragraph has no left neighbour across the line break
    first = text.index("First")
    assert text[slice(*index.context(first, first + 15))] == (
        "First sentence. Mr. Smith said 5 people died."
    )
    # a headline stays alone ("U.S." does not end a sentence)
    assert text[slice(*index.context(0, 8))] == "Headline about the U.S. budget"
    last = text.index("Next")
    assert text[slice(*index.context(last, len(text)))] == "Next paragraph here."


def test_context_always_contains_the_claim():
    text = "Odd  spacing.   Claim spans two. Sentences here. End"
    index = SentenceIndex(text)
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1, 7):
            context_start, context_end = index.context(start, end)
            assert context_start <= start and end <= context_end <= len(text)


# the break rule as first written: an alternation of the two kinds of break (slower, since the
# regex engine cannot skip ahead to a candidate character); the index must cut the same
_PLAIN_BREAK = re.compile(r"[.!?…]+[\"'”’)\]]*[ \t]+|\n\s*")


def test_sentence_breaks_are_the_plain_rule_s():
    pieces = ["a", "U", "Mr", " ", "  ", ".", "..", "!", "?", "…", '"', "”", ")", "]", "\n", "\t"]
    pieces += ["\n \n", "\r", "\u2028", "3.5", "No.", "x"]
    rng = random.Random(16)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        found = [(m.start(), m.end()) for m in _BREAK.finditer(text)]
        assert found == [(m.start(), m.end()) for m in _PLAIN_BREAK.finditer(text)], text
