"""The window on a database with more stories than are read at once: the navigator shows one
row per story, reads a story's articles when it is needed (expanded, navigated into, opened),
and counts every story's progress without reading its articles."""

from __future__ import annotations

import pytest
from ui_corpus import add

from claimdesk.services.navigator import SMALL_DATABASE
from claimdesk.services.workspace import Workspace
from claimdesk.store import queries
from claimdesk.store.engine import open_database
from claimdesk.ui.models.story_tree_model import ARTICLE_ID_ROLE, PROGRESS_ROLE, STORY_ID_ROLE

STORIES = SMALL_DATABASE + 10


@pytest.fixture
def archive(tmp_path):
    """STORIES stories named "Story 00".., two articles of two claims each."""
    database = open_database(str(tmp_path / "lazy.db"))
    articles: dict[str, list[str]] = {}
    with database.transaction() as s:
        for n in range(STORIES):
            name = f"Story {n:02d}"
            articles[name] = [
                add(s, f"Report {k} of {n} came first. It said {k + n} people left.", story=name)
                for k in range(2)
            ]
    yield database, articles
    database.dispose()


def _label_all(db, article_ids):
    workspace = Workspace(db, "ann")
    with db.sessions() as session:
        claims = [c.id for a in article_ids for c in queries.claims_of(session, a)]
    for claim in claims:
        workspace.label(claim, "unique")


def _window(qtbot, db):
    from claimdesk.ui.main_window import MainWindow

    window = MainWindow(db, "ann")
    # every read done before the window goes: the filter's and the progress' lane too
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.wait_idle(5000))
    window.show()
    with qtbot.waitSignal(window.article_shown, timeout=10000):
        window.start()
    return window


def _read_stories(model) -> list[str]:
    return [s.name for s in model.stories() if model.is_loaded(s.id)]


def _story_row(model, name):
    return next(i for i in range(model.rowCount()) if model.index(i, 0).data() == name)


def test_opens_with_one_row_per_story_and_reads_only_the_first_articles_story(qtbot, archive):
    db, articles = archive
    window = _window(qtbot, db)
    model = window.story_tree.model
    assert model.rowCount() == STORIES
    assert window.session.data.id == articles["Story 00"][0]
    qtbot.waitUntil(lambda: _read_stories(model) == ["Story 00"])
    window.runner.wait_idle(5000)
    assert _read_stories(model) == ["Story 00"]  # nothing else was read
    current = window.story_tree.view.currentIndex()
    assert current.data(ARTICLE_ID_ROLE) == articles["Story 00"][0]


def test_next_article_crosses_into_a_story_not_read_yet_and_back(qtbot, archive):
    db, articles = archive
    window = _window(qtbot, db)
    session, model = window.session, window.story_tree.model
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        session.step_article(1)
    assert session.data.id == articles["Story 00"][1]
    assert not model.is_loaded(session.story_rows[1].id)
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        session.step_article(1)  # past the story's last article: the next story is read
    assert session.data.id == articles["Story 01"][0]
    qtbot.waitUntil(lambda: model.is_loaded(session.story_rows[1].id))
    qtbot.waitUntil(
        lambda: (
            window.story_tree.view.currentIndex().data(ARTICLE_ID_ROLE) == articles["Story 01"][0]
        )
    )
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        session.step_article(-1)
    assert session.data.id == articles["Story 00"][1]
    assert _read_stories(model) == ["Story 00", "Story 01"]


def test_a_label_updates_its_story_progress_without_reading_other_stories(qtbot, archive):
    db, articles = archive
    window = _window(qtbot, db)
    model = window.story_tree.model
    qtbot.waitUntil(lambda: window.session.story_progress is not None, timeout=5000)
    first = model.index(_story_row(model, "Story 00"), 0)
    later = model.index(_story_row(model, "Story 40"), 0)
    assert later.data(PROGRESS_ROLE) == (0, 4)  # counted, not read
    assert first.data(PROGRESS_ROLE) == (0, 4)
    with qtbot.waitSignal(window.saved, timeout=5000):
        window.session.set_label("unique")
    qtbot.waitUntil(lambda: first.data(PROGRESS_ROLE) == (1, 4))
    assert model.progress(articles["Story 00"][0]) == (1, 2)
    assert _read_stories(model) == ["Story 00"]


