"""The annotation session's story navigator: the story rows, the stories read so far, and the
moves across them (next unfinished, next and previous article).

The navigator is lazy (an archive has 100,000 articles): the session holds one row per story,
the articles of the stories read so far (`story_articles`, read when the tree expands a story
or navigation needs it) and their progress; every story's progress is counted once after the
first article is shown. `StoryNavigation` is mixed into `AnnotationSession`, which gives it
the runner, the open article (`data`), `open_article`, `select_claim` and the signals it emits.
"""

from __future__ import annotations

from claimdesk.services.app import App
from claimdesk.services.screen_records import ClaimItem

# the navigator's slow reads (every story's progress, the filter's stories) run beside the
# actions: on an archive they take seconds, which a label must not wait behind
NAVIGATOR_LANE = "navigator"


def needs_label(claim: ClaimItem) -> bool:
    return claim.label is None or claim.stale


class StoryNavigation:
    """Story rows, stories read, and navigation across them (a mixin of `AnnotationSession`)."""

    def _init_story_navigation(self) -> None:
        self.progress: dict[str, tuple[int, int]] = {}  # articles read so far
        self.story_rows: list = []  # services.navigator.StoryRow, in the tree's order
        self._story_row: dict[str, int] = {}
        self.story_articles: dict[str, list] = {}  # story id -> ArticleNode, once read
        self.story_of: dict[str, str] = {}  # article id -> story id, for articles read
        self.story_progress: dict[str, tuple[int, int]] | None = None  # every story's
        self._story_waiters: dict[str, list] = {}
        self._rows_generation = 0
        self._filter_asked = 0  # the filter's searches asked for so far (the last one counts)
        self._progress_wanted = False  # every story's progress, once the first article shows

    @property
    def article_order(self) -> list[str]:
        """The articles read so far, in the tree's order."""
        return [a.id for row in self.story_rows for a in self.story_articles.get(row.id, ())]

    def navigator(self):
        """`App.navigator` as the annotator shown now (before `start` is done too)."""
        if self.app is not None and self.app.annotator == self.annotator:
            return self.app.navigator
        return App(self.db, self.annotator).navigator

    def _set_rows(self, rows) -> None:
        self.story_rows = list(rows)
        self._story_row = {row.id: i for i, row in enumerate(self.story_rows)}
        self.story_articles = {}
        self.story_of = {}
        self.story_progress = None
        self._story_waiters = {}
        self._rows_generation += 1

    def _load_story_progress(self) -> None:
        navigator, generation = self.navigator(), self._rows_generation

        def done(progress):
            if generation == self._rows_generation:
                self.story_progress = progress
                self.story_progress_loaded.emit(progress)

        self._progress_wanted = False
        self.runner.submit(
            "count progress",
            lambda _c: navigator.progress(),
            on_done=done,
            on_error=self._on_error,
            lane=NAVIGATOR_LANE,
        )

    def load_story(self, story_id: str, deliver) -> None:
        """A story's articles (`ArticleNode`) to `deliver`: at once when read already, else
        read on the worker (once, however many ask meanwhile). The tree's loader too."""
        if story_id in self.story_articles:
            deliver(self.story_articles[story_id])
            return
        waiters = self._story_waiters.setdefault(story_id, [])
        waiters.append(deliver)
        if len(waiters) > 1:
            return
        navigator, generation = self.navigator(), self._rows_generation

        def done(articles):
            if generation != self._rows_generation:
                return  # the rows were read again meanwhile: whoever still wants it asks again
            self._cache_story(story_id, articles)
            for waiting in self._story_waiters.pop(story_id, []):
                waiting(articles)

        self.runner.submit(
            "read story",
            lambda _c: navigator.articles(story_id),
            on_done=done,
            on_error=self._on_error,
        )

    def find_stories(self, text: str, deliver) -> None:
        """The stories the navigator's filter shows for `text`, with their articles (read on
        the worker, in one batch), to `deliver` as {story id: articles}."""
        navigator, generation = self.navigator(), self._rows_generation
        self._filter_asked += 1
        asked = self._filter_asked

        def work(_context):
            # typed on meanwhile: a search the annotator no longer sees is skipped, so the
            # latest one does not wait behind every pause of the typing (seconds each on an
            # archive)
            return None if asked != self._filter_asked else navigator.matching(text)

        def done(found):
            if found is None or asked != self._filter_asked:
                return
            if generation != self._rows_generation:
                return
            for story_id, articles in found.items():
                if story_id not in self.story_articles:
                    self._cache_story(story_id, articles)
            deliver({sid: self.story_articles[sid] for sid in found})

        self.runner.submit(
            "filter stories",
            work,
            on_done=done,
            on_error=self._on_error,
            lane=NAVIGATOR_LANE,
        )

    def _cache_story(self, story_id: str, articles) -> None:
        self.story_articles[story_id] = list(articles)
        for article in articles:
            self.story_of[article.id] = story_id
            self.progress[article.id] = (article.labelled, article.total)
        if self.data is not None and self.data.id in self.story_of:
            done, total = self.progress[self.data.id]
            self.progress_changed.emit(self.data.id, done, total)
        self.article_order_changed.emit()

    def _unfinished(self, article_id: str) -> bool:
        done, total = self.progress.get(article_id, (0, 0))
        return done < total

    def _next_unlabelled_here(self, after: int) -> str | None:
        claims = self.data.claims if self.data else []
        n = len(claims)
        for k in range(1, n + 1):
            claim = claims[(after + k) % n]
            if needs_label(claim) and claim.id not in self.pending:
                return claim.id
        return None

    def next_unlabelled(self) -> None:
        """Within the article first, then the next article with work left (reading the
        following stories when their articles are not read yet)."""
        if self.data is None:
            return
        found = self._next_unlabelled_here(self._index())
        if found:
            self.select_claim(found)
            return
        story_id = self.data.story_id
        self.load_story(story_id, lambda articles: self._next_unfinished(story_id, articles))

    def _next_unfinished(self, story_id: str, articles) -> None:
        if self.data is None or self.data.story_id != story_id:
            return  # the annotator moved on meanwhile
        ids = [a.id for a in articles]
        here = ids.index(self.data.id) if self.data.id in ids else -1
        later = next((a for a in ids[here + 1 :] if self._unfinished(a)), None)
        if later:
            self.open_article(later)
            return
        earlier = next((a for a in ids[:here] if self._unfinished(a)), None)
        known, unread = self._stories_with_work_after(story_id)
        if not unread:
            self._open_or_done(known or earlier)
            return
        navigator, asked_at = self.navigator(), self._moment()

        def done(found):
            if self._moment() != asked_at:
                return  # the annotator opened another article, or the stories changed
            if found is None:
                self._open_or_done(known or earlier)
                return
            found_id, found_articles = found
            self._cache_story(found_id, found_articles)
            self.open_article(next(a.id for a in found_articles if self._unfinished(a.id)))

        self.runner.submit(
            "next unfinished",
            lambda _c: navigator.first_unfinished(unread),
            on_done=done,
            on_error=self._on_error,
        )

    def _stories_with_work_after(self, story_id: str) -> tuple[str | None, list[str]]:
        """(an unfinished article of the first story after this one, wrapping, whose articles
        are read; the stories before it whose articles are not read, except those the story
        progress says are finished)."""
        rows = self.story_rows
        k = self._story_row.get(story_id, -1)
        unread: list[str] = []
        for m in range(1, len(rows) + (0 if k >= 0 else 1)):
            candidate = rows[(k + m) % len(rows)].id
            articles = self.story_articles.get(candidate)
            if articles is not None:
                hit = next((a.id for a in articles if self._unfinished(a.id)), None)
                if hit:
                    return hit, unread
                continue
            if self.story_progress is not None:
                done, total = self.story_progress.get(candidate, (0, 0))
                if done >= total:
                    continue
            unread.append(candidate)
        return None, unread

    def _open_or_done(self, article_id: str | None) -> None:
        if article_id:
            self.open_article(article_id)
        else:
            self.message.emit("Every claim is labelled.")

    def step_article(self, delta: int) -> None:
        """The next (or previous) article in the tree's order, into the next story when this
        one ends (its articles are read when they are not yet)."""
        if not self.story_rows:
            return
        if self.data is None:
            self.load_story(
                self.story_rows[0].id, lambda arts: arts and self.open_article(arts[0].id)
            )
            return
        story_id = self.data.story_id
        self.load_story(story_id, lambda arts: self._step_from(story_id, arts, delta))

    def _step_from(self, story_id: str, articles, delta: int) -> None:
        if self.data is None or self.data.story_id != story_id:
            return
        ids = [a.id for a in articles]
        i = ids.index(self.data.id) if self.data.id in ids else -1
        j = i + delta
        if 0 <= j < len(ids):
            self.open_article(ids[j])
            return
        k = self._story_row.get(story_id, -1) + (1 if delta > 0 else -1)
        if not 0 <= k < len(self.story_rows):
            return  # the first or the last article of the archive: stay
        asked_at = self._moment()

        def open_edge(arts) -> None:
            if arts and self._moment() == asked_at:  # nothing else was opened meanwhile
                self.open_article(arts[0 if delta > 0 else -1].id)

        self.load_story(self.story_rows[k].id, open_edge)

    def _moment(self) -> tuple[int, int]:
        """Changes whenever another article is asked for or the story rows are read again: a
        navigation answered later than that must not pull the annotator away."""
        return self._load_generation, self._rows_generation
