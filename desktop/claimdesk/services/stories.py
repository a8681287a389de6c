"""Stories: automatic grouping of articles that arrived without one, and the annotator's own
moves, merges and splits — which win over the automatic grouping from then on (the article is
pinned and the story marked manual)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from typing import TYPE_CHECKING

from claimdesk.domain.ids import story_id as make_story_id
from claimdesk.errors import NotFoundError, UsageError
from claimdesk.store import story_moves as story_rows
from claimdesk.store.changes import Change, Changes
from claimdesk.store.corpus import UNSORTED_STORY, mark_uniques_stale

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimdesk.store.engine import Database
    from claimdesk.store.models import Article, LabelRow, Story


@dataclass(frozen=True)
class GroupingReport:
    moved: int
    stories_created: int
    stale_marked: int


def _auto_story_name(members: list[Article]) -> str:
    """A readable, deterministic name: the earliest dated member's title (or first words)."""
    return _story_name([(a.id, a.title, a.text, a.published) for a in members])


def _story_name(members: list[tuple[str, str | None, str, str | None]]) -> str:
    """`_auto_story_name` over (id, title, text, published) tuples."""
    ordered = sorted(members, key=lambda m: (m[3] or "9999", m[0]))
    _, title, text, published = ordered[0]
    headline = title or " ".join(text.split()[:8]) + "…"
    fingerprint = hashlib.sha256("".join(sorted(m[0] for m in members)).encode()).hexdigest()[:6]
    return f"{published or 'undated'} · {headline} [{fingerprint}]"


# Placing new articles compares them with the stored articles published up to this many days
# before or after them (beyond a week, grouping's date factor all but rules a pair out) ...
PLACEMENT_DAYS = 8
# ... and, when a new article has no date, with this many of the most recently imported ones
PLACEMENT_RECENT = 500


