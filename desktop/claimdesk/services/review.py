"""The lead's review: agreement data loaded from the database, the disagreement queue with the
claims' context, and adjudication.

The figures themselves are pure functions in `claimdesk.agreement`; this module only turns rows
into the plain structures those functions take (claim -> {annotator: label}, annotator -> link
set, claim -> gold label, claim -> story) and back into something a person can read. Every
function takes the `Database`; the window calls them on its background runner.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from claimdesk.agreement import (
    EncodedRatings,
    Report,
    report_from_encoded,
)
from claimdesk.agreement.data import (
    MISSING,
    decode_ratings,
    encode_claim_labels,
    encode_label_rows,
    replace_claims,
)
from claimdesk.domain.labels import Label
from claimdesk.domain.titles import display_title
from claimdesk.errors import NotFoundError, UsageError
from claimdesk.services.context import claim_in_context
from claimdesk.store import annotation, review_rows
from claimdesk.store.changes import Change
from claimdesk.store.engine import Database

ARTICLE_NAME_CAP = 90  # an untitled article is named by the start of its text, cut here


# --- loading ---------------------------------------------------------------------------------


@dataclass
class AgreementInput:
    """Everything the agreement package needs, as plain data (see claimdesk.agreement).

    The labels are held encoded (``encoded``: the code matrix the figures and the queue work
    on), built straight from the label rows; relabelled claims (a change set) wait in
    ``relabel`` until the encoding is next needed, so a patch costs nothing per claim loaded.
    """

    links: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)
    gold: dict[str, str] = field(default_factory=dict)
    story_names: dict[str, str] = field(default_factory=dict)
    loaded: EncodedRatings = field(default_factory=lambda: encode_label_rows((), (), ()))
    # claim -> {annotator: label} and claim -> story of claims relabelled since `loaded`
    pending: dict[str, dict[str, str]] = field(default_factory=dict)
    pending_stories: dict[str, str | None] = field(default_factory=dict)

    @property
    def encoded(self) -> EncodedRatings:
        """The labels as patched, encoded with the gold labels' values."""
        unknown = not set(self.gold.values()) <= set(self.loaded.categories)
        if self.pending or unknown:
            self.loaded = replace_claims(
                self.loaded, self.pending, self.pending_stories, extra_labels=self.gold.values()
            )
            self.pending, self.pending_stories = {}, {}
        return self.loaded

    def relabel(self, ratings: dict[str, dict[str, str]], stories: dict[str, str | None]) -> None:
        """These claims' labels from now on ({} for a claim that lost its labels)."""
        self.pending.update(ratings)
        self.pending_stories.update(stories)

    def ratings_of(self, claims) -> dict[str, dict[str, str]]:
        """claim -> {annotator: label} of those of these claims that are labelled."""
        claims = list(claims)
        found = decode_ratings(self.loaded, [c for c in claims if c not in self.pending])
        found.update((c, dict(self.pending[c])) for c in claims if self.pending.get(c))
        return found

    def story_of_claims(self, claims) -> dict[str, str | None]:
        encoded, stories = self.loaded, self.loaded.stories
        found = {}
        for claim in claims:
            if claim in self.pending:
                found[claim] = self.pending_stories.get(claim)
            elif claim in encoded.row_of:
                found[claim] = stories[encoded.story_codes[encoded.row_of[claim]]]
        return found

    @property
    def ratings(self) -> dict[str, dict[str, str]]:
        """claim -> {annotator: label} of every labelled claim (built on demand)."""
        return decode_ratings(self.encoded)

    @property
    def story_of(self) -> dict[str, str | None]:
        encoded = self.encoded
        return dict(
            zip(
                encoded.claims,
                map(encoded.stories.__getitem__, encoded.story_codes.tolist()),
                strict=True,
            )
        )

    @property
    def annotators(self) -> list[str]:
        """Whoever labelled or linked something."""
        loaded = self.loaded
        still = np.ones(loaded.n_claims, dtype=bool)
        still[[loaded.row_of[c] for c in self.pending if c in loaded.row_of]] = False
        used = ((loaded.codes != MISSING) & still[:, None]).any(axis=0).tolist()
        names = {name for name, kept in zip(loaded.annotators, used, strict=True) if kept}
        names.update(name for labels in self.pending.values() for name in labels)
        return sorted(names | set(self.links))


