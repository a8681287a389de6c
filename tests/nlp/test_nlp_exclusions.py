"""What is not a claim: questions, bare opinion, headings, date lines, datelines, fragments."""

from __future__ import annotations

import pytest

from claimdesk.nlp.boilerplate import (
    is_date_line,
    is_heading_like,
    is_question,
    lead_in_length,
)

FACT = "Russia launched 539 drones at Kyiv on Tuesday, officials said."


@pytest.mark.parametrize(
    "text",
    [
        "Will Russia agree to a ceasefire before July?",
        "Is this really the best they can do?",
        "“Who will pay for all of this?”",
        "This is a disgrace and everyone should be ashamed.",
        "What a terrible, shameful decision it was.",
        "Frankly, the whole thing is absurd and wrong.",
        "It was short.",
        "Breaking News From The Front Line Today",
        "Trump, Putin Hold Tense Call as Ukraine War Rages On",
        "Categories: General News",
        "Thursday, July 4, 2025",
        "Published: 4 July 2025 at 10:15 BST",
        "OpenVoiceNews U.S.",
        "Transparent. Unbiased. Yours.",
    ],
)
def test_not_a_claim(claim_pipeline, text):
    article = f"{text}\n\n{FACT}"
    claims = claim_pipeline.extract_one(article)
    assert [c.text for c in claims] == [FACT]


def test_heading_on_the_line_above_prose(claim_pipeline):
    article = f"Trump-Putin Call Yields No Breakthrough\n{FACT}"
    assert [c.text for c in claim_pipeline.extract_one(article)] == [FACT]


@pytest.mark.parametrize(
    "prefix",
    [
        " date 2025-06-04 ",
        "Moscow, Russia — ",
        "WASHINGTON, July 4 (Alliance News): ",
        "KYIV (Reuters) - ",
        "LONDON — ",
    ],
)
def test_lead_in_is_cut_off(claim_pipeline, prefix):
    claims = claim_pipeline.extract_one(prefix + FACT)
    assert [c.text for c in claims] == [FACT]
    assert lead_in_length(prefix + FACT) == len(prefix)


def test_ordinary_sentence_start_is_not_a_dateline():
    for text in [
        FACT,
        "Trump, Putin and Zelenskyy met in Rome.",
        "NATO allies, including Denmark, warned.",
    ]:
        assert lead_in_length(text) == 0


def test_boilerplate_predicates():
    assert is_question("Why now?”")
    assert is_question("How many of the 300 passengers survived?")
    assert is_question("“Didn't 40 people die there?”")
    assert is_question("A deal by Friday?")  # no figure to check
    # A teaser that states a figure with a question mark still states it.
    assert not is_question("The 10 funniest words in English from a sample of nearly 45,000?")
    assert not is_question(FACT)
    assert is_date_line("July 4, 2025") and is_date_line("2025-07-04") and not is_date_line(FACT)
    assert is_heading_like("Categories: General News")
    broken = "The Kremlin, for its part, described the call as an opportunity for Putin to repeat his view that"
    assert not is_heading_like(broken)
