"""The lead's review: agreement data loaded from the database, the disagreement queue with the
claims' context, and adjudication.

The figures themselves are pure functions in `claimdesk.agreement`; this module only turns rows
into the plain structures those functions take (claim -> {annotator: label}, annotator -> link
set, claim -> gold label, claim -> story) and back into something a person can read. Every
function takes the `Database`; the window calls them on its background runner.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from claimdesk.agreement import (
    Disagreement,
    DisagreementKind,
    DisagreementShape,
    EncodedRatings,
    Report,
    disagreement_rows,
    disagreements,
    encode_ratings,
    report_from_encoded,
)
from claimdesk.domain.labels import Label
from claimdesk.domain.titles import display_title
from claimdesk.errors import NotFoundError, UsageError
from claimdesk.services.annotators import require_lead
from claimdesk.services.context import claim_in_context
from claimdesk.services.workspace import ActionResult, Workspace
from claimdesk.store.agreement_rows import agreement_rows
from claimdesk.store.engine import Database
from claimdesk.store.models import (
    Adjudication,
    Article,
    Claim,
    Event,
    LabelRow,
    LinkRow,
    Story,
)

ARTICLE_NAME_CAP = 90  # an untitled article is named by the start of its text, cut here
IN_CHUNK = 500  # ids per IN (...) list: well below SQLite's and PostgreSQL's parameter limits
WHOLE_TABLE_AT = 5_000  # more claim texts than this: read every active claim's text at once


# --- loading ---------------------------------------------------------------------------------


@dataclass
class AgreementInput:
    """Everything the agreement package needs, as plain data (see claimdesk.agreement)."""

    ratings: dict[str, dict[str, str]] = field(default_factory=dict)
    links: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)
    gold: dict[str, str] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    story_names: dict[str, str] = field(default_factory=dict)

    @property
    def annotators(self) -> list[str]:
        names = {name for per_claim in self.ratings.values() for name in per_claim}
        return sorted(names | set(self.links))


def resolve_story(db: Database, story: str | None) -> str | None:
    """A story id from its id or its name (case-insensitive); None stays None."""
    if story is None:
        return None
    with db.sessions() as session:
        if session.get(Story, story) is not None:
            return story
        for sid, name in session.execute(select(Story.id, Story.name)):
            if name.casefold() == story.strip().casefold():
                return sid
    raise NotFoundError(f"no story with id or name {story!r}")


def _plain_rows(connection, query) -> list[tuple]:
    """Every row of a SELECT as the driver's plain tuples. Only for columns that are strings:
    those need no SQLAlchemy result processing on SQLite or PostgreSQL, so the per-row ``Row``
    objects (most of the fetch time on 300,000 labels) are skipped."""
    result = connection.execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def load_agreement_input(db: Database, story_id: str | None = None) -> AgreementInput:
    """Labels of active claims, links, gold labels and stories (store/agreement_rows.py)."""
    rows = agreement_rows(db, story_id)
    return AgreementInput(rows.ratings, rows.links, rows.gold, rows.story_of, rows.story_names)


def encode_input(data: AgreementInput) -> EncodedRatings:
    """The ratings encoded once for both the figures and the queue (gold labels included)."""
    return encode_ratings(data.ratings, story_of=data.story_of, extra_labels=data.gold.values())


def compute_report(data: AgreementInput, encoded: EncodedRatings | None = None) -> Report:
    """Every figure, with per-story figures; ``encoded``: ``encode_input(data)`` if at hand."""
    # Gold figures only once someone adjudicated.
    return report_from_encoded(
        encoded if encoded is not None else encode_input(data),
        links=data.links,
        gold=data.gold or None,
        by_story=True,
    )


def agreement(db: Database, story: str | None = None) -> tuple[Report, AgreementInput]:
    data = load_agreement_input(db, resolve_story(db, story))
    return compute_report(data), data


# --- the queue -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)  # slots: a queue holds tens of thousands
class QueueEntry:
    """One claim to adjudicate, as a row of the queue."""

    claim_id: str
    story_id: str | None
    story_name: str
    kind: str  # label, links or both (claimdesk.agreement.DisagreementKind)
    labels: dict[str, str]  # annotator -> label, for everyone who labelled the claim
    label_pairs: tuple[tuple[str, str], ...]
    involved: tuple[str, ...]  # annotators whose label or links differ
    claim_text: str
    gold: str | None = None

    def to_dict(self) -> dict:
        return {
            "claim_id": self.claim_id,
            "story_id": self.story_id,
            "story": self.story_name,
            "kind": self.kind,
            "labels": dict(self.labels),
            "label_pairs": [list(pair) for pair in self.label_pairs],
            "annotators": list(self.involved),
            "text": self.claim_text,
            "gold": self.gold,
        }


@dataclass(frozen=True)
class QueueFilter:
    story_id: str | None = None
    annotator: str | None = None
    label_pair: tuple[str, str] | None = None
    include_adjudicated: bool = False
    cell: HeatCell | None = None  # a heat-map cell the lead clicked


@dataclass(frozen=True)
class HeatCell:
    """One cell of a confusion heat map: claims that ``rows`` labelled ``row_label`` and that
    ``columns`` labelled ``column_label``; ``columns`` is None for the gold-label matrix (the
    column is the lead's gold label)."""

    rows: str
    row_label: str
    columns: str | None
    column_label: str

    def describe(self) -> str:
        other = "gold" if self.columns is None else self.columns
        return f"{self.rows}: {self.row_label} × {other}: {self.column_label}"

    def matches(self, labels: dict[str, str], gold: str | None) -> bool:
        if labels.get(self.rows) != self.row_label:
            return False
        if self.columns is None:
            return gold == self.column_label
        return labels.get(self.columns) == self.column_label


def parse_label_pair(text: str | None) -> tuple[str, str] | None:
    """'contradicted,corroborated' -> a pair of label values; None/'' means no filter."""
    if not text:
        return None
    parts = [part for part in text.split(",") if part.strip()]
    if len(parts) != 2:
        raise UsageError(f"a label pair is two labels separated by a comma, not {text!r}")
    try:
        first, second = (Label.parse(part).value for part in parts)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return (first, second)


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


def claim_texts(
    db: Database, claim_ids: Sequence[str], story_id: str | None = None
) -> dict[str, str]:
    """The texts of these claims. Many ids (a whole queue): one SELECT of every active claim's
    text (of the story, when given), which beats hundreds of IN (...) lists."""
    texts: dict[str, str] = {}
    with db.engine.connect() as connection:
        if len(claim_ids) > WHOLE_TABLE_AT:
            query = select(Claim.id, Claim.text).where(Claim.active.is_(True))
            if story_id is not None:
                query = query.join(Article, Article.id == Claim.article_id).where(
                    Article.story_id == story_id
                )
            every = dict(_plain_rows(connection, query))
            missing = []
            for claim_id in claim_ids:
                text = every.get(claim_id)
                if text is None:
                    missing.append(claim_id)
                else:
                    texts[claim_id] = text
            claim_ids = missing  # e.g. a claim retired since: asked for by id below
        for chunk in _chunks(claim_ids):
            query = select(Claim.id, Claim.text).where(Claim.id.in_(chunk))
            texts.update(connection.execute(query).all())
    return texts


def open_disagreements(
    data: AgreementInput, include_adjudicated: bool = False
) -> list[Disagreement]:
    """Every disagreement in the loaded data, without the claims the lead already settled."""
    items = disagreements(data.ratings, data.links, data.story_of)
    if include_adjudicated:
        return items
    return [item for item in items if item.claim not in data.gold]


def matches(item: Disagreement, wanted: QueueFilter) -> bool:
    """The annotator and label-pair filters, as `claimdesk.agreement.disagreements` applies
    them; applied here so one computation serves both the filtered and the total count."""
    if wanted.story_id is not None and item.story != wanted.story_id:
        return False
    if wanted.annotator is not None and wanted.annotator not in item.annotators:
        return False
    if wanted.label_pair is not None:
        return frozenset(wanted.label_pair) in {frozenset(pair) for pair in item.label_pairs}
    return True


def queue_entries(
    data: AgreementInput, items: Iterable[Disagreement], texts: dict[str, str]
) -> list[QueueEntry]:
    return [
        QueueEntry(
            claim_id=item.claim,
            story_id=item.story,
            story_name=data.story_names.get(item.story, item.story or "-"),
            kind=str(item.kind),
            labels=dict(item.labels),
            label_pairs=tuple(item.label_pairs),
            involved=tuple(item.annotators),
            claim_text=texts.get(item.claim, ""),
            gold=data.gold.get(item.claim),
        )
        for item in items
    ]


def _open_rows(
    data: AgreementInput, encoded: EncodedRatings, include_adjudicated: bool
) -> list[tuple[str, str | None, DisagreementShape]]:
    """``open_disagreements`` as light (claim, story, shape) rows: no links, no per-claim
    objects; the window and the CLI need neither."""
    rows = disagreement_rows(encoded, data.links)
    if include_adjudicated:
        return rows
    gold = data.gold
    return [row for row in rows if row[0] not in gold]


def _shape_matches(shape: DisagreementShape, wanted: QueueFilter) -> bool:
    """``matches`` without the story (the rows come from data loaded for that story)."""
    if wanted.annotator is not None and wanted.annotator not in shape.annotators:
        return False
    if wanted.label_pair is not None:
        return frozenset(wanted.label_pair) in {frozenset(pair) for pair in shape.label_pairs}
    return True


def _queue(
    db: Database,
    data: AgreementInput,
    encoded: EncodedRatings,
    wanted: QueueFilter,
) -> tuple[list[QueueEntry], int]:
    """The filtered queue entries and the number of open disagreements before the annotator
    and label-pair filters. Filters are decided once per shape, not once per claim."""
    everything = _open_rows(data, encoded, wanted.include_adjudicated)
    if wanted.story_id is not None:  # the data was loaded for this story: a no-op, kept exact
        everything = [row for row in everything if row[1] == wanted.story_id]
    decided: dict[int, bool] = {}
    rows = []
    for row in everything:
        shape = row[2]
        keep = decided.get(id(shape))
        if keep is None:
            keep = decided[id(shape)] = _shape_matches(shape, wanted)
        if keep:
            rows.append(row)
    names, gold = data.story_names, data.gold
    if wanted.cell is not None:  # per claim: a gold cell depends on each claim's gold label
        cell = wanted.cell
        rows = [row for row in rows if cell.matches(row[2].labels, gold.get(row[0]))]
    texts = claim_texts(db, [claim for claim, _, _ in rows], wanted.story_id)
    kinds = {kind: str(kind) for kind in DisagreementKind}
    entries = [
        QueueEntry(
            claim_id=claim,
            story_id=story,
            story_name=names.get(story, story or "-"),
            kind=kinds[shape.kind],
            labels=dict(shape.labels),
            label_pairs=shape.label_pairs,
            involved=shape.annotators,
            claim_text=texts.get(claim, ""),
            gold=gold.get(claim),
        )
        for claim, story, shape in rows
    ]
    return entries, len(everything)


def disagreement_queue(db: Database, wanted: QueueFilter | None = None) -> list[QueueEntry]:
    wanted = wanted or QueueFilter()
    data = load_agreement_input(db, wanted.story_id)
    return _queue(db, data, encode_input(data), wanted)[0]


@dataclass(frozen=True)
class ReviewSnapshot:
    """What the review window shows at one moment: figures, the queue and who is who."""

    report: Report
    queue: list[QueueEntry]
    story_names: dict[str, str]
    annotators: list[str]
    total_open: int  # open disagreements before the annotator and label-pair filters
    fingerprint: tuple


def review_snapshot(db: Database, wanted: QueueFilter) -> ReviewSnapshot:
    """One load for the whole window, one encoding for the figures and the queue. The figures
    follow the story filter only: a figure for "claims where alice disagrees" would be biased
    by construction."""
    fingerprint = data_fingerprint(db)
    data = load_agreement_input(db, wanted.story_id)
    encoded = encode_input(data)
    queue, total_open = _queue(db, data, encoded, wanted)
    return ReviewSnapshot(
        compute_report(data, encoded),
        queue,
        data.story_names,
        data.annotators,
        total_open,
        fingerprint,
    )


def data_fingerprint(db: Database) -> tuple:
    """Changes whenever a label, link, adjudication, claim or article changes: the newest event
    (every change is logged), plus row counts for writes that bypass the log (bulk tools).
    A few index-only aggregates: cheap enough to poll every few seconds."""
    with db.engine.connect() as connection:
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


# --- one claim in detail ---------------------------------------------------------------------


@dataclass(frozen=True)
class LinkView:
    other_claim: str
    kind: str
    other_text: str
    other_article: str  # title, or where it came from


@dataclass(frozen=True)
class AnnotatorView:
    annotator: str
    label: str | None
    note: str | None
    stale: bool
    links: tuple[LinkView, ...]


@dataclass(frozen=True)
class ClaimDetail:
    """A claim in context: whole sentences of its paragraph around it, the article by title
    and outlet, and every annotator's label, note and links side by side."""

    claim_id: str
    story_name: str
    article_title: str  # "Title — Outlet" (article_name)
    before: str  # whole sentences before the claim, "… " first when some are left out
    claim_text: str
    after: str
    annotators: tuple[AnnotatorView, ...]
    gold: str | None
    gold_by: str | None
    gold_note: str | None
    article_id: str = ""


def paragraph_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, claim, after): whole sentences of the claim's paragraph (services.context)."""
    return claim_in_context(text, start, end)


