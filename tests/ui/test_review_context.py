"""The review window gives the lead context (issue 12, point 4): articles by title and outlet,
the claim in whole sentences, the matcher's candidates with their conflict hints, Enter opens the
claim in the main window, and a heat-map cell filters the queue. Real keys and clicks on the
sample corpus; waits on signals, never sleeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_matching_window import make_window

from claimdesk.domain.titles import display_title
from claimdesk.services import annotators
from claimdesk.services.context import CONTEXT_CHARS, claim_in_context
from claimdesk.store import annotation, queries
from claimdesk.ui.review import ReviewWindow
from claimdesk.ui.review.detail_panel import candidate_hint

WAIT = 10_000
OUTLET_TITLE = "Trump-Putin Call Yields No Breakthrough on Ukraine War"  # 003, with an outlet


@pytest.fixture
def review_db(seeds):
    """alice and bob disagree on the injured claim (001) and on two claims of 003; lena leads."""
    c003 = seeds.claims("003")
    plan = {
        seeds.injured: ("contradicted", "corroborated"),
        c003[0]: ("corroborated", "unique"),
        c003[1]: ("unique", "not_a_claim"),
        c003[2]: ("corroborated", "corroborated"),
    }
    with seeds.db.transaction() as session:
        for claim_id, (alice, bob) in plan.items():
            annotation.set_label(session, "alice", claim_id, alice)
            annotation.set_label(session, "bob", claim_id, bob)
    annotators.add_annotator(seeds.db, "lena")
    annotators.set_lead(seeds.db, "lena")
    return seeds


@pytest.fixture
def opened(qtbot):
    """Review windows opened by the test; at the end their runner has delivered every result,
    so no callback reaches a deleted window in the next test."""
    windows: list[ReviewWindow] = []
    yield windows
    for window in windows:
        qtbot.waitUntil(lambda window=window: not window.runner.busy, timeout=WAIT)


def _open(qtbot, db, opened) -> ReviewWindow:
    window = ReviewWindow(db, "lena")
    qtbot.addWidget(window)
    opened.append(window)
    window.resize(1280, 800)
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        window.show()
    qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=WAIT)
    return window


def _walk_to(qtbot, window: ReviewWindow, claim_id: str) -> None:
    """K up to the top, then J down the queue until the claim's detail and candidates are
    shown."""
    for _ in range(len(window.queue_model.entries)):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_K)
    for _ in range(len(window.queue_model.entries)):
        if window.current_entry().claim_id == claim_id:
            break
        qtbot.keyClick(window.queue_view, Qt.Key.Key_J)
    assert window.current_entry().claim_id == claim_id
    qtbot.waitUntil(
        lambda: (
            window.detail.detail is not None
            and window.detail.detail.claim_id == claim_id
            and window.detail.candidate_views is not None
        ),
        timeout=WAIT,
    )


def _article(db, article_id):
    with db.sessions() as session:
        article = queries.get_article(session, article_id)
        return article.title, article.source, article.text, article.origin


def _conflicting_claim(db, injured) -> str:
    """The claim of another article with the 14 injured (the matcher's conflict)."""
    from claimdesk.services.review import claim_candidates

    return next(c.claim_id for c in claim_candidates(db, injured) if c.hints)


def test_articles_are_named_by_title_and_outlet_never_by_path(qtbot, review_db, opened):
    db = review_db.db
    window = _open(qtbot, db, opened)
    _walk_to(qtbot, window, review_db.claims("003")[0])
    header = window.detail.header.text()
    assert f"{OUTLET_TITLE} — Alliance News" in header

    _walk_to(qtbot, window, review_db.injured)
    title, _source, text, origin = _article(db, review_db.article["001"])
    assert title is None  # untitled: named by the start of its text
    header = window.detail.header.text()
    assert display_title(None, text, cap=90).rstrip("…")[:40] in header
    shown = header + window.detail.candidates.toPlainText() + window.detail.comparison.toPlainText()
    assert origin not in shown and ".txt" not in shown and "seeds/" not in shown


def test_candidates_with_conflict_hints_show_without_any_link(qtbot, review_db, opened):
    db = review_db.db
    window = _open(qtbot, db, opened)
    _walk_to(qtbot, window, review_db.injured)
    views = window.detail.candidate_views
    conflicting = [view for view in views if view.hints]
    assert conflicting, "the matcher's 23-vs-14 candidate is listed though nobody linked it"
    hint = candidate_hint(conflicting[0])
    assert hint == "⚠ injured: 23 vs 14"  # what it counts, as the main panel says it
    listed = window.detail.candidates.toPlainText()
    assert hint in listed and conflicting[0].text[:40] in listed
    assert "linked by" not in listed

    # alice links it as a conflict: the next reload says so beside the candidate
    other = conflicting[0].claim_id
    with db.transaction() as session:
        annotation.link(session, "alice", review_db.injured, other, "conflict")
    with qtbot.waitSignal(window.candidates_shown, timeout=WAIT):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_F5)
    assert "linked by alice ≠ conflict" in window.detail.candidates.toPlainText()


