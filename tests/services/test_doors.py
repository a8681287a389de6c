"""The facade's doors: typed outcomes for story actions, and a lead's switches in the event log
(record-only: on record and sent as change sets, never undone)."""

from __future__ import annotations

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.services.app import App
from claimdesk.services.change_sets import (
    AnnotatorsChanged,
    ArticlesChanged,
    SettingsChanged,
    StoriesChanged,
)
from claimdesk.store import corpus
from claimdesk.store.changes import can_undo, undo_last
from claimdesk.store.models import Event

TEXTS = (
    "At least 23 people were injured in the attack on Kyiv overnight.",
    "The overnight attack on Kyiv injured at least 14 civilians.",
)


def _two_stories(db) -> list[str]:
    ids = []
    with db.transaction() as s:
        for text, story in zip(TEXTS, ("Kyiv A", "Kyiv B"), strict=True):
            span = ClaimSpan(0, len(text), text, ("number",), None, "test")
            ids.append(corpus.add_article(s, ArticleRecord(text, "t", "x", story=story), [span]))
    return [added.article_id for added in ids]


def test_a_move_says_which_stories_and_article_changed(db):
    first, second = _two_stories(db)
    app = App(db, "ana")
    before = {story.name: story.id for story in app.stories.stories()}
    outcome = app.stories.move_article(second, "Kyiv A")
    assert outcome.detail == before["Kyiv A"]
    assert outcome.message == f"moved {second} to story {before['Kyiv A']}"
    stories = next(c for c in outcome.changes if isinstance(c, StoriesChanged))
    assert stories.story_ids == {before["Kyiv A"], before["Kyiv B"]}
    moved = next(c for c in outcome.changes if isinstance(c, ArticlesChanged))
    assert moved.article_ids == {second}
    rows = {story.name: story.article_ids for story in app.stories.stories()}
    assert set(rows["Kyiv A"]) == {first, second}


def test_merging_names_the_stories_it_touched(db):
    _two_stories(db)
    app = App(db, "ana")
    ids = {story.name: story.id for story in app.stories.stories()}
    outcome = app.stories.merge(["Kyiv A", "Kyiv B"])
    assert outcome.detail == ids["Kyiv A"]
    stories = next(c for c in outcome.changes if isinstance(c, StoriesChanged))
    assert stories.story_ids == {ids["Kyiv A"], ids["Kyiv B"]}


def test_settings_and_the_lead_flag_are_logged_but_not_undone(db):
    _two_stories(db)
    app = App(db, "lea")
    app.annotators.add("lea")
    lead = app.annotators.set_lead("lea", True)
    assert lead.changes == (AnnotatorsChanged(frozenset({"lea"})),)
    assert lead.detail.is_lead
    off = app.stories.set_suggestions(False)
    assert off.changes == (SettingsChanged(frozenset({"suggestions_enabled"})),)
    assert not app.stories.suggestions_enabled()
    with db.sessions() as s:
        logged = {(e.action, e.entity, e.annotator) for e in s.query(Event)}
    assert ("set_lead", "annotator", "lea") in logged
    assert ("setting", "setting", "lea") in logged
    with db.transaction() as s:
        assert not can_undo(s, "lea")  # a lead's switch is not an edit to take back
        assert undo_last(s, "lea") is None
    assert not app.stories.suggestions_enabled()


def test_the_import_door_says_why_nothing_is_importable(db, tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert App(db).corpus.nothing_importable([tmp_path]) == [
        f"{tmp_path}: no article files in this folder"
    ]
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    assert App(db).corpus.nothing_importable([tmp_path]) == []


def test_an_import_reports_its_change_sets(db, tmp_path):
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    from claimdesk.services.importer import ImportReport

    report = App(db).corpus.import_paths([tmp_path], pipeline="rules")
    [added] = report.added
    assert report.change_sets() == (
        ArticlesChanged(frozenset({added.article_id})),
        StoriesChanged(),
    )
    again = App(db).corpus.import_paths([tmp_path], pipeline="rules")
    assert again.change_sets() == ()  # already there: nothing changed
    assert ImportReport().change_sets() == ()