def article_name(title: str | None, source: str | None, text: str) -> str:
    """ "Title — Outlet" as the review window names an article: its title (or the start of its
    text, never its file path) and the outlet when known."""
    name = display_title(title, text, cap=ARTICLE_NAME_CAP)
    outlet = (source or "").strip()
    return f"{name} — {outlet}" if outlet and outlet.casefold() != name.casefold() else name


def _article_name(article: Article) -> str:
    return article_name(article.title, article.source, article.text)


def article_of_claim(db: Database, claim_id: str) -> str:
    with db.engine.connect() as connection:
        article_id = connection.scalar(select(Claim.article_id).where(Claim.id == claim_id))
    if article_id is None:
        raise NotFoundError(f"no claim with id {claim_id!r}")
    return article_id


def claim_detail(db: Database, claim_id: str) -> ClaimDetail:
    with db.sessions() as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFoundError(f"no claim with id {claim_id!r}")
        article = session.get(Article, claim.article_id)
        story = session.get(Story, article.story_id)
        before, text, after = paragraph_around(article.text, claim.start, claim.end)
        label_rows = {
            row.annotator: row
            for row in session.scalars(select(LabelRow).where(LabelRow.claim_id == claim_id))
        }
        link_rows = list(
            session.scalars(
                select(LinkRow).where((LinkRow.claim_a == claim_id) | (LinkRow.claim_b == claim_id))
            )
        )
        others = {row.claim_b if row.claim_a == claim_id else row.claim_a for row in link_rows}
        other_info = {
            cid: (ctext, _article_name(a))
            for cid, ctext, a in session.execute(
                select(Claim.id, Claim.text, Article)
                .join(Article, Article.id == Claim.article_id)
                .where(Claim.id.in_(sorted(others)))
            )
        }
        views = []
        for name in sorted(set(label_rows) | {row.annotator for row in link_rows}):
            row = label_rows.get(name)
            links = []
            for link in link_rows:
                if link.annotator != name:
                    continue
                other = link.claim_b if link.claim_a == claim_id else link.claim_a
                other_text, other_article = other_info.get(other, ("", ""))
                links.append(LinkView(other, link.kind, other_text, other_article))
            links.sort(key=lambda view: (view.other_article, view.other_claim))
            views.append(
                AnnotatorView(
                    name,
                    row.label if row else None,
                    row.note if row else None,
                    bool(row and row.stale),
                    tuple(links),
                )
            )
        gold = session.get(Adjudication, claim_id)
        return ClaimDetail(
            claim_id=claim_id,
            story_name=story.name if story else "-",
            article_title=_article_name(article),
            before=before,
            claim_text=text,
            after=after,
            annotators=tuple(views),
            gold=gold.label if gold else None,
            gold_by=gold.adjudicator if gold else None,
            gold_note=gold.note if gold else None,
            article_id=article.id,
        )


