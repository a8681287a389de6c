"""Issue 12, point 8: side effects are said. A link names the other article's claim it
labelled; C or X in a story of one article is refused with the reason; the lead's
suggestions switch sits in a settings dialog and needs a confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_window import focus_claims, labels, press

from claimdesk.services import annotators
from claimdesk.services.candidates import suggestions_enabled
from claimdesk.ui.main_window import MainWindow


def test_a_link_says_which_claims_it_labelled(qtbot, window, corpus_db):
    db, _ = corpus_db
    focus_claims(qtbot, window)
    here = window.session.data.claims[0]
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_O)
    other = window.other_reports.selected_row()
    assert other is not None
    press(qtbot, window, Qt.Key.Key_D)
    window.session.wait_idle(5000)
    message = window.statusBar().currentMessage()
    assert labels(db) == {here.id: "contradicted", other.claim.id: "contradicted"}
    assert "Linked (conflict)" in message
    # what was labelled comes before the claims it names (a narrow status bar cuts the end)
    assert "labelled contradicted: this claim and “" in message
    assert f"“{other.claim.text[:20]}" in message


def test_c_in_a_story_of_one_article_is_refused_with_the_reason(qtbot, window, corpus_db):
    db, ids = corpus_db
    weather = ids[-1]  # the "Weather" story holds only this article
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.session.open_article(weather)
    focus_claims(qtbot, window)
    assert window.session.data.others == []
    first = window.session.current
    for key in (Qt.Key.Key_C, Qt.Key.Key_2):
        qtbot.keyClick(window.claim_list.view, key)
        window.session.wait_idle(5000)
        assert labels(db) == {}
        assert "only this article" in window.statusBar().currentMessage()
    assert window.session.current == first  # not moved on either
    press(qtbot, window, Qt.Key.Key_U)  # unique is fine
    assert labels(db) == {first: "unique"}


def _lead_window(qtbot, db) -> MainWindow:
    annotators.add_annotator(db, "lead")
    annotators.set_lead(db, "lead")
    win = MainWindow(db, "lead")
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.role_loaded, timeout=10000):
        win.start()
    return win


def test_suggestions_are_not_in_the_review_menu_any_more(qtbot, corpus_db):
    db, _ = corpus_db
    win = _lead_window(qtbot, db)
    review_menu = next(
        a.menu() for a in win.menuBar().actions() if a.text().replace("&", "") == "Review"
    )
    texts = [a.text() for a in review_menu.actions()]
    assert not any(a.isCheckable() for a in review_menu.actions())
    assert "Lead &settings…" in texts
    win.session.wait_idle(5000)


def test_turning_suggestions_off_needs_a_confirmation_and_cancel_keeps_them(qtbot, corpus_db):
    from PySide6.QtWidgets import QDialogButtonBox

    db, _ = corpus_db
    win = _lead_window(qtbot, db)
    assert win.lead_actions.settings.isEnabled()
    win.lead_actions.settings.trigger()
    dialog = win.lead_settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    dialog.activateWindow()  # as the window system does; keys then go to the dialog
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not dialog.confirm.isVisible() and ok.isEnabled()
    qtbot.keyClick(dialog.suggestions, Qt.Key.Key_Space)
    assert dialog.confirm.isVisible() and not ok.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Return without the confirmation: nothing
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    win.runner.wait_idle(5000)
    with db.sessions() as s:
        assert suggestions_enabled(s) is True
    assert win.suggestions_enabled
    # and confirmed, it goes off
    win.lead_actions.settings.trigger()
    dialog = win.lead_settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    dialog.activateWindow()  # as the window system does; keys then go to the dialog
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.keyClick(dialog.suggestions, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.suggestions_enabled, timeout=5000)
    with db.sessions() as s:
        assert suggestions_enabled(s) is False
    assert "off for this database" in win.statusBar().currentMessage()
    assert QApplication.activeModalWidget() is None
    win.session.wait_idle(5000)
