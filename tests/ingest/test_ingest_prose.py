"""The seeds as collected, and the rules that lift their non-prose."""

from pathlib import Path

import pytest

from claimdesk.ingest.dates import parse_date, parse_field_date
from claimdesk.ingest.decoding import decode_bytes
from claimdesk.ingest.normalise import normalise_text
from claimdesk.ingest.prose import lift_non_prose

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _lift_seed(prefix: str) -> tuple[str, dict]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return lift_non_prose(normalise_text(decode_bytes(path.read_bytes(), str(path))))


# prefix, lifted metadata, start of the body
SEED_EXPECTATIONS = [
    (
        "000",
        {"date": "2025-06-04"},
        "U.S. President Donald Trump spoke with Russian leader Vladimir Putin",
    ),
    (
        "001",
        {"date": "2025-07-04", "dateline": "Moscow, Russia"},
        "Russian President Vladimir Putin reaffirmed",
    ),
    (
        "002",
        {
            "masthead": ["OpenVoiceNews U.S.", "Transparent. Unbiased. Yours."],
            "title": "Trump, Putin Hold Tense Call as Ukraine War Rages On",
            "date": "2025-07-04",
            "categories": ["General News"],
        },
        "U.S. President Donald Trump said Thursday",
    ),
    (
        "003",
        {
            "title": "Trump-Putin Call Yields No Breakthrough on Ukraine War",
            "dateline": "WASHINGTON, July 4",
            "source": "Alliance News",
        },
        "US President Donald Trump said on Thursday",
    ),
    ("004", {}, "U.S. President Donald Trump has stated"),
]


@pytest.mark.parametrize(("prefix", "lifted", "start"), SEED_EXPECTATIONS)
def test_seed_metadata_is_lifted_and_body_starts_with_first_sentence(prefix, lifted, start):
    body, found = _lift_seed(prefix)
    assert found == lifted
    assert body.startswith(start)


def test_seed_002_broken_sentence_is_one_sentence():
    body, _ = _lift_seed("002")
    assert "repeat his view that Russia will not stop its invasion" in body
    assert "Categories" not in body and "OpenVoiceNews" not in body


def test_seed_004_keeps_its_single_newline_paragraphs():
    (path,) = SEEDS.glob("004_*.txt")
    original = normalise_text(path.read_text(encoding="utf-8"))
    body, _ = _lift_seed("004")
    assert body == original


def test_seed_bodies_keep_every_real_paragraph():
    # Only header blocks are removed and only 002's broken sentence is joined.
    for prefix, removed in [("000", 0), ("001", 0), ("002", 6), ("003", 1)]:
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        original = normalise_text(path.read_text(encoding="utf-8"))
        body, _ = _lift_seed(prefix)
        assert body.count("\n\n") == original.count("\n\n") - removed, prefix


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("He said that", "Russia will act.", True),  # function word, capital next
        ("The talks, which", "lasted an hour, ended.", True),
        ("Talks ended without a deal", "and both sides left.", True),  # lowercase next
        ("Talks ended.", "and then", False),  # the first one is a finished sentence
        ("He called it “a good talk.”", "but then", False),
        ("Background", "Russia invaded in 2022.", False),  # a subheading stays apart
        ("The list of", "- item one", False),  # not a continuation
    ],
)
def test_sentence_broken_by_blank_line(before, after, joined):
    intro = "An opening paragraph that is plainly prose."  # so no line is taken for a header
    body, _ = lift_non_prose(f"{intro}\n\n{before}\n\n{after}")
    expected = f"{before} {after}" if joined else f"{before}\n\n{after}"
    assert body == f"{intro}\n\n{expected}"


@pytest.mark.parametrize(
    ("text", "dateline", "source", "rest"),
    [
        ("Moscow, Russia — Putin spoke.", "Moscow, Russia", None, "Putin spoke."),
        ("KYIV (Reuters) - Drones hit.", "KYIV", "Reuters", "Drones hit."),
        (
            "WASHINGTON, July 4 (Alliance News): Trump said.",
            "WASHINGTON, July 4",
            "Alliance News",
            "Trump said.",
        ),
        ("NEW YORK — Stocks fell.", "NEW YORK", None, "Stocks fell."),
    ],
)
def test_datelines(text, dateline, source, rest):
    body, lifted = lift_non_prose(text)
    assert body == rest
    assert lifted.get("dateline") == dateline
    assert lifted.get("source") == source


@pytest.mark.parametrize(
    "text",
    [
        "Donald Trump — The president said so.",  # names and a dash, but no dateline
        "President Trump: We will see.",
        "U.S. President Donald Trump said Thursday that talks failed.",
    ],
)
def test_prose_that_resembles_a_dateline_is_kept(text):
    assert lift_non_prose(text) == (text, {})


def test_title_byline_and_date_line():
    text = "Kremlin Says Talks Will Go On\n\nBy Jane Doe\n\nPublished: 4 July 2025\n\nThe Kremlin said talks go on."
    body, lifted = lift_non_prose(text)
    assert body == "The Kremlin said talks go on."
    assert lifted == {
        "title": "Kremlin Says Talks Will Go On",
        "byline": "By Jane Doe",
        "date": "2025-07-04",
    }


@pytest.mark.parametrize(
    "first",
    ["Mr. Smith left. He smiled.", "No. 1 seed wins.", "Talks ended. Nobody won."],
)
def test_short_sentences_at_the_top_are_prose_not_a_slogan(first):
    text = f"{first}\n\nThe rest of the story follows here."
    assert lift_non_prose(text) == (text, {})


def test_long_first_line_is_not_a_title():
    first = " ".join(["word"] * 21)
    text = f"{first}\n\nSecond paragraph."
    assert lift_non_prose(text) == (text, {})


def test_a_text_of_only_short_lines_is_left_alone():
    text = "Short line one\n\nShort line two"
    assert lift_non_prose(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("July 4, 2025", "2025-07-04"),
        ("2025-07-04", "2025-07-04"),
        ("4 July 2025", "2025-07-04"),
        ("Friday, July 4, 2025", "2025-07-04"),
        ("Sept. 30, 2024", "2024-09-30"),
        ("July 4", None),  # no year: not guessed
        ("February 30, 2025", None),
        ("Smarch 4, 2025", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_parse_field_date_accepts_timestamps():
    assert parse_field_date("2025-07-04T10:00:00Z") == "2025-07-04"
    assert parse_field_date("July 4, 2025") == "2025-07-04"
    assert parse_field_date("yesterday") is None