def resolve_story(db: Database, story: str | None) -> str | None:
    """A story id from its id or its name (case-insensitive); None stays None."""
    if story is None:
        return None
    with db.engine.connect() as connection:
        found = review_rows.story_by_id_or_name(connection, story)
    if found is None:
        raise NotFoundError(f"no story with id or name {story!r}")
    return found


def load_agreement_input(db: Database, story_id: str | None = None) -> AgreementInput:
    """Labelled claims with their stories, labels, links, gold labels and story names: one
    plain SELECT per table on a plain connection, fetched as the driver's tuples (no ORM
    objects, no per-row ``Row``), the labels encoded straight from the rows' columns."""
    data = AgreementInput()
    labels, claim_rows, story_of_article, links, gold, names = review_rows.read_all(
        db.engine,
        [
            lambda c: review_rows.label_values(c, story_id),  # the largest first
            lambda c: review_rows.labelled_claims(c, story_id),
            lambda c: review_rows.article_stories(c, story_id),
            lambda c: review_rows.link_rows(c, story_id),
            lambda c: review_rows.active_gold_rows(c, story_id),
            review_rows.story_names,
        ],
    )
    data.story_names = dict(names)
    link_sets = data.links
    for annotator, claim_a, claim_b, kind in links:
        found = link_sets.get(annotator)
        if found is None:
            found = link_sets[annotator] = set()
        found.add((claim_a, claim_b, kind))
    data.gold = dict(gold)
    claims = list(map(itemgetter(0), claim_rows))
    stories = list(map(story_of_article.get, map(itemgetter(1), claim_rows)))
    if None in stories:  # one scan in C: the case is rare, the check must cost nothing
        # an article moved out of the story between the two reads (another team member, on
        # PostgreSQL): its claims are left out of this load, as if read a moment earlier
        kept = [k for k, story in enumerate(stories) if story is not None]
        claims, stories = [claims[k] for k in kept], [stories[k] for k in kept]
    # one column at a time: several times faster than zip(*labels) on a million rows
    label_claims, annotators, values = (list(map(itemgetter(k), labels)) for k in range(3))
    data.loaded = encode_claim_labels(
        claims, stories, label_claims, annotators, values, extra_labels=data.gold.values()
    )
    return data


def encode_input(data: AgreementInput) -> EncodedRatings:
    """The ratings encoded once for both the figures and the queue (gold labels included)."""
    return data.encoded


def compute_report(
    data: AgreementInput, encoded: EncodedRatings | None = None, *, by_story: bool = True
) -> Report:
    """Every figure, with per-story figures unless ``by_story`` is False; ``encoded``:
    ``encode_input(data)`` if at hand."""
    # Gold figures only once someone adjudicated.
    return report_from_encoded(
        encoded if encoded is not None else encode_input(data),
        links=data.links,
        gold=data.gold or None,
        by_story=by_story,
    )


def agreement(db: Database, story: str | None = None) -> tuple[Report, AgreementInput]:
    data = load_agreement_input(db, resolve_story(db, story))
    return compute_report(data), data


# --- the queue -------------------------------------------------------------------------------


class QueueEntry(NamedTuple):
    """One claim to adjudicate, as a row of the queue. A named tuple: a queue holds tens of
    thousands, made column by column in one call each (`review_queue.ReviewState.load`)."""

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


def claim_texts(
    db: Database, claim_ids: Sequence[str], story_id: str | None = None
) -> dict[str, str]:
    """The texts of these claims (see `store.review_rows.claim_texts`)."""
    with db.engine.connect() as connection:
        return review_rows.claim_texts(connection, claim_ids, story_id)


