"""Typed change sets: what a user action changed, in words every open window understands.

An action returns a tuple of these (never the event log's column dicts); the window, the
review window and any other open view apply them, and nothing polls. `from_log` turns the
event log's raw `Change` rows into change sets, so the decoding lives here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claimdesk.store.changes import Change


@dataclass(frozen=True)
class LabelsChanged:
    """Labels (or their notes) of these claims changed, for some annotator."""

    claim_ids: frozenset[str]


@dataclass(frozen=True)
class LinksChanged:
    """Links touching these claims were added, changed or removed."""

    claim_ids: frozenset[str]


@dataclass(frozen=True)
class AdjudicationsChanged:
    claim_ids: frozenset[str]


@dataclass(frozen=True)
class ClaimsChanged:
    """Claim spans of these articles changed (edit, split, merge, add): re-read their claims."""

    claim_ids: frozenset[str]
    article_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StoriesChanged:
    """Story membership or names changed; empty `story_ids` means "any story may have"."""

    story_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ArticlesChanged:
    """Articles were added or removed (import, merge)."""

    article_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SettingsChanged:
    keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AnnotatorsChanged:
    names: frozenset[str] = frozenset()


ChangeSet = (
    LabelsChanged
    | LinksChanged
    | AdjudicationsChanged
    | ClaimsChanged
    | StoriesChanged
    | ArticlesChanged
    | SettingsChanged
    | AnnotatorsChanged
)


def claim_ids_of(change_sets: Iterable[ChangeSet]) -> frozenset[str]:
    """Every claim a set of changes names (for targeted repaints)."""
    ids: set[str] = set()
    for change in change_sets:
        ids.update(getattr(change, "claim_ids", ()))
    return frozenset(ids)


def from_log(changes: Iterable[Change]) -> tuple[ChangeSet, ...]:
    """Decode the event log's raw rows (entity, key, before, after) into typed change sets."""
    labels: set[str] = set()
    links: set[str] = set()
    adjudications: set[str] = set()
    claim_articles: set[str] = set()
    claims: set[str] = set()
    settings: set[str] = set()
    annotators: set[str] = set()
    stories: set[str] = set()
    for change in changes:
        _story_ids(change, stories)
        if change.entity == "label":
            labels.add(change.key[0])
        elif change.entity == "link":
            links.update(change.key[1:])
        elif change.entity == "adjudication":
            adjudications.add(change.key[0])
        elif change.entity == "claim":
            claims.add(change.key[0])
            state = change.after or change.before or {}
            if state.get("article_id"):  # the log holds it for new claims, not for retirements
                claim_articles.add(state["article_id"])
        elif change.entity == "setting":
            settings.add(str(change.key[0]))
        elif change.entity == "annotator":
            annotators.add(str(change.key[0]))
    out: list[ChangeSet] = []
    if labels:
        out.append(LabelsChanged(frozenset(labels)))
    if links:
        out.append(LinksChanged(frozenset(links)))
    if adjudications:
        out.append(AdjudicationsChanged(frozenset(adjudications)))
    if claims:
        out.append(ClaimsChanged(frozenset(claims), frozenset(claim_articles)))
    if settings:
        out.append(SettingsChanged(frozenset(settings)))
    if annotators:
        out.append(AnnotatorsChanged(frozenset(annotators)))
    if stories:
        out.append(StoriesChanged(frozenset(stories)))
    return tuple(out)


def _story_ids(change: Change, into: set[str]) -> None:
    """A story operation (or its undo) logs `story` rows and `article` rows whose states name
    the stories an article left and joined; those stories changed."""
    if change.entity == "story":
        into.add(str(change.key[0]))
    elif change.entity == "article":
        for state in (change.before, change.after):
            if state and state.get("story_id"):
                into.add(state["story_id"])
