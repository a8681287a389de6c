"""SQLAlchemy 2 models. Primary keys are the stable string ids of claimdesk.domain.ids;
only the event log has an autoincrement key, and it never leaves the database."""

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON}


class Story(Base):
    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # "manual" once an annotator has moved, merged or split: automatic grouping leaves it alone
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("stories.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))  # ISO date
    origin: Mapped[str] = mapped_column(Text)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    # the annotator pinned the story by hand: automatic grouping never moves it again
    story_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    position: Mapped[int] = mapped_column(Integer, default=0)  # import order, for stable lists

    # placing new articles reads the stored ones near them by date, or the latest imported,
    # without scanning the archive (migration 0004)
    __table_args__ = (
        Index("ix_articles_published", "published"),
        Index("ix_articles_position", "position"),
    )


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    speaker: Mapped[str | None] = mapped_column(Text)
    pipeline: Mapped[str] = mapped_column(String(100))
    # "extracted" by the pipeline or "manual" (added, split, merged, resized by an annotator)
    origin: Mapped[str] = mapped_column(String(20), default="extracted")
    # span edits retire a claim instead of deleting it, so labels and undo keep their target
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        Index("ix_claims_article_start", "article_id", "start"),
        # per-article counts of active claims read this index alone (progress after every
        # action, the story tree). No index on `active` by itself: nearly every claim is active,
        # and without statistics SQLite would prefer it to the article indexes (migration 0002)
        Index("ix_claims_article_active", "article_id", "active"),
        # the export's order, whole: its merge scan walks the index alone (migration 0003)
        Index("ix_claims_export_order", "article_id", "start", "end", "id"),
        # a label's claim's article and state without a seek into the wide rows: agreement
        # joins every label this way (migration 0007)
        Index("ix_claims_id_article_active", "id", "article_id", "active"),
    )


class Annotator(Base):
    __tablename__ = "annotators"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LabelRow(Base):
    """One annotator's verdict on one claim."""

    __tablename__ = "labels"

    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    annotator: Mapped[str] = mapped_column(ForeignKey("annotators.name"), primary_key=True)
    label: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # one annotator's labels, with their claims, without touching the table (progress counts)
    __table_args__ = (Index("ix_labels_annotator_claim", "annotator", "claim_id"),)


class LinkRow(Base):
    """One annotator's statement that two claims agree or conflict. claim_a < claim_b."""

    __tablename__ = "links"

    annotator: Mapped[str] = mapped_column(ForeignKey("annotators.name"), primary_key=True)
    claim_a: Mapped[str] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    claim_b: Mapped[str] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_links_b", "claim_b"), Index("ix_links_claim_a", "claim_a"))


class Adjudication(Base):
    """The lead's gold label for a claim."""

    __tablename__ = "adjudications"

    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    label: Mapped[str] = mapped_column(String(20))
    adjudicator: Mapped[str] = mapped_column(ForeignKey("annotators.name"))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Event(Base):
    """Append-only log of every change: who, when, what, before/after.

    One user action may change several rows; they share an `action_id`, and undo/redo
    restores all of them together.
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[str] = mapped_column(String(40), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    annotator: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))  # label, link, unlink, split, undo, ...
    entity: Mapped[str] = mapped_column(String(20))  # label, link, claim, adjudication, article
    entity_key: Mapped[str] = mapped_column(Text)  # JSON of the primary key
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    # "done", "undone" (can be redone) or "dropped" (undone, then a new action replaced it)
    state: Mapped[str] = mapped_column(String(10), default="done")
    # for an "undo"/"redo" audit entry: the action_id it reverted or re-applied
    reverts: Mapped[str | None] = mapped_column(String(40))

    # every action looks up this annotator's undone events (to drop them), undo the latest
    # done one: an index seek, however long the log grows (migration 0002)
    __table_args__ = (Index("ix_events_annotator_state", "annotator", "state"),)


class Setting(Base):
    """Per-database settings (e.g. suggestions on/off), as JSON values."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict | list | str | int | bool | None] = mapped_column(JSON)


__all__ = [
    "Adjudication",
    "Annotator",
    "Article",
    "Base",
    "Claim",
    "Event",
    "LabelRow",
    "LinkRow",
    "Setting",
    "Story",
    "utcnow",
]
