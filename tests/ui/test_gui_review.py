"""Found by looking at the real window and soaking it with keys."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from test_matching_window import focus_claims, make_window


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
