"""The sample corpus as the nlp tests see it: the quoted facts and non-claims of
/work/shared/seeds/FACTS.md (transcribed here so the tests do not depend on that file),
and the seed articles raw and normalised."""

from __future__ import annotations

import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# (article, fact, phrase) for every quoted cell of the F1-F18 table and the 000 examples.
# "..." in a phrase stands for omitted words: the pieces must appear, in order, in one claim.
FACT_PHRASES: list[tuple[str, str, str]] = [
    ("001", "F1", "he felt he had made “no progress” on achieving a ceasefire"),
    ("002", "F1", "“I didn't make any progress with him at all,” he admitted."),
    ("003", "F1", "“I didn’t make any progress with him at all,”"),
    ("004", "F1", 'resulted in "no progress at all,"'),
    ("001", "F2", "not willing to back down from what he terms the “root causes” of the war"),
    (
        "002",
        "F2",
        'Russia will not stop its invasion unless what he called the conflict\'s "root causes" are resolved',
    ),
    (
        "003",
        "F2",
        "Moscow reiterated its demand to address what it calls the conflict’s “root causes.”",
    ),
    ("001", "F3", "This call was their sixth since Trump assumed office in January"),
    (
        "004",
        "F3",
        "marked the first direct communication between the two leaders in nearly three years",
    ),
    ("002", "F4", "lasted nearly an hour"),
    ("003", "F4", "The nearly hour-long conversation"),
    ("001", "F5", "at least 23 people injured in this 13-hour onslaught"),
    ("004", "F5", "injuring at least 14 civilians"),
    ("002", "F6", "Elsewhere in eastern Ukraine, Russian shelling killed five people."),
    ("003", "F6", "five civilians were killed in eastern Ukraine from shelling"),
    ("002", "F7", "The Kremlin, for its part, described the call as..."),
    ("003", "F7", "according to Kremlin aide Yuri Ushakov"),
    ("004", "F7", "The Kremlin has remained silent on the details of the exchange"),
    ("002", "F8", "Trump and Putin did not discuss a meeting in person"),
    ("003", "F8", "He also dismissed the idea of any planned in-person meeting"),
    ("002", "F9", "the acting U.S. ambassador in Kyiv"),
    ("003", "F9", "the acting US envoy in Kyiv"),
    ("004", "F9", "the acting U.S. deputy chief of mission in Kyiv"),
    ("002", "F10", "before leaving Washington for a campaign stop in Iowa"),
    ("003", "F10", "before departing for Iowa"),
    (
        "001",
        "F11",
        "the suspension of military aid to Ukraine, including vital air defense systems",
    ),
    ("002", "F11", "affected shipments of Patriot missile defense systems"),
    ("003", "F11", "particularly Patriot missile systems"),
    ("004", "F11", "The pause includes Patriot air defense missiles"),
    ("002", "F12", "he blamed former President Joe Biden for giving away so much military aid"),
    ("003", "F12", "blamed former President Joe Biden for depleting US stockpiles"),
    (
        "002",
        "F13",
        "Moscow prefers any peace negotiations to happen directly between Russia and Ukraine",
    ),
    ("003", "F13", "any peace initiative must be settled bilaterally between Moscow and Kyiv"),
    ("001", "F14", "indicated a desire to discuss the halted military aid with ... Zelenskyy"),
    ("002", "F14", "hoped to speak directly with Trump as early as Friday"),
    ("003", "F14", "expressed hope to speak with Trump soon"),
    ("004", "F14", "set to hold a phone call with ... Zelenskiy later today"),
    ("001", "F15", "residents were forced to seek refuge in subway stations"),
    ("001", "F16", "Russian forces launching 539 drones and numerous missiles overnight"),
    (
        "004",
        "F17",
        "A 16-story residential building in the Obolon district suffered rooftop damage",
    ),
    ("003", "F18", "Ukrainian President Volodymyr Zelenskiy, speaking in Denmark"),
    (
        "000",
        "000",
        "It involved 117 drones launched from multiple locations deep within Russian territory, targeting at least four airfields.",
    ),
    ("000", "000", "The call, which reportedly lasted around an hour and 15 minutes, ..."),
    ("000", "000", "over an hour"),
]

# Lines of the raw seeds that are not claims and may not lie inside one.
NON_CLAIMS: dict[str, list[str]] = {
    "000": [" date 2025-06-04 "],
    "001": [" date 2025-07-04 ", "Moscow, Russia — "],
    "002": [
        "OpenVoiceNews U.S.",
        "Transparent. Unbiased. Yours.",
        "Trump, Putin Hold Tense Call as Ukraine War Rages On",
        "July 4, 2025",
        "Categories: General News",
    ],
    "003": [
        "Trump-Putin Call Yields No Breakthrough on Ukraine War",
        "WASHINGTON, July 4 (Alliance News): ",
    ],
}

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def normalise_quotes(text: str) -> str:
    """Curly to straight quotes; one character for one, so offsets are kept."""
    return text.translate(_QUOTES)


def phrase_pieces(phrase: str) -> list[str]:
    return [normalise_quotes(p.strip()) for p in phrase.split("...") if p.strip()]


def contains_in_order(text: str, pieces: list[str]) -> bool:
    text, position = normalise_quotes(text), 0
    for piece in pieces:
        found = text.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def seed_path(article: str) -> Path:
    return next(SEEDS.glob(f"{article}_*.txt"))


def raw_seeds() -> dict[str, str]:
    """The seed files as they are, only decoded and with \\r\\n made \\n."""
    return {
        path.name[:3]: path.read_bytes().decode("utf-8").replace("\r\n", "\n")
        for path in sorted(SEEDS.glob("*.txt"))
    }


def normalised_seeds() -> dict[str, str]:
    """The seeds as ingest hands them to nlp; a rough stand-in if ingest is not available."""
    try:
        from claimdesk.ingest import read_articles
    except ImportError:
        return {key: rough_clean(text) for key, text in raw_seeds().items()}
    from claimdesk.domain.records import ArticleRecord

    return {
        Path(item.origin).name[:3]: item.text
        for item in read_articles([SEEDS])
        if isinstance(item, ArticleRecord)
    }


_DATE_PREFIX = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s+")
_DATELINE = re.compile(r"^(?:[A-Z][\w ]+, [A-Z][\w ]+ — |[A-Z]+, \w+ \d+ \([^)]*\):\s*)")


def rough_clean(text: str) -> str:
    """A rough version of ingest's cleaning, enough for these seeds."""
    text = _DATE_PREFIX.sub("", text)
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = _DATELINE.sub("", paragraph.strip())
        if not paragraph:
            continue
        words = paragraph.split()
        if paragraph.startswith("Categories:") or paragraph[-1] not in '.!?”"' and len(words) <= 12:
            continue  # title, date line, masthead name
        if all(len(s.split()) <= 2 for s in re.split(r"(?<=\.)\s+", paragraph)):
            continue  # "Transparent. Unbiased. Yours."
        if paragraphs and paragraphs[-1][-1] not in '.!?”"':
            paragraphs[-1] += " " + paragraph  # the sentence broken by a blank line (002)
        else:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)