def disagreement_queue(db: Database, wanted: QueueFilter | None = None) -> list[QueueEntry]:
    """The filtered queue, as the review window lists it (`review_queue.ReviewState`)."""
    from claimdesk.services.review_queue import ReviewState

    wanted = wanted or QueueFilter()
    return ReviewState.load(db, wanted.story_id, figures=False, texts=True).queue(wanted)[0]


@dataclass(frozen=True)
class ReviewSnapshot:
    """What the review window shows at one moment: figures, the queue and who is who.
    ``report`` is None when a change set patched the queue and the figures are being redone."""

    report: Report | None
    queue: list[QueueEntry]
    story_names: dict[str, str]
    annotators: list[str]
    total_open: int  # open disagreements before the annotator and label-pair filters
    fingerprint: tuple


def review_snapshot(db: Database, wanted: QueueFilter) -> ReviewSnapshot:
    """One load for the whole window, one encoding for the figures and the queue. The figures
    follow the story filter only: a figure for "claims where alice disagrees" would be biased
    by construction. (`App.review.snapshot` keeps the load for later change sets.)"""
    from claimdesk.services.review_queue import ReviewState

    fingerprint = data_fingerprint(db)
    state = ReviewState.load(db, wanted.story_id)
    return state.snapshot(db, wanted, fingerprint)


def data_fingerprint(db: Database) -> tuple:
    """Changes whenever a label, link, adjudication, claim or article changes: the newest event
    (every change is logged), plus row counts for writes that bypass the log (bulk tools)."""
    with db.engine.connect() as connection:
        return review_rows.newest_change(connection)


# How far below the newest event an id missing from the log is watched for (`event_holes`):
# a transaction that stays open while this many others are logged is not to be expected.
HOLE_WINDOW = 2_000


def event_holes(db: Database, newest: int | None) -> frozenset[int]:
    """Event ids below ``newest`` (within `HOLE_WINDOW`) that the log lacks. On PostgreSQL a
    transaction takes its event id when it writes and may commit after later ones: a load
    that read up to ``newest`` has not seen it, and the newest event and the row counts
    will not tell when it lands (a label changed in place). A rolled-back one leaves its id
    missing for good, which costs only the look."""
    if not newest:
        return frozenset()
    low = max(0, newest - HOLE_WINDOW)
    with db.engine.connect() as connection:
        present = review_rows.event_ids_between(connection, low, newest)
    return frozenset(set(range(low + 1, newest + 1)) - present)


def holes_filled(db: Database, holes: frozenset[int]) -> bool:
    """Whether an event came to fill one of ``holes`` (see `event_holes`)."""
    if not holes:
        return False
    with db.engine.connect() as connection:
        return review_rows.events_present(connection, holes)


def logged_changes(
    db: Database, after_id: int | None, up_to: int | None, limit: int
) -> list[Change] | None:
    """The changes the event log holds after event ``after_id`` up to ``up_to`` (the newest
    events of two `data_fingerprint`s), or None when the log cannot be trusted to hold all of
    them: more than ``limit`` events, or a gap in their ids (on PostgreSQL, a transaction
    that took an id and has not committed yet, or one rolled back)."""
    if up_to is None or up_to == after_id:
        return []
    with db.engine.connect() as connection:
        rows = review_rows.events_after(connection, after_id, up_to, limit + 1)
    first = 1 if after_id is None else after_id + 1
    if len(rows) > limit or [row[0] for row in rows] != list(range(first, up_to + 1)):
        return None
    return [
        Change(entity, tuple(json.loads(key)), before, after)
        for _id, entity, key, before, after in rows
    ]


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


def article_of_claim(db: Database, claim_id: str) -> str:
    with db.engine.connect() as connection:
        article_id = review_rows.article_of_claim(connection, claim_id)
    if article_id is None:
        raise NotFoundError(f"no claim with id {claim_id!r}")
    return article_id