def test_the_context_is_whole_sentences(qtbot, review_db, opened):
    db = review_db.db
    window = _open(qtbot, db, opened)
    _walk_to(qtbot, window, review_db.injured)
    detail = window.detail.detail
    _title, _source, text, _origin = _article(db, review_db.article["001"])
    shown = window.detail.context.toPlainText()
    assert detail.claim_text in shown
    # the context begins and ends where sentences do
    start = text.index(detail.before.removeprefix("… ")) if detail.before else None
    if start:
        assert text[start - 2 : start] in (". ", ".\n") or text[start - 1] == "\n"
    assert not detail.after or detail.after.rstrip(" …").endswith((".", "!", "?", "”", '"'))


def test_long_paragraphs_keep_whole_sentences_and_words():
    sentences = [
        f"Sentence {i} tells Mr. Smith that {i * 3} people came to the square." for i in range(40)
    ]
    text = "Headline\n" + " ".join(sentences) + "\nLast line."
    claim = sentences[20]
    start = text.index(claim)
    before, shown, after = claim_in_context(text, start, start + len(claim))
    assert shown == claim
    assert before.startswith("… Sentence ") and before.endswith(". ")
    assert after.startswith(" Sentence ") and after.endswith("square. …")
    assert len(before) + len(shown) + len(after) <= CONTEXT_CHARS + 4
    assert "Headline" not in before and "Last line" not in after
    # "Mr." ends no sentence: the context never starts at "Smith"
    assert not before.startswith("… Smith")

    # one sentence far longer than the room: cut between words, never inside one
    words = " ".join(f"word{i:03d}" for i in range(300))
    text = f"{words} the claim is here {words}."
    start = text.index("the claim is here")
    before, _, after = claim_in_context(text, start, start + len("the claim is here"))
    assert before.startswith("… word") and before.split()[1].startswith("word")
    assert len(before.split()[1]) == len("word000")
    assert after.endswith(" …") and len(after.split()[-2]) == len("word000")


def test_enter_opens_the_claim_in_the_main_window(qtbot, review_db, opened):
    db = review_db.db
    main = make_window(qtbot, db, "lena")
    qtbot.waitUntil(lambda: main.lead_actions.review.isEnabled(), timeout=WAIT)
    assert main.session.data.id != review_db.article["003"]
    main.lead_actions.review.trigger()
    review = main.review_window
    qtbot.waitUntil(lambda: review.detail.detail is not None, timeout=WAIT)
    target = review_db.claims("003")[1]
    _walk_to(qtbot, review, target)
    with qtbot.waitSignal(main.article_shown, timeout=WAIT) as shown:
        qtbot.keyClick(review.queue_view, Qt.Key.Key_Return)
    assert shown.args == [review_db.article["003"]]
    qtbot.waitUntil(lambda: main.session.current == target, timeout=WAIT)
    assert main.claim_list.model.claim_at(main.claim_list.view.currentIndex().row()).id == target
    opened.append(review)


