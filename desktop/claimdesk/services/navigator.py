"""`App.navigator`: the story navigator's reads, shaped for a tree that loads lazily.

`stories()` reads one row per story with its article count (one aggregated statement over the
articles); `progress()` counts every story's claims and this annotator's labels (seconds on an
archive's millions of claims: the tree shows it when it comes); `articles(story_id)` reads one
story's articles when the tree expands it. A 100,000 article archive thus opens with its story
rows instead of every article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimdesk.domain.titles import display_title
from claimdesk.services.screen_records import ArticleNode
from claimdesk.store import story_rows, text_find
from claimdesk.store.engine import Database


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    name: str
    articles: int  # how many: the articles themselves are read on expansion


SMALL_DATABASE = 50  # stories: up to this many, every story's articles are read at once


@dataclass(frozen=True, slots=True)
class Opening:
    """What the window shows first: the story rows, and the article to open (None in an
    empty database) with its story's articles."""

    rows: list[StoryRow]
    article_id: str | None = None
    story_id: str | None = None
    # the stories read with it: the article's, or every story of a small database (its
    # tree is shown expanded, as it always was)
    stories: dict[str, list[ArticleNode]] = field(default_factory=dict)


class Navigator:
    def __init__(self, db: Database, annotator: str | None):
        self.db = db
        self.annotator = annotator or ""

    def stories(self) -> list[StoryRow]:
        with self.db.engine.connect() as connection:
            rows = story_rows.story_rows(connection)
        return [StoryRow(*row) for row in rows]

    def opening(self, article_id: str | None = None) -> Opening:
        """The rows, and `article_id` when it exists, else the first article with claims left
        to label (else the first article): a window's first screen in a few statements."""
        rows = self.stories()
        small = self.articles_of([row.id for row in rows]) if len(rows) <= SMALL_DATABASE else None
        story_id = self.story_of(article_id) if article_id else None
        if story_id is not None:
            read = small if small is not None else {story_id: self.articles(story_id)}
            return Opening(rows, article_id, story_id, read)
        if small is not None:
            found = next(
                (
                    (r.id, small[r.id])
                    for r in rows
                    if any(a.labelled < a.total for a in small.get(r.id, ()))
                ),
                None,
            )
        else:
            found = self.first_unfinished([row.id for row in rows])
        if found is None and rows:
            found = rows[0].id, (small or {}).get(rows[0].id) or self.articles(rows[0].id)
        if found is None or not found[1]:
            return Opening(rows, stories=small or {})
        story_id, articles = found
        first = next((a.id for a in articles if a.labelled < a.total), articles[0].id)
        return Opening(rows, first, story_id, small if small is not None else {story_id: articles})

    def progress(self) -> dict[str, tuple[int, int]]:
        """story id -> (claims this annotator labelled, claims), active claims only."""
        with self.db.engine.connect() as connection:
            return story_rows.story_progress(connection, self.annotator)

    def articles(self, story_id: str) -> list[ArticleNode]:
        return self.articles_of([story_id]).get(story_id, [])

    def articles_of(self, story_ids: list[str]) -> dict[str, list[ArticleNode]]:
        """story id -> its articles, for a few stories (one batch of statements)."""
        with self.db.engine.connect() as connection:
            grouped = story_rows.stories_articles(connection, self.annotator, story_ids)
        return {sid: [_node(row) for row in rows] for sid, rows in grouped.items()}

    def matching(self, text: str, limit: int = 200) -> dict[str, list[ArticleNode]]:
        """The stories the navigator's filter shows for `text` (their name, or an article's
        title, source or date contains it), with their articles: the first `limit` by name."""
        text = text.strip()
        if not text:
            return {}
        with self.db.engine.connect() as connection:
            ids = story_rows.stories_matching(connection, text_find.like_pattern(text), limit)
        return self.articles_of(ids) if ids else {}

    def story_of(self, article_id: str) -> str | None:
        """The story of an article, None when there is no such article."""
        with self.db.engine.connect() as connection:
            return story_rows.story_of_article(connection, article_id)

    def first_unfinished(
        self, story_ids: list[str], batch: int = 100
    ) -> tuple[str, list[ArticleNode]] | None:
        """The first of these stories (in this order) with an article this annotator has
        claims left to label in, with its articles; None when none has. Read in batches, so
        the next unfinished story is usually found in the first."""
        for first in range(0, len(story_ids), batch):
            chunk = story_ids[first : first + batch]
            found = self.articles_of(chunk)
            for story_id in chunk:
                articles = found.get(story_id, [])
                if any(a.labelled < a.total for a in articles):
                    return story_id, articles
        return None

    def stale_counts(self) -> dict[str, int]:
        with self.db.engine.connect() as connection:
            return story_rows.stale_counts(connection, self.annotator)

    def stale_by_story(self) -> tuple[dict[str, int], dict[str, int]]:
        """(article id -> stale labels, story id -> stale labels): the tree marks stories
        whose articles it has not read yet too."""
        articles: dict[str, int] = {}
        stories: dict[str, int] = {}
        with self.db.engine.connect() as connection:
            for sid, aid, n in story_rows.stale_counts_by_story(connection, self.annotator):
                articles[aid] = n
                stories[sid] = stories.get(sid, 0) + n
        return articles, stories

    def next_stale(self, after: tuple[str, int]) -> tuple[str, str] | None:
        """(article id, claim id) of the next stale label after `after` = (article id,
        offset) in the tree's order (by story name, then article position), wrapping around;
        None when nothing is stale."""
        with self.db.engine.connect() as connection:
            return story_rows.next_stale_claim(connection, self.annotator, after)

    def story_names(self) -> list[tuple[str, str]]:
        """(story id, name) of every story that has articles, by name."""
        with self.db.engine.connect() as connection:
            return story_rows.named_stories(connection)


def _node(row) -> ArticleNode:
    aid, title, source, published, head, done, total = row
    return ArticleNode(
        aid, display_title(title, head or ""), source or "", published or "", done, total
    )
