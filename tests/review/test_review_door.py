"""`App.review` without Qt: the lead check inside the adjudication's transaction, typed
outcomes, and a queue patched from change sets that equals a fresh load."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from review_corpora import add_seed_corpus, label_all
from sqlalchemy import func, select, update

from claimdesk.errors import UsageError
from claimdesk.services import annotators, review
from claimdesk.services.app import App
from claimdesk.services.change_sets import AdjudicationsChanged, LabelsChanged, from_log
from claimdesk.services.review import QueueFilter
from claimdesk.services.workspace import Workspace
from claimdesk.store import annotation, review_rows
from claimdesk.store.models import Adjudication, Event


@pytest.fixture
def project(db):
    claims = add_seed_corpus(db, claims_per_article=4)
    july = claims["001"] + claims["002"]
    label_all(db, "alice", {c: "corroborated" for c in july})
    label_all(
        db, "bob", {c: ("contradicted" if i < 3 else "corroborated") for i, c in enumerate(july)}
    )
    annotators.add_annotator(db, "lena")
    annotators.set_lead(db, "lena")
    return db, july


def _events(db) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Event))


def _count_loads(monkeypatch) -> list:
    """Every full load of the review state from now on (its arguments), for telling a patch
    from a reload."""
    from claimdesk.services import review_queue

    loads = []
    real_load = review_queue.ReviewState.load.__func__

    def load(cls, *args, **kwargs):
        loads.append(args)
        return real_load(cls, *args, **kwargs)

    monkeypatch.setattr(review_queue.ReviewState, "load", classmethod(load))
    return loads


def test_adjudicate_returns_typed_change_sets(project):
    db, july = project
    door = App(db, "lena").review
    outcome = door.adjudicate(july[0], "contradicted", " checked the wire ")
    assert outcome.action == "adjudicate"
    assert outcome.changes == (AdjudicationsChanged(frozenset({july[0]})),)
    with db.sessions() as session:
        gold = session.get(Adjudication, july[0])
        assert (gold.label, gold.adjudicator, gold.note) == (
            "contradicted",
            "lena",
            "checked the wire",
        )
    # the same decision again is no action: no change set, no event
    events = _events(db)
    assert not door.adjudicate(july[0], "contradicted", "checked the wire").did_something
    assert _events(db) == events
    undone = door.undo()
    assert undone.changes == (AdjudicationsChanged(frozenset({july[0]})),)
    assert undone.detail[july[0]]  # the claim's text, for the status line
    with db.sessions() as session:
        assert session.get(Adjudication, july[0]) is None


def test_a_non_lead_is_refused_and_nothing_is_written(project):
    db, july = project
    events = _events(db)
    with pytest.raises(UsageError, match="claimdesk annotators lead 'bob'"):
        App(db, "bob").review.adjudicate(july[0], "unique")
    with pytest.raises(UsageError, match="say who adjudicates"):
        App(db, None).review.adjudicate(july[0], "unique")
    assert _events(db) == events
    annotators.set_lead(db, "lena", False)  # revoked after the door was made: checked per call
    events = _events(db)  # the revocation itself is logged (a record-only action)
    with pytest.raises(UsageError):
        App(db, "lena").review.adjudicate(july[0], "unique")
    assert _events(db) == events
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Adjudication)) == 0


def test_the_lead_check_reads_in_the_writing_transaction(project, monkeypatch):
    """One session checks the lead flag and writes the gold label: a revocation committed in
    between cannot let a decision through (the old code checked in a session of its own)."""
    db, july = project
    seen = []
    real_check, real_write = review_rows.is_lead, annotation.adjudicate

    def check(session, name):
        seen.append(("check", session))
        return real_check(session, name)

    def write(session, *args, **kwargs):
        seen.append(("write", session))
        return real_write(session, *args, **kwargs)

    monkeypatch.setattr(review_rows, "is_lead", check)
    monkeypatch.setattr(annotation, "adjudicate", write)
    App(db, "lena").review.adjudicate(july[1], "unique")
    assert [what for what, _ in seen] == ["check", "write"]
    assert seen[0][1] is seen[1][1]


def test_a_patched_queue_equals_a_fresh_load(project):
    db, july = project
    door = App(db, "lena").review
    wanted = QueueFilter(include_adjudicated=True)
    before = door.snapshot(wanted)
    assert {entry.claim_id for entry in before.queue} == set(july[:3])
    work = Workspace(db, "bob")
    changes = from_log(work.label(july[4], "unique").changes)  # a new disagreement
    changes += from_log(work.label(july[0], "corroborated").changes)  # one settled by bob
    changes += from_log(work.link(july[2], july[5], "agree").changes)  # links: bob alone
    changes += door.adjudicate(july[1], "unique").changes
    assert LabelsChanged(frozenset({july[0]})) in changes
    patched = door.apply(changes, wanted)
    fresh = App(db, "lena").review.snapshot(wanted)
    assert patched.queue == fresh.queue
    assert patched.total_open == fresh.total_open
    assert july[4] in {entry.claim_id for entry in patched.queue}
    assert july[0] not in {entry.claim_id for entry in patched.queue}
    assert next(e for e in patched.queue if e.claim_id == july[1]).gold == "unique"
    assert patched.report is None  # the figures are redone separately ...
    assert door.figures() == fresh.report  # ... and equal a fresh computation
    assert review.review_snapshot(db, wanted).queue == fresh.queue


def test_filters_other_than_the_story_need_no_reload(project, monkeypatch):
    db, july = project
    door = App(db, "lena").review
    door.snapshot(QueueFilter())
    monkeypatch.setattr(review, "load_agreement_input", lambda *a, **k: pytest.fail("reloaded"))
    only_bob = door.snapshot(
        QueueFilter(annotator="bob", label_pair=("contradicted", "corroborated")), reload=False
    )
    assert {entry.claim_id for entry in only_bob.queue} == set(july[:3])
    assert not door.outdated()
    label_all(db, "carl", {july[6]: "unique"})  # a write no change set announced
    assert door.outdated()


def test_the_commands_reads_through_the_door(project):
    db, july = project
    door = App(db, None).review
    report, data = door.agreement()
    assert set(data.ratings) == set(july)
    assert report.overall.n_claims == len(july)
    assert {entry.claim_id for entry in door.queue()} == set(july[:3])
    story = door.queue()[0].story_id
    assert door.resolve_story(door.queue()[0].story_name.upper()) == story


def test_claims_or_stories_changed_reload_and_settings_are_ignored(project, monkeypatch):
    from claimdesk.services.change_sets import ClaimsChanged, SettingsChanged

    db, july = project
    door = App(db, "lena").review
    wanted = QueueFilter()
    door.snapshot(wanted)
    loads = _count_loads(monkeypatch)
    assert door.apply((SettingsChanged(frozenset({"suggestions"})),), wanted) is None
    assert loads == []
    reloaded = door.apply((ClaimsChanged(frozenset({july[0]})),), wanted)
    assert len(loads) == 1
    assert reloaded.queue == App(db, "lena").review.snapshot(wanted).queue


def test_a_snapshot_carries_its_first_screens_texts_and_the_rest_are_read_on_request(
    project, monkeypatch
):
    """A reload reads no claim text beyond the first screen; the window asks for the others
    as it shows them, and what was read stays with the load (and reaches the next snapshot)."""
    from claimdesk.services import review_queue

    monkeypatch.setattr(review_queue, "FIRST_SCREEN", 1)
    db, july = project
    door = App(db, "lena").review
    wanted = QueueFilter()
    queue = door.snapshot(wanted).queue
    texts = review.claim_texts(db, july)
    assert len(queue) == 3
    assert queue[0].claim_text == texts[queue[0].claim_id]
    assert [entry.claim_text for entry in queue[1:]] == ["", ""]
    rest = [entry.claim_id for entry in queue[1:]]
    assert door.queue_texts(rest + ["no-such-claim"]) == {
        **{claim: texts[claim] for claim in rest},
        "no-such-claim": "",
    }
    again = door.snapshot(wanted, reload=False).queue
    assert [entry.claim_text for entry in again] == [texts[e.claim_id] for e in again]
    # the commands print every text
    assert all(entry.claim_text == texts[entry.claim_id] for entry in door.queue())


def test_writes_of_another_process_are_patched_from_the_event_log(project, monkeypatch):
    """No change set tells of another process's labels: `catch_up` reads what its events
    name and patches those claims, the same queue a reload gives; when the log cannot tell
    (claims added around it, a gap in the events read) it reloads."""
    from review_corpora import add_numbered_corpus

    db, july = project
    door = App(db, "lena").review
    wanted = QueueFilter()
    door.snapshot(wanted)
    assert door.catch_up(wanted) is None  # nothing changed
    loads = _count_loads(monkeypatch)
    label_all(db, "bob", {july[5]: "unique"})  # elsewhere: a new disagreement
    label_all(db, "alice", {july[0]: "contradicted"})  # and one settled
    patched = door.catch_up(wanted)
    assert loads == []  # patched, not reloaded
    fresh = App(db, "lena").review.snapshot(wanted)
    assert patched.queue == fresh.queue
    assert {e.claim_id for e in patched.queue} == {july[1], july[2], july[5]}
    assert door.figures() == fresh.report
    assert door.catch_up(wanted) is None and not door.outdated()

    real_events = review_rows.events_after
    monkeypatch.setattr(  # an event whose transaction has not committed: a gap
        review_rows, "events_after", lambda *args: real_events(*args)[1:]
    )
    label_all(db, "bob", {july[6]: "unique"})
    label_all(db, "bob", {july[7]: "unique"})
    loads.clear()
    reloaded = door.catch_up(wanted)
    assert len(loads) == 1
    assert reloaded.queue == App(db, "lena").review.snapshot(wanted).queue
    monkeypatch.setattr(review_rows, "events_after", real_events)
    add_numbered_corpus(db, 3)  # claims written in bulk, outside the log
    loads.clear()
    door.catch_up(wanted)
    assert len(loads) == 1


def test_a_write_elsewhere_just_before_this_windows_own_is_patched_with_it(project):
    """Another process labels a claim; before this window hears of it, the lead adjudicates
    another. Patching the lead's own change sets reads the data's state after both writes:
    the other process's label must be patched then too, or no later catch-up would see it."""
    db, july = project
    door = App(db, "lena").review
    wanted = QueueFilter()
    door.snapshot(wanted)
    label_all(db, "alice", {july[0]: "contradicted"})  # elsewhere: settles july[0]
    outcome = door.adjudicate(july[1], "contradicted")
    patched = door.apply(outcome.changes, wanted)
    fresh = App(db, "lena").review.snapshot(wanted)
    assert patched.queue == fresh.queue
    assert july[0] not in {entry.claim_id for entry in patched.queue}
    assert door.catch_up(wanted) is None and not door.outdated()


