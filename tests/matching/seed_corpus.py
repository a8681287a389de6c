"""The seed corpus as the matcher sees it: articles and claims, plus the facts of FACTS.md.

Claims come from the real `claimdesk.ingest` + `claimdesk.nlp` when those packages are
present (the rules pipeline, or the model one when asked and loadable). Without them a plain
regex sentence split stands in, so the matcher can be developed and tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claimdesk.domain.ids import article_id, claim_id
from claimdesk.matching.records import ClaimRef, GroupingInput

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PREFIXES = {"000": "000", "001": "001", "002": "002", "003": "003", "004": "004"}
JULY_STORY = "july-3-call"
JUNE_STORY = "june-4-call"

# FACTS.md: fact -> {article prefix: a phrase that identifies that article's claim}. Where the
# table paraphrases or elides ("Ushakov reported Putin's position", "with ... Zelenskyy"), the
# phrase is the verbatim part of the article that the row points at.
FACTS: dict[str, dict[str, str]] = {
    "F1": {
        "001": "no progress” on achieving a ceasefire",
        "002": "make any progress with him at all",
        "003": "make any progress with him at all",
        "004": "no progress at all",
    },
    "F2": {
        "001": "not willing to back down from what he terms the “root causes”",
        "002": 'root causes" are resolved',
        "003": "Moscow reiterated its demand to address what it calls the conflict’s “root causes.”",
    },
    "F3": {
        "001": "This call was their sixth since Trump assumed office in January",
        "004": "marked the first direct communication between the two leaders in nearly three years",
    },
    "F4": {"002": "lasted nearly an hour", "003": "The nearly hour-long conversation"},
    "F5": {
        "001": "at least 23 people injured in this 13-hour onslaught",
        "004": "injuring at least 14 civilians",
    },
    "F6": {
        "002": "Russian shelling killed five people",
        "003": "five civilians were killed in eastern Ukraine from shelling",
    },
    "F7": {
        "001": "Kremlin aide Yuri Ushakov reported that Putin",
        "002": "The Kremlin, for its part, described the call as",
        "003": "according to Kremlin aide Yuri Ushakov",
        "004": "The Kremlin has remained silent on the details of the exchange",
    },
    "F8": {
        "002": "Trump and Putin did not discuss a meeting in person",
        "003": "He also dismissed the idea of any planned in-person meeting",
    },
    "F9": {
        "002": "the acting U.S. ambassador in Kyiv",
        "003": "the acting US envoy in Kyiv",
        "004": "the acting U.S. deputy chief of mission in Kyiv",
    },
    "F10": {
        "002": "before leaving Washington for a campaign stop in Iowa",
        "003": "before departing for Iowa",
    },
    "F11": {
        "001": "the suspension of military aid to Ukraine, including vital air defense systems",
        "002": "affected shipments of Patriot missile defense systems",
        "003": "particularly Patriot missile systems",
        "004": "The pause includes Patriot air defense missiles",
    },
    "F12": {
        "002": "he blamed former President Joe Biden for giving away so much military aid",
        "003": "blamed former President Joe Biden for depleting US stockpiles",
    },
    "F13": {
        "002": "Moscow prefers any peace negotiations to happen directly between Russia and Ukraine",
        "003": "any peace initiative must be settled bilaterally between Moscow and Kyiv",
    },
    "F14": {
        "001": "indicated a desire to discuss the halted military aid with",
        "002": "hoped to speak directly with Trump as early as Friday",
        "003": "expressed hope to speak with Trump soon",
        "004": "set to hold a phone call with Ukrainian President Volodymyr Zelenskiy later today",
    },
}
CONTRADICTED_WITH_HINT = {"F3", "F5", "F9"}  # FACTS.md: these must carry a conflict hint
CORROBORATED_NO_HINT = {"F4", "F6"}


@dataclass(frozen=True)
class SeedArticle:
    prefix: str
    id: str
    text: str
    title: str | None
    date: str | None
    story: str


@dataclass(frozen=True)
class SeedCorpus:
    articles: list[SeedArticle]
    claims: list[ClaimRef]
    source: str  # which extraction produced the claims

    def grouping_inputs(self) -> list[GroupingInput]:
        return [GroupingInput(a.id, a.text, a.title, a.date) for a in self.articles]

    def prefix_of(self, article: str) -> str:
        return next(a.prefix for a in self.articles if a.id == article)

    def claim_with(self, prefix: str, phrase: str) -> ClaimRef:
        """The claim of article `prefix` that contains `phrase` (quotes and spaces relaxed)."""
        art = next(a for a in self.articles if a.prefix == prefix)
        key = _relax(phrase)
        found = [c for c in self.claims if c.article_id == art.id and key in _relax(c.text)]
        if not found:
            # A phrase cut by the extractor: take the claim holding its longest part.
            pos = _relax(art.text).find(key)
            assert pos >= 0, f"{phrase!r} not in {prefix}"
            found = [
                c
                for c in self.claims
                if c.article_id == art.id
                and _relax(c.text)[:40] in _relax(art.text)[pos - 400 : pos + len(key) + 400]
            ]
            found.sort(key=lambda c: -len(set(_relax(c.text).split()) & set(key.split())))
        assert found, f"no claim of {prefix} contains {phrase!r}"
        return found[0]


def _relax(text: str) -> str:
    text = re.sub(r"[“”\"'’‘]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


# ------------------------------------------------------------------ fallback extraction

_DATE_PREFIX = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"]?\s+(?=[“\"A-Z])")
_ABBREV_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep)\.)[”\"]?$")


def _fallback_article(path: Path) -> tuple[str, str | None, str | None]:
    raw = path.read_text(encoding="utf-8")
    date = None
    m = _DATE_PREFIX.match(raw)
    if m:
        date, raw = m.group(1), raw[m.end() :]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", raw) if p.strip()]
    # Short lines without final punctuation are mastheads, titles, date lines.
    title = None
    body: list[str] = []
    for p in paragraphs:
        if len(p) < 90 and not p.endswith((".", "”", '"')):
            if p[0].isupper() and len(p.split()) >= 5 and title is None and not body:
                title = p
            if body and not body[-1].endswith((".", "”", '"')):
                body[-1] += " " + p
            continue
        if body and not body[-1].endswith((".", "”", '"', "?", "!")):
            body[-1] += " " + p  # a sentence broken by a blank line
        else:
            body.append(p)
    if date is None and re.search(r"July 4, 2025|July 4 \(", raw):
        date = "2025-07-04"
    return "\n\n".join(body), title, date


def _fallback_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        pieces = _SENTENCE_END.split(para.group())
        offset = start
        merged: list[str] = []
        for piece in pieces:
            if merged and _ABBREV_END.search(merged[-1]):
                merged[-1] += " " + piece
            else:
                merged.append(piece)
        for sentence in merged:
            s = text.index(sentence[:30], offset)
            spans.append((s, s + len(sentence)))
            offset = s + len(sentence)
    return spans


def _real_pipeline(name: str):
    try:
        from claimdesk.ingest import read_articles
        from claimdesk.nlp import load_pipeline
    except ImportError:
        return None
    return read_articles, load_pipeline(name)


@cache
def load_seed_corpus(pipeline: str = "rules") -> SeedCorpus:
    paths = sorted(SEEDS.glob("*.txt"))
    real = _real_pipeline(pipeline)
    articles: list[SeedArticle] = []
    texts: list[str] = []
    if real is not None:
        read_articles, nlp = real
        from claimdesk.domain.records import ArticleRecord

        records = [r for r in read_articles(paths) if isinstance(r, ArticleRecord)]
        assert len(records) == len(paths), "ingest could not read every seed"
        for path, record in zip(paths, records, strict=True):
            prefix = path.name[:3]
            aid = article_id(record.text)
            story = JUNE_STORY if prefix == "000" else JULY_STORY
            articles.append(SeedArticle(prefix, aid, record.text, record.title, record.date, story))
            texts.append(record.text)
        spans_per_article = [[(s.start, s.end) for s in spans] for spans in nlp.extract(texts)]
        source = f"claimdesk.nlp:{pipeline}"
    else:
        spans_per_article = []
        for path in paths:
            text, title, date = _fallback_article(path)
            prefix = path.name[:3]
            story = JUNE_STORY if prefix == "000" else JULY_STORY
            articles.append(SeedArticle(prefix, article_id(text), text, title, date, story))
            spans_per_article.append(_fallback_sentences(text))
        source = "fallback-regex"
    claims = [
        ClaimRef(claim_id(a.id, s, e), a.id, a.story, a.text[s:e])
        for a, spans in zip(articles, spans_per_article, strict=True)
        for s, e in spans
    ]
    return SeedCorpus(articles, claims, source)
