"""Window fixtures: a small corpus stored directly (no spaCy), an isolated QSettings, and a
MainWindow that has loaded its first article."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from seeded import seeded_file, seeds  # noqa: F401 (fixtures)
from ui_corpus import STORY, add

from claimdesk.store.engine import open_database


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
