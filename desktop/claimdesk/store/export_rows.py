"""The rows a dataset export reads, as plain tuples: the SQL of `claimdesk.export`.

The claim export is a merge scan (export/records.py): the claims come from one cursor in
(article id, start, end, id) order, the key of `ix_claims_export_order` (the same on every
machine: ids are content hashes, not import positions). Their articles, labels,
adjudications and links (once per direction, with the other claim) are each one more query
in that same order, read side by side with the claims, so memory is bounded by the cursors'
fetch size whatever the size of the corpus.

Labels (one or more per claim) are read by walking the claims index and seeking each claim's
labels, which needs no sort. Adjudications and links are sparse (a claim in ten, in fifty):
their streams start from their own, smaller tables and let the database sort those rows into
export order, instead of seeking every claim of the corpus once per stream.

On SQLite the rows come from the driver's own cursor (plain tuples, text as stored), which
costs a third of what SQLAlchemy's row objects do; elsewhere from a server-side cursor.

A large export is rendered in chunks of whole articles by worker processes
(export/parallel_jsonl.py): `chunk_plan` cuts the claims into article ranges, and a worker
reads every stream of its range (`ExportChunk`), the sparse ones too: walking the range's
claims in order, it seeks each claim's adjudication and links by their indexes (links by
claim_a since migration 0008), with no sort of the whole table.
"""

from __future__ import annotations

import queue
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

