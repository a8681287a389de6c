from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.ingest.normalise import normalise_text


def test_line_ends_bom_trailing_spaces_and_blank_lines():
    raw = "\ufeff  Title  \r\n\r\n\r\n\r\nFirst para.\t \rstill first.\r\n\r\n\r\nSecond.\n\n"
    assert normalise_text(raw) == "Title\n\nFirst para.\nstill first.\n\nSecond."


def test_nfc_composes_accents():
    assert normalise_text("Zelenskyy cafe\u0301") == "Zelenskyy caf\u00e9"


def test_single_blank_line_between_paragraphs_is_kept():
    assert normalise_text("One.\n\nTwo.\nThree.") == "One.\n\nTwo.\nThree."


def test_stray_bom_inside_text_is_removed():
    assert normalise_text("a\ufeffb") == "ab"


_ALPHABET = st.one_of(
    st.characters(),  # anything, including surrogates-free controls
    st.sampled_from(
        ["\r\n", "\r", "\n", "\n\n\n", " ", "\t", "\ufeff", "\u00a0", "\u0301", "\u0308"]
    ),
    st.sampled_from(["😀", "👩‍👩‍👧", "🇺🇦", "שלום", "مرحبا", "\u200f", "\u202e", "e\u0301", "ﬁ"]),
)
_TEXTS = st.lists(_ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_normalise_is_idempotent_and_total(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\r" not in once and "\ufeff" not in once and "\n\n\n" not in once
    assert once == once.strip()


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_lifting_never_raises_and_never_adds_text(text):
    from claimdesk.ingest.prose import lift_non_prose

    normalised = normalise_text(text)
    body, lifted = lift_non_prose(normalised)
    assert len(body) <= len(normalised)
    assert isinstance(lifted, dict)
