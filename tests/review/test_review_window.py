"""A review session in the window: two annotators disagree on seed claims, the lead settles them
from the keyboard, and the queue and the drawn figures follow. Waits on signals, never sleeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from review_corpora import add_seed_corpus, label_all
from sqlalchemy import select

from claimdesk.services import annotators
from claimdesk.store.models import Adjudication
from claimdesk.ui.review import ReviewWindow
from claimdesk.ui.review.queue_model import QueueModel

WAIT = 10_000


@pytest.fixture
def session_db(sqlite_db):
    """Seed claims of the July story: alice and bob agree on some and differ on four."""
    claims = add_seed_corpus(sqlite_db, claims_per_article=4)
    july = claims["001"] + claims["002"]
    alice = {c: "corroborated" for c in july}
    bob = dict(alice)
    differ = july[:4]
    bob[differ[0]] = "contradicted"
    bob[differ[1]] = "unique"
    bob[differ[2]] = "contradicted"
    bob[differ[3]] = "not_a_claim"
    alice[july[4]] = "unique"  # more than one label in use, so kappa is defined
    bob[july[4]] = "unique"
    label_all(sqlite_db, "alice", alice)
    label_all(sqlite_db, "bob", bob)
    annotators.add_annotator(sqlite_db, "lena")
    annotators.set_lead(sqlite_db, "lena")
    return sqlite_db, differ, july


def _open(qtbot, db, name="lena") -> ReviewWindow:
    window = ReviewWindow(db, name)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        window.show()
    qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=WAIT)
    return window


def _queue_ids(window) -> list[str]:
    return [entry.claim_id for entry in window.queue_model.entries]


def _gold(db) -> dict[str, tuple]:
    with db.sessions() as s:
        return {
            row.claim_id: (row.label, row.adjudicator, row.note)
            for row in s.scalars(select(Adjudication))
        }


def _screen_text(window) -> str:
    return "\n".join(label.text() for label in window.findChildren(QLabel))


def test_lead_adjudicates_from_the_keyboard(qtbot, session_db):
    db, differ, _ = session_db
    window = _open(qtbot, db)
    assert _queue_ids(window) == sorted(differ)
    assert window.is_lead
    assert "4 open disagreements" in window.status.text()
    alpha_before = window.figures.headline["Krippendorff's α"].text()
    assert "nan" not in _screen_text(window).lower()
    assert window.figures.matrices[0].matrix[0][1] >= 1  # alice corroborated, bob contradicted

    first = window.current_entry().claim_id
    with (
        qtbot.waitSignal(window.adjudicated, timeout=WAIT) as adjudicated,
        qtbot.waitSignal(window.refreshed, timeout=WAIT),  # the reload after adjudicating
    ):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_1)
    assert adjudicated.args == [first, "corroborated"]
    qtbot.waitUntil(lambda: first not in _queue_ids(window), timeout=WAIT)
    assert _gold(db)[first] == ("corroborated", "lena", None)
    # the figures now include the gold comparison, drawn as a matrix per annotator
    qtbot.waitUntil(lambda: "3 open disagreements" in window.status.text(), timeout=WAIT)
    assert any(view.matrix and view._columns_name == "gold" for view in window.figures.matrices)
    assert window.figures.headline["Krippendorff's α"].text() == alpha_before  # labels unchanged

    # j/k move through the queue; a note, then a letter key, settles the current claim
    second = window.current_entry().claim_id
    assert second == _queue_ids(window)[0]
    qtbot.keyClick(window.queue_view, Qt.Key.Key_J)
    assert window.current_entry().claim_id == _queue_ids(window)[1]
    qtbot.keyClick(window.queue_view, Qt.Key.Key_K)
    assert window.current_entry().claim_id == second
    qtbot.waitUntil(lambda: window.detail.detail.claim_id == second, timeout=WAIT)
    qtbot.keyClick(window.queue_view, Qt.Key.Key_E)
    assert window.detail.note.hasFocus()
    qtbot.keyClicks(window.detail.note, "Kremlin readout says otherwise")
    qtbot.keyClick(window.detail.note, Qt.Key.Key_Return)
    assert window.queue_view.hasFocus()
    with qtbot.waitSignal(window.adjudicated, timeout=WAIT):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_X)
    assert _gold(db)[second] == ("contradicted", "lena", "Kremlin readout says otherwise")
    assert window.detail.note.text() == ""
    qtbot.waitUntil(lambda: len(_queue_ids(window)) == 2, timeout=WAIT)


def test_the_queue_follows_labels_written_elsewhere(qtbot, session_db):
    """No change set tells of another process's write: the SQLite file's watcher does."""
    db, differ, july = session_db
    window = _open(qtbot, db)
    assert window.external.active
    label_all(db, "bob", {july[5]: "unique"})  # bob, in another process, disagrees once more
    qtbot.waitUntil(lambda: july[5] in _queue_ids(window), timeout=WAIT)
    assert "5 open disagreements" in window.status.text()


def test_a_change_set_on_the_bus_patches_the_queue_and_the_figures(qtbot, session_db):
    """Labels changed in the main window arrive as a change set: the claim's row follows,
    then the figures, with no reload from the database."""
    from claimdesk.services.change_sets import from_log
    from claimdesk.services.workspace import Workspace
    from claimdesk.ui.change_bus import ChangeBus

    db, differ, july = session_db
    bus = ChangeBus()
    window = ReviewWindow(db, "lena", bus=bus)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        window.show()
    window.external.stop()  # only the bus may bring the change
    loads = []
    door_snapshot = window.door.snapshot
    window.door.snapshot = lambda *args, **kwargs: loads.append(1) or door_snapshot(*args, **kwargs)
    alpha_before = window.figures.headline["Krippendorff's α"].text()
    changes = from_log(Workspace(db, "bob").label(july[5], "unique").changes)
    with qtbot.waitSignal(window.figures_updated, timeout=WAIT):
        bus.publish(changes, origin=None)
    assert july[5] in _queue_ids(window)
    entry = next(e for e in window.queue_model.entries if e.claim_id == july[5])
    assert entry.labels == {"alice": "corroborated", "bob": "unique"}
    assert "5 open disagreements" in window.status.text()
    assert window.figures.headline["Krippendorff's α"].text() != alpha_before
    assert loads == []  # patched, not reloaded
    # and the lead's own decision goes out on the bus for the other windows
    heard = []
    bus.applied.connect(lambda changes, origin: heard.append((changes, origin)))
    assert window.select_claim(july[5])
    with qtbot.waitSignal(window.adjudicated, timeout=WAIT):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: bool(heard), timeout=WAIT)
    changes, origin = heard[0]
    assert origin is window
    assert [type(c).__name__ for c in changes] == ["AdjudicationsChanged"]
    assert changes[0].claim_ids == frozenset({july[5]})


def test_filters_by_label_pair_and_annotator(qtbot, session_db):
    db, differ, _ = session_db
    window = _open(qtbot, db)
    index = window.pair_filter.findData("corroborated,unique")
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        window.pair_filter.setCurrentIndex(index)
    assert _queue_ids(window) == [differ[1]]
    assert "4 open disagreements, 1 shown by the filters" in window.status.text()
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        window.pair_filter.setCurrentIndex(0)
    index = window.annotator_filter.findData("lena")  # lena labelled nothing: not listed
    assert index == -1
    assert window.annotator_filter.findData("bob") > 0


def test_a_non_lead_sees_the_queue_read_only(qtbot, session_db):
    db, differ, _ = session_db
    window = _open(qtbot, db, name="bob")
    assert not window.is_lead
    assert not window.detail.buttons["corroborated"].isEnabled()
    qtbot.keyClick(window.queue_view, Qt.Key.Key_1)
    window.runner.wait_idle(WAIT)  # anything the key started has finished before we look
    assert _gold(db) == {}
    assert "claimdesk annotators lead bob" in window.detail.read_only.text()


def test_one_annotator_shows_not_enough_data_never_nan(qtbot, sqlite_db):
    claims = add_seed_corpus(sqlite_db, claims_per_article=3)
    label_all(sqlite_db, "solo", {c: "unique" for c in claims["001"]})
    window = _open_empty(qtbot, sqlite_db)
    assert window.figures.headline["Krippendorff's α"].text() == "not enough data"
    assert window.figures.headline["Fleiss' κ"].text() == "not enough data"
    assert "nan" not in _screen_text(window).lower()
    assert _queue_ids(window) == []
    assert "nothing to adjudicate" in window.detail.header.text()


def _open_empty(qtbot, db) -> ReviewWindow:
    window = ReviewWindow(db, "solo")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        window.show()
    return window


def test_queue_model_keeps_its_rows_when_nothing_changed(qtbot, session_db):
    db, _, _ = session_db
    window = _open(qtbot, db)
    model: QueueModel = window.queue_model
    assert model.set_entries(list(model.entries)) is False  # no reset: the selection stays
    assert model.rowCount() == 1  # one story
    assert model.rowCount(model.index(0, 0)) == 4


def test_claim_texts_beyond_the_first_screen_are_read_as_rows_are_shown(
    qtbot, session_db, monkeypatch
):
    from claimdesk.services import review, review_queue
    from claimdesk.ui.review.queue_model import READING

    monkeypatch.setattr(review_queue, "FIRST_SCREEN", 1)
    db, differ, _ = session_db
    window = _open(qtbot, db)
    model = window.queue_model
    texts = review.claim_texts(db, differ)
    entries = model.entries
    assert entries[0].claim_text and not entries[-1].claim_text  # only the first came along

    def shown(claim_id: str) -> str:
        return model.data(model.index_of_claim(claim_id))

    last = entries[-1].claim_id
    assert shown(last) in (READING, " ".join(texts[last].split()))
    qtbot.waitUntil(lambda: shown(last) == " ".join(texts[last].split()), timeout=WAIT)
    assert all(shown(claim) == " ".join(texts[claim].split()) for claim in differ)


def test_queue_roles_hold_a_value_on_story_and_claim_rows(qtbot, session_db):
    """Python reads these roles; None would leak on PySide6 6.12 with Python 3.11."""
    from PySide6.QtCore import QModelIndex

    from claimdesk.ui.review.queue_model import CLAIM_ID_ROLE, ENTRY_ROLE

    db, _, _ = session_db
    window = _open(qtbot, db)
    model = window.queue_model
    stories = [model.index(row, 0, QModelIndex()) for row in range(model.rowCount())]
    claims = [model.index(r, 0, story) for story in stories for r in range(model.rowCount(story))]
    assert stories and claims
    for index in stories + claims:
        for role in (ENTRY_ROLE, CLAIM_ID_ROLE):
            assert model.data(index, role) is not None, (index.row(), role)


def test_ctrl_z_undoes_an_adjudication_and_decided_shows_it_again(qtbot, session_db):
    db, differ, _ = session_db
    window = _open(qtbot, db)
    first = window.current_entry().claim_id
    with (
        qtbot.waitSignal(window.adjudicated, timeout=WAIT),
        qtbot.waitSignal(window.refreshed, timeout=WAIT),
    ):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_3)
    assert _gold(db)[first][0] == "unique"
    assert first not in _queue_ids(window)
    # the status line names the decision and the claim
    status = window.status.text()
    assert "Decided: unique for “" in status and "Ctrl+Z" in status
    assert window.current_entry().claim_id != first

    # the Decided filter lists it, with its gold label
    index = window.show_filter.findData("decided")
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        window.show_filter.setCurrentIndex(index)
    assert _queue_ids(window) == [first]
    assert window.queue_model.entries[0].gold == "unique"
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        window.show_filter.setCurrentIndex(window.show_filter.findData("open"))

    # Ctrl+Z in this window takes the decision back, and the claim is in the queue again
    window.queue_view.setFocus()
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: first in _queue_ids(window), timeout=WAIT)
    assert first not in _gold(db)
    assert window.current_entry().claim_id == first
    assert "Undone: adjudication for “" in window.status.text()
    # and Ctrl+Shift+Z decides it again
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        qtbot.keyClick(
            window.queue_view,
            Qt.Key.Key_Z,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    # (the undo's own figures may end in a later `refreshed` than the one awaited above: the
    # redo is done when its words are shown)
    qtbot.waitUntil(lambda: "Redone: adjudication" in window.status.text(), timeout=WAIT)
    assert _gold(db)[first][0] == "unique"


def test_digits_typed_in_the_review_note_are_text(qtbot, session_db):
    db, _, _ = session_db
    window = _open(qtbot, db)
    qtbot.keyClick(window.queue_view, Qt.Key.Key_E)
    assert window.detail.note.hasFocus()
    qtbot.keyClicks(window.detail.note, "2 sources; j k")
    assert window.detail.note.text() == "2 sources; j k"
    window.runner.wait_idle(WAIT)
    assert _gold(db) == {}


@pytest.mark.postgres
def test_a_team_members_label_reaches_the_window_by_notification(qtbot, pg_url):
    """PostgreSQL: another client's commit is announced by LISTEN/NOTIFY (no timer)."""
    from claimdesk.store.engine import open_database

    db = open_database(pg_url)
    other = open_database(pg_url)
    try:
        claims = add_seed_corpus(db, claims_per_article=4)
        july = claims["001"] + claims["002"]
        label_all(db, "alice", {c: "corroborated" for c in july})
        annotators.add_annotator(db, "lena")
        annotators.set_lead(db, "lena")
        window = ReviewWindow(db, "lena")
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.refreshed, timeout=WAIT):
            window.show()
        assert window.external.listener.wait_ready()
        assert _queue_ids(window) == []
        label_all(other, "bob", {july[2]: "unique"})
        qtbot.waitUntil(lambda: _queue_ids(window) == [july[2]], timeout=WAIT)
        window.close()
    finally:
        other.dispose()
        db.dispose()


