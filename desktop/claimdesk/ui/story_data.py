"""Stale labels and story names for the window, loaded on the background worker (no Qt).

Thin calls into `App.navigator` (services/navigator.py), kept under their old names for the
window and the session."""

from __future__ import annotations

from claimdesk.services.navigator import Navigator
from claimdesk.store.engine import Database


def stale_counts(db: Database, annotator: str) -> dict[str, int]:
    """article id -> how many of this annotator's labels there are stale."""
    return Navigator(db, annotator).stale_counts()


def next_stale_claim(
    db: Database, annotator: str, order: list[str], after: tuple[str, int]
) -> tuple[str, str] | None:
    """(article id, claim id) of the next stale label after `after` = (article id, offset),
    following the window's article order and wrapping around; None when nothing is stale."""
    return Navigator(db, annotator).next_stale_claim(order, after)


def story_names(db: Database) -> list[tuple[str, str]]:
    """(story id, name) of every story that has articles, by name."""
    return Navigator(db, None).story_names()
