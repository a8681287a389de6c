"""The matcher in the window, on the real sample corpus (seeds/ imported once per module with the
rule-based pipeline, then copied per test): ranked other reports with the F5 conflict hint, links
by key, the article beside, suggestions (and a lead turning them off), stale labels, story moves
from the tree with undo, and the menus that open the review window, the annotator switcher and
the export dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from claimdesk.services import annotators
from claimdesk.services import stories as story_service
from claimdesk.services.candidates import suggestions_enabled
from claimdesk.services.workspace import Workspace
from claimdesk.store.models import Article, LabelRow, LinkRow, Story
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.models.other_reports_model import COL_CLAIM, COL_HINT, EMPHASIS_ROLE


def make_window(qtbot, db, annotator="ann") -> MainWindow:
    win = MainWindow(db, annotator)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.article_shown, timeout=10000):
        win.start()
    return win


@pytest.fixture
def window(qtbot, seeds):
    win = make_window(qtbot, seeds.db)
    yield win
    win.session.wait_idle(5000)


def open_injured_claim(qtbot, window, seeds) -> None:
    """Article 001 with its "at least 23 people injured" claim current, candidates ranked."""
    if window.session.data.id != seeds.article["001"]:
        with qtbot.waitSignal(window.article_shown, timeout=5000):
            window.session.open_article(seeds.article["001"], seeds.injured)
    window.session.select_claim(seeds.injured)
    qtbot.waitUntil(lambda: conflict_row(window) is not None, timeout=10000)


def conflict_row(window):
    return next((r for r in window.other_reports.model.rows() if r.conflict), None)


def proxy_row_of(window, claim_id: str) -> int:
    proxy = window.other_reports.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, COL_CLAIM).data(Qt.ItemDataRole.UserRole + 1) == claim_id:
            return row
    return -1


def focus_claims(qtbot, window):
    window.activateWindow()
    window.claim_list.view.setFocus()
    qtbot.waitUntil(lambda: window.claim_list.view.hasFocus(), timeout=3000)


# ---- candidates ------------------------------------------------------------------------------


def test_candidates_show_the_f5_conflict_hint(qtbot, window, seeds):
    open_injured_claim(qtbot, window, seeds)
    panel = window.other_reports
    row = conflict_row(window)
    assert "14" in row.claim.text and row.claim.article_id != seeds.article["001"]
    assert row.conflict == ("23", "14")
    at = proxy_row_of(window, row.claim.id)
    assert panel.proxy.index(at, COL_HINT).data() == "⚠ injured: 23 vs 14"
    # the hint is painted under the claim text (issue 12): its column stays hidden, so the
    # claim column takes the panel's width
    assert panel.view.isColumnHidden(COL_HINT)
    # the shared words and the other value are emphasised in the candidate's text
    spans = panel.proxy.index(at, COL_CLAIM).data(EMPHASIS_ROLE)
    marked = {(row.claim.text[a:b].lower(), kind) for a, b, kind in spans}
    assert ("14", "conflict") in marked
    assert any(kind == "shared" and text.startswith("injur") for text, kind in marked)
    assert "injured: at least 23 vs at least 14" in row.hint and row.score is not None
    assert row.reason
    assert "1 with a conflict" in panel.heading.text()
    # ranked first, then the rest of the story: every other claim stays reachable
    ranked = panel.model.ranked_count()
    assert 0 < ranked <= 10
    assert len(panel.model.rows()) == len(window.session.data.others)
    assert {r.claim.id for r in panel.model.rows()} == {
        c for key in ("002", "003", "004") for c in seeds.claims(key)
    }


def test_filter_box_reaches_the_rest_of_the_story(qtbot, window, seeds):
    open_injured_claim(qtbot, window, seeds)
    panel = window.other_reports
    unranked = next(r for r in panel.model.rows() if r.score is None)
    word = max(unranked.claim.text.split(), key=len)
    qtbot.keyClicks(panel.filter, word)
    assert 0 < panel.proxy.rowCount() < panel.model.rowCount()
    assert proxy_row_of(window, unranked.claim.id) >= 0
    assert panel.select_claim(unranked.claim.id)
    assert panel.selected_claim_id() == unranked.claim.id


def _link_injured_to_its_conflict(qtbot, window, seeds):
    """Open the injured claim, pick its conflicting candidate and press D; that candidate."""
    open_injured_claim(qtbot, window, seeds)
    row = conflict_row(window)
    window.other_reports.select_claim(row.claim.id)
    focus_claims(qtbot, window)
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_D)
    return row


def test_d_and_a_link_the_selected_candidate(qtbot, window, seeds):
    row = _link_injured_to_its_conflict(qtbot, window, seeds)
    pair = tuple(sorted((seeds.injured, row.claim.id)))
    with seeds.db.sessions() as s:
        assert s.get(LinkRow, ("ann", *pair)).kind == "conflict"
        assert s.get(LabelRow, (seeds.injured, "ann")).label == "contradicted"
    assert (
        window.other_reports.model.data(
            window.other_reports.model.index(window.other_reports.model._index[row.claim.id], 0)
        )
        == "≠"
    )
    agreeing = next(r for r in window.other_reports.model.rows() if r.claim.id != row.claim.id)
    window.other_reports.select_claim(agreeing.claim.id)
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_A)
    pair = tuple(sorted((seeds.injured, agreeing.claim.id)))
    with seeds.db.sessions() as s:
        assert s.get(LinkRow, ("ann", *pair)).kind == "agree"


def test_v_opens_the_candidate_article_beside_and_esc_closes_it(qtbot, window, seeds):
    open_injured_claim(qtbot, window, seeds)
    row = conflict_row(window)
    window.other_reports.select_claim(row.claim.id)
    focus_claims(qtbot, window)
    with qtbot.waitSignal(window.beside_shown, timeout=5000) as shown:
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_V)
    assert shown.args == [row.claim.article_id, row.claim.id]
    beside = window.compare_view
    assert beside.isVisible() and beside.article_id == row.claim.article_id
    assert beside.article._current == row.claim.id  # emphasised (bordered) beside
    assert window.article_view._current == seeds.injured  # and the current claim in front
    # both scrolled to their claims: each claim's first line is inside its viewport
    for view, claim_id in ((beside.article, row.claim.id), (window.article_view, seeds.injured)):
        claim = view._claims[claim_id]
        start, end = view._offsets.span_to_qt(claim.start, claim.end)
        top = view.text.span_rects(start, end)[0].top() - view.text.verticalScrollBar().value()
        assert 0 <= top < view.text.viewport().height()
    assert window.article_view.text.toPlainText() != beside.article.text.toPlainText()
    # the article beside follows the selected candidate
    other = next(
        r for r in window.other_reports.model.rows() if r.claim.article_id != row.claim.article_id
    )
    with qtbot.waitSignal(window.beside_shown, timeout=5000):
        window.other_reports.select_claim(other.claim.id)
    assert beside.article_id == other.claim.article_id
    focus_claims(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not beside.isVisible()


# ---- suggestions -----------------------------------------------------------------------------


def test_suggestion_shown_quietly_and_hidden_when_a_lead_turns_it_off(qtbot, seeds):
    annotators.add_annotator(seeds.db, "lead")
    annotators.set_lead(seeds.db, "lead")
    window = make_window(qtbot, seeds.db, "lead")
    qtbot.waitUntil(lambda: window.lead_actions.settings.isEnabled(), timeout=5000)
    assert window.suggestions_enabled
    open_injured_claim(qtbot, window, seeds)
    line = window.suggestion_line
    qtbot.waitUntil(lambda: line.isVisible() and line.claim_id == seeds.injured, timeout=5000)
    assert line.text().startswith("Suggestion: contradicted (0.")
    assert "23" in line.text() and "14" in line.text()
    with seeds.db.sessions() as s:  # shown, never applied
        assert s.get(LabelRow, (seeds.injured, "lead")) is None

    turn_suggestions_off(qtbot, window)  # for this database, confirmed in the lead settings
    qtbot.waitUntil(lambda: not window.suggestions_enabled, timeout=5000)
    assert not line.isVisible()
    with seeds.db.sessions() as s:
        assert suggestions_enabled(s) is False
    # another claim and back: ranked again, still nothing suggested
    claims = seeds.claims("001")
    other = claims[0] if claims[0] != seeds.injured else claims[1]
    for claim_id in (other, seeds.injured):
        # the suggestion is emitted in the same slot as the ranking, right after it
        with qtbot.waitSignal(window.session.others_ranked, timeout=5000):
            window.session.select_claim(claim_id)
        assert not line.isVisible()
    window.session.wait_idle(5000)


def turn_suggestions_off(qtbot, window) -> None:
    """Review ▸ Lead settings…: untick, confirm with a second tick, OK — all by keys."""
    from PySide6.QtWidgets import QDialogButtonBox

    window.lead_actions.settings.trigger()
    dialog = window.lead_settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    dialog.activateWindow()  # as the window system does; keys then go to the dialog
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClick(dialog.suggestions, Qt.Key.Key_Space)  # untick
    assert dialog.confirm.isVisible() and not ok.isEnabled()  # not yet: confirm first
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
    assert ok.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)


def test_suggestions_toggle_is_for_leads_only(qtbot, window):
    # the role loads on the worker before the first article (same queue)
    assert not window.is_lead
    assert not window.lead_actions.settings.isEnabled()
    assert not window.lead_actions.review.isEnabled()


# ---- stale labels ----------------------------------------------------------------------------


def test_stale_after_a_new_article_joins_the_story_then_filter_and_relabel(
    qtbot, seeds, monkeypatch
):
    judged = seeds.claims("002")[0]
    Workspace(seeds.db, "ann").label(judged, "unique")
    window = make_window(qtbot, seeds.db)
    tree = window.story_tree
    assert tree.model.stale(seeds.article["002"]) == 0

    # article 000 (the other story) joins the 001–004 story through the tree's context menu
    tree.select_article(seeds.article["000"])
    target = next(s for s in tree.model.stories() if s.id == seeds.story["001"])
    monkeypatch.setattr("claimdesk.ui.story_tree.ask_story", lambda *a, **k: target.name)
    with qtbot.waitSignal(window.stale_counted, timeout=10000):
        window.story_actions.move_article.trigger()
    qtbot.waitUntil(lambda: tree.model.stale(seeds.article["002"]) == 1, timeout=5000)
    with seeds.db.sessions() as s:
        assert s.get(LabelRow, (judged, "ann")).stale

    # "Only stale" keeps just that article (and its story)
    tree.only_stale.setChecked(True)
    proxy = tree.proxy
    assert proxy.rowCount() == 1
    story = proxy.index(0, 0)
    assert proxy.rowCount(story) == 1
    assert proxy.index(0, 0, story).data(Qt.ItemDataRole.UserRole + 1) == seeds.article["002"]
    assert "look again" in proxy.index(0, 0, story).data(Qt.ItemDataRole.ToolTipRole)

    # "l" goes to the stale claim, which is marked in the list and in the text
    focus_claims(qtbot, window)
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_L)
    assert window.session.current == judged
    item = window.claim_list.model.claim_at(window.claim_list.model.row_of(judged))
    assert item.stale
    tip = window.claim_list.model.data(
        window.claim_list.model.index(window.claim_list.model.row_of(judged)),
        Qt.ItemDataRole.ToolTipRole,
    )
    assert "a new article joined this story — look again" in tip
    fmt = window.article_view._format("unique", False, True)
    assert "look again" in fmt.toolTip()

    # relabelling clears it, in the database, the list and the tree
    focus_claims(qtbot, window)
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_3)
    with seeds.db.sessions() as s:
        assert not s.get(LabelRow, (judged, "ann")).stale
    assert not window.claim_list.model.claim_at(window.claim_list.model.row_of(judged)).stale
    assert tree.model.stale(seeds.article["002"]) == 0
    window.session.wait_idle(5000)


# ---- story management ------------------------------------------------------------------------


def story_of(db, article_id) -> tuple[str, str]:
    with db.sessions() as s:
        article = s.get(Article, article_id)
        return article.story_id, s.get(Story, article.story_id).name


def test_move_article_to_a_new_story_from_the_tree_and_undo(qtbot, window, seeds, monkeypatch):
    moved = seeds.article["004"]
    before = story_of(seeds.db, moved)
    window.story_tree.select_article(moved)
    monkeypatch.setattr("claimdesk.ui.story_tree.ask_story", lambda *a, **k: "Kyiv drone strike")
    with qtbot.waitSignal(window.session.stories_changed, timeout=10000):
        window.story_actions.move_article.trigger()
    assert story_of(seeds.db, moved)[1] == "Kyiv drone strike"
    qtbot.waitUntil(
        lambda: any(s.name == "Kyiv drone strike" for s in window.story_tree.model.stories()),
        timeout=5000,
    )
    assert window.story_tree.model.index_of_article(moved) is not None

    with qtbot.waitSignal(window.session.stories_changed, timeout=10000):
        window.edit_actions.undo.trigger()
    assert story_of(seeds.db, moved) == before
    qtbot.waitUntil(
        lambda: not any(s.name == "Kyiv drone strike" for s in window.story_tree.model.stories()),
        timeout=5000,
    )


def test_split_and_merge_stories_from_the_tree(qtbot, window, seeds, monkeypatch):
    story = seeds.story["003"]
    # split 003 and 004 off into their own story
    window.story_tree.select_article(seeds.article["003"])
    model = window.story_tree.model
    index = window.story_tree.view_index(model.index_of_article(seeds.article["004"]))
    from PySide6.QtCore import QItemSelectionModel

    window.story_tree.view.selectionModel().select(
        index,
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert window.story_tree.selected_article_ids() == [seeds.article["003"], seeds.article["004"]]
    monkeypatch.setattr("claimdesk.ui.story_tree.ask_text", lambda *a, **k: "Second half")
    with qtbot.waitSignal(window.session.stories_changed, timeout=10000):
        window.story_actions.split_story.trigger()
    assert story_of(seeds.db, seeds.article["003"])[1] == "Second half"
    assert story_of(seeds.db, seeds.article["004"])[1] == "Second half"
    assert story_of(seeds.db, seeds.article["001"])[0] == story
    # merge it back: pick the original story as the target
    qtbot.waitUntil(
        lambda: (
            model.index_of_article(seeds.article["003"]) is not None
            and any(s.name == "Second half" for s in model.stories())
        ),
        timeout=5000,
    )
    window.story_tree.select_article(seeds.article["003"])
    original = next(s for s in model.stories() if s.id == story)
    monkeypatch.setattr("claimdesk.ui.story_tree.ask_story", lambda *a, **k: original.name)
    with qtbot.waitSignal(window.session.stories_changed, timeout=10000):
        window.story_actions.merge_stories.trigger()
    assert story_of(seeds.db, seeds.article["003"])[0] == story
    assert story_of(seeds.db, seeds.article["004"])[0] == story


# ---- menus -----------------------------------------------------------------------------------


def test_review_menu_opens_the_review_window_for_a_lead(qtbot, seeds):
    from claimdesk.ui.review import ReviewWindow

    annotators.add_annotator(seeds.db, "lead")
    annotators.set_lead(seeds.db, "lead")
    window = make_window(qtbot, seeds.db, "lead")
    qtbot.waitUntil(lambda: window.lead_actions.review.isEnabled(), timeout=5000)
    window.lead_actions.review.trigger()
    review = window.review_window
    assert isinstance(review, ReviewWindow) and review.isVisible()
    assert review.runner is window.runner
    qtbot.waitUntil(lambda: review.snapshot is not None, timeout=10000)
    review.close()
    window.session.wait_idle(5000)


def test_switch_annotator_reopens_blind(qtbot, window, seeds, monkeypatch):
    first = window.session.data.claims[0].id
    focus_claims(qtbot, window)
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_1)
    article = window.session.data.id
    # the dialog is open at once; the names load on the window's runner, never on this thread
    window.file_actions.switch_annotator.trigger()
    dialog = window.annotator_dialog
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        pass
    assert dialog.chosen_name() == "ann"  # the current annotator is picked
    dialog.new_name.setText("bea")
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        dialog.accept()
    assert window.annotator == window.session.annotator == "bea"
    assert "bea" in window.windowTitle() and window.annotator_label.text() == "Annotator: bea"
    assert window.session.data.id == article
    # blind: ann's label is not shown to bea
    assert window.claim_list.model.claim_at(window.claim_list.model.row_of(first)).label is None
    focus_claims(qtbot, window)
    current = window.session.current
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_3)
    with seeds.db.sessions() as s:
        assert s.get(LabelRow, (current, "bea")).label == "unique"
        assert s.get(LabelRow, (first, "ann")).label == "corroborated"


def test_export_menu_opens_the_export_dialog(qtbot, window, monkeypatch):
    from claimdesk.ui import export_dialog

    shown = []

    real_open = export_dialog.ExportDialog.open

    def recording_open(dialog):
        shown.append(dialog)
        real_open(dialog)

    monkeypatch.setattr(export_dialog.ExportDialog, "open", recording_open)
    window.file_actions.export_dataset.trigger()
    assert len(shown) == 1 and isinstance(shown[0], export_dialog.ExportDialog)
    assert window.export_dialog is shown[0]
    assert shown[0].isVisible() and shown[0].isModal()  # modal, without a nested event loop
    window.file_actions.export_dataset.trigger()  # again while open: the same dialog
    assert len(shown) == 1 and window.export_dialog is shown[0]
    window.runner.wait_idle(5000)  # the dialog loads its choices on the window's worker
    shown[0].reject()
    window.file_actions.export_dataset.trigger()  # closed: a new one
    assert len(shown) == 2 and window.export_dialog is shown[1]
    window.runner.wait_idle(5000)
    shown[1].reject()


def test_story_service_moves_are_what_the_tree_shows(qtbot, window, seeds):
    """A move made elsewhere (the command line) shows after a reload."""
    story_service.move_article(seeds.db, None, seeds.article["000"], seeds.story["001"])
    with qtbot.waitSignal(window.session.stories_loaded, timeout=5000):
        window.session.reload_stories()
    # the tree is filled lazily (one row per story; a small database's articles with them)
    assert window.story_tree.model.story_of(seeds.article["000"]) == seeds.story["001"]


def test_ranked_rows_start_with_each_other_articles_best_claim(qtbot, window, seeds):
    open_injured_claim(qtbot, window, seeds)
    rows = window.other_reports.model.rows()[: window.other_reports.model.ranked_count()]
    first_articles = [r.claim.article_id for r in rows[:3]]
    # 001's claim: the three other articles of the story each offer their best claim first.
    assert sorted(first_articles) == sorted(seeds.article[k] for k in ("002", "003", "004"))
    scores = [r.score for r in rows[:3]]
    assert scores == sorted(scores, reverse=True)


def test_a_link_from_a_claim_labelled_not_a_claim_is_refused_and_said(qtbot, window, seeds):
    open_injured_claim(qtbot, window, seeds)
    with seeds.db.transaction() as s:  # the annotator rejected this span earlier
        from claimdesk.store import annotation

        annotation.set_label(s, "ann", seeds.injured, "not_a_claim")
    row = conflict_row(window)
    window.other_reports.select_claim(row.claim.id)
    focus_claims(qtbot, window)
    with qtbot.waitSignal(window.session.failed, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_A)
    window.session.wait_idle(5000)
    assert "labelled not a claim" in window.statusBar().currentMessage()
    with seeds.db.sessions() as s:
        assert s.query(LinkRow).count() == 0
        assert s.get(LabelRow, (row.claim.id, "ann")) is None


def test_labelling_a_linked_claim_not_a_claim_says_its_links_went(qtbot, window, seeds):
    _link_injured_to_its_conflict(qtbot, window, seeds)
    window.session.select_claim(seeds.injured)
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_N)
    window.session.wait_idle(5000)
    message = window.statusBar().currentMessage()
    assert message.startswith("Labelled not a claim · its link to “") and "removed" in message
    with seeds.db.sessions() as s:
        assert s.query(LinkRow).count() == 0
        assert s.get(LabelRow, (seeds.injured, "ann")).label == "not_a_claim"
    with qtbot.waitSignal(window.saved, timeout=5000):  # Ctrl+Z brings the link back
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.session.wait_idle(5000)
    with seeds.db.sessions() as s:
        assert s.query(LinkRow).count() == 1
