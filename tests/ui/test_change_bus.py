"""The main window and the shared ChangeBus: every action's typed change sets go out on the
bus once committed, and change sets another window publishes are applied where they show
(the claim list, the other reports, the story tree), without reloading the article."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_window import focus_claims, press

from claimdesk.services.app import App
from claimdesk.services.change_sets import LabelsChanged, LinksChanged, StoriesChanged
from claimdesk.ui.change_bus import ChangeBus

ELSEWHERE = object()  # another window, as the bus names its origin


def _label_of(window, claim_id):
    model = window.claim_list.model
    return model.claim_at(model.row_of(claim_id)).label


def test_an_action_is_published_on_the_bus_with_typed_change_sets(qtbot, window):
    focus_claims(qtbot, window)
    claim = window.session.current
    published = []
    window.bus.applied.connect(lambda changes, origin: published.append((changes, origin)))
    press(qtbot, window, Qt.Key.Key_3)
    assert published == [((LabelsChanged(frozenset({claim})),), window.session)]


def test_a_label_made_elsewhere_is_applied_without_reloading_the_article(qtbot, window, corpus_db):
    db, _ = corpus_db
    data = window.session.data
    claim = data.claims[1].id
    outcome = App(db, "ann").annotation.label(
        claim, "not_a_claim"
    )  # the same annotator, another window
    reloads = []
    window.session.article_loaded.connect(reloads.append)
    with qtbot.waitSignal(window.session.claims_changed, timeout=5000) as changed:
        window.bus.publish(outcome.changes, origin=ELSEWHERE)
    assert [c.id for c in changed.args[0]] == [claim]
    assert _label_of(window, claim) == "not_a_claim"
    assert window.story_tree.model.progress(data.id) == (1, len(data.claims))
    assert reloads == [] and window.session.data is data


def test_another_annotators_label_changes_nothing_on_screen(qtbot, window, corpus_db):
    db, _ = corpus_db
    claim = window.session.data.claims[0].id
    outcome = App(db, "bob").annotation.label(claim, "unique")
    repainted = []
    window.session.claims_changed.connect(repainted.append)
    with qtbot.waitSignal(window.session.progress_changed, timeout=5000):
        window.bus.publish(outcome.changes, origin=ELSEWHERE)
    assert repainted == [] and _label_of(window, claim) is None  # blind: bob's label stays unseen


def test_a_link_made_elsewhere_updates_the_other_reports(qtbot, window, corpus_db):
    db, _ = corpus_db
    data = window.session.data
    here, there = window.session.current, data.others[0].claim.id
    outcome = App(db, "ann").annotation.link(here, there, "agree")
    assert any(isinstance(c, LinksChanged) for c in outcome.changes)
    with qtbot.waitSignal(window.session.links_changed, timeout=5000) as links:
        window.bus.publish(outcome.changes, origin=ELSEWHERE)
    assert links.args[0] == {there: "agree"}
    assert _label_of(window, here) == "corroborated"  # the implied label, in the list too


def test_a_story_change_elsewhere_reloads_the_tree_and_reopens_only_an_affected_article(
    qtbot, window, corpus_db
):
    db, ids = corpus_db
    door = App(db, "ann").annotation
    weather = ids[-1]
    outcome = door.move_article(weather, "Storms")
    (stories,) = outcome.changes
    assert isinstance(stories, StoriesChanged)
    reopened = []
    window.article_shown.connect(reopened.append)
    with qtbot.waitSignal(window.session.stories_changed, timeout=5000):
        window.bus.publish(outcome.changes, origin=ELSEWHERE)
    qtbot.waitUntil(
        lambda: any(s.name == "Storms" for s in window.story_tree.model.stories()), timeout=5000
    )
    window.session.wait_idle(5000)
    assert reopened == []  # the open article's story is not among those that changed
    # a change to the open article's own story reopens it (its other reports may differ)
    here = window.session.data
    with qtbot.waitSignal(window.article_shown, timeout=5000):
        window.bus.publish((StoriesChanged(frozenset({here.story_id})),), origin=ELSEWHERE)
    assert window.session.data.id == here.id


def test_the_window_ignores_what_it_published_itself(qtbot, window):
    bus = window.bus
    assert isinstance(bus, ChangeBus)
    reads = []
    window.runner.busy_changed.connect(reads.append)
    bus.publish((LabelsChanged(frozenset({"nothing"})),), origin=window.session)
    assert reads == []  # nothing submitted to the worker


def test_claims_read_for_an_article_left_since_are_not_applied(qtbot, window):
    """A span edit's read-back arrives after the annotator moved to another article: the
    claims it read are not the open article's, so they are dropped, not painted."""
    from claimdesk.services.change_sets import ClaimsChanged
    from claimdesk.services.view_updates import ViewUpdate

    data = window.session.data
    before = list(data.claims)
    view = ViewUpdate(article_claims=[], links={}, article_id="another article")
    changes = (ClaimsChanged(frozenset({before[0].id}), frozenset({"another article"})),)
    structure = []
    window.session.structure_changed.connect(structure.append)
    window.session.appliers.apply(changes, view, locate=False, action="resize")
    assert structure == [] and window.session.data.claims == before
    # the same read for the open article is applied
    window.session.appliers.apply(
        changes,
        ViewUpdate(article_claims=before[1:], article_id=data.id),
        locate=False,
        action="resize",
    )
    assert structure and [c.id for c in window.session.data.claims] == [c.id for c in before[1:]]


def test_a_lead_setting_changed_elsewhere_is_read_again(qtbot, window, corpus_db):
    db, _ = corpus_db
    outcome = App(db, "lead").annotation.set_suggestions(False)
    assert window.suggestions_enabled
    with qtbot.waitSignal(window.role_loaded, timeout=5000):
        window.bus.publish(outcome.changes, origin=ELSEWHERE)
    assert window.suggestions_enabled is False