def test_starts_at_and_moves_on_to_the_first_unfinished_story_reading_it_then(qtbot, archive):
    db, articles = archive
    _label_all(db, articles["Story 00"] + articles["Story 01"])
    window = _window(qtbot, db)
    session, model = window.session, window.story_tree.model
    assert session.data.id == articles["Story 02"][0]  # finished stories skipped
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        session.open_article(articles["Story 00"][1])  # finished: Space goes on from here
    qtbot.waitUntil(lambda: model.is_loaded(session.story_rows[0].id))
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        session.next_unlabelled()
    assert session.data.id == articles["Story 02"][0]
    assert not model.is_loaded(session.story_rows[1].id)  # known finished: never read


def test_expanding_a_story_reads_its_articles_through_the_session(qtbot, archive):
    db, articles = archive
    window = _window(qtbot, db)
    tree, model = window.story_tree, window.story_tree.model
    row = _story_row(model, "Story 30")
    assert model.rowCount(model.index(row, 0)) == 0
    tree.view.expand(tree.view_index(model.index(row, 0)))
    qtbot.waitUntil(lambda: model.rowCount(model.index(row, 0)) == 2)
    children = [model.index(j, 0, model.index(row, 0)).data(ARTICLE_ID_ROLE) for j in range(2)]
    assert children == articles["Story 30"]
    story_id = model.index(row, 0).data(STORY_ID_ROLE)
    assert window.session.story_of[articles["Story 30"][1]] == story_id


def test_the_filter_reads_and_expands_only_the_stories_it_shows(qtbot, archive):
    db, articles = archive
    window = _window(qtbot, db)
    tree, model = window.story_tree, window.story_tree.model
    window.runner.wait_idle(5000)
    tree.filter.setText("story 3")  # case-insensitive, as the eager filter
    wanted = [f"Story {n}" for n in range(30, 40)]
    qtbot.waitUntil(lambda: set(wanted) <= set(_read_stories(model)), timeout=5000)
    window.runner.wait_idle(5000)
    assert sorted(_read_stories(model)) == ["Story 00", *wanted]  # the open one, the matches
    shown = [tree.proxy.index(i, 0).data() for i in range(tree.proxy.rowCount())]
    assert shown == wanted
    assert all(tree.view.isExpanded(tree.proxy.index(i, 0)) for i in range(len(wanted)))
    tree.filter.setText("report 1 of 45")  # an article's title (its text's start) matches
    qtbot.waitUntil(lambda: tree.proxy.rowCount() == 1, timeout=5000)
    story = tree.proxy.index(0, 0)
    assert story.data() == "Story 45"
    qtbot.waitUntil(lambda: tree.proxy.rowCount(story) == 1, timeout=5000)
    assert tree.proxy.index(0, 0, story).data(ARTICLE_ID_ROLE) == articles["Story 45"][1]


def test_filter_searches_typed_over_are_skipped_not_queued(qtbot, archive, monkeypatch):
    """Each pause in the typing asks for a search; those the annotator typed over while they
    waited their turn are skipped, so the last one does not queue behind them all."""
    import threading

    from claimdesk.ui.story_navigation import NAVIGATOR_LANE

    db, _articles = archive
    window = _window(qtbot, db)
    window.runner.wait_idle(5000)
    session = window.session
    searched, delivered = [], []
    navigator = session.navigator()
    real = type(navigator).matching
    monkeypatch.setattr(
        type(navigator), "matching", lambda self, text: searched.append(text) or real(self, text)
    )
    gate = threading.Event()
    window.runner.submit("busy lane", lambda _c: gate.wait(5), lane=NAVIGATOR_LANE)
    for text in ("story 1", "story 2", "story 3"):
        session.find_stories(text, delivered.append)
    gate.set()
    qtbot.waitUntil(lambda: len(delivered) == 1, timeout=5000)
    window.runner.wait_idle(5000)
    assert searched == ["story 3"]
    assert len(delivered) == 1 and delivered[0]  # the stories matching "story 3"
