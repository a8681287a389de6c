"""Plain dataclasses, enums and pure rules. No Qt, no SQL."""

from claimdesk.domain.ids import article_id, claim_id, story_id
from claimdesk.domain.labels import Label, LinkKind, implied_label
from claimdesk.domain.records import ArticleRecord, ClaimSpan

__all__ = [
    "ArticleRecord",
    "ClaimSpan",
    "Label",
    "LinkKind",
    "article_id",
    "claim_id",
    "implied_label",
    "story_id",
]