# --- adjudication ----------------------------------------------------------------------------


def adjudicate(
    db: Database,
    adjudicator: str | None,
    claim_id: str,
    label: Label | str,
    note: str | None = None,
) -> ActionResult:
    """The lead's gold label for a claim: one transaction, logged like every other change.

    Only a lead adjudicates (claimdesk annotators lead NAME grants it): a gold label overrides
    everyone's work, so it must come from someone the team chose.
    """
    require_lead(db, adjudicator)
    try:
        label = Label.parse(label) if isinstance(label, str) else label
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    note = (note or "").strip() or None
    with db.sessions() as session:
        current = session.get(Adjudication, claim_id)
        if current is not None and (current.label, current.adjudicator, current.note) == (
            label.value,
            adjudicator,
            note,
        ):
            # Saying the same thing again is not a new action: no event, no new timestamp.
            return ActionResult("adjudicate", ())
    return Workspace(db, adjudicator).adjudicate(claim_id, label, note)


# --- the matcher's candidates for a disputed claim --------------------------------------------


CANDIDATES_SHOWN = 5


@dataclass(frozen=True)
class CandidateView:
    """A claim of another article of the story that the matcher ranks for this claim, with its
    conflict hints, and who among the annotators linked it (annotator -> agree/conflict)."""

    claim_id: str
    article_id: str
    article: str  # "Title — Outlet"
    text: str
    score: float
    reason: str
    shared_terms: tuple[str, ...]
    hints: tuple  # matching.records.ConflictHint, as services.candidates gives them
    linked_by: tuple[tuple[str, str], ...]  # (annotator, kind), sorted