def _click_cell(qtbot, matrix, row: int, column: int) -> None:
    qtbot.mouseClick(
        matrix, Qt.MouseButton.LeftButton, pos=matrix.cell_rect(row, column).center().toPoint()
    )


def test_a_heat_map_cell_filters_the_queue_and_clear_brings_it_back(qtbot, review_db, opened):
    db = review_db.db
    window = _open(qtbot, db, opened)
    everything = [entry.claim_id for entry in window.queue_model.entries]
    assert review_db.injured in everything and len(everything) >= 3
    matrix = window.figures.matrices[0]  # alice (rows) against bob (columns)
    labels = list(matrix._labels)
    row, column = labels.index("contradicted"), labels.index("corroborated")
    assert matrix.matrix[row][column] == 1

    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        _click_cell(qtbot, matrix, row, column)
    assert [entry.claim_id for entry in window.queue_model.entries] == [review_db.injured]
    assert window.cell_bar.isVisible()
    bar = window.cell_text.text()
    assert "alice" in bar and "bob" in bar and "1 claim" in bar
    assert window.figures.matrices[0].chosen == (row, column)  # framed after the reload

    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        qtbot.mouseClick(window.cell_clear, Qt.MouseButton.LeftButton)
    assert [entry.claim_id for entry in window.queue_model.entries] == everything
    assert not window.cell_bar.isVisible()
    assert window.figures.matrices[0].chosen is None

    # Backspace clears it too; a click outside the grid filters nothing
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        _click_cell(
            qtbot, window.figures.matrices[0], labels.index("unique"), labels.index("not_a_claim")
        )
    assert [entry.claim_id for entry in window.queue_model.entries] == [review_db.claims("003")[1]]
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_Backspace)
    assert len(window.queue_model.entries) == len(everything)
    matrix = window.figures.matrices[0]
    qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=matrix.rect().topLeft())
    assert window.cell is None


def test_a_gold_heat_map_cell_lists_the_decided_claims(qtbot, review_db, opened):
    db = review_db.db
    window = _open(qtbot, db, opened)
    _walk_to(qtbot, window, review_db.injured)
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        qtbot.keyClick(window.queue_view, Qt.Key.Key_2)  # gold: contradicted
    gold_maps = [m for m in window.figures.matrices if m._columns_name == "gold"]
    alice = next(m for m in gold_maps if m._rows_name == "alice")
    labels = list(alice._labels)
    index = labels.index("contradicted")
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        _click_cell(qtbot, alice, index, index)
    assert window.show_filter.currentData() == "decided"
    assert [entry.claim_id for entry in window.queue_model.entries] == [review_db.injured]
    assert "gold" in window.cell_text.text()
    with qtbot.waitSignal(window.refreshed, timeout=WAIT):
        qtbot.mouseClick(window.cell_clear, Qt.MouseButton.LeftButton)
    assert window.show_filter.currentData() == "open"  # what the gold cell changed, undone
    assert review_db.injured not in [entry.claim_id for entry in window.queue_model.entries]


def test_enter_in_the_note_field_finishes_the_note_and_opens_nothing(qtbot, review_db, opened):
    window = _open(qtbot, review_db.db, opened)
    qtbot.keyClick(window.queue_view, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: window.detail.note.hasFocus(), timeout=WAIT)
    qtbot.keyClicks(window.detail.note, "see 002")
    with qtbot.assertNotEmitted(window.open_claim_requested):
        qtbot.keyClick(window.detail.note, Qt.Key.Key_Return)
    assert window.detail.note.text() == "see 002" and window.queue_view.hasFocus()
    with qtbot.waitSignal(window.open_claim_requested, timeout=WAIT) as asked:
        qtbot.keyClick(window.queue_view, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert asked.args[1] == window.current_entry().claim_id
