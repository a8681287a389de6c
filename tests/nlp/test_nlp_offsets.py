"""Claims are exact character spans: text[start:end] == claim.text, for any input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nlp_seed_facts import raw_seeds

SEED_SENTENCES = [
    sentence.strip() + "."
    for text in raw_seeds().values()
    for sentence in text.replace("\n", " ").split(". ")
    if len(sentence.split()) > 3
][:60]

EXOTIC = [
    "Kyiv 🇺🇦 reported 14 injuries 😢 after the strike on Tuesday.",
    "The mayor said 👍🏽 that 3 drones were downed near Obolon.",
    "Cafe\u0301 owners in Zu\u0308rich said 12 windows broke.",
    "قال المتحدث إن 539 طائرة مسيرة أطلقت خلال الليل.",
    "ראש העירייה אמר כי 14 בני אדם נפצעו.",
    "President Zelenskyy said the talks with مسؤولين in Ankara lasted two hours.",
    "\u200fThe Kremlin said nothing on 4 July.\u200f",
    "Trump, Putin Hold Tense Call",
    "July 4, 2025",
    "Categories: General News",
    "Is this the end?",
    "𝔗𝔥𝔢 𝔠𝔞𝔩𝔩 lasted 59 minutes, officials said.",
]

pieces = st.one_of(
    st.sampled_from(SEED_SENTENCES),
    st.sampled_from(EXOTIC),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
)
separators = st.sampled_from([" ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\t", "\u2028"])


@st.composite
def articles(draw) -> str:
    parts = draw(st.lists(st.tuples(pieces, separators), min_size=1, max_size=12))
    text = "".join(piece + separator for piece, separator in parts)
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def check_claims(text, claims):
    previous_end = 0
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()
        assert not claim.text.startswith("\ufeff")
        assert "\n\n" not in claim.text and "\r\n\r\n" not in claim.text
        assert claim.start >= previous_end, "claims overlap or are out of order"
        previous_end = claim.end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(articles(), min_size=1, max_size=4))
def test_offsets_are_exact(claim_pipeline, texts):
    results = list(claim_pipeline.extract(texts, batch_size=3))
    assert len(results) == len(texts)
    for text, claims in zip(texts, results, strict=True):
        check_claims(text, claims)


def test_offsets_on_seeds_with_crlf_and_bom(claim_pipeline):
    for text in raw_seeds().values():
        variant = "\ufeff" + text.replace("\n", "\r\n")
        claims = claim_pipeline.extract_one(variant)
        assert claims
        check_claims(variant, claims)


def test_empty_and_blank_texts_keep_their_place(claim_pipeline):
    texts = ["", "Russia launched 539 drones at Kyiv overnight, officials said.", "  \n\n ", ""]
    results = list(claim_pipeline.extract(texts))
    assert [len(r) for r in results] == [0, 1, 0, 0]