def _annotator_views(
    claim_id: str, labels: list[tuple], links: list[tuple], others: dict[str, tuple[str, str]]
) -> tuple[AnnotatorView, ...]:
    by_name = {row[0]: row for row in labels}
    views = []
    for name in sorted(set(by_name) | {row[0] for row in links}):
        row = by_name.get(name)
        shown = []
        for annotator, claim_a, claim_b, kind in links:
            if annotator != name:
                continue
            other = claim_b if claim_a == claim_id else claim_a
            other_text, other_article = others.get(other, ("", ""))
            shown.append(LinkView(other, kind, other_text, other_article))
        shown.sort(key=lambda view: (view.other_article, view.other_claim))
        views.append(
            AnnotatorView(
                name,
                row[1] if row else None,
                row[2] if row else None,
                bool(row and row[3]),
                tuple(shown),
            )
        )
    return tuple(views)


def claim_detail(db: Database, claim_id: str) -> ClaimDetail:
    with db.engine.connect() as connection:
        found = review_rows.claim_row(connection, claim_id)
        if found is None:
            raise NotFoundError(f"no claim with id {claim_id!r}")
        article_id, start, end, article_text, title, source, story_name = found
        labels = review_rows.labels_of_claim(connection, claim_id)
        links = review_rows.links_of_claim(connection, claim_id)
        others = {row[2] if row[1] == claim_id else row[1] for row in links}
        other_info = {
            cid: (ctext, article_name(otitle, osource, head or ""))
            for cid, ctext, otitle, osource, head in review_rows.claims_with_articles(
                connection, sorted(others)
            )
        }
        gold = review_rows.gold_of_claim(connection, claim_id)
    before, text, after = paragraph_around(article_text, start, end)
    return ClaimDetail(
        claim_id=claim_id,
        story_name=story_name or "-",
        article_title=article_name(title, source, article_text),
        before=before,
        claim_text=text,
        after=after,
        annotators=_annotator_views(claim_id, labels, links, other_info),
        gold=gold[0] if gold else None,
        gold_by=gold[1] if gold else None,
        gold_note=gold[2] if gold else None,
        article_id=article_id,
    )


# --- adjudication ----------------------------------------------------------------------------


def lead_refusal(name: str | None) -> UsageError:
    """Why someone may not adjudicate, and how to become a lead."""
    if not name:
        return UsageError("say who adjudicates: --annotator NAME (a lead annotator)")
    return UsageError(
        f"{name!r} is not a lead annotator; only leads adjudicate "
        f"(grant it with: claimdesk annotators lead {name!r})"
    )


def adjudicate_in(
    session, adjudicator: str | None, claim_id: str, label: Label | str, note: str | None
) -> list[Change]:
    """The lead check and the gold label in the caller's transaction, so that a lead revoked
    meanwhile cannot slip a decision in between the check and the write.

    Only a lead adjudicates (claimdesk annotators lead NAME grants it): a gold label overrides
    everyone's work, so it must come from someone the team chose. Saying the same thing again
    is not a new action: no event, no new timestamp (an empty list).
    """
    if not adjudicator or not review_rows.is_lead(session, adjudicator):
        raise lead_refusal(adjudicator)
    try:
        label = Label.parse(label) if isinstance(label, str) else label
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    note = (note or "").strip() or None
    if review_rows.current_adjudication(session, claim_id) == (label.value, adjudicator, note):
        return []
    return annotation.adjudicate(session, adjudicator, claim_id, label, note)


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
        connection = session.connection()
        article_ids = sorted({candidate.article_id for candidate in ranked})
        names = {
            aid: article_name(title, source, head or "")
            for aid, title, source, head in review_rows.article_heads(connection, article_ids)
        }
        linked: dict[str, list[tuple[str, str]]] = {}
        for annotator, claim_a, claim_b, kind in review_rows.links_of_claim(connection, claim_id):
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
