"""The facade's annotation door (`App.annotation`): each action is one committed transaction
returning an Outcome whose changes are typed change sets, and the screen reads return plain
records. No Qt here."""

from __future__ import annotations

import pytest

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.services.app import App
from claimdesk.services.change_sets import (
    ClaimsChanged,
    LabelsChanged,
    LinksChanged,
    SettingsChanged,
    StoriesChanged,
)
from claimdesk.services.screen_records import ArticleData, ClaimItem
from claimdesk.store import corpus
from claimdesk.store.models import LabelRow, LinkRow


def _add(session, text, story):
    spans = [ClaimSpan(0, text.index(".") + 1, text[: text.index(".") + 1], (), None, "test")]
    second = text.index(".") + 2
    spans.append(ClaimSpan(second, len(text), text[second:], (), None, "test"))
    record = ArticleRecord(
        text=text, origin=f"{story}-{len(text)}.txt", raw_sha256="x", story=story
    )
    return corpus.add_article(session, record, spans).article_id


@pytest.fixture
def world(db):
    with db.transaction() as s:
        a = _add(s, "Seven ships docked in the port on Monday. The port was closed.", "Port")
        b = _add(s, "Nine vessels reached the harbour on Monday. Crews rested there.", "Port")
        c = _add(s, "The election will be held on 4 May. Turnout may be low.", "Vote")
    app = App(db, "ann")
    return app, app.annotation, a, b, c


def _kinds(outcome):
    return {type(change) for change in outcome.changes}


def test_label_returns_typed_labels_changed_and_is_committed(world):
    app, door, a, _b, _c = world
    article = door.article(a)
    assert isinstance(article, ArticleData) and all(
        isinstance(c, ClaimItem) for c in article.claims
    )
    claim = article.claims[0].id
    outcome = door.label(claim, "unique", note="seen twice")
    assert outcome.action == "label"
    assert outcome.changes == (LabelsChanged(frozenset({claim})),)
    with app.db.sessions() as s:
        row = s.get(LabelRow, (claim, "ann"))
        assert (row.label, row.note) == ("unique", "seen twice")
    again = door.label(claim, "unique")  # the same verdict again is not a change
    assert not again.did_something


def test_link_names_both_claims_and_the_labels_it_implied(world):
    _app, door, a, b, _c = world
    here, there = door.article(a).claims[0].id, door.article(b).claims[0].id
    outcome = door.link(here, there, "conflict")
    assert LinksChanged(frozenset({here, there})) in outcome.changes
    assert LabelsChanged(frozenset({here, there})) in outcome.changes
    assert set(outcome.detail) == {(here, "contradicted"), (there, "contradicted")}
    view = door.view_update(outcome.changes, a)
    assert view.links == {tuple(sorted((here, there))): "conflict"}
    assert view.labelled[there].label == "contradicted"
    assert view.progress[a] == (1, 2) and view.progress[b] == (1, 2)


def test_span_edit_names_the_articles_of_retired_and_new_claims(world):
    _app, door, a, _b, _c = world
    first = door.article(a).claims[0]
    door.label(first.id, "unique")
    outcome = door.resize(first.id, "shrink_end")
    claims = next(c for c in outcome.changes if isinstance(c, ClaimsChanged))
    assert first.id in claims.claim_ids and claims.article_ids == {a}
    view = door.view_update(outcome.changes, a)
    assert view.article_claims is not None
    new = [c for c in view.article_claims if c.id not in {first.id}]
    assert any(c.label == "unique" and c.start == first.start for c in new)  # the label moved
    # an update read for another article does not re-read this one's claims
    assert door.view_update(outcome.changes, None).article_claims is None


def test_undo_and_redo_say_what_they_replayed(world):
    app, door, a, _b, _c = world
    claim = door.article(a).claims[0].id
    door.label(claim, "not_a_claim")
    undone = door.undo()
    assert undone.action == "undo label" and undone.message == "label not a claim"
    assert undone.changes == (LabelsChanged(frozenset({claim})),)
    with app.db.sessions() as s:
        assert s.get(LabelRow, (claim, "ann")) is None
    redone = door.redo()
    assert redone.action == "redo label" and redone.claim_ids == {claim}
    assert not door.redo().did_something  # nothing left to redo


def test_story_operations_return_the_stories_they_changed(world):
    app, door, a, b, c = world
    port, vote = door.article(a).story_id, door.article(c).story_id
    moved = door.move_article(b, "Harbour")
    (stories,) = moved.changes
    assert isinstance(stories, StoriesChanged) and port in stories.story_ids
    harbour = door.article(b).story_id
    assert stories.story_ids == {port, harbour}
    merged = door.merge_stories([vote, harbour])
    assert merged.changes == (StoriesChanged(frozenset({vote, harbour})),)
    # undoing a story operation is a StoriesChanged too (decoded from the log)
    undone = door.undo()
    assert any(isinstance(change, StoriesChanged) for change in undone.changes)
    assert {node.name for node in door.stories()} >= {"Port", "Vote"}


def test_settings_and_reads(world):
    app, door, a, _b, _c = world
    outcome = door.set_suggestions(False)
    assert outcome.changes == (SettingsChanged(frozenset({"suggestions_enabled"})),)
    assert door.role() == (False, False)
    assert door.count_articles() == 3
    hits = door.search("harbour")
    assert [hit.claim_id is not None for hit in hits][:1] == [True]


def test_a_link_within_one_article_is_refused_without_a_change(world):
    from claimdesk.errors import UsageError

    app, door, a, _b, _c = world
    first, second = (c.id for c in door.article(a).claims)
    with pytest.raises(UsageError):
        door.link(first, second, "agree")
    with app.db.sessions() as s:
        assert s.query(LinkRow).count() == 0
