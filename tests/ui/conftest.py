"""Window fixtures: a small corpus stored directly (no spaCy), an isolated QSettings, and a
MainWindow that has loaded its first article."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store import corpus
from claimdesk.store.engine import open_database

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


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path, monkeypatch):
    """Qt caches the settings folder at the first QSettings; point it at this test's folder."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def corpus_db(tmp_path):
    path = str(tmp_path / "ui.db")
    database = open_database(path)
    with database.transaction() as s:
        ids = [add(s, text, title=title, source=source) for text, title, source in STORY]
        ids.append(
            add(
                s,
                "A quiet day. Nothing else happened.",
                story="Weather",
                title="Weather",
                source="Gamma",
            )
        )
    yield database, ids
    database.dispose()


@pytest.fixture
def window(qtbot, corpus_db):
    from claimdesk.ui.main_window import MainWindow

    database, ids = corpus_db
    win = MainWindow(database, "ann")
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.article_shown, timeout=10000):
        win.start()
    yield win
    win.runner.wait_idle(5000)
