"""The stories door of the facade (`App.stories`): the story list, moves, merges, splits and
regrouping (each an `Outcome` with typed change sets), the matcher's candidates and suggestions,
stale labels, and the suggestions switch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimdesk.services.change_sets import (
    ArticlesChanged,
    ChangeSet,
    StoriesChanged,
    from_log,
)
from claimdesk.services.outcome import Outcome
from claimdesk.store import candidate_rows, queries

if TYPE_CHECKING:
    from claimdesk.services.candidates import RankedCandidate
    from claimdesk.store.changes import Change
    from claimdesk.store.engine import Database


def story_change_sets(changes: Iterable[Change]) -> tuple[ChangeSet, ...]:
    """The stories an action touched (a story row, or an article's story before and after) and
    the articles that moved."""
    stories: set[str] = set()
    articles: set[str] = set()
    for change in changes:
        if change.entity == "story":
            stories.add(change.key[0])
        elif change.entity == "article":
            before, after = change.before or {}, change.after or {}
            stories.update(s for s in (before.get("story_id"), after.get("story_id")) if s)
            if before.get("story_id") != after.get("story_id"):
                articles.add(change.key[0])
    out: list[ChangeSet] = [StoriesChanged(frozenset(stories))]
    if articles:
        out.append(ArticlesChanged(frozenset(articles)))
    return tuple(out)


@dataclass(frozen=True)
class StoryListing:
    """A story with its article ids, as `claimdesk stories` lists it (the navigator's
    `StoryRow` is a tree row with counts, not this)."""

    id: str
    name: str
    manual: bool
    article_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "manual": self.manual,
            "articles": list(self.article_ids),
        }


@dataclass(frozen=True)
class ClaimCandidates:
    """What the matcher offers for one claim: its suggestion, its ranked candidates (each other
    article's best first) and, per other article (best first), that article's best claims."""

    claim_id: str
    text: str
    suggestion: object  # matching.records.Suggestion, or None when suggestions are off
    ranked: list[RankedCandidate]
    by_article: list[tuple[str, list[RankedCandidate]]]


@dataclass(frozen=True)
class StaleLabel:
    claim_id: str
    annotator: str
    label: str
    article_id: str
    text: str

    def to_dict(self) -> dict:
        return {
            "claim_id": self.claim_id,
            "annotator": self.annotator,
            "label": self.label,
            "article_id": self.article_id,
            "text": self.text,
        }


class StoriesDoor:
    def __init__(self, db: Database, annotator: str | None = None):
        self.db = db
        self.annotator = annotator

    # -- reads

    def stories(self) -> list[StoryListing]:
        with self.db.sessions() as session:
            return [
                StoryListing(s.id, s.name, s.manual, tuple(s.article_ids))
                for s in queries.stories(session)
            ]

    def stale(self) -> list[StaleLabel]:
        from claimdesk.services import stories

        with self.db.sessions() as session:
            rows = []
            for label in stories.stale_labels(session):
                claim = queries.get_claim(session, label.claim_id)
                rows.append(
                    StaleLabel(
                        label.claim_id, label.annotator, label.label, claim.article_id, claim.text
                    )
                )
        return rows

    def candidates(self, claim_id: str | None, top: int) -> list[ClaimCandidates]:
        """The matcher's view of one claim, or of every active claim in reading order."""
        from claimdesk.services.candidates import CandidateService

        service = CandidateService()
        with self.db.sessions() as session:
            if claim_id:
                claim_ids = [queries.get_claim(session, claim_id).id]
            else:
                claim_ids = candidate_rows.active_claim_ids(session)
            return [
                ClaimCandidates(
                    cid,
                    queries.get_claim(session, cid).text,
                    service.suggest(session, cid),
                    service.rank(session, cid, top_k=top),
                    service.rank_by_article(session, cid, per_article=top),
                )
                for cid in claim_ids
            ]

    def suggestions_enabled(self) -> bool:
        from claimdesk.services.candidates import suggestions_enabled

        with self.db.sessions() as session:
            return suggestions_enabled(session)

    # -- actions

    def set_suggestions(self, enabled: bool) -> Outcome:
        from claimdesk.services.candidates import set_suggestions_enabled

        with self.db.transaction() as session:
            changes = set_suggestions_enabled(session, enabled, by=self.annotator)
        state = "on" if enabled else "off"
        return Outcome(
            "suggestions",
            from_log(changes),
            f"suggested labels are {state} for this database",
        )

    def move_article(self, article_id: str, story: str) -> Outcome:
        from claimdesk.services import stories

        target, changes = stories.moved_article(self.db, self.annotator, article_id, story)
        return Outcome(
            "move_article",
            story_change_sets(changes),
            f"moved {article_id} to story {target}",
            detail=target,
        )

    def merge(self, story_names: list[str]) -> Outcome:
        from claimdesk.services import stories

        target, changes = stories.merged_stories(self.db, self.annotator, story_names)
        return Outcome(
            "merge_stories", story_change_sets(changes), f"merged into story {target}", target
        )

    def split(self, story: str, article_ids: list[str], new_name: str) -> Outcome:
        from claimdesk.services import stories

        target, changes = stories.split_off(self.db, self.annotator, story, article_ids, new_name)
        return Outcome(
            "split_story",
            story_change_sets(changes),
            f"split {len(article_ids)} article(s) into story {target}",
            target,
        )

    def regroup(self) -> Outcome:
        """Group every article no annotator placed by hand; any story may change."""
        from claimdesk.services import stories

        report = stories.regroup_unsorted(self.db)
        return Outcome(
            "regroup",
            (StoriesChanged(),) if report.moved or report.stories_created else (),
            f"moved {report.moved} article(s), created {report.stories_created} story(ies), "
            f"{report.stale_marked} unique label(s) now stale",
            report,
        )