def claim_candidates(
    db: Database, claim_id: str, top_k: int = CANDIDATES_SHOWN
) -> list[CandidateView]:
    """The matcher's best candidates for a claim, best first (slow on a story's first call: it
    builds the story's index; run it on the background runner)."""
    from claimdesk.services.candidates import rank_other_claims

    with db.sessions() as session:
        ranked = rank_other_claims(session, claim_id, top_k)
        if not ranked:
            return []
        article_ids = sorted({candidate.article_id for candidate in ranked})
        names = {
            aid: article_name(title, source, head or "")
            for aid, title, source, head in session.execute(
                select(
                    Article.id, Article.title, Article.source, func.substr(Article.text, 1, 400)
                ).where(Article.id.in_(article_ids))
            )
        }
        linked: dict[str, list[tuple[str, str]]] = {}
        for annotator, claim_a, claim_b, kind in session.execute(
            select(LinkRow.annotator, LinkRow.claim_a, LinkRow.claim_b, LinkRow.kind).where(
                (LinkRow.claim_a == claim_id) | (LinkRow.claim_b == claim_id)
            )
        ):
            other = claim_b if claim_a == claim_id else claim_a
            linked.setdefault(other, []).append((annotator, kind))
    return [
        CandidateView(
            claim_id=candidate.claim_id,
            article_id=candidate.article_id,
            article=names.get(candidate.article_id, candidate.article_title),
            text=candidate.text,
            score=candidate.score,
            reason=candidate.reason,
            shared_terms=candidate.shared_terms,
            hints=candidate.hints,
            linked_by=tuple(sorted(linked.get(candidate.claim_id, ()))),
        )
        for candidate in ranked
    ]
