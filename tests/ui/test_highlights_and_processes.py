"""Exact highlights with non-BMP text, no spaCy at start-up, and nothing lost to SIGKILL."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading

import pytest
from PySide6.QtCore import Qt

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store import corpus, queries
from claimdesk.store.engine import open_database
from claimdesk.ui.main_window import MainWindow

NON_BMP = (
    "🇺🇦 Kyiv 😀 said 𝔘𝔫𝔦 𝟕𝟓 minutes. Then 🚀 launched 117 drones 🛩️. Officials 𠜎 confirmed it."
)


def test_text_under_each_highlight_is_the_claim(qtbot, tmp_path):
    db = open_database(str(tmp_path / "emoji.db"))
    spans = []
    for piece in ("Kyiv 😀 said 𝔘𝔫𝔦 𝟕𝟓 minutes.", "launched 117 drones 🛩️", "𠜎 confirmed it"):
        start = NON_BMP.index(piece)
        spans.append(ClaimSpan(start, start + len(piece), piece, (), None, "test"))
    with db.transaction() as s:
        corpus.add_article(
            s, ArticleRecord(text=NON_BMP, origin="t", raw_sha256="x", story="E"), spans
        )
    win = MainWindow(db, "ann")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.article_shown, timeout=5000):
        win.start()
    selections = win.article_view.highlight_selections()
    assert sorted(s.cursor.selectedText() for s in selections) == sorted(sp.text for sp in spans)
    # and after a label the repainted highlight still covers exactly the claim
    with qtbot.waitSignal(win.saved, timeout=5000):
        win.session.set_label("unique")
    assert sorted(
        s.cursor.selectedText() for s in win.article_view.highlight_selections()
    ) == sorted(sp.text for sp in spans)
    # a selection made in Qt units comes back as code-point offsets
    cursor = win.article_view.text.textCursor()
    qs = win.article_view._offsets.to_qt(NON_BMP.index("launched"))
    cursor.setPosition(qs)
    cursor.setPosition(qs + len("launched"), cursor.MoveMode.KeepAnchor)
    win.article_view.text.setTextCursor(cursor)
    start, end = win.article_view.selection_span()
    assert NON_BMP[start:end] == "launched"
    win.close()
    db.dispose()


def _run(code: str, *args: str, **kwargs):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kwargs,
    )


def test_spacy_is_not_imported_at_start_up(corpus_db):
    db, _ = corpus_db
    code = """
        import sys
        from PySide6.QtWidgets import QApplication
        from PySide6.QtCore import QTimer
        app = QApplication([])
        from claimdesk.store.engine import open_database
        from claimdesk.ui.main_window import MainWindow
        w = MainWindow(open_database(sys.argv[1]), "ann")
        w.show()
        w.article_shown.connect(lambda _a: app.quit())
        QTimer.singleShot(50000, app.quit)  # a safety net only: a slow machine still passes
        w.start()
        app.exec()
        print("spacy" in sys.modules, w.session.data is not None)
    """
    proc = _run(code, db.engine.url.database)
    out, err = proc.communicate(timeout=90)
    assert out.split()[-2:] == ["False", "True"], err


def test_sigkill_right_after_a_keystroke_loses_nothing_shown_as_saved(corpus_db):
    db, ids = corpus_db
    path = db.engine.url.database
    db.dispose()
    code = """
        import sys
        from PySide6.QtWidgets import QApplication
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtTest import QTest
        app = QApplication([])
        from claimdesk.store.engine import open_database
        from claimdesk.ui.main_window import MainWindow
        w = MainWindow(open_database(sys.argv[1]), "ann")
        w.show()
        def on_saved(_action):
            print("SAVED", w.session.data.claims[0].id, w.session.data.claims[0].label, flush=True)
        def on_shown(_aid):
            w.claim_list.view.setFocus()
            QTest.keyClick(w.claim_list.view, Qt.Key.Key_2)
        w.saved.connect(on_saved)
        w.article_shown.connect(on_shown)
        w.start()
        app.exec()
    """
    proc = _run(code, path)
    lines: queue.Queue[str] = queue.Queue()
    # read on a thread so a child that hangs fails this test after a deadline, not the suite
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    line = ""
    try:
        while not line.startswith("SAVED"):
            try:
                line = lines.get(timeout=90)
            except queue.Empty:
                pytest.fail("the window never reported a saved label")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    _, claim, shown = line.split()
    assert shown == "contradicted"
    reopened = open_database(path)
    with reopened.sessions() as s:
        assert queries.labels_of(s, "ann")[claim].label == "contradicted"
    reopened.dispose()


def test_import_dialog_runs_in_background_and_reports_errors(qtbot, window, tmp_path, monkeypatch):
    """The dialog hands the files to the worker and lists the ones that failed."""
    from claimdesk.errors import InputError
    from claimdesk.services.importer import ImportReport
    from claimdesk.ui import import_dialog

    def fake_import(db, paths, story, context):
        context.report(1, 0, str(paths[0]))
        return ImportReport(errors=[InputError(str(paths[0]), "not UTF-8 and no charset found")])

    monkeypatch.setattr(import_dialog, "run_import", fake_import)
    window.file_actions.import_articles.trigger()
    dialog = window._import_dialog
    dialog.add_paths([tmp_path / "bad.txt"])
    with qtbot.waitSignal(dialog.import_finished, timeout=5000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.rowCount() == 1
    assert "charset" in dialog.errors.item(0, 1).text()
    dialog.close()


def test_first_run_imports_the_sample_corpus_in_the_background(qtbot, tmp_path):
    import importlib.util

    import pytest

    if importlib.util.find_spec("claimdesk.nlp") is None:
        pytest.skip("needs claimdesk.nlp")
    from claimdesk.ui.app import Launcher

    launcher = Launcher(str(tmp_path / "first.db"), "ann")
    with qtbot.waitSignal(launcher.window_ready, timeout=10000):
        launcher.start()
    window = launcher.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.session.data is not None, timeout=30000)
    assert len(window.session.article_order) == 5
    assert window.session.data.claims
    window.close()
    window.db.dispose()


def test_annotator_name_is_remembered(qtbot):
    from claimdesk.ui.app import ANNOTATOR_KEY, ask_annotator
    from claimdesk.ui.settings import qsettings

    qsettings().setValue(ANNOTATOR_KEY, "Sam")
    assert ask_annotator() == "Sam"