def _shifted(day: str, days: int) -> str | None:
    try:
        return (Date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return None


def _date_ranges(days: list[str], margin: int) -> list[tuple[str, str]]:
    """[first - margin, last + margin] for each run of sorted ISO days whose ranges overlap."""
    ranges: list[list[str]] = []
    for day in days:
        low, high = _shifted(day, -margin), _shifted(day, margin)
        if low is None or high is None:
            continue
        if ranges and low <= ranges[-1][1]:
            ranges[-1][1] = high
        else:
            ranges.append([low, high])
    return [(low, high) for low, high in ranges]


def place_new_articles(db: Database, article_ids: list[str]) -> GroupingReport:
    """Put articles that were just imported without a story into stories, incrementally.

    The new articles are grouped together with the stored articles that could share their
    event (published within PLACEMENT_DAYS of one of them; for an undated one, the
    PLACEMENT_RECENT most recently imported), never with the whole database. The stored
    articles are treated as pinned to their stories, as `assign_to_story` does: they never move,
    and a new article joins the story it groups with, or a new story with other new articles.
    Placing is part of the import: the new articles' story is written directly, and only the
    stories they joined have their `unique` labels marked stale.
    """
    from claimdesk.matching.grouping import group_articles
    from claimdesk.matching.records import GroupingInput

    unsorted = make_story_id(UNSORTED_STORY)
    with db.transaction() as session:
        new = story_rows.loose_articles(session, article_ids, unsorted)
        if not new:
            return GroupingReport(0, 0, 0)
        dates = sorted({row.published[:10] for row in new if row.published})
        # one date range per run of new articles' dates less than a fortnight apart
        ranges = _date_ranges(dates, PLACEMENT_DAYS)
        stored = story_rows.placed_articles_between(session, ranges, unsorted)
        if any(not row.published for row in new):  # some new article is undated
            stored += story_rows.recent_placed_articles(session, unsorted, PLACEMENT_RECENT)
        stored = list({row.id: row for row in stored}.values())
        fixed = {row.id: row.story_id for row in stored}
        rows = {row.id: row for row in [*new, *stored]}
        inputs = [GroupingInput(r.id, r.text, r.title, r.published) for r in rows.values()]
        moves: list[dict] = []
        stories: dict[str, str] = {}
        joined: set[str] = set()
        for group in group_articles(inputs, fixed=fixed):
            loose = [i for i in group if i not in fixed]
            if not loose:
                continue
            anchors = Counter(fixed[i] for i in group if i in fixed)
            if anchors:
                target = sorted(anchors.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                joined.add(target)
            else:
                name = _story_name(
                    [(i, rows[i].title, rows[i].text, rows[i].published) for i in group]
                )
                target = make_story_id(name)
                stories[target] = name
            moves += [{"article": i, "story": target} for i in loose]
        known = story_rows.existing_story_ids(session, list(stories))
        created = [{"id": sid, "name": n, "manual": False} for sid, n in stories.items()]
        created = [row for row in created if row["id"] not in known]
        story_rows.place_articles(session, created, moves)
        new_ids = [m["article"] for m in moves]
        stale = sum(
            mark_uniques_stale(session, sid, except_articles=new_ids) for sid in sorted(joined)
        )
    return GroupingReport(len(moves), len(created), stale)


def regroup_unsorted(db: Database) -> GroupingReport:
    """Group every article not pinned to a story by hand; pinned articles anchor their stories."""
    from claimdesk.matching.grouping import group_articles
    from claimdesk.matching.records import GroupingInput

    moved = created = stale = 0
    with db.transaction() as session:
        articles = story_rows.all_articles(session)
        if all(a.story_pinned for a in articles):
            return GroupingReport(0, 0, 0)
        by_id = {a.id: a for a in articles}
        fixed = {a.id: a.story_id for a in articles if a.story_pinned}
        inputs = [GroupingInput(a.id, a.text, a.title, a.published) for a in articles]
        groups = group_articles(inputs, fixed=fixed)
        changes = Changes(session, None, "auto_group")
        touched: set[str] = set()
        for group in groups:
            members = [by_id[i] for i in group]
            loose = [a for a in members if not a.story_pinned]
            if not loose:
                continue
            anchors = Counter(a.story_id for a in members if a.story_pinned)
            if anchors:
                target = sorted(anchors.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            else:
                current = {a.story_id for a in loose}
                unsorted = make_story_id(UNSORTED_STORY)
                if len(current) == 1 and unsorted not in current:
                    continue  # already grouped together in their own automatic story
                name = _auto_story_name(members)
                target = make_story_id(name)
                if not story_rows.story_exists(session, target):
                    changes.set("story", (target,), {"name": name, "manual": False})
                    created += 1
            for article in loose:
                if article.story_id != target:
                    changes.set("article", (article.id,), {"story_id": target})
                    moved += 1
                    touched.add(target)
        for sid in sorted(touched):
            stale += mark_uniques_stale(session, sid)
    return GroupingReport(moved, created, stale)


def resolve_story(session: Session, story: str) -> Story:
    return story_rows.resolve_story(session, story)


def _target_story(changes: Changes, story: str) -> str:
    """An existing story (by id or name), or a new one with that name."""
    session = changes.session
    try:
        target = resolve_story(session, story).id
    except NotFoundError:
        target = make_story_id(story)
        changes.set("story", (target,), {"name": story.strip(), "manual": True})
        return target
    changes.set("story", (target,), {"manual": True})
    return target


def _move(changes: Changes, article: Article, target: str) -> bool:
    moved = article.story_id != target
    changes.set("article", (article.id,), {"story_id": target, "story_pinned": True})
    return moved


def move_article(db: Database, annotator: str | None, article_id: str, story: str) -> str:
    """Move an article to a story (created if the name is new); returns the story id."""
    return moved_article(db, annotator, article_id, story)[0]


def moved_article(
    db: Database, annotator: str | None, article_id: str, story: str
) -> tuple[str, list[Change]]:
    """`move_article`, with the changes it logged."""
    with db.transaction() as session:
        article = story_rows.article(session, article_id)
        if article is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        changes = Changes(session, annotator, "move_article")
        target = _target_story(changes, story)
        if _move(changes, article, target):
            mark_uniques_stale(session, target, except_article=article.id)
    return target, changes.changes


def merge_stories(db: Database, annotator: str | None, stories: list[str]) -> str:
    """Merge the given stories into the first one; returns its id."""
    return merged_stories(db, annotator, stories)[0]


def merged_stories(
    db: Database, annotator: str | None, stories: list[str]
) -> tuple[str, list[Change]]:
    """`merge_stories`, with the changes it logged."""
    if len(stories) < 2:
        raise UsageError("name at least two stories to merge")
    with db.transaction() as session:
        resolved = [resolve_story(session, s) for s in stories]
        if len({s.id for s in resolved}) < len(resolved):
            raise UsageError("a story cannot be merged with itself")
        changes = Changes(session, annotator, "merge_stories")
        target = resolved[0].id
        changes.set("story", (target,), {"manual": True})
        for other in resolved[1:]:
            for article in story_rows.articles_of_story(session, other.id):
                _move(changes, article, target)
        for article in story_rows.articles_of_story(session, target):
            changes.set("article", (article.id,), {"story_pinned": True})
        mark_uniques_stale(session, target)
    return target, changes.changes


def split_story(
    db: Database, annotator: str | None, story: str, article_ids: list[str], new_name: str
) -> str:
    """Move some articles of a story into a new story; returns the new story's id."""
    return split_off(db, annotator, story, article_ids, new_name)[0]


def split_off(
    db: Database, annotator: str | None, story: str, article_ids: list[str], new_name: str
) -> tuple[str, list[Change]]:
    """`split_story`, with the changes it logged."""
    if not article_ids:
        raise UsageError("name the articles that form the new story")
    with db.transaction() as session:
        source = resolve_story(session, story)
        articles = [story_rows.article(session, a) for a in article_ids]
        missing = [a for a, row in zip(article_ids, articles, strict=True) if row is None]
        if missing:
            raise NotFoundError(f"no article with id {missing[0]!r}")
        strangers = [a.id for a in articles if a.story_id != source.id]
        if strangers:
            raise UsageError(f"article {strangers[0]} is not in story {source.name!r}")
        changes = Changes(session, annotator, "split_story")
        target = _target_story(changes, new_name)
        for article in articles:
            _move(changes, article, target)
        for article in story_rows.articles_of_story(session, source.id):
            changes.set("article", (article.id,), {"story_pinned": True})
        changes.set("story", (source.id,), {"manual": True})
    return target, changes.changes


def stale_labels(session: Session, annotator: str | None = None) -> list[LabelRow]:
    return story_rows.stale_labels(session, annotator)
