"""Corpus search (migration 0004): every word required, best first, kept in sync by the
database on SQLite (FTS5 triggers) and PostgreSQL (a generated tsvector column)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, update

from claimdesk.cli import main
from claimdesk.domain.records import ArticleRecord
from claimdesk.errors import UsageError
from claimdesk.store import corpus
from claimdesk.store.models import Article
from claimdesk.store.search import search_articles


def _record(text: str, title: str | None = None) -> ArticleRecord:
    return ArticleRecord(text=text, title=title, origin=f"test:{title}", raw_sha256="0" * 64)


@pytest.fixture
def stored(db):
    with db.transaction() as session:
        for title, body in (
            ("Harbour bridge reopens", "The harbour bridge reopened on Monday after repairs."),
            (
                "Council budget vote",
                "The council voted on the budget; the harbour was not discussed.",
            ),
            ("Storm closes rail line", "A storm closed the northern rail line for two days."),
        ):
            corpus.add_article(session, _record(body, title), [], story_name="News")
    return db


def _titles(db, query: str) -> list[str]:
    with db.sessions() as session:
        return [hit.title for hit in search_articles(session, query)]


def test_every_word_is_required_and_the_best_comes_first(stored):
    assert set(_titles(stored, "harbour")) == {"Harbour bridge reopens", "Council budget vote"}
    # the word in the title and twice in the text ranks above a single mention
    assert _titles(stored, "harbour")[0] == "Harbour bridge reopens"
    assert _titles(stored, "harbour budget") == ["Council budget vote"]
    assert _titles(stored, "harbour volcano") == []


def test_query_syntax_is_taken_as_words(stored):
    # FTS5 and tsquery operators would be syntax errors or change the meaning
    assert _titles(stored, 'storm* "rail" -line (') == ["Storm closes rail line"]
    with pytest.raises(UsageError, match="no words"):
        _titles(stored, '"*"')


def test_the_index_follows_inserts_and_edits(stored):
    with stored.transaction() as session:
        corpus.add_article(session, _record("Flooded tunnel under the river.", "Tunnel"), [])
    assert _titles(stored, "tunnel") == ["Tunnel"]
    with stored.transaction() as session:
        session.execute(
            update(Article).where(Article.title == "Tunnel").values(title="Ferry", text="A ferry.")
        )
    assert _titles(stored, "tunnel") == []
    assert _titles(stored, "ferry") == ["Ferry"]
    with stored.transaction() as session:  # a new position alone keeps the article findable
        session.execute(update(Article).where(Article.title == "Ferry").values(position=99))
    assert _titles(stored, "ferry") == ["Ferry"]
    with stored.transaction() as session:
        session.execute(delete(Article).where(Article.title == "Ferry"))
    assert _titles(stored, "ferry") == []


def test_search_command(any_db_url, seeds_dir, capsys):
    assert main(["--db", any_db_url, "import", str(seeds_dir), "--pipeline", "rules"]) == 0
    capsys.readouterr()
    assert main(["--db", any_db_url, "search", "drones", "Kyiv", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all("[" in hit["snippet"] for hit in hits)
    assert {hit["story"] for hit in hits} == {"July 3, 2025 Trump–Putin call"}
    assert main(["--db", any_db_url, "search", "zzzunknownword"]) == 0
    assert "no article holds every word" in capsys.readouterr().out
    assert main(["--db", any_db_url, "search", "drones", "--limit", "0"]) == 2


def test_ties_at_the_limit_come_by_article_id_and_snippets_mark_the_words(db):
    # equal texts but for a number score the same: a limit that cuts through the tie keeps
    # the smallest ids, in id order, after the strictly better article
    with db.transaction() as session:
        corpus.add_article(
            session, _record("Lava lava lava reached the coast road.", "Best"), [], story_name="S"
        )
        for n in range(12):
            corpus.add_article(
                session, _record(f"Lava reached road {n}.", f"Tied {n}"), [], story_name="S"
            )
    with db.sessions() as session:
        every = search_articles(session, "lava", limit=50)
        first = search_articles(session, "lava", limit=5)
    assert len(every) == 13 and every[0].title == "Best"
    tied = every[1:]
    assert len({round(hit.rank, 9) for hit in tied}) == 1
    assert [hit.article_id for hit in tied] == sorted(hit.article_id for hit in tied)
    assert first == every[:5]
    assert all("[" in hit.snippet and "]" in hit.snippet for hit in first)


def test_postgresql_ranks_a_pool_of_the_matches_title_first_then_newest(db, monkeypatch):
    """A word most of an archive holds is ranked on a pool of its matches (store/search.py):
    title matches first, then the newest. SQLite's FTS5 ranks every match."""
    from sqlalchemy import text

    from claimdesk.store import search

    with db.transaction() as session:
        for title, body in (
            ("Old news", "Ferry ferry ferry: the ferry sailed, the ferry docked."),
            ("Recent news", "A ferry sailed."),
            ("Ferry timetable", "Nothing else."),
        ):
            corpus.add_article(session, _record(body, title), [], story_name="News")
    with db.sessions() as session:
        full = [hit.title for hit in search_articles(session, "ferry", limit=3)]
        assert set(full) == {"Ferry timetable", "Old news", "Recent news"}
        monkeypatch.setattr(search, "RANK_POOL", 2)
        pooled = [hit.title for hit in search_articles(session, "ferry", limit=2)]
        if db.engine.dialect.name == "postgresql":
            # all ranked: the title match first, then five mentions, then the single mention
            assert full == ["Ferry timetable", "Old news", "Recent news"]
            # the pool: the title match and the newest other match, so "Old news" is left out
            assert pooled == ["Ferry timetable", "Recent news"]
            # the planner setting is the session's own again
            assert session.execute(text("SHOW enable_seqscan")).scalar_one() == "on"
        else:
            assert pooled == full[:2]


def test_the_search_trigger_runs_with_this_schema_then_pg_temp(pg_url):
    """A definer function must not find a member's temporary table first (migration 0006)."""
    from sqlalchemy import text

    from claimdesk.store.engine import open_database

    db = open_database(pg_url)
    try:
        with db.sessions() as session:
            config = session.execute(
                text(
                    "SELECT p.proconfig, current_schema() FROM pg_proc p "
                    "JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE p.proname = 'claimdesk_article_search' AND n.nspname = current_schema()"
                )
            ).one()
    finally:
        db.dispose()
    settings, schema = config
    assert settings == [f"search_path={schema}, pg_temp"]
