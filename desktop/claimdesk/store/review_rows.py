"""The review's reads as plain rows: one SELECT per table, driver tuples, no ORM objects.

`services.review` turns these rows into the agreement package's structures and the review
window's records; nothing here knows about figures or queues.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from claimdesk.store.models import (
    Adjudication,
    Annotator,
    Article,
    Claim,
    Event,
    LabelRow,
    LinkRow,
    Story,
)

IN_CHUNK = 500  # ids per IN (...) list: well below SQLite's and PostgreSQL's parameter limits
WHOLE_TABLE_AT = 5_000  # more claim texts than this: read every active claim's text at once


def plain_rows(connection: Connection, query) -> list[tuple]:
    """Every row of a SELECT as the driver's plain tuples. Only for columns that are strings:
    those need no SQLAlchemy result processing on SQLite or PostgreSQL, so the per-row ``Row``
    objects (most of the fetch time on 300,000 labels) are skipped."""
    result = connection.execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def read_all(engine: Engine, reads: Sequence[Callable[[Connection], list]]) -> list[list]:
    """Each read's rows, in order. On PostgreSQL the reads run at once, each on its own
    connection: the server works on them side by side while this process decodes (a review
    reload of 270,000 labels: 0.48 -> 0.36 s). On SQLite one connection reads them in turn,
    because threads only contend for the GIL there (measured twice as slow). Consistency
    is that of one connection's statements (each sees what was committed when it began),
    which the callers already allow for."""
    if engine.dialect.name != "postgresql" or len(reads) < 2:
        with engine.connect() as connection:
            return [read(connection) for read in reads]

    def run(read):
        with engine.connect() as connection:
            return read(connection)

    with ThreadPoolExecutor(max_workers=min(3, len(reads))) as pool:
        return list(pool.map(run, reads))


def chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


def _of_story(query, story_id: str | None, claim_of_row=None):
    """The query restricted to one story's claims (unchanged for None). ``claim_of_row``: the
    column naming the row's claim when the query does not select from claims already."""
    if story_id is None:
        return query
    if claim_of_row is not None:
        query = query.join(Claim, Claim.id == claim_of_row)
    return query.join(Article, Article.id == Claim.article_id).where(Article.story_id == story_id)


def story_names(connection: Connection) -> list[tuple[str, str]]:
    return plain_rows(connection, select(Story.id, Story.name))


def labelled_claims(connection: Connection, story_id: str | None = None) -> list[tuple]:
    """(claim id, article id) of every active claim that has a label (of one story, when
    given), each once. Read apart from the labels (`label_values`): an archive holds millions
    of claims of which a few per cent are labelled, so the claims are found from the labels'
    claim ids in the database, each once rather than once per label. On SQLite they come in
    claim id order. The articles' stories come from `article_stories`: a join per claim to
    the articles costs more than reading every article's story once."""
    if story_id is None and connection.dialect.name == "sqlite":
        return plain_rows(connection, _SQLITE_EVERY_LABELLED_CLAIM)
    query = select(Claim.id, Claim.article_id).where(
        Claim.active.is_(True), Claim.id.in_(select(LabelRow.claim_id))
    )
    return plain_rows(connection, _of_story(query, story_id))


# Every labelled claim, on SQLite: the labels' distinct claim ids, read in order from the
# labels' primary key, drive (CROSS JOIN fixes the order) and each claim is found once in the
# covering index (migration 0007), in id order, so consecutive seeks touch neighbouring pages.
# Left to itself, SQLite's planner, without statistics, walks all 4,000,000 claims of an
# archive to probe the labels. (Joining the claims per label, as before, cost 2.3 s of CPU
# on an archive's 933,000 labels; the claims once and the labels alone cost 1.1 s.)
# SQLAlchemy renders no index hints for SQLite, hence the text.
_SQLITE_EVERY_LABELLED_CLAIM = text(
    "SELECT c.id, c.article_id FROM (SELECT DISTINCT claim_id FROM labels) AS l "
    "CROSS JOIN claims AS c INDEXED BY ix_claims_id_article_active "
    "WHERE c.id = l.claim_id AND c.active = 1"
)


def label_values(connection: Connection, story_id: str | None = None) -> list[tuple]:
    """(claim id, annotator, label) of every label (of one story's claims, when given); a
    label of a retired claim too: `labelled_claims` says which claims count."""
    query = select(LabelRow.claim_id, LabelRow.annotator, LabelRow.label)
    return plain_rows(connection, _of_story(query, story_id, LabelRow.claim_id))


