"""The corpus door of the facade (`App.corpus`): import, and the reads of what a database holds
(`info`, articles, one article, search, claims). The command line and the window's import
dialog import through the same `import_paths`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.domain.titles import display_title
from claimdesk.errors import NotFoundError, UsageError
from claimdesk.store import corpus_reads, queries

if TYPE_CHECKING:
    from claimdesk.services.importer import ImportReport, ProgressCallback
    from claimdesk.store.engine import Database


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    title: str | None
    source: str | None
    url: str | None
    date: str | None
    story: str
    story_id: str
    origin: str | None
    claims: int
    display_title: str  # the title, or the first words of an untitled article (never a path)

    def to_dict(self) -> dict:
        data = asdict(self)
        del data["display_title"]  # for the table only; --json keeps its fields
        return data


@dataclass(frozen=True)
class ArticleDetail:
    summary: ArticleSummary
    text: str
    metadata: dict | None
    raw_sha256: str | None

    def to_dict(self) -> dict:
        data = self.summary.to_dict()
        data.update(text=self.text, metadata=self.metadata, raw_sha256=self.raw_sha256)
        return data


@dataclass(frozen=True)
class ClaimSummary:
    id: str
    article_id: str
    start: int
    end: int
    text: str
    reasons: list[str]
    speaker: str | None
    pipeline: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SearchResult:
    article_id: str
    title: str | None
    story_id: str
    story: str | None
    snippet: str
    rank: float

    def to_dict(self) -> dict:
        return asdict(self)


def _summary(article, story_name: str, claim_count: int) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        title=article.title,
        source=article.source,
        url=article.url,
        date=article.published,
        story=story_name,
        story_id=article.story_id,
        origin=article.origin,
        claims=claim_count,
        display_title=display_title(article.title, article.text[:400]),
    )


def _claim_summary(claim) -> ClaimSummary:
    return ClaimSummary(
        claim.id,
        claim.article_id,
        claim.start,
        claim.end,
        claim.text,
        list(claim.reasons),
        claim.speaker,
        claim.pipeline,
    )


class CorpusDoor:
    def __init__(self, db: Database):
        self.db = db

    # -- import (one path for the command line and the window)

    def nothing_importable(self, paths: Sequence[str | Path]) -> list[str]:
        """Why nothing in `paths` can be imported (empty when something can): checked before
        spaCy loads."""
        from claimdesk.services.importer import unimportable

        return unimportable(paths)

    def import_paths(
        self,
        paths: Sequence[str | Path],
        *,
        story: str | None = None,
        pipeline: str = "auto",
        on_progress: ProgressCallback | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        from claimdesk.services.importer import import_paths

        return import_paths(
            self.db,
            paths,
            story=story,
            pipeline=pipeline,
            on_progress=on_progress,
            is_cancelled=is_cancelled,
        )

    # -- reads

    def info(self) -> dict:
        with self.db.sessions() as s:
            totals = corpus_reads.totals(s)
            annotators = [a.name + (" (lead)" if a.is_lead else "") for a in queries.annotators(s)]
            pipelines = corpus_reads.pipelines(s)
        return {
            "database": self.db.url,
            "stories": totals["stories"],
            "articles": totals["articles"],
            "claims": totals["claims"],
            "annotators": annotators,
            "labels": totals["labels"],
            "links": totals["links"],
            "adjudications": totals["adjudications"],
            "pipelines": pipelines,
        }

    def articles(self, story: str | None = None) -> list[ArticleSummary]:
        """Every article (or a story's, by id or name), in import order."""
        with self.db.sessions() as s:
            story_id = _story_id(s, story)
            names = corpus_reads.story_names(s)
            counts = queries.claim_counts(s)
            return [
                _summary(a, names[a.story_id], counts.get(a.id, 0))
                for a in queries.articles(s, story_id)
            ]

    def article(self, article_id: str) -> ArticleDetail:
        """One article in full (an unambiguous id prefix will do)."""
        with self.db.sessions() as s:
            article = queries.get_article(s, article_id)
            claims = queries.claims_of(s, article.id)
            summary = _summary(article, corpus_reads.story_name(s, article.story_id), len(claims))
            return ArticleDetail(summary, article.text, article.meta, article.raw_sha256)

    def search(self, query: str, limit: int = 20) -> list[SearchResult]:
        from claimdesk.store.search import search_articles

        if limit < 1:
            raise UsageError(f"--limit must be 1 or more, not {limit}")
        with self.db.sessions() as s:
            hits = search_articles(s, query, limit=limit)
            names = corpus_reads.story_names(s) if hits else {}
        return [
            SearchResult(
                h.article_id, h.title, h.story_id, names.get(h.story_id), h.snippet, h.rank
            )
            for h in hits
        ]

    def filter_choices(self) -> tuple[list[str], list[tuple[str, str]]]:
        """Annotator names and (story id, name) pairs, for filters such as the export's."""
        with self.db.sessions() as s:
            names = [a.name for a in queries.annotators(s)]
            stories = [(story.id, story.name) for story in queries.stories(s)]
        return names, stories

    def claims(self, article_id: str | None = None) -> list[ClaimSummary]:
        """Active claims: of one article, or all of them."""
        with self.db.sessions() as s:
            if article_id:
                claims = queries.claims_of(s, queries.get_article(s, article_id).id)
            else:
                claims = queries.all_claims(s)
            return [_claim_summary(c) for c in claims]


def _story_id(session, story: str | None) -> str | None:
    if story is None:
        return None
    for summary in queries.stories(session):
        if story in (summary.id, summary.name):
            return summary.id
    raise NotFoundError(f"no story with id or name {story!r}")
