"""Labels, links, the link -> label rule, the event log and undo/redo, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import func, select

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.errors import UsageError
from claimdesk.store import annotation, changes, corpus, queries
from claimdesk.store.models import Event, LabelRow


def _article(session, text, story="S"):
    record = ArticleRecord(text=text, origin="test", raw_sha256="x", story=story)
    spans = []
    for sentence in text.split(". "):
        start = text.index(sentence)
        end = start + len(sentence)
        spans.append(ClaimSpan(start, end, text[start:end], ("number",), None, "test"))
    return corpus.add_article(session, record, spans)


@pytest.fixture
def two_articles(db):
    with db.transaction() as s:
        a = _article(s, "Five people died in the attack. The call lasted an hour")
        b = _article(s, "Three people died in the attack. The call lasted an hour")
        c = _article(s, "An unrelated story about weather", story="Other")
    with db.sessions() as s:
        claims_a = [c.id for c in queries.claims_of(s, a.article_id)]
        claims_b = [c.id for c in queries.claims_of(s, b.article_id)]
        claims_c = [c.id for c in queries.claims_of(s, c.article_id)]
    return claims_a, claims_b, claims_c


def _label(db, claim, annotator="ann"):
    with db.sessions() as s:
        row = s.get(LabelRow, (claim, annotator))
        return None if row is None else (row.label, row.note, row.stale)


def test_reimport_is_a_noop(db):
    with db.transaction() as s:
        first = _article(s, "Five people died. Two were hurt")
    with db.transaction() as s:
        again = _article(s, "Five people died. Two were hurt")
    assert first.created and not again.created
    assert first.article_id == again.article_id
    with db.sessions() as s:
        assert len(queries.claims_of(s, first.article_id)) == 2


def test_label_then_relabel_keeps_note(db, two_articles):
    (a1, _), _, _ = two_articles
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "unique", note="checked wires")
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "corroborated")
    assert _label(db, a1) == ("corroborated", "checked wires", False)


def test_unknown_label_is_refused(db, two_articles):
    (a1, _), _, _ = two_articles
    with pytest.raises(ValueError, match="unknown label"), db.transaction() as s:
        annotation.set_label(s, "ann", a1, "maybe")


def test_conflict_link_implies_contradicted_and_wins_over_agreement(db, two_articles):
    (a1, a2), (b1, b2), _ = two_articles
    with db.transaction() as s:
        annotation.link(s, "ann", a2, b2, "agree")
    assert _label(db, a2)[0] == "corroborated"
    assert _label(db, b2)[0] == "corroborated"
    with db.transaction() as s:
        annotation.link(s, "ann", a1, b1, "conflict")
        annotation.link(s, "ann", a2, b1, "agree")
    assert _label(db, a1)[0] == "contradicted"
    # b1 has a conflict and an agreement: the conflict wins
    assert _label(db, b1)[0] == "contradicted"


def test_links_stay_within_a_story_and_across_articles(db, two_articles):
    (a1, a2), _, (c1,) = two_articles
    with pytest.raises(UsageError, match="same story"), db.transaction() as s:
        annotation.link(s, "ann", a1, c1, "agree")
    with pytest.raises(UsageError, match="different articles"), db.transaction() as s:
        annotation.link(s, "ann", a1, a2, "agree")


def test_a_claim_labelled_not_a_claim_cannot_be_linked(db, two_articles):
    (a1, _), (b1, _), _ = two_articles
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "not_a_claim")
    for x, y, which in ((a1, b1, "this claim"), (b1, a1, "the other claim")):
        refused = pytest.raises(UsageError, match=f"{which} is labelled not a claim")
        with refused, db.transaction() as s:
            annotation.link(s, "ann", x, y, "agree")
    assert _label(db, a1)[0] == "not_a_claim"
    assert _label(db, b1) is None  # nothing labelled on a rejected span's word
    with db.transaction() as s:  # another annotator's rejection does not bind this one
        annotation.link(s, "other", a1, b1, "agree")


def test_labelling_a_linked_claim_not_a_claim_drops_its_links_in_one_undoable_action(
    db, two_articles
):
    (a1, a2), (b1, b2), _ = two_articles
    with db.transaction() as s:
        annotation.link(s, "ann", a1, b1, "agree")
        annotation.link(s, "ann", b2, a1, "conflict")
        annotation.link(s, "ann", a2, b2, "agree")  # not a1's: stays
        annotation.link(s, "other", a1, b1, "agree")  # another annotator's: stays
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "not_a_claim")
    with db.sessions() as s:
        assert [(r.claim_a, r.claim_b) for r in queries.links_of(s, "ann")] == [
            tuple(sorted((a2, b2)))
        ]
        assert len(queries.links_of(s, "other")) == 1
    assert _label(db, b1)[0] == "corroborated"  # the other claims keep their labels
    with db.transaction() as s:
        action, _ = changes.undo_last(s, "ann")
    assert action == "label"
    assert _label(db, a1)[0] == "contradicted"
    with db.sessions() as s:
        assert len(queries.links_of(s, "ann")) == 3


def test_undo_redo_restores_link_and_implied_labels_together(db, two_articles):
    (a1, _), (b1, _), _ = two_articles
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "unique")
    with db.transaction() as s:
        annotation.link(s, "ann", a1, b1, "conflict")
    assert _label(db, a1)[0] == "contradicted"

    with db.transaction() as s:
        action, _ = changes.undo_last(s, "ann")
    assert action == "link"
    assert _label(db, a1)[0] == "unique"
    assert _label(db, b1) is None
    with db.sessions() as s:
        assert queries.links_of(s, "ann") == []

    with db.transaction() as s:
        action, _ = changes.redo_last(s, "ann")
    assert action == "link"
    assert _label(db, a1)[0] == "contradicted"
    with db.sessions() as s:
        assert len(queries.links_of(s, "ann")) == 1


def test_new_action_after_undo_drops_redo(db, two_articles):
    (a1, a2), _, _ = two_articles
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "unique")
    with db.transaction() as s:
        changes.undo_last(s, "ann")
    with db.transaction() as s:
        annotation.set_label(s, "ann", a2, "unique")
    with db.transaction() as s:
        assert changes.redo_last(s, "ann") is None
    assert _label(db, a1) is None


def test_undo_is_per_annotator_and_survives_reopening(any_db_url, two_articles, db):
    (a1, _), _, _ = two_articles
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "unique")
        annotation.set_label(s, "bob", a1, "corroborated")
    db.dispose()
    from claimdesk.store.engine import open_database

    reopened = open_database(any_db_url)
    with reopened.transaction() as s:
        action, _ = changes.undo_last(s, "ann")
    assert action == "label"
    assert _label(reopened, a1, "ann") is None
    assert _label(reopened, a1, "bob")[0] == "corroborated"
    reopened.dispose()


def test_every_change_is_logged_with_before_and_after(db, two_articles):
    (a1, _), _, _ = two_articles
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "unique")
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "corroborated")
    with db.sessions() as s:
        events = s.scalars(select(Event).order_by(Event.id)).all()
    assert [e.before and e.before["label"] for e in events] == [None, "unique"]
    assert [e.after["label"] for e in events] == ["unique", "corroborated"]
    assert all(e.annotator == "ann" and e.at is not None for e in events)


def test_new_article_makes_unique_labels_of_its_story_stale(db, two_articles):
    (a1, _), _, (c1,) = two_articles
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "unique")
        annotation.set_label(s, "ann", c1, "unique")
    with db.transaction() as s:
        added = _article(s, "Five people died in the attack, police said. More later")
    assert added.stale_marked == 1
    assert _label(db, a1)[2] is True
    assert _label(db, c1)[2] is False  # another story
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "unique")
    assert _label(db, a1)[2] is False


def test_adjudication_is_recorded(db, two_articles):
    (a1, _), _, _ = two_articles
    with db.transaction() as s:
        annotation.adjudicate(s, "lead", a1, "contradicted", note="wire copy says 3")
    with db.sessions() as s:
        gold = queries.adjudications(s)[a1]
        assert (gold.label, gold.adjudicator, gold.note) == (
            "contradicted",
            "lead",
            "wire copy says 3",
        )
        assert s.scalar(select(func.count()).select_from(Event)) == 1


def test_undo_refuses_to_overwrite_what_another_lead_changed_since(db, two_articles):
    (a1, _), _, _ = two_articles
    with db.transaction() as s:
        annotation.adjudicate(s, "lead_a", a1, "unique")
    with db.transaction() as s:
        annotation.adjudicate(s, "lead_b", a1, "contradicted")
    with pytest.raises(UsageError, match="changed since"), db.transaction() as s:
        changes.undo_last(s, "lead_a")
    with db.sessions() as s:
        assert queries.adjudications(s)[a1].label == "contradicted"
    with db.transaction() as s:  # lead_b's own undo is fine and restores lead_a's verdict
        changes.undo_last(s, "lead_b")
    with db.sessions() as s:
        assert queries.adjudications(s)[a1].label == "unique"


def test_undo_still_works_when_only_the_stale_mark_changed(db, two_articles):
    (a1, _), _, _ = two_articles
    with db.transaction() as s:
        annotation.set_label(s, "ann", a1, "unique")
    with db.transaction() as s:
        _article(s, "Five people died in the attack, officials said. More later")
    assert _label(db, a1)[2] is True  # stale now
    with db.transaction() as s:
        changes.undo_last(s, "ann")
    assert _label(db, a1) is None