def article_stories(connection: Connection, story_id: str | None = None) -> dict[str, str]:
    """Article id -> story id (of one story's articles, when given)."""
    query = select(Article.id, Article.story_id)
    if story_id is not None:
        query = query.where(Article.story_id == story_id)
    return dict(plain_rows(connection, query))


def label_rows(connection: Connection, claim_ids: Sequence[str]) -> list[tuple[str, str, str]]:
    """(claim id, annotator, label) of these claims."""
    query = select(LabelRow.claim_id, LabelRow.annotator, LabelRow.label)
    return [
        row
        for chunk in chunks(list(claim_ids))
        for row in plain_rows(connection, query.where(LabelRow.claim_id.in_(chunk)))
    ]


def link_rows(connection: Connection, story_id: str | None = None) -> list[tuple[str, ...]]:
    """(annotator, claim a, claim b, kind) of every link (whose first claim is of the story)."""
    query = select(LinkRow.annotator, LinkRow.claim_a, LinkRow.claim_b, LinkRow.kind)
    return plain_rows(connection, _of_story(query, story_id, LinkRow.claim_a))


def active_gold_rows(connection: Connection, story_id: str | None = None) -> list[tuple[str, str]]:
    """(claim id, gold label) of every active claim (of one story, when given)."""
    query = (
        select(Adjudication.claim_id, Adjudication.label)
        .join(Claim, Claim.id == Adjudication.claim_id)
        .where(Claim.active.is_(True))
    )
    return plain_rows(connection, _of_story(query, story_id))


def gold_rows(connection: Connection, claim_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(claim id, gold label) of these claims."""
    query = select(Adjudication.claim_id, Adjudication.label)
    return [
        row
        for chunk in chunks(list(claim_ids))
        for row in plain_rows(connection, query.where(Adjudication.claim_id.in_(chunk)))
    ]


def claim_stories(connection: Connection, claim_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(claim id, story id) of those of these claims that are active."""
    query = (
        select(Claim.id, Article.story_id)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.active.is_(True))
    )
    return [
        row
        for chunk in chunks(list(claim_ids))
        for row in plain_rows(connection, query.where(Claim.id.in_(chunk)))
    ]


def claim_texts(
    connection: Connection, claim_ids: Sequence[str], story_id: str | None = None
) -> dict[str, str]:
    """The texts of these claims. Many ids (a whole queue): one SELECT of the texts of every
    labelled active claim (of the story, when given), which beats hundreds of IN (...) lists
    and, on an archive of millions of claims, reading every claim's text."""
    texts: dict[str, str] = {}
    if len(claim_ids) > WHOLE_TABLE_AT:
        labelled = select(LabelRow.claim_id).distinct().subquery()
        query = (
            select(Claim.id, Claim.text)
            .join(labelled, labelled.c.claim_id == Claim.id)
            .where(Claim.active.is_(True))
        )
        every = dict(plain_rows(connection, _of_story(query, story_id)))
        missing = []
        for claim_id in claim_ids:
            text = every.get(claim_id)
            if text is None:
                missing.append(claim_id)
            else:
                texts[claim_id] = text
        claim_ids = missing  # e.g. a claim retired since: asked for by id below
    for chunk in chunks(list(claim_ids)):
        texts.update(
            plain_rows(connection, select(Claim.id, Claim.text).where(Claim.id.in_(chunk)))
        )
    return texts


def story_by_id_or_name(connection: Connection, story: str) -> str | None:
    """A story id from its id or its name (case-insensitive), or None."""
    if connection.scalar(select(Story.id).where(Story.id == story)) is not None:
        return story
    wanted = story.strip().casefold()
    for sid, name in plain_rows(connection, select(Story.id, Story.name)):
        if name.casefold() == wanted:
            return sid
    return None


def article_of_claim(connection: Connection, claim_id: str) -> str | None:
    return connection.scalar(select(Claim.article_id).where(Claim.id == claim_id))


def is_lead(session: Session, name: str) -> bool:
    """Read in the caller's transaction, so a check and the write it guards see one state."""
    return bool(session.scalar(select(Annotator.is_lead).where(Annotator.name == name)))


