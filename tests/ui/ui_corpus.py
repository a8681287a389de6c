"""A small corpus stored directly through store.corpus (no spaCy), for the window tests."""

import re

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store import corpus

SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def sentence_spans(text: str) -> list[ClaimSpan]:
    spans = []
    for match in SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        if end - start > 3:
            spans.append(ClaimSpan(start, end, text[start:end], ("test",), None, "test"))
    return spans


def add(session, text: str, story: str = "Call", title: str | None = None, source: str = "Wire"):
    record = ArticleRecord(
        text=text, origin="test", raw_sha256="x", story=story, title=title, source=source
    )
    return corpus.add_article(session, record, sentence_spans(text)).article_id


STORY = [
    (
        "Trump spoke with Putin for an hour. The call came on June 4. Ukraine struck four airfields.",
        "First report",
        "Alpha News",
    ),
    (
        "Trump spoke with Putin for 75 minutes. The call came on June 4. Putin said Russia would respond.",
        "Second report",
        "Beta Post",
    ),
]
