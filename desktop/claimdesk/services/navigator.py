"""`App.navigator`: the story navigator's reads, shaped for a tree that loads lazily.

`stories()` reads one row per story with its article count (one aggregated statement over the
articles); `progress()` counts every story's claims and this annotator's labels (seconds on an
archive's millions of claims: the tree shows it when it comes); `articles(story_id)` reads one
story's articles when the tree expands it. A 100,000 article archive thus opens with its story
rows instead of every article.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.domain.titles import display_title
from claimdesk.services.screen_records import ArticleNode
from claimdesk.store import story_rows
from claimdesk.store.engine import Database


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    name: str
    articles: int  # how many: the articles themselves are read on expansion


class Navigator:
    def __init__(self, db: Database, annotator: str | None):
        self.db = db
        self.annotator = annotator or ""

    def stories(self) -> list[StoryRow]:
        with self.db.engine.connect() as connection:
            rows = story_rows.story_rows(connection)
        return [StoryRow(*row) for row in rows]

    def progress(self) -> dict[str, tuple[int, int]]:
        """story id -> (claims this annotator labelled, claims), active claims only."""
        with self.db.engine.connect() as connection:
            return story_rows.story_progress(connection, self.annotator)

    def articles(self, story_id: str) -> list[ArticleNode]:
        with self.db.engine.connect() as connection:
            rows = story_rows.story_articles(connection, self.annotator, story_id)
        return [
            ArticleNode(aid, display_title(title, head or ""), source or "", published or "", d, t)
            for aid, title, source, published, head, d, t in rows
        ]

    def stale_counts(self) -> dict[str, int]:
        with self.db.engine.connect() as connection:
            return story_rows.stale_counts(connection, self.annotator)

    def next_stale_claim(self, order: list[str], after: tuple[str, int]) -> tuple[str, str] | None:
        """(article id, claim id) of the next stale label after `after` = (article id,
        offset), following the window's article order and wrapping around; None when nothing
        is stale."""
        with self.db.engine.connect() as connection:
            rows = story_rows.stale_claims(connection, self.annotator)
        if not rows:
            return None
        rank = {aid: i for i, aid in enumerate(order)}
        here = rank.get(after[0], -1)
        ordered = sorted(rows, key=lambda r: (rank.get(r[0], len(rank)), r[2], r[1]))
        for aid, cid, start in ordered:
            position = rank.get(aid, len(rank))
            if position > here or (position == here and start > after[1]):
                return aid, cid
        aid, cid, _start = ordered[0]
        return aid, cid

    def story_names(self) -> list[tuple[str, str]]:
        """(story id, name) of every story that has articles, by name."""
        with self.db.engine.connect() as connection:
            return story_rows.named_stories(connection)