def current_adjudication(session: Session, claim_id: str) -> tuple[str, str, str | None] | None:
    """(label, adjudicator, note) of a claim's gold label, or None."""
    row = session.execute(
        select(Adjudication.label, Adjudication.adjudicator, Adjudication.note).where(
            Adjudication.claim_id == claim_id
        )
    ).first()
    return None if row is None else tuple(row)


def newest_change(connection: Connection) -> tuple:
    """The newest event and row counts (writes that bypass the log change a count)."""
    return tuple(
        connection.execute(
            select(
                select(func.max(Event.id)).scalar_subquery(),
                select(func.count()).select_from(LabelRow).scalar_subquery(),
                select(func.count()).select_from(LinkRow).scalar_subquery(),
                select(func.count()).select_from(Adjudication).scalar_subquery(),
                select(func.count()).select_from(Claim).scalar_subquery(),
                select(func.count()).select_from(Story).scalar_subquery(),
            )
        ).one()
    )


def event_ids_between(connection: Connection, low: int, high: int) -> set[int]:
    """The ids of the events logged with ids in (low, high]."""
    return set(connection.scalars(select(Event.id).where(Event.id > low, Event.id <= high)).all())


def events_present(connection: Connection, ids: Iterable[int]) -> bool:
    """Whether any of these event ids is in the log now."""
    found = connection.scalar(select(Event.id).where(Event.id.in_(list(ids))).limit(1))
    return found is not None


def events_after(
    connection: Connection, after_id: int | None, up_to: int, limit: int
) -> list[tuple]:
    """(id, entity, entity key as JSON text, before, after) of at most ``limit`` events with
    ids after ``after_id`` (None: from the first) up to ``up_to``, in id order."""
    query = (
        select(Event.id, Event.entity, Event.entity_key, Event.before, Event.after)
        .where(Event.id <= up_to)
        .order_by(Event.id)
        .limit(limit)
    )
    if after_id is not None:
        query = query.where(Event.id > after_id)
    return [tuple(row) for row in connection.execute(query)]


# --- one claim in detail ---------------------------------------------------------------------

_ARTICLE_NAME_COLUMNS = (Article.title, Article.source, func.substr(Article.text, 1, 400))


def claim_row(connection: Connection, claim_id: str):
    """(article id, start, end, article text, title, source, story name) or None."""
    return connection.execute(
        select(
            Claim.article_id,
            Claim.start,
            Claim.end,
            Article.text,
            Article.title,
            Article.source,
            Story.name,
        )
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Story, Story.id == Article.story_id)
        .where(Claim.id == claim_id)
    ).first()


def labels_of_claim(connection: Connection, claim_id: str) -> list[tuple]:
    """(annotator, label, note, stale) of every label of a claim."""
    return list(
        connection.execute(
            select(LabelRow.annotator, LabelRow.label, LabelRow.note, LabelRow.stale).where(
                LabelRow.claim_id == claim_id
            )
        ).all()
    )


def links_of_claim(connection: Connection, claim_id: str) -> list[tuple[str, str, str, str]]:
    """(annotator, claim a, claim b, kind) of every link touching a claim."""
    return plain_rows(
        connection,
        select(LinkRow.annotator, LinkRow.claim_a, LinkRow.claim_b, LinkRow.kind).where(
            (LinkRow.claim_a == claim_id) | (LinkRow.claim_b == claim_id)
        ),
    )


def claims_with_articles(connection: Connection, claim_ids: Sequence[str]) -> list[tuple]:
    """(claim id, claim text, article title, source, head of text) of these claims."""
    return [
        tuple(row)
        for chunk in chunks(list(claim_ids))
        for row in connection.execute(
            select(Claim.id, Claim.text, *_ARTICLE_NAME_COLUMNS)
            .join(Article, Article.id == Claim.article_id)
            .where(Claim.id.in_(chunk))
        )
    ]


def gold_of_claim(connection: Connection, claim_id: str) -> tuple | None:
    """(label, adjudicator, note) of a claim's gold label, or None."""
    row = connection.execute(
        select(Adjudication.label, Adjudication.adjudicator, Adjudication.note).where(
            Adjudication.claim_id == claim_id
        )
    ).first()
    return None if row is None else tuple(row)


def article_heads(connection: Connection, article_ids: Sequence[str]) -> list[tuple]:
    """(article id, title, source, head of text) of these articles."""
    return [
        tuple(row)
        for chunk in chunks(list(article_ids))
        for row in connection.execute(
            select(Article.id, *_ARTICLE_NAME_COLUMNS).where(Article.id.in_(chunk))
        )
    ]
