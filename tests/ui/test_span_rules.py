"""Pure word-boundary rules (domain.spans), span edits in the store, and the offset map."""

import pytest
from ui_corpus import add

from claimdesk.domain import spans
from claimdesk.domain.ids import claim_id
from claimdesk.services import spans as span_service
from claimdesk.services.workspace import Workspace
from claimdesk.store import queries
from claimdesk.store.models import Claim, LabelRow, LinkRow
from claimdesk.ui.offsets import OffsetMap

TEXT = "Five people died, police said. Two were hurt.\nLater news"


def test_grow_and_shrink_by_a_word():
    start, end = TEXT.index("people"), TEXT.index(",")  # "people died"
    assert spans.grow_start(TEXT, start, end) == (0, end)
    assert spans.shrink_start(TEXT, start, end) == (TEXT.index("died"), end)
    assert spans.grow_end(TEXT, start, end) == (start, TEXT.index(",") + 1)  # "died," whole
    comma = TEXT.index(",") + 1
    assert spans.grow_end(TEXT, start, comma) == (start, TEXT.index(" said"))
    assert spans.shrink_end(TEXT, start, end) == (start, TEXT.index(" died"))


def test_edits_that_would_empty_or_cross_a_line_are_refused():
    one = TEXT.index("Five"), TEXT.index(" people")
    assert spans.shrink_start(TEXT, *one) is None
    assert spans.shrink_end(TEXT, *one) is None
    assert spans.grow_start(TEXT, *one) is None  # already at the start
    last = TEXT.index("Two"), TEXT.index("\n")
    assert spans.grow_end(TEXT, *last) is None  # a line break ends a claim


def test_split_snaps_to_the_word_start_and_trims():
    start, end = 0, TEXT.index(" Two")
    left, right = spans.split(TEXT, start, end, TEXT.index("olice"))
    assert TEXT[left[0] : left[1]] == "Five people died,"
    assert TEXT[right[0] : right[1]] == "police said."
    assert spans.split(TEXT, start, end, start) is None


def test_selection_becomes_whole_words():
    s = TEXT.index("eople")
    assert spans.from_selection(TEXT, s, s + 8) == (TEXT.index("people"), TEXT.index(",") + 1)
    assert spans.from_selection(TEXT, 4, 5) is None  # only a space


@pytest.mark.parametrize(
    "text",
    ["plain ascii", "café – “quotes”", "emoji 😀 then 𝔘𝔫𝔦 and 🇺🇦 flags", "😀😀😀"],
)
def test_offset_map_round_trips(text):
    m = OffsetMap(text)
    utf16 = text.encode("utf-16-le")
    for i in range(len(text) + 1):
        q = m.to_qt(i)
        assert utf16[: 2 * q].decode("utf-16-le") == text[:i]
        assert m.to_py(q) == i


def _db_with_article(sqlite_db):
    with sqlite_db.transaction() as s:
        aid = add(s, "Five people died, police said. Two were hurt.", story="S")
        bid = add(s, "Three people died, police said. Two were hurt.", story="S")
    with sqlite_db.sessions() as s:
        return (
            aid,
            [c.id for c in queries.claims_of(s, aid)],
            [c.id for c in queries.claims_of(s, bid)],
        )


def test_resize_moves_label_and_links_and_undo_restores(sqlite_db):
    aid, (first, second), (other, _) = _db_with_article(sqlite_db)
    ws = Workspace(sqlite_db, "ann")
    ws.label(first, "unique", note="checked")
    ws.link(first, other, "conflict")
    result = span_service.resize(ws, first, "shrink_end")
    with sqlite_db.sessions() as s:
        claims = queries.claims_of(s, aid)
        new = claims[0]
        assert new.text == "Five people died, police"
        assert new.id == claim_id(aid, new.start, new.end)
        assert s.get(Claim, first).active is False
        assert s.get(LabelRow, (new.id, "ann")).label == "contradicted"
        assert s.get(LabelRow, (new.id, "ann")).note == "checked"
        assert s.get(LabelRow, (first, "ann")) is None
        assert [(k.claim_a, k.claim_b) for k in queries.links_of(s, "ann")] == [
            tuple(sorted((new.id, other)))
        ]
    assert new.id in result.claim_ids and first in result.claim_ids
    ws.undo()
    with sqlite_db.sessions() as s:
        assert [c.id for c in queries.claims_of(s, aid)] == [first, second]
        assert s.get(LabelRow, (first, "ann")).label == "contradicted"
        assert s.get(LinkRow, ("ann", *sorted((first, other)))) is not None
    ws.redo()
    with sqlite_db.sessions() as s:
        assert queries.claims_of(s, aid)[0].text == "Five people died, police"


def test_growing_back_reactivates_the_old_id(sqlite_db):
    aid, (first, _), _ = _db_with_article(sqlite_db)
    ws = Workspace(sqlite_db, "ann")
    span_service.resize(ws, first, "shrink_start")
    with sqlite_db.sessions() as s:
        shrunk = queries.claims_of(s, aid)[0].id
    span_service.resize(ws, shrunk, "grow_start")
    with sqlite_db.sessions() as s:
        assert queries.claims_of(s, aid)[0].id == first


def test_split_merge_and_add(sqlite_db):
    aid, (first, second), _ = _db_with_article(sqlite_db)
    ws = Workspace(sqlite_db, "ann")
    ws.label(first, "corroborated")
    text = "Five people died, police said. Two were hurt."
    span_service.split(ws, first, text.index("police"))
    with sqlite_db.sessions() as s:
        claims = queries.claims_of(s, aid)
        assert [c.text for c in claims] == ["Five people died,", "police said.", "Two were hurt."]
        assert [queries.labels_of(s, "ann").get(c.id).label for c in claims[:2]] == [
            "corroborated"
        ] * 2
    span_service.merge_next(ws, claims[1].id)
    with sqlite_db.sessions() as s:
        assert [c.text for c in queries.claims_of(s, aid)] == [
            "Five people died,",
            "police said. Two were hurt.",
        ]
    assert not span_service.merge_next(
        ws, queries.claims_of(sqlite_db.sessions(), aid)[-1].id
    ).did_something
    span_service.add(ws, aid, text.index("eople"), text.index(" died"))
    with sqlite_db.sessions() as s:
        assert "people" in [c.text for c in queries.claims_of(s, aid)]
