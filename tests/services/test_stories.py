"""Moving, merging and splitting stories by hand: pinned, logged, undoable, stale-aware."""

import pytest

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.errors import NotFoundError, UsageError
from claimdesk.services import stories
from claimdesk.store import annotation, changes, corpus, queries
from claimdesk.store.models import Article, LabelRow


def _add(session, text, story):
    span = ClaimSpan(0, len(text), text, ("number",), None, "test")
    record = ArticleRecord(text=text, origin=f"{story}.txt", raw_sha256="x", story=story)
    return corpus.add_article(session, record, [span])


@pytest.fixture
def corpus3(db):
    with db.transaction() as s:
        a = _add(s, "Seven ships docked in the port on Monday.", "Port")
        b = _add(s, "Seven vessels reached the harbour on Monday.", "Port")
        c = _add(s, "The election will be held on 4 May.", "Vote")
    return db, a.article_id, b.article_id, c.article_id


def _story_of(db, article_id):
    with db.sessions() as s:
        article = s.get(Article, article_id)
        return article.story_id, article.story_pinned


def test_move_to_a_new_story_pins_and_can_be_undone(corpus3):
    db, a, b, c = corpus3
    before = _story_of(db, b)[0]
    target = stories.move_article(db, "lead", b, "Harbour")
    assert _story_of(db, b) == (target, True)
    with db.sessions() as s:
        names = {st.name for st in queries.stories(s)}
    assert names == {"Port", "Vote", "Harbour"}
    with db.transaction() as s:
        action, _ = changes.undo_last(s, "lead")
    assert action == "move_article"
    assert _story_of(db, b)[0] == before


def test_moving_into_a_story_makes_its_uniques_stale(corpus3):
    db, a, b, c = corpus3
    with db.transaction() as s:
        claim = queries.claims_of(s, c)[0].id
        annotation.set_label(s, "ana", claim, "unique")
    stories.move_article(db, "lead", a, "Vote")
    with db.sessions() as s:
        assert s.get(LabelRow, (claim, "ana")).stale is True


def test_merge_and_split(corpus3):
    db, a, b, c = corpus3
    target = stories.merge_stories(db, "lead", ["Port", "Vote"])
    assert {_story_of(db, x)[0] for x in (a, b, c)} == {target}
    new = stories.split_story(db, "lead", target, [c], "Vote again")
    assert _story_of(db, c)[0] == new
    assert _story_of(db, a)[0] == target


def test_bad_story_requests_are_refused(corpus3):
    db, a, b, c = corpus3
    with pytest.raises(UsageError):
        stories.merge_stories(db, "lead", ["Port"])
    with pytest.raises(UsageError):
        stories.merge_stories(db, "lead", ["Port", "Port"])
    with pytest.raises(NotFoundError):
        stories.move_article(db, "lead", "anope", "Port")
    with pytest.raises(UsageError, match="not in story"):
        stories.split_story(db, "lead", "Port", [c], "X")


def test_any_import_groups_articles_that_came_without_a_story(sqlite_db, seeds_dir, tmp_path):
    """The window's import dialog and the command line share the importer, so both group."""
    import shutil

    from claimdesk.nlp import load_pipeline
    from claimdesk.services.importer import import_paths

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in seeds_dir.glob("*.txt"):  # no manifest: no story given
        shutil.copy(seed, inbox / seed.name)
    report = import_paths(sqlite_db, [inbox], pipeline=load_pipeline("rules"))
    assert len(report.added) == 5
    with sqlite_db.sessions() as s:
        groups = {
            tuple(sorted(a.origin.rsplit("/", 1)[-1][:3] for a in queries.articles(s, st.id)))
            for st in queries.stories(s)
        }
    assert groups == {("000",), ("001", "002", "003", "004")}


def test_a_later_import_places_new_articles_without_moving_stored_ones(
    sqlite_db, seeds_dir, tmp_path
):
    """Placement is incremental: stored articles keep their story (its id too), new articles
    join the story they belong to, or a story of their own."""
    import shutil

    from claimdesk.nlp import load_pipeline
    from claimdesk.services.importer import import_paths

    pipeline = load_pipeline("rules")
    seeds = {seed.name[:3]: seed for seed in seeds_dir.glob("*.txt")}

    def import_seeds(*prefixes):
        inbox = tmp_path / "-".join(prefixes)
        inbox.mkdir()
        for prefix in prefixes:  # no manifest: no story given
            shutil.copy(seeds[prefix], inbox / seeds[prefix].name)
        return import_paths(sqlite_db, [inbox], pipeline=pipeline)

    def story_of():
        with sqlite_db.sessions() as s:
            return {a.origin.rsplit("/", 1)[-1][:3]: a.story_id for a in queries.articles(s)}

    import_seeds("001", "002")
    first = story_of()
    assert first["001"] == first["002"]
    with sqlite_db.transaction() as s:
        old = next(a for a in queries.articles(s) if "001_" in a.origin)
        claim = queries.claims_of(s, old.id)[0].id
        annotation.set_label(s, "ana", claim, "unique")
    report = import_seeds("003", "004")
    second = story_of()
    assert {second[p] for p in ("001", "002", "003", "004")} == {first["001"]}
    # new articles joined the story: its unique labels are to be looked at again
    assert report.stale_marked == 1
    with sqlite_db.sessions() as s:
        assert s.get(LabelRow, (claim, "ana")).stale is True
    import_seeds("000")
    third = story_of()
    assert third["000"] != third["001"]
    assert {k: v for k, v in third.items() if k != "000"} == second