from sqlalchemy import (
    Integer,
    Text,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import Join

from claimdesk.errors import NotFoundError
from claimdesk.store.engine import describe_operational_error
from claimdesk.store.models import Adjudication, Article, Claim, LabelRow, LinkRow, Story

__all__ = [
    "DONE",
    "SPARSE",
    "ExportChunk",
    "ExportStreams",
    "Session",
    "chunk_plan",
    "claim_texts",
    "count_export_claims",
    "export_streams",
    "linked_pair_rows",
    "resolve_stories",
    "stories_with_articles",
    "story_claims",
    "story_links",
]

DONE = ("",)  # the row a finished stream shows for ever: its claim id matches no claim
SPARSE = ("adjudications", "links_a", "links_b")  # a claim's few rows: most have none


def resolve_stories(session: Session, stories: Iterable[str]) -> list[str]:
    """Story ids for ids or names given by the user; an unknown one is an error."""
    ids = []
    for wanted in stories:
        sid = session.scalar(
            select(Story.id).where(or_(Story.id == wanted, Story.name == wanted)).limit(1)
        )
        if sid is None:
            raise NotFoundError(f"no story with id or name {wanted!r}")
        ids.append(sid)
    return ids


def count_export_claims(session: Session, story_ids: list[str] | None) -> int:
    """The claims an export reads (of the stories; retired ones too, which it skips): its
    progress counts them as it reads them, whatever its filters keep."""
    query = select(func.count(Claim.id))
    if story_ids is not None:
        query = query.where(
            Claim.article_id.in_(select(Article.id).where(Article.story_id.in_(story_ids)))
        )
    return session.scalar(query) or 0


class _CrossJoin(Join):
    """An inner join SQLite must walk left to right (`CROSS JOIN` is SQLite's hint for the
    join order). Other databases get a plain JOIN and plan it themselves."""

    inherit_cache = True


@compiles(_CrossJoin)
def _plain_join(join, compiler, **kw):
    return compiler.visit_join(join, **kw)


@compiles(_CrossJoin, "sqlite")
def _sqlite_cross_join(join, compiler, asfrom=False, from_linter=None, **kw):
    return (
        join.left._compiler_dispatch(compiler, asfrom=True, from_linter=from_linter, **kw)
        + " CROSS JOIN "
        + join.right._compiler_dispatch(compiler, asfrom=True, from_linter=from_linter, **kw)
        + " ON "
        + join.onclause._compiler_dispatch(compiler, from_linter=from_linter, **kw)
    )


def _export_order(claim) -> tuple:
    # the key of ix_claims_export_order: the claims stream and every stream merged with it
    # come in this one total order (id makes it unique)
    return (claim.article_id, claim.start, claim.end, claim.id)


_LOW, _HIGH = bindparam("chunk_low", None), bindparam("chunk_high", None)  # set per chunk


def _in_range(column, ranged: str | None):
    """Conditions keeping a chunk's article ids: from `chunk_low` (included) up to
    `chunk_high` (excluded), or to the end ("open")."""
    if ranged is None:
        return ()
    return (column >= _LOW,) if ranged == "open" else (column >= _LOW, column < _HIGH)


def _queries(
    story_ids: list[str] | None,
    annotator: str | None,
    *,
    sqlite: bool,
    ranged: str | None = None,
) -> dict:
    """The ordered queries of a merge scan, by stream name. `ranged` ("closed" or "open"):
    the claims, articles and labels of one chunk's article range (see `_in_range`).

    The sparse streams end with the article id of the claim a row belongs to, by which the
    parent cuts them into chunks (the merge reads the columns before it)."""

    def restrict(query, claim=Claim):
        if story_ids is not None:
            in_stories = select(Article.id).where(Article.story_id.in_(story_ids))
            query = query.where(claim.article_id.in_(in_stories))
        return query.where(*_in_range(claim.article_id, ranged))

    # retired claims are read too (and skipped by the export): every stream keeps the same
    # claims, so a stream's next row belongs to the current claim exactly when the ids match
    claims = restrict(
        select(
            Claim.id,
            Claim.article_id,
            Claim.start,
            Claim.end,
            Claim.text,
            Claim.speaker,
            type_coerce(Claim.reasons, Text),  # JSON text on SQLite, decoded by the export
            Claim.pipeline,
            Claim.origin,
            Claim.active,
        ).order_by(*_export_order(Claim))
    )
    # the articles that have claims, in the claims' article order (same column, same
    # collation): the article of the next claim is always the next one here
    articles = select(
        Article.id,
        Article.title,
        Article.source,
        Article.url,
        Article.published,
        Article.story_id,
        Story.name,
        Article.text,
    ).join(Story, Story.id == Article.story_id)
    if story_ids is not None:
        articles = articles.where(Article.story_id.in_(story_ids))
    articles = articles.where(
        exists().where(Claim.article_id == Article.id), *_in_range(Article.id, ranged)
    ).order_by(Article.id)
    # walked from the claims index, a key seek per claim: the labels come out in export order
    labels = restrict(
        select(
            LabelRow.claim_id,
            LabelRow.annotator,
            LabelRow.label,
            LabelRow.note,
            LabelRow.stale,
            # the stored text on SQLite (made ISO by the export, memoised), a datetime elsewhere
            type_coerce(LabelRow.updated_at, Text),
        )
        .select_from(_CrossJoin(Claim, LabelRow, LabelRow.claim_id == Claim.id))
        .order_by(*_export_order(Claim))
    )
    if not sqlite:
        # within a claim, by annotator in the database's collation. SQLite's seek walks the
        # key (claim id, annotator) in BINARY order already: sorting every claim's labels
        # again costs a tenth of the query, so the export checks that order instead
        labels = labels.order_by(LabelRow.annotator)
    if annotator:
        labels = labels.where(LabelRow.annotator == annotator)

    # sparse tables: on a whole export, read from their own side and sorted into export
    # order by the database; on a chunk, its claims' rows are sought by claim (the chunk's
    # claims walked in order), not sorted out of the whole table
    def sparse_join(table, on):
        return _CrossJoin(Claim, table, on) if ranged else _CrossJoin(table, Claim, on)

    adjudications = restrict(
        select(
            Adjudication.claim_id,
            Adjudication.label,
            Adjudication.adjudicator,
            Adjudication.note,
            Claim.article_id,
        )
        .select_from(sparse_join(Adjudication, Adjudication.claim_id == Claim.id))
        .order_by(*_export_order(Claim))
    )
    # links are keyed (annotator, claim_a, claim_b): one stream per direction, each in the
    # export order of the claim that owns the link, with the other claim
    links = []
    for mine, theirs in ((LinkRow.claim_a, LinkRow.claim_b), (LinkRow.claim_b, LinkRow.claim_a)):
        other = aliased(Claim)
        query = (
            select(
                mine,
                other.id,
                other.article_id,
                other.text,
                other.active,
                LinkRow.kind,
                LinkRow.annotator,
                Claim.article_id,
            )
            .select_from(sparse_join(LinkRow, mine == Claim.id).join(other, other.id == theirs))
            # a claim's links in any order: the export sorts them (records.links_of), and a
            # sort within each claim would cost a chunk a quarter of its links' time
            .order_by(*_export_order(Claim))
        )
        if annotator:
            query = query.where(LinkRow.annotator == annotator)
        links.append(restrict(query))
    queries = {
        "claims": claims,
        "articles": articles,
        "labels": labels,
        "adjudications": adjudications,
        "links_a": links[0],
        "links_b": links[1],
    }
    if sqlite:
        queries["rendered"] = restrict(_rendered_claims(annotator))
    return queries


# --- claims rendered as JSON by SQLite -------------------------------------------------------

# what a rendered claim's labels column holds: "0" or "1" (1: a label time not stored as
# SQLAlchemy writes it, left as stored for the export to convert), the votes as a JSON array
# of [annotator, label] pairs, a group separator, and the JSON array of the claim's
# annotations. The votes are JSON, not names joined by separator characters: an annotator's
# name may hold any character (a merged labels file brings names as they are), and JSON
# escapes every control character, so the group separator cannot occur before its place.
VOTES_END = "\x1d"
# a label time as SQLAlchemy's SQLite DateTime stores it, as a GLOB pattern (9: a digit)
SQLALCHEMY_TIME = "".join("[0-9]" if c == "9" else c for c in "9999-99-99 99:99:99.999999")


STORED_LABELS = literal_column("claims.export_labels", Text)


def live_labels(annotator: str | None):
    """A claim's labels (one annotator's, or all) rendered now, as `_rendered_claims`' labels
    column holds them: a subquery correlated to the claims. Migration 0008 keeps the same
    text in `claims.export_labels` (tests/export/test_rendered.py holds the two equal)."""
    # SQLAlchemy writes "YYYY-MM-DD HH:MM:SS.ffffff"; the record has it as Python's
    # isoformat() gives it: a "T" between date and time, no fraction when it is zero. Only
    # that exact shape is converted here (a length and a space also match a time with a
    # zone, "… 03:04:05.123+00"); any other is left to the export (`_fixed_annotations`).
    # The shape is tested once per label, in a subquery: SQLite does not share a repeated
    # expression, and a pattern match per use costs a fifth of the whole query.
    stored = type_coerce(LabelRow.updated_at, Text)
    rows = select(
        LabelRow.annotator,
        LabelRow.label,
        LabelRow.note,
        LabelRow.stale,
        stored.label("updated_at"),
        stored.op("GLOB", return_type=Integer)(SQLALCHEMY_TIME).label("canonical"),  # 1 or 0
    ).where(LabelRow.claim_id == Claim.id)
    if annotator:
        rows = rows.where(LabelRow.annotator == annotator)
    label = rows.correlate(Claim).subquery("claim_labels")
    time = label.c.updated_at
    iso = case(
        (label.c.canonical == 0, time),
        (func.substr(time, 20) == ".000000", func.replace(func.substr(time, 1, 19), " ", "T")),
        else_=func.replace(time, " ", "T"),
    )
    annotation = func.json_object(
        "annotator", label.c.annotator,
        "label", label.c.label,
        "note", label.c.note,
        "stale", func.json(case((label.c.stale, "true"), else_="false")),
        "updated_at", iso,
    )  # fmt: skip
    # NULL without labels (no case applies), which makes the whole column NULL
    all_canonical = func.min(label.c.canonical)
    odd_time = case((all_canonical == 1, "0"), (all_canonical == 0, "1"))
    votes = func.json_group_array(func.json_array(label.c.annotator, label.c.label), type_=Text)
    packed = odd_time.concat(votes).concat(VOTES_END)
    labels = select(packed.concat(func.json_group_array(annotation, type_=Text)))
    return labels.scalar_subquery()


def _rendered_claims(annotator: str | None):
    """The claims in export order with the JSON of their records' own parts, rendered by
    SQLite's JSON functions (in C, a fraction of what building and encoding the same dicts
    costs in Python; the bytes are the ones orjson writes, checked by the export's tests):

    (id, article id, start, end, active, {"id","text","start","end"} as a JSON object, the
    speaker as JSON, reasons (JSON text as stored), pipeline, origin, labels: see
    `VOTES_END`; NULL without labels).

    A claim's labels (`live_labels`) come from a correlated subquery that seeks the labels'
    key (claim id, annotator), so they come by annotator in code-point order, as the record
    lists them (the export checks that order with the votes). Rendering them is most of the
    query's time, so triggers keep them rendered in the claim's row (migration 0008), which
    is read instead unless the export keeps one annotator's labels."""
    # all the labels of a claim: kept rendered in its row by triggers (migration 0008, not a
    # column of the ORM's Claim: PostgreSQL has none); one annotator's: rendered here
    rendered_labels = live_labels(annotator) if annotator else STORED_LABELS
    head = func.json_object(
        "id", Claim.id, "text", Claim.text, "start", Claim.start, "end", Claim.end
    )  # fmt: skip
    return select(
        Claim.id,
        Claim.article_id,
        Claim.start,
        Claim.end,
        Claim.active,
        head,
        func.json_quote(Claim.speaker),
        type_coerce(Claim.reasons, Text),
        Claim.pipeline,
        Claim.origin,
        rendered_labels,
    ).order_by(*_export_order(Claim))


def _rows(
    connection,
    query,
    size: int,
    *,
    params: dict | None = None,
    then_done: bool = True,
    read_ahead: bool = True,
) -> Iterator[tuple]:
    """The rows of an ordered query, streamed (a server-side cursor where there is one), then
    `DONE` for ever. `read_ahead`: on SQLite, fetch in a producer thread (see
    `prefetched_batches`); a worker process, whose cores the other workers use, reads inline."""
    if connection.dialect.name == "sqlite":
        # the driver's own cursor: its rows are plain tuples of what the export reads as is
        # (text, numbers; booleans and times are handled as SQLite stores them)
        sql, names, defaults = _sqlite_statement(query, connection.dialect)
        values = {**defaults, **(params or {})}
        cursor = connection.connection.driver_connection.cursor()
        arguments = [values[name] for name in names]
        if read_ahead:
            batches = prefetched_batches(cursor, sql, arguments, size)
        else:
            batches = _batches(cursor, sql, arguments, size)
        try:
            for rows in batches:
                yield from rows
        except sqlite3.OperationalError as exc:
            # the driver's own cursor is not SQLAlchemy's: translate as the engine does
            shown = connection.engine.url.render_as_string(hide_password=True)
            raise describe_operational_error(OperationalError(sql, None, exc), shown) from None
        finally:
            batches.close()
    else:
        result = connection.execute(query.execution_options(yield_per=size), params or {})
        for partition in result.partitions():
            yield from partition
    while then_done:
        yield DONE


@lru_cache(maxsize=64)
def _sqlite_statement(query, dialect) -> tuple[str, list[str], dict]:
    """A query's SQL for the driver, its parameter names in order and their bound values
    (compiled once per query object: a worker runs the same few queries for every chunk)."""
    compiled = query.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    return str(compiled), list(compiled.positiontup), compiled.construct_params()


def _batches(cursor, sql: str, params: list, size: int) -> Iterator[list]:
    try:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(size):
            yield rows
    finally:
        cursor.close()


_END = object()  # what a producer puts last: its cursor is used up (or it failed)
PREFETCH = 4  # batches read ahead per stream: memory stays a few fetches per stream


def prefetched_batches(cursor, sql: str, params: list, size: int) -> Iterator[list]:
    """`cursor.fetchmany(size)` batches of a query, read ahead by a producer thread.

    sqlite3 releases the GIL while SQLite steps through a query, so the database's own work
    (walking indexes, seeking rows) overlaps the export's Python work instead of adding to
    it. The queue is bounded: memory stays `PREFETCH` batches per stream. Closing this
    generator (the export ends, fails or is cancelled) stops the producer and waits for it,
    so nothing reads from the connection once the generator is gone. The connection must
    allow use from another thread (SQLAlchemy opens SQLite files with check_same_thread off).
    """
    batches: queue.Queue = queue.Queue(maxsize=PREFETCH)
    stop = threading.Event()
    failure: list[BaseException] = []

    def produce() -> None:
        try:
            cursor.execute(sql, params)
            fetch = cursor.fetchmany
            while not stop.is_set():
                rows = fetch(size)
                if not rows:
                    break
                while not stop.is_set():
                    try:
                        batches.put(rows, timeout=0.05)
                        break
                    except queue.Full:
                        continue
        except BaseException as exc:  # handed to the reader, raised there
            failure.append(exc)
        finally:
            cursor.close()
            _put_end(batches, stop)

    producer = threading.Thread(target=produce, name="export-rows", daemon=True)
    producer.start()
    try:
        while (rows := batches.get()) is not _END:
            yield rows
        if failure:
            raise failure[0]
    finally:
        stop.set()
        producer.join()


def _put_end(batches: queue.Queue, stop: threading.Event) -> None:
    while True:
        try:
            batches.put(_END, timeout=0.05)
            return
        except queue.Full:
            if stop.is_set():
                return


@dataclass
class ExportStreams:
    """The claims (an iterator of rows, ending) and a `next_*` function per merged stream
    (each returns `DONE` once its rows are used up).

    claims: (id, article id, start, end, text, speaker, reasons, pipeline, origin, active);
    reasons is JSON text on SQLite, a list elsewhere; active 0/1 or a bool.
    articles: (id, title, source, url, published, story id, story name, text).
    labels: (claim id, annotator, label, note, stale, updated at: text or datetime).
    adjudications: (claim id, label, adjudicator, note).
    links_a / links_b: (own claim id, other claim id, other's article id, other's text,
    other active, kind, annotator), for the claim as claim_a and as claim_b.
    """

    claims: Iterator[tuple]
    next_article: Callable[[], tuple]
    next_label: Callable[[], tuple]
    next_adjudication: Callable[[], tuple]
    next_link_a: Callable[[], tuple]
    next_link_b: Callable[[], tuple]
    # a claim's labels come by annotator in the database's order; on SQLite (code-point
    # order, the same as Python's) without an ORDER BY, so the reader checks it
    check_label_order: bool
    streams: list = field(default_factory=list)  # every generator above, for `close`

    def close(self) -> None:
        """Stop every stream (and its read-ahead thread); idempotent."""
        for stream in self.streams:
            stream.close()


@dataclass(frozen=True)
class ExportChunk:
    """One chunk of an export: the articles from `low` (included) up to `high` (excluded; None:
    to the end)."""

    low: str
    high: str | None


def export_streams(
    session: Session,
    story_ids: list[str] | None,
    annotator: str | None,
    *,
    window: int,
    chunk: ExportChunk | None = None,
    rendered: bool = False,
) -> ExportStreams:
    """The export's ordered streams on the session's connection (see the module's note), or
    those of one chunk of articles, read inline (no read-ahead thread: in a worker process,
    whose cores the other workers use).

    `rendered` (SQLite only, see `can_render`): the claims are the rows of `_rendered_claims`,
    with their labels, and there is no labels stream."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    sizes = {"articles": 256, "labels": 2 * window}
    own = ("rendered", "articles") if rendered else ("claims", "articles", "labels")
    if chunk is None:
        queries = _queries(story_ids, annotator, sqlite=sqlite)
        rows = {
            name: _rows(
                connection, queries[name], sizes.get(name, window), then_done=name != own[0]
            )
            for name in (*own, *SPARSE)
        }
    else:
        ranged = "open" if chunk.high is None else "closed"
        if not sqlite:
            _seek_per_claim(connection)
        queries = _chunk_queries(
            tuple(story_ids) if story_ids is not None else None, annotator, sqlite, ranged
        )
        params = {"chunk_low": chunk.low}
        if chunk.high is not None:
            params["chunk_high"] = chunk.high
        rows = {
            name: _rows(
                connection,
                queries[name],
                sizes.get(name, window),
                params=params,
                then_done=name != own[0],
                read_ahead=False,
            )
            for name in (*own, *SPARSE)
        }
    if rendered:
        rows["claims"], rows["labels"] = rows.pop("rendered"), repeat(DONE)
    return ExportStreams(
        claims=rows["claims"],
        next_article=rows["articles"].__next__,
        next_label=rows["labels"].__next__,
        next_adjudication=rows["adjudications"].__next__,
        next_link_a=rows["links_a"].__next__,
        next_link_b=rows["links_b"].__next__,
        check_label_order=sqlite,
        # every generator (the sparse streams too, which read ahead on a whole export)
        streams=[stream for stream in rows.values() if hasattr(stream, "close")],
    )


def can_render(session: Session) -> bool:
    """Whether the database renders claim records' JSON itself (`export_streams(rendered=
    True)`): SQLite, whose JSON functions write what orjson writes. PostgreSQL's json type
    spaces and orders its output its own way; its records are built in Python."""
    return session.get_bind().dialect.name == "sqlite"


def _seek_per_claim(connection) -> None:
    """PostgreSQL plans a chunk's labels as a hash join over the whole labels table (per
    chunk: quadratic over an export); a nested loop seeks each claim's labels by key, as
    SQLite does. For this transaction only, and without parallel workers of its own (the
    export's processes are the parallelism)."""
    for setting in ("enable_hashjoin", "enable_mergejoin"):
        connection.exec_driver_sql(f"SET LOCAL {setting} = off")
    connection.exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 0")


@lru_cache(maxsize=16)
def _chunk_queries(
    story_ids: tuple[str, ...] | None, annotator: str | None, sqlite: bool, ranged: str
) -> dict:
    # built once per worker and export: every chunk runs the same statements
    return _queries(
        list(story_ids) if story_ids is not None else None,
        annotator,
        sqlite=sqlite,
        ranged=ranged,
    )


def chunk_plan(
    session: Session, claims_per_chunk: int, story_ids: list[str] | None = None
) -> list[tuple[str, int]] | None:
    """Where the chunks of an export start: (first article id, claims from there up to the
    next chunk), in export order, each chunk whole articles of about `claims_per_chunk`
    claims of the exported stories (`story_ids`; None: all). Every claim of those counts,
    kept or not, as the claims stream reads them: the counts are the export's progress, and
    one small story of a large corpus is a small export.

    None when an article id is not lowercase ASCII letters and digits (Claimdesk's ids are
    "a" and a hex digest): the export compares ids in Python to cut the sparse streams, and
    only for such ids is that the order of every database collation."""
    query = select(Claim.article_id, func.count())
    if story_ids is not None:
        in_stories = select(Article.id).where(Article.story_id.in_(story_ids))
        query = query.where(Claim.article_id.in_(in_stories))
    counts = session.execute(query.group_by(Claim.article_id).order_by(Claim.article_id))
    plan: list[tuple[str, int]] = []
    start, claims = None, 0
    for article_id, count in counts:
        if not _PLAIN_ID.fullmatch(article_id):
            return None
        if start is None or claims >= claims_per_chunk:
            if start is not None:
                plan.append((start, claims))
            start, claims = article_id, 0
        claims += count
    if start is not None:
        plan.append((start, claims))
    return plan


_PLAIN_ID = re.compile(r"[a-z0-9]+")


# --- pairs -----------------------------------------------------------------------------------


def linked_pair_rows(
    session: Session, story_ids: list[str] | None, annotator: str | None, *, window: int
) -> Iterator[tuple]:
    """Links between two active claims, ordered by (claim_a, claim_b, annotator): (claim_a,
    claim_b, annotator, kind, text a, article a, text b, article b, story id of a)."""
    first, second = aliased(Claim), aliased(Claim)
    query = (
        select(
            LinkRow.claim_a,
            LinkRow.claim_b,
            LinkRow.annotator,
            LinkRow.kind,
            first.text,
            first.article_id,
            second.text,
            second.article_id,
            Article.story_id,
        )
        .join(first, first.id == LinkRow.claim_a)
        .join(second, second.id == LinkRow.claim_b)
        .join(Article, Article.id == first.article_id)
        .where(first.active.is_(True), second.active.is_(True))
        .order_by(LinkRow.claim_a, LinkRow.claim_b, LinkRow.annotator)
    )
    if story_ids is not None:
        query = query.where(Article.story_id.in_(story_ids))
    if annotator:
        query = query.where(LinkRow.annotator == annotator)
    for row in session.execute(query.execution_options(yield_per=window)):
        yield tuple(row)


def stories_with_articles(session: Session, story_ids: list[str] | None) -> list[str]:
    """The ids of stories that hold articles (among `story_ids`), in id order."""
    query = select(Article.story_id).distinct().order_by(Article.story_id)
    if story_ids is not None:
        query = query.where(Article.story_id.in_(story_ids))
    return list(session.scalars(query))


def story_claims(session: Session, story_id: str) -> list[tuple[str, str]]:
    """(claim id, article id) of a story's active claims, by claim id."""
    rows = session.execute(
        select(Claim.id, Claim.article_id)
        .join(Article, Article.id == Claim.article_id)
        .where(Article.story_id == story_id, Claim.active.is_(True))
        .order_by(Claim.id)
    )
    return [tuple(row) for row in rows]


def story_links(session: Session, story_id: str) -> set[tuple[str, str]]:
    """(claim_a, claim_b) of every link whose first claim is in the story."""
    rows = session.execute(
        select(LinkRow.claim_a, LinkRow.claim_b)
        .join(Claim, Claim.id == LinkRow.claim_a)
        .join(Article, Article.id == Claim.article_id)
        .where(Article.story_id == story_id)
    )
    return {tuple(row) for row in rows}


def claim_texts(session: Session, claim_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """claim id -> (text, article id)."""
    rows = session.execute(
        select(Claim.id, Claim.text, Claim.article_id).where(Claim.id.in_(list(claim_ids)))
    )
    return {cid: (text, article) for cid, text, article in rows}
