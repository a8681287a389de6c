"""The story navigator filled lazily: one row per story with its counts, a story's articles
read when it is expanded, the same titles and progress as the eager load."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel

from claimdesk.services.app import App
from claimdesk.services.screen_reads import load_stories
from claimdesk.services.workspace import Workspace
from claimdesk.ui.models.story_tree_model import ARTICLE_ID_ROLE, PROGRESS_ROLE, STORY_ID_ROLE
from claimdesk.ui.story_tree import StoryTree


def _labelled(db, ids):
    from claimdesk.store import queries

    with db.sessions() as session:
        claim = queries.claims_of(session, ids[0])[0].id
    Workspace(db, "ann").label(claim, "corroborated")


def test_story_rows_count_what_the_eager_load_counts(corpus_db):
    db, ids = corpus_db
    _labelled(db, ids)
    eager = load_stories(db, "ann")
    rows = App(db, "ann").navigator.stories()
    assert [(r.id, r.name, r.articles) for r in rows] == [
        (s.id, s.name, len(s.articles)) for s in eager
    ]
    progress = App(db, "ann").navigator.progress()
    assert progress == {
        s.id: (sum(a.labelled for a in s.articles), sum(a.total for a in s.articles)) for s in eager
    }
    assert progress[rows[0].id][0] == 1
    for story in eager:
        articles = App(db, "ann").navigator.articles(story.id)
        assert [(a.id, a.title, a.source, a.published, a.labelled, a.total) for a in articles] == [
            (a.id, a.title, a.source, a.published, a.labelled, a.total) for a in story.articles
        ]


def _lazy_tree(qtbot, db):
    navigator = App(db, "ann").navigator
    asked = []

    def loader(story_id, deliver):
        asked.append(story_id)
        deliver(navigator.articles(story_id))

    tree = StoryTree()
    qtbot.addWidget(tree)
    tree.set_article_loader(loader)
    tree.set_story_rows(navigator.stories())
    tree.show()
    tree.set_story_progress(navigator.progress())  # after the rows, as the window does
    qtbot.waitExposed(tree)
    return tree, asked


def test_a_story_reads_its_articles_when_expanded(qtbot, corpus_db):
    db, ids = corpus_db
    _labelled(db, ids)
    tree, asked = _lazy_tree(qtbot, db)
    model = tree.model
    call = next(i for i in range(model.rowCount()) if model.index(i, 0).data() == "Call")
    story = tree.view_index(model.index(call, 0))
    assert model.index(call, 0).data(PROGRESS_ROLE)[0] == 1  # counted before it is expanded
    assert model.rowCount(model.index(call, 0)) == 0  # nothing read yet ...
    assert model.hasChildren(model.index(call, 0))  # ... but the view draws an expander
    assert asked == []
    tree.view.expand(story)
    qtbot.waitUntil(lambda: model.rowCount(model.index(call, 0)) == len(ids) - 1)
    assert len(asked) == 1  # that story only
    children = [model.index(j, 0, model.index(call, 0)) for j in range(len(ids) - 1)]
    assert [child.data(ARTICLE_ID_ROLE) for child in children] == ids[:-1]
    assert children[0].data(PROGRESS_ROLE)[0] == 1
    tree.view.collapse(story)
    tree.view.expand(story)
    assert len(asked) == 1  # read once


def test_selecting_an_article_of_an_unread_story_reads_it_first(qtbot, corpus_db):
    db, ids = corpus_db
    tree, asked = _lazy_tree(qtbot, db)
    weather = ids[-1]
    from claimdesk.store import queries

    with db.sessions() as session:
        story_id = queries.get_article(session, weather).story_id
    tree.select_article(weather, story_id)
    qtbot.waitUntil(lambda: tree.view.currentIndex().data(ARTICLE_ID_ROLE) == weather)
    assert asked == [story_id]


def test_the_filter_proxy_stands_in_only_while_a_filter_is_on(qtbot, corpus_db):
    """Unfiltered, the view shows the model itself (an archive's first layout is three times
    cheaper); a filter puts the proxy in; clearing it takes it out again, keeping the
    selected article and the expanded stories."""
    db, ids = corpus_db
    _labelled(db, ids)
    tree, _asked = _lazy_tree(qtbot, db)
    assert tree.view.model() is tree.model
    call = next(i for i in range(tree.model.rowCount()) if tree.model.index(i, 0).data() == "Call")
    call_story = tree.model.index(call, 0)
    tree.view.expand(tree.view_index(call_story))
    qtbot.waitUntil(lambda: tree.model.rowCount(call_story) == len(ids) - 1)
    picked = ids[1]
    with qtbot.waitSignal(tree.article_selected) as selected:
        tree.view.setCurrentIndex(tree.view_index(tree.model.index_of_article(picked)))
    assert selected.args == [picked]

    tree.unfinished.setChecked(True)
    assert tree.view.model() is tree.proxy
    assert tree.proxy.rowCount() == tree.model.rowCount()  # nothing is finished yet
    assert tree.view.isExpanded(tree.view_index(call_story))
    assert tree.view.currentIndex().data(ARTICLE_ID_ROLE) == picked

    tree.unfinished.setChecked(False)
    assert tree.view.model() is tree.model
    assert tree.proxy.sourceModel() is None  # hidden, it follows no change
    assert tree.view.isExpanded(tree.view_index(call_story))
    assert tree.view.currentIndex().data(ARTICLE_ID_ROLE) == picked
    with qtbot.waitSignal(tree.article_selected) as selected:  # the new selection model works
        tree.view.setCurrentIndex(tree.view_index(tree.model.index_of_article(ids[0])))
    assert selected.args == [ids[0]]

    tree.filter.setText("no story or article is called this")
    assert tree.view.model() is tree.proxy and tree.proxy.rowCount() == 0
    tree.select_article(ids[1])  # the session opens an article the filter hides (Space)
    tree.filter.clear()
    assert tree.view.model() is tree.model
    assert tree.view.currentIndex().data(ARTICLE_ID_ROLE) == ids[1]  # the open one


def test_a_story_the_filter_hid_comes_back_expanded_when_it_is_cleared(qtbot, corpus_db):
    db, ids = corpus_db
    tree, _asked = _lazy_tree(qtbot, db)
    call = next(i for i in range(tree.model.rowCount()) if tree.model.index(i, 0).data() == "Call")
    call_story = tree.model.index(call, 0)
    tree.view.expand(tree.view_index(call_story))
    qtbot.waitUntil(lambda: tree.model.rowCount(call_story) == len(ids) - 1)
    tree.filter.setText("no story or article is called this")  # hides every story
    assert tree.view.model() is tree.proxy and tree.proxy.rowCount() == 0
    tree.filter.clear()
    assert tree.view.isExpanded(tree.view_index(call_story))
    # one the filter showed and the annotator collapsed stays collapsed
    tree.unfinished.setChecked(True)
    tree.view.collapse(tree.view_index(call_story))
    tree.unfinished.setChecked(False)
    assert not tree.view.isExpanded(tree.view_index(call_story))


def test_a_multi_row_selection_outlives_switching_a_filter_on_and_off(qtbot, corpus_db):
    """Articles picked for a move keep their selection when 'Only unfinished' is switched
    on and off (the proxy comes and goes between the model and the view)."""
    db, ids = corpus_db
    tree, _asked = _lazy_tree(qtbot, db)
    call = next(i for i in range(tree.model.rowCount()) if tree.model.index(i, 0).data() == "Call")
    call_story = tree.model.index(call, 0)
    tree.view.expand(tree.view_index(call_story))
    qtbot.waitUntil(lambda: tree.model.rowCount(call_story) >= 2)
    picked = [tree.model.index(row, 0, call_story).data(ARTICLE_ID_ROLE) for row in (0, 1)]
    tree.select_article(picked[0])
    second = tree.view_index(tree.model.index_of_article(picked[1]))
    tree.view.selectionModel().select(
        second, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    assert set(tree.selected_article_ids()) == set(picked)

    tree.unfinished.setChecked(True)
    assert tree.view.model() is tree.proxy
    assert set(tree.selected_article_ids()) == set(picked)
    tree.unfinished.setChecked(False)
    assert tree.view.model() is tree.model
    assert set(tree.selected_article_ids()) == set(picked)


def test_answers_for_a_closed_tree_are_dropped(qtbot, corpus_db):
    """A story's articles or a filter's stories read on the worker after the window closed
    reach a deleted tree: dropped, not a crash in the event loop."""
    import shiboken6

    db, _ids = corpus_db
    navigator = App(db, "ann").navigator
    waiting = []
    tree = StoryTree()
    tree.set_article_loader(lambda story_id, deliver: waiting.append((story_id, deliver)))
    tree.set_filter_loader(lambda text, deliver: waiting.append((text, deliver)))
    rows = navigator.stories()
    tree.set_story_rows(rows)
    tree.model.fetchMore(tree.model.index(0, 0))
    tree.filter.setText("Call")
    tree._find_filtered()  # as the filter's timer does once typing stops
    assert len(waiting) == 2
    shiboken6.delete(tree)
    for key, deliver in waiting:
        deliver(navigator.articles(rows[0].id) if key == rows[0].id else {})


def test_stories_picked_for_a_merge_stay_the_only_selection_across_a_filter(qtbot, corpus_db):
    """Two story rows picked for a merge while an article of a third story is open: switching
    'Only unfinished' on must not add the open article's row to the selection (its story
    would be merged too)."""
    from ui_corpus import add

    db, ids = corpus_db
    with db.transaction() as s:
        add(s, "The match ended. Fans cheered.", story="Sport", title="Match", source="Delta")
    tree, _asked = _lazy_tree(qtbot, db)
    stories = {tree.model.index(i, 0).data(): i for i in range(tree.model.rowCount())}
    weather = tree.model.index(stories["Weather"], 0)
    tree.view.expand(tree.view_index(weather))
    qtbot.waitUntil(lambda: tree.model.rowCount(weather) >= 1)
    tree.select_article(tree.model.index(0, 0, weather).data(ARTICLE_ID_ROLE))  # the open one
    picked = [tree.model.index(stories[name], 0) for name in ("Call", "Sport")]
    flags = QItemSelectionModel.SelectionFlag
    tree.view.selectionModel().setCurrentIndex(picked[0], flags.ClearAndSelect | flags.Rows)
    tree.view.selectionModel().select(picked[1], flags.Select | flags.Rows)
    wanted = {index.data(STORY_ID_ROLE) for index in picked}
    assert set(tree.selected_story_ids()) == wanted

    tree.unfinished.setChecked(True)
    assert set(tree.selected_story_ids()) == wanted
    assert tree.selected_article_ids() == []
    tree.unfinished.setChecked(False)
    assert set(tree.selected_story_ids()) == wanted