def test_a_write_elsewhere_during_a_catch_up_is_caught_up_after_it(qtbot, session_db):
    """The watcher signals a second write while the first one's catch-up runs, and that
    catch-up had read the log before the second write: it is read once the first is done
    (it was dropped, and bob's second disagreement stayed off the queue until a reload)."""
    import threading

    db, differ, july = session_db
    window = _open(qtbot, db)
    window.external.stop()  # the test says when the watcher fires
    door = window.door
    real_catch_up = door.catch_up
    second_written = threading.Event()

    def catch_up_then_bob_writes_again(wanted):
        result = real_catch_up(wanted)
        if not second_written.is_set():
            label_all(db, "bob", {july[6]: "unique"})  # after this catch-up read the log
            second_written.set()
        return result

    door.catch_up = catch_up_then_bob_writes_again
    label_all(db, "bob", {july[5]: "unique"})
    window._on_external_change()
    assert second_written.wait(WAIT / 1000)
    window._on_external_change()  # the watcher, while the first check is still in flight
    qtbot.waitUntil(lambda: july[6] in _queue_ids(window), timeout=WAIT)
    assert july[5] in _queue_ids(window)


def test_the_detail_follows_a_label_of_the_shown_claim_written_elsewhere(qtbot, session_db):
    """Bob changes his label of the claim on screen: its queue row and the detail beside it
    both show the new label (the detail kept the old one: it was redrawn only when the row
    had not changed)."""
    db, differ, july = session_db
    window = _open(qtbot, db)
    shown = window.current_entry().claim_id
    assert window.current_entry().labels["bob"] != "unique"
    label_all(db, "bob", {shown: "unique"})
    qtbot.waitUntil(lambda: window.current_entry().labels["bob"] == "unique", timeout=WAIT)
    assert window.current_entry().claim_id == shown

    def detail_label() -> str:
        detail = window.detail.detail
        return {view.annotator: view.label for view in detail.annotators}["bob"]

    qtbot.waitUntil(lambda: detail_label() == "unique", timeout=WAIT)
