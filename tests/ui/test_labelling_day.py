"""Issue 12, the labelling day: what a fact-checker tripped over in the window, driven by keys.

Other reports open each claim's list at the top with nothing selected and sort by score; the
conflict hint sits under the claim text instead of squeezing it; single keys are inert in
text fields, and E on an unlabelled claim opens the note and keeps it for the label."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_matching_window import conflict_row, focus_claims, make_window, open_injured_claim

from claimdesk.store import queries
from claimdesk.store.models import LabelRow, LinkRow
from claimdesk.ui.models.other_reports_model import (
    COL_CLAIM,
    COL_HINT,
    COL_LINK,
    COL_SCORE,
    DIVIDER_ROLE,
    SCORE_ROLE,
)


@pytest.fixture
def window(qtbot, seeds):
    """The window on the sample corpus (conftest's `window` uses a two-article corpus)."""
    win = make_window(qtbot, seeds.db)
    yield win
    win.session.wait_idle(5000)


def shown_groups(panel) -> list[list[float]]:
    """The scores shown, top to bottom, split at each divider row (unranked rows: -1.0)."""
    proxy = panel.proxy
    groups: list[list[float]] = [[]]
    for r in range(proxy.rowCount()):
        if proxy.index(r, COL_CLAIM).data(DIVIDER_ROLE):
            groups.append([])
        else:
            groups[-1].append(proxy.index(r, COL_CLAIM).data(SCORE_ROLE))
    return groups


def links(db) -> set[tuple[str, str]]:
    with db.sessions() as s:
        return {(r.claim_x, r.claim_y) for r in s.query(LinkRow).all()}


# ---- 1: other reports ------------------------------------------------------------------------


def test_candidates_are_sorted_by_score_best_first(qtbot, window, seeds):
    """Each other article's best claim first, then the further candidates, then the rest of
    the story: dividers between, and within each ranked group the scores fall, as the Score
    header says."""
    open_injured_claim(qtbot, window, seeds)
    panel = window.other_reports
    best, more, rest = shown_groups(panel)
    assert len(best) == 3 and len(more) >= 3  # 002, 003 and 004 each give their best
    assert best == sorted(best, reverse=True) and more == sorted(more, reverse=True)
    assert set(rest) == {-1.0}  # the unranked rest of the story follows
    firsts = [panel.model.row_at(r).claim.article_id for r in range(3)]
    assert len(set(firsts)) == 3 and seeds.article["001"] not in firsts
    # the matcher's scores are all there, only reordered
    model_scores = sorted(r.score for r in panel.model.rows() if r.score is not None)
    assert sorted(best + more) == model_scores


def test_each_claim_opens_its_list_at_the_top_with_nothing_selected(qtbot, window, seeds):
    open_injured_claim(qtbot, window, seeds)
    panel = window.other_reports
    panel.resize(panel.width(), 220)  # short, so the list scrolls
    focus_claims(qtbot, window)
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_O)  # o: go to the list, first row
    assert panel.view.hasFocus()
    for _ in range(6):
        qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    chosen = panel.selected_claim_id()
    assert chosen is not None
    assert panel.view.verticalScrollBar().value() > 0
    focus_claims(qtbot, window)
    with qtbot.waitSignal(window.session.others_ranked, timeout=10000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_J)
    assert window.session.current != seeds.injured
    assert panel.selected_claim_id() is None
    assert panel.view.verticalScrollBar().value() == 0
    # A now has nothing to act on: no link to the row chosen for the previous claim
    before = links(seeds.db)
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_A)
    window.session.wait_idle(5000)
    assert links(seeds.db) == before
    assert "Select a claim in Other reports" in window.statusBar().currentMessage()


def test_a_reranking_of_the_same_claim_keeps_the_selection(qtbot, window, seeds):
    open_injured_claim(qtbot, window, seeds)
    panel = window.other_reports
    row = conflict_row(window)
    assert panel.select_claim(row.claim.id)
    with qtbot.waitSignal(window.session.others_ranked, timeout=10000):
        window.session.rerank()
    assert panel.selected_claim_id() == row.claim.id


# ---- 5: the conflict hint under the claim ------------------------------------------------------


