import codecs

import pytest

from claimdesk.errors import InputError
from claimdesk.ingest.decoding import decode_bytes, detect_encoding

TEXT = "Zelenskyy’s “root causes” — café, naïve, 23 injured."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # BOM + native order
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-le", "utf16-be", "utf32-le"],
)
def test_unicode_encodings_decode_exactly_without_bom(data):
    assert decode_bytes(data, "a.txt") == TEXT


def test_cp1252_smart_quotes_and_accents():
    text = (
        "Ukraine’s drone operation, named “Spiderweb”, hit airfields — the café owner "
        "in Moscow said the résumé of events was naïve."
    )
    assert decode_bytes(text.encode("cp1252"), "a.txt") == text


def test_latin1_german_text():
    text = "Der Bürgermeister sagte, dass die Straße geschlossen wird. Größe über alles."
    assert decode_bytes(text.encode("latin-1"), "a.txt") == text


def test_head_cut_inside_a_utf8_character_is_still_utf8():
    data = "é".encode() * 10
    assert detect_encoding(data[:-1], "a.jsonl", complete=False) == "utf-8"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"%PDF-1.7\n\x00\x01\x02\x03binary",
        bytes(range(1, 32)) * 10,  # control characters only, no NUL
    ],
    ids=["png", "pdf-with-nul", "controls"],
)
def test_binary_data_is_refused_with_place_and_problem(data):
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "photo.txt")
    assert caught.value.place == "photo.txt"
    assert "binary" in caught.value.problem
    assert str(caught.value).startswith("photo.txt: ")
