"""Found by looking at the real window and soaking it with keys."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from test_matching_window import focus_claims, make_window

from claimdesk.services import annotators
from claimdesk.ui.review.review_window import ReviewWindow


def _drawn_claim_texts(monkeypatch, claims):
    """Every drawText of a claim's text: (rect, flags, text, font), recorded as painted."""
    calls = []
    original = QPainter.drawText
    starts = {" ".join(c.text.split())[:20]: c for c in claims}

    def recording(painter, *args):
        if len(args) == 3 and isinstance(args[2], str):
            flat = " ".join(args[2].split())
            claim = starts.get(flat[:20])
            if claim is not None:
                calls.append((args[0], args[1], args[2], painter.font(), claim))
        return original(painter, *args)

    monkeypatch.setattr(QPainter, "drawText", recording)
    return calls


def test_a_long_claim_in_a_narrow_list_ends_in_an_ellipsis_not_a_clipped_line(
    qtbot, seeds, monkeypatch
):
    window = make_window(qtbot, seeds.db)
    window.resize(1024, 640)  # a laptop: the claims column is narrow
    focus_claims(qtbot, window)
    view = window.claim_list.view
    claims = window.session.data.claims
    calls = _drawn_claim_texts(monkeypatch, claims)
    for _ in claims:  # every row comes into view and is painted
        qtbot.keyClick(view, Qt.Key.Key_J)
        view.viewport().grab()
    assert {claim.id for *_, claim in calls} == {c.id for c in claims}
    cut = 0
    for rect, flags, text, font, claim in calls:
        fm = QFontMetrics(font)
        painted = fm.boundingRect(rect, flags, text)
        assert painted.height() <= rect.height(), f"a line is clipped off: {text!r}"
        assert painted.width() <= rect.width() + 1, f"wider than the row: {text!r}"
        full = " ".join(claim.text.split())
        shown = " ".join(text.split())
        if shown != full:
            cut += 1
            assert shown.endswith("…"), f"cut without a mark: {shown!r}"
            assert full.startswith(shown[:-1].rstrip()), f"not the claim's start: {shown!r}"
    assert cut, "the narrow list shortens some claims (else this proves nothing)"


def test_a_labelling_session_frees_its_finished_operations(qtbot, seeds):
    """Every key that saves or ranks runs an operation; once it has reported, nothing may
    keep it (its closures hold article data): a long day must not grow without end."""
    window = make_window(qtbot, seeds.db)
    focus_claims(qtbot, window)
    runner = window.runner
    alive = []
    submit = runner.submit

    def tracking(*args, **kwargs):
        operation = submit(*args, **kwargs)
        alive.append(weakref.ref(operation))
        return operation

    window.runner.submit = tracking
    view = window.claim_list.view
    ctrl = Qt.KeyboardModifier.ControlModifier
    for _ in range(10):
        qtbot.keyClick(view, Qt.Key.Key_J)
        qtbot.keyClick(view, Qt.Key.Key_3)
        qtbot.keyClick(view, Qt.Key.Key_Z, ctrl)  # undo
        with qtbot.waitSignal(window.saved, timeout=10000):
            qtbot.keyClick(view, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not runner.busy, timeout=20000)
    assert len(alive) > 20, "the keys ran operations"
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    kept = [ref for ref in alive if ref() is not None]
    # the runner lets each one go when the next ends: at most the last is kept
    assert len(kept) <= 1, f"{len(kept)} of {len(alive)} finished operations are still alive"


def test_ctrl_r_again_brings_back_the_open_review_window(qtbot, seeds):
    """A lead goes from the review to the main window (Enter) and back with Ctrl+R: the one
    review window comes back with its place, not a second one beside it."""
    annotators.add_annotator(seeds.db, "lead")
    annotators.set_lead(seeds.db, "lead")
    window = make_window(qtbot, seeds.db, "lead")
    qtbot.waitUntil(lambda: window.lead_actions.review.isEnabled(), timeout=5000)
    focus_claims(qtbot, window)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_R, ctrl)
    first = window.review_window
    qtbot.waitUntil(first.isVisible, timeout=5000)
    focus_claims(qtbot, window)  # back in the main window
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_R, ctrl)
    open_reviews = [r for r in window.findChildren(ReviewWindow) if r.isVisible()]
    assert open_reviews == [first]
    assert window.review_window is first
    first.close()
    window.session.wait_idle(5000)


def test_the_current_claim_stays_whole_in_view_when_the_suggestion_line_appears(qtbot, seeds):
    """On a laptop the claims column is four rows high; the suggestion line shows up under it
    after the ranking and takes two lines: the current row must not slip under the edge."""
    window = make_window(qtbot, seeds.db)
    window.resize(1024, 640)
    focus_claims(qtbot, window)
    view = window.claim_list.view
    claims = window.session.data.claims
    for _ in range(len(claims) // 2):
        qtbot.keyClick(view, Qt.Key.Key_J)
        with qtbot.waitSignal(window.suggestion_shown, timeout=10000):
            pass  # the ranking of this claim, and the line under the list with it
        qtbot.waitUntil(  # once the layout has settled
            lambda: view.viewport().rect().contains(view.visualRect(view.currentIndex())),
            timeout=2000,
        )


def test_articles_whose_titles_open_alike_stay_apart_in_a_narrow_story_tree(qtbot, seeds):
    """Two seed articles open with "U.S. President Donald Trump ...": cut at the end, the
    narrow tree showed one stub for both; cut in the middle, each keeps its own ending."""
    window = make_window(qtbot, seeds.db, "alice")
    view = window.story_tree.view
    model = view.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    shown_titles = [
        model.index(row, 0, model.index(story, 0)).data()
        for story in range(model.rowCount())
        for row in range(model.rowCount(model.index(story, 0)))
    ]
    titles = [t for t in shown_titles if t.startswith("U.S. President Donald")]
    assert len(titles) == 2
    metrics = QFontMetrics(view.font())
    width = metrics.horizontalAdvance("U.S. President Donald")  # a narrow column
    shown = {metrics.elidedText(t, view.textElideMode(), width) for t in titles}
    assert len(shown) == 2, shown
