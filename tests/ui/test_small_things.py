"""Issue 12, point 9: the small things a fact-checker noticed — titles that use the width, a
window title without "Claimdesk" twice, undo that says what it undid, "1 article", untitled
articles named by their words (not a file path), the dateline in the reader, Ctrl+F with a
match count and next/previous, the zoom level, a guidelines table that keeps words whole, and
an import error table that shows the file name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from test_matching_window import make_window
from test_window import focus_claims, press

from claimdesk.cli import main
from claimdesk.domain.titles import display_title
from claimdesk.services.action_words import describe_action
from claimdesk.ui.text import counted


def test_window_title_names_the_article_and_annotator_once(qtbot, window):
    title = window.windowTitle()
    assert "Claimdesk" not in title  # Qt adds the application name itself
    assert title == f"{window.session.data.title} — ann (local, single-user)"


def test_undo_and_redo_say_what_they_did(qtbot, window):
    focus_claims(qtbot, window)
    claim = window.session.data.claims[0]
    press(qtbot, window, Qt.Key.Key_U)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    message = window.statusBar().currentMessage()
    assert message.startswith("Undone: label unique on “")
    assert claim.text.split()[0] in message
    press(
        qtbot,
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.statusBar().currentMessage().startswith("Redone: label unique on “")


def test_one_article_is_not_articles(qtbot, window):
    qtbot.waitUntil(lambda: "article" in window.other_reports.heading.text(), timeout=5000)
    heading = window.other_reports.heading.text()
    assert "(1 article)" in heading and "1 articles" not in heading
    assert counted(1, "claim") == "1 claim" and counted(3, "story", "stories") == "3 stories"


def test_untitled_articles_are_named_by_their_words_not_their_path(qtbot, seeds, capsys):
    assert main(["--db", seeds.db.url, "articles"]) == 0
    table = capsys.readouterr().out
    assert "seeds/" not in table and ".txt" not in table
    assert "Russian President Vladimir Putin" in table  # 001 has no title of its own
    assert display_title(None, "x " * 200).endswith("…")
    assert len(display_title(None, "word " * 200)) <= 161


def test_reader_shows_the_dateline_and_fits_the_title_to_the_width(qtbot, seeds):
    window = make_window(qtbot, seeds.db)
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.session.open_article(seeds.article["001"])
    view = window.article_view
    assert view.meta.text().startswith("Moscow, Russia  ·  ")
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: view.width() < 700, timeout=3000)
    narrow = view.title.text()
    window.resize(1920, 1080)
    window.splitter.setSizes([300, 1200, 420])
    qtbot.waitUntil(lambda: view.width() > 1000, timeout=3000)
    wide = view.title.text()
    assert narrow.endswith("…")
    assert len(wide) > len(narrow) + 20  # not cut at a fixed length
    assert view.title.toolTip().startswith("Russian President Vladimir Putin")
    window.session.wait_idle(5000)


def test_ctrl_f_counts_matches_and_steps_both_ways(qtbot, window):
    focus_claims(qtbot, window)
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.article_view.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "OU")  # "hour", "four": twice in the first article, any case
    assert bar.status.text() == "1 of 2"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.status.text() == "2 of 2"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.status.text() == "1 of 2"
    qtbot.mouseClick(bar.previous, Qt.MouseButton.LeftButton)  # wraps round
    assert bar.status.text() == "2 of 2"
    qtbot.mouseClick(bar.next, Qt.MouseButton.LeftButton)
    assert bar.status.text() == "1 of 2"
    qtbot.keyClicks(bar.edit, "zzz")
    assert bar.status.text() == "not found"


def test_zoom_shows_its_level(qtbot, window):
    focus_claims(qtbot, window)
    assert window.zoom_label.text() == "Text 100%"
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    bigger = int(window.zoom_label.text().removeprefix("Text ").removesuffix("%"))
    assert bigger > 110
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom_label.text() == "Text 100%"


def test_guidelines_table_keeps_words_whole_in_a_narrow_dock(qtbot):
    from claimdesk.ui.guidelines import GuidelinesView

    view = GuidelinesView()
    qtbot.addWidget(view)
    view.resize(220, 500)
    view.show()
    qtbot.waitExposed(view)
    document = view.document()
    document.setTextWidth(view.viewport().width())
    found = document.find("corroborated")
    assert not found.isNull()
    block = found.block()
    layout = block.layout()
    assert layout.lineCount() >= 1
    # the word sits on one line: the line that holds its start also holds its end
    start = found.selectionStart() - block.position()
    end = found.selectionEnd() - block.position()
    line = layout.lineForTextPosition(start)
    assert line.textStart() <= start and end <= line.textStart() + line.textLength()


def test_import_error_table_shows_the_whole_file_name(qtbot, window, tmp_path):
    folder = tmp_path / ("a-rather-long-folder-name-for-the-wire-copies-" * 3)
    folder.mkdir()
    bad = folder / "2025-07-04_reuters_putin_trump_call_readout.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00" + b"\x81\x8d\x8f\x90" * 50)
    window.file_actions.import_articles.trigger()
    dialog = window._import_dialog
    dialog.add_paths([bad])
    with qtbot.waitSignal(dialog.import_finished, timeout=60000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.errors
    item = dialog.errors.item(0, 0)
    assert item.text() == bad.name
    assert str(folder) in item.toolTip()
    width = dialog.errors.horizontalHeader().sectionSize(0)
    assert width >= QFontMetrics(dialog.errors.font()).horizontalAdvance(bad.name)
    assert "article" in dialog.status.text() and "0 articles added" in dialog.status.text()
    dialog.close()


def test_describe_action_names_the_label_set_or_taken_away():
    class Change:
        def __init__(self, entity, before, after):
            self.entity, self.before, self.after = entity, before, after

    undone = [Change("label", {"label": "unique"}, None)]
    assert describe_action("label", undone, True) == "label unique"
    redone = [Change("label", None, {"label": "not_a_claim"})]
    assert describe_action("label", redone, False) == "label not a claim"
    assert describe_action("link", [Change("link", None, {"kind": "conflict"})], False) == (
        "link (conflict)"
    )
    assert describe_action("split", [], True) == "split"


def test_fit_lines_keeps_whole_words_within_the_lines(qapp):
    from PySide6.QtGui import QFont

    from claimdesk.ui.article_view import fit_lines

    font = QFont()
    font.setPointSize(16)
    metrics = QFontMetrics(font)
    text = " ".join(f"word{i}" for i in range(60))
    flags = int(Qt.TextFlag.TextWordWrap)
    for width in (300, 600, 1200):
        fitted = fit_lines(text, font, width, 2)
        assert fitted.endswith("…")
        kept = fitted[:-1].split(" ")
        assert kept == text.split(" ")[: len(kept)]  # whole words, from the start
        height = metrics.boundingRect(0, 0, width, 100_000, flags, fitted).height()
        assert height < 3 * metrics.lineSpacing()
        longer = " ".join(text.split(" ")[: len(kept) + 1]) + "…"
        assert metrics.boundingRect(0, 0, width, 100_000, flags, longer).height() > height
    assert fit_lines("short title", font, 600, 2) == "short title"