def test_conflict_hint_does_not_squeeze_the_claim_column(qtbot, window, seeds):
    window.resize(1280, 800)
    open_injured_claim(qtbot, window, seeds)
    panel = window.other_reports
    header = panel.view.header()
    assert panel.view.isColumnHidden(COL_HINT)
    assert not panel.view.isColumnHidden(COL_SCORE)
    width_with_conflict = header.sectionSize(COL_CLAIM)
    fixed = header.sectionSize(COL_LINK) + header.sectionSize(COL_SCORE)
    assert width_with_conflict >= panel.view.viewport().width() - fixed - 2
    # the hint is painted under the claim: the row's pixels hold the conflict colour
    at = next(
        r
        for r in range(panel.proxy.rowCount())
        if panel.proxy.index(r, COL_CLAIM).data(Qt.ItemDataRole.UserRole + 1)
        == conflict_row(window).claim.id
    )
    panel.view.scrollTo(panel.proxy.index(at, COL_CLAIM))
    rect = panel.view.visualRect(panel.proxy.index(at, COL_CLAIM))
    image = panel.view.viewport().grab(rect).toImage()
    from PySide6.QtGui import QColor

    from claimdesk.ui.models.other_reports_model import CONFLICT_COLOR

    want = QColor(CONFLICT_COLOR)
    lower = range(image.height() * 2 // 3, image.height())
    assert any(
        _near(image.pixelColor(x, y), want) for y in lower for x in range(0, image.width(), 2)
    )
    # the next claim (no conflict): the claim column keeps its width, nothing jumps
    focus_claims(qtbot, window)
    with qtbot.waitSignal(window.session.others_ranked, timeout=10000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_J)
    assert header.sectionSize(COL_CLAIM) == width_with_conflict


def _near(color, want) -> bool:
    return (
        abs(color.red() - want.red()) < 40
        and abs(color.green() - want.green()) < 40
        and abs(color.blue() - want.blue()) < 40
    )


# ---- 2: keys in text fields --------------------------------------------------------------------


def test_single_keys_are_inert_in_text_fields(qtbot, window, seeds):
    focus_claims(qtbot, window)
    current = window.session.current
    field = window.story_tree.filter
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=3000)
    qtbot.keyClicks(field, "1j ")
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # moves the focus on, not to the next claim
    window.session.wait_idle(5000)
    assert field.text() == "1j "
    assert window.session.current == current
    assert not field.hasFocus()
    with seeds.db.sessions() as s:
        assert s.query(LabelRow).count() == 0
    # and the other reports' filter
    panel = window.other_reports
    panel.filter.setFocus()
    qtbot.waitUntil(panel.filter.hasFocus, timeout=3000)
    qtbot.keyClicks(panel.filter, "3u")
    assert panel.filter.text() == "3u"
    window.session.wait_idle(5000)
    with seeds.db.sessions() as s:
        assert s.query(LabelRow).count() == 0
    # Escape still leaves the field for the claims
    qtbot.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert window.claim_list.view.hasFocus()


def test_e_on_an_unlabelled_claim_opens_the_note_and_saves_it_with_a_label(qtbot, window, seeds):
    focus_claims(qtbot, window)
    claim_id = window.session.current
    assert window.session.claim(claim_id).label is None
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_E)
    editor = window.note_editor
    assert editor.isVisible() and editor.edit.hasFocus()
    # it says in place why and how, instead of refusing in the status bar
    assert editor.caption.isVisible() and "no label yet" in editor.caption.text()
    assert "Alt+3 unique" in editor.caption.text()
    qtbot.keyClicks(editor.edit, "see 2 sources")  # letters and digits are text here
    assert editor.edit.text() == "see 2 sources"
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)  # Enter alone: the note stays, and why
    assert editor.isVisible() and editor.edit.text() == "see 2 sources"
    assert "Choose its label" in editor.caption.text()
    window.session.wait_idle(5000)
    with seeds.db.sessions() as s:
        assert s.query(LabelRow).count() == 0
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(editor.edit, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert not editor.isVisible() and window.claim_list.view.hasFocus()
    with seeds.db.sessions() as s:
        row = s.get(LabelRow, (claim_id, "ann"))
        assert (row.label, row.note) == ("unique", "see 2 sources")
    # one action: one undo takes label and note away together
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with seeds.db.sessions() as s:
        assert s.get(LabelRow, (claim_id, "ann")) is None


def test_e_on_a_labelled_claim_saves_the_note_with_enter(qtbot, window, seeds):
    focus_claims(qtbot, window)
    claim_id = window.session.current
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(window.claim_list.view, Qt.Key.Key_2)
    window.session.select_claim(claim_id)
    focus_claims(qtbot, window)
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_E)
    editor = window.note_editor
    assert editor.isVisible() and not editor.caption.isVisible()
    qtbot.keyClicks(editor.edit, "wire says 14")
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    with seeds.db.sessions() as s:
        row = s.get(LabelRow, (claim_id, "ann"))
        assert (row.label, row.note) == ("contradicted", "wire says 14")


@pytest.mark.parametrize("key", [Qt.Key.Key_J, Qt.Key.Key_1])
def test_keys_still_work_in_the_claim_list(qtbot, window, seeds, key):
    """The guard only claims keys for text fields: the list keeps its single-key commands."""
    focus_claims(qtbot, window)
    first = window.session.current
    if key == Qt.Key.Key_1:
        with qtbot.waitSignal(window.saved, timeout=5000):
            qtbot.keyClick(QApplication.focusWidget(), key)
        with seeds.db.sessions() as s:
            assert s.get(LabelRow, (first, "ann")).label == "corroborated"
    else:
        qtbot.keyClick(QApplication.focusWidget(), key)
        assert window.session.current != first
    assert queries is not None
