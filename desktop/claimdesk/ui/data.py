"""The window's records, named where the widgets and item models have always imported them.

They are made below the UI (`services/screen_reads.py`, through `App.annotation`); this module
only re-exports the plain dataclasses, so no widget reaches for the database.
"""

from claimdesk.services.screen_reads import conflict_subject
from claimdesk.services.screen_records import (
    ArticleData,
    ArticleNode,
    ClaimItem,
    OtherClaim,
    SearchHit,
    StoryNode,
)

__all__ = [
    "ArticleData",
    "ArticleNode",
    "ClaimItem",
    "OtherClaim",
    "SearchHit",
    "StoryNode",
    "conflict_subject",
]