def _renumber_newest_event(db, new_id: int) -> None:
    """Give the newest event another id (SQLite, which cannot hold two writers at once)."""
    with db.engine.begin() as connection:
        newest = connection.scalar(select(func.max(Event.id)))
        connection.execute(update(Event).where(Event.id == newest).values(id=new_id))


def _late_and_early_writes(db, late: dict, early: dict) -> Iterator[None]:
    """Label `late` in a transaction that takes its event id first and commits after
    `early` was labelled and the generator resumed once: on PostgreSQL two real
    transactions; on SQLite the same ids made by renumbering the events."""
    if db.engine.dialect.name == "postgresql":
        with db.transaction() as session:
            for claim_id, label in late.items():
                annotation.set_label(session, "bob", claim_id, label)
            session.flush()  # its event id is taken now
            label_all(db, "alice", early)  # commits first, with a later id
            yield
        return
    with db.sessions() as session:
        newest = session.scalar(select(func.max(Event.id)))
    label_all(db, "alice", early)
    _renumber_newest_event(db, newest + 2)
    yield
    label_all(db, "bob", late)
    _renumber_newest_event(db, newest + 1)


def test_a_write_committed_late_under_the_newest_event_is_caught_up(project):
    """On PostgreSQL event ids are taken when a transaction writes, not when it commits: a
    full load can read up to event n + 1 while n is still uncommitted. When n lands (a
    label changed in place: no count moves, the newest event stays n + 1), the window must
    still see it."""
    db, july = project
    door = App(db, "lena").review
    wanted = QueueFilter()
    writes = _late_and_early_writes(db, {july[5]: "unique"}, {july[7]: "unique"})
    next(writes)
    door.snapshot(wanted)  # reads up to n + 1; n is not in the log yet
    assert july[5] not in {entry.claim_id for entry in door.snapshot(wanted, reload=False).queue}
    next(writes, None)  # n commits
    assert door.outdated()
    caught_up = door.catch_up(wanted)
    assert caught_up is not None
    assert july[5] in {entry.claim_id for entry in caught_up.queue}
    assert caught_up.queue == App(db, "lena").review.snapshot(wanted).queue
    assert door.catch_up(wanted) is None and not door.outdated()
