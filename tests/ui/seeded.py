"""The real sample corpus (seeds/), imported once per module with the rule-based pipeline and
copied per test; conftest makes the fixtures available to every window test."""

from __future__ import annotations

import shutil

import pytest

from claimdesk.store import queries
from claimdesk.store.engine import open_database

INJURED = "at least 23 people injured"


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory):
    """The sample corpus imported once (the slow part); each test works on a copy."""
    from claimdesk.nlp.pipeline import load_pipeline
    from claimdesk.paths import seeds_dir
    from claimdesk.services.importer import import_paths

    path = tmp_path_factory.mktemp("seeded") / "seeds.db"
    db = open_database(str(path))
    import_paths(db, [seeds_dir()], pipeline=load_pipeline("rules"))
    db.dispose()
    return path


class Seeds:
    def __init__(self, db):
        self.db = db
        with db.sessions() as s:
            by_file = {a.origin.rsplit("/", 1)[-1][:3]: a for a in queries.articles(s)}
            self.article = {key: a.id for key, a in by_file.items()}
            self.story = {key: a.story_id for key, a in by_file.items()}
            self.injured = next(
                c.id for c in queries.claims_of(s, self.article["001"]) if INJURED in c.text
            )

    def claims(self, key: str) -> list[str]:
        with self.db.sessions() as s:
            return [c.id for c in queries.claims_of(s, self.article[key])]


@pytest.fixture
def seeds(seeded_file, tmp_path):
    path = tmp_path / "work.db"
    shutil.copy(seeded_file, path)
    db = open_database(str(path))
    yield Seeds(db)
    db.dispose()
