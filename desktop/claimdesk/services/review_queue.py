"""The review window's queue kept in memory and patched from change sets.

`ReviewState` holds what one full load read (labels, links, gold labels) and every
disagreement as a ready `QueueEntry`, adjudicated or not; a filter is then a pass over those
entries, and a change set re-reads only the claims it names (plus the claims linked to them,
whose labels decide link disagreements) and recomputes their rows. The figures need every
label, so they are recomputed from the patched data in a separate call.

Claim texts are read as they are shown: a snapshot carries the texts of its first screen
(`FIRST_SCREEN` rows), the window asks for more as rows come into view (`texts_of`), and what
was read is kept. A whole queue's texts cost more than the rest of a reload's reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat

from claimdesk.agreement import (
    DisagreementKind,
    DisagreementShape,
    EncodedRatings,
    QueueTable,
    Report,
    disagreement_table,
)
from claimdesk.services import review
from claimdesk.services.review import AgreementInput, QueueEntry, QueueFilter
from claimdesk.store import review_rows
from claimdesk.store.engine import Database

KINDS = {kind: str(kind) for kind in DisagreementKind}
FIRST_SCREEN = 200  # queue rows whose claim texts come with a snapshot


def queue_order(entry: QueueEntry) -> tuple:
    """The queue's order: by story (claims without one last), then claim id."""
    return (entry.story_id is None, entry.story_id or "", entry.claim_id)


def _entry(
    data: AgreementInput,
    claim: str,
    story: str | None,
    shape: DisagreementShape,
    text: str,
    labels: dict[str, str] | None = None,
) -> QueueEntry:
    """``labels``: the shape's labels already copied (entries of one shape share that copy;
    nobody changes an entry's labels)."""
    return QueueEntry(
        claim_id=claim,
        story_id=story,
        story_name=data.story_names.get(story, story or "-"),
        kind=KINDS[shape.kind],
        labels=dict(shape.labels) if labels is None else labels,
        label_pairs=shape.label_pairs,
        involved=shape.annotators,
        claim_text=text,
        gold=data.gold.get(claim),
    )


def _entries(
    data: AgreementInput, table: QueueTable, claims: list[str], texts: dict[str, str]
) -> list[QueueEntry]:
    """The entries of a whole queue, made column by column: what the claims of one story or
    of one shape share is worked out once, and each column is one pass in C."""
    stories = table.encoded.stories
    names = [data.story_names.get(story, story or "-") for story in stories]
    story_codes, which = table.story_codes(), table.which.tolist()
    shapes = table.shapes
    # A shape is shared by many claims: its labels dict is copied once per shape.
    kinds, labels = [KINDS[shape.kind] for shape in shapes], [dict(s.labels) for s in shapes]
    pairs, involved = [s.label_pairs for s in shapes], [s.annotators for s in shapes]
    # tuple.__new__ straight from the zipped columns: no Python call per entry
    return list(
        map(
            partial(tuple.__new__, QueueEntry),
            zip(
                claims,
                map(stories.__getitem__, story_codes),
                map(names.__getitem__, story_codes),
                map(kinds.__getitem__, which),
                map(labels.__getitem__, which),
                map(pairs.__getitem__, which),
                map(involved.__getitem__, which),
                map(texts.get, claims, repeat("")),
                map(data.gold.get, claims),
                strict=True,
            ),
        )
    )


@dataclass
class ReviewState:
    """One story's (or every story's) review data, as loaded and as patched since."""

    story_id: str | None
    data: AgreementInput
    entries: dict[str, QueueEntry] = field(default_factory=dict)  # every disagreement
    order: list[str] = field(default_factory=list)  # claim ids in queue order
    report: Report | None = None
    encoded: EncodedRatings | None = None  # kept for `figures` when they come later
    texts: dict[str, str] = field(default_factory=dict)  # claim texts read so far

    @classmethod
    def load(
        cls, db: Database, story_id: str | None, figures: bool = True, texts: bool = False
    ) -> ReviewState:
        """Read and compute; ``figures`` False leaves the figures to `figures()` (the window
        shows the queue first); ``texts`` reads every queue claim's text at once (the
        commands print them all), else they are read as they are shown (`texts_of`)."""
        data = review.load_agreement_input(db, story_id)
        encoded = review.encode_input(data)
        table = disagreement_table(encoded, data.links)
        claims = table.claims()
        state = cls(story_id, data)
        if texts:
            state.texts = dict.fromkeys(claims, "")
            state.texts.update(review.claim_texts(db, claims, story_id))
        state.entries = dict(zip(claims, _entries(data, table, claims, state.texts), strict=True))
        state.order = claims
        state.encoded = encoded
        if figures:
            state.figures()
        return state

    # --- filtering ---------------------------------------------------------------------------

    def queue(self, wanted: QueueFilter) -> tuple[list[QueueEntry], int]:
        """The filtered queue and the number of open disagreements before the annotator,
        label-pair and cell filters."""
        everything = [self.entries[claim] for claim in self.order]
        if not wanted.include_adjudicated:
            everything = [entry for entry in everything if entry.gold is None]
        if wanted.story_id is not None:
            everything = [entry for entry in everything if entry.story_id == wanted.story_id]
        rows = everything
        if wanted.annotator is not None:
            rows = [entry for entry in rows if wanted.annotator in entry.involved]
        if wanted.label_pair is not None:
            pair = frozenset(wanted.label_pair)
            rows = [entry for entry in rows if pair in {frozenset(p) for p in entry.label_pairs}]
        if wanted.cell is not None:
            cell = wanted.cell
            rows = [entry for entry in rows if cell.matches(entry.labels, entry.gold)]
        return rows, len(everything)

    # --- claim texts ---------------------------------------------------------------------------

    def texts_of(self, db: Database, claim_ids: Iterable[str]) -> dict[str, str]:
        """The texts of these claims ("" for a claim without one, e.g. retired since), read
        once and kept, in the queue's entries too."""
        wanted = list(dict.fromkeys(claim_ids))
        missing = [claim for claim in wanted if claim not in self.texts]
        if missing:
            self.texts.update(dict.fromkeys(missing, ""))
            self.texts.update(review.claim_texts(db, missing, self.story_id))
            entries = self.entries
            for claim in missing:
                entry = entries.get(claim)
                if entry is not None and not entry.claim_text:
                    entries[claim] = entry._replace(claim_text=self.texts[claim])
        return {claim: self.texts[claim] for claim in wanted}

    def with_texts(self, db: Database, entries: list[QueueEntry]) -> list[QueueEntry]:
        """These entries with their claim texts."""
        texts = self.texts_of(db, [entry.claim_id for entry in entries if not entry.claim_text])
        return [
            entry if entry.claim_text else entry._replace(claim_text=texts[entry.claim_id])
            for entry in entries
        ]

    # --- patching ----------------------------------------------------------------------------

    def patch(self, db: Database, claim_ids: Iterable[str], links_changed: bool) -> set[str]:
        """Re-read the labels and gold labels of these claims (and every link, when links
        changed) and recompute their queue rows; returns the claims whose rows changed."""
        touched = set(claim_ids)
        data = self.data
        with db.engine.connect() as connection:
            stories = dict(review_rows.claim_stories(connection, sorted(touched)))
            if self.story_id is not None:
                stories = {c: s for c, s in stories.items() if s == self.story_id}
            labels = review_rows.label_rows(connection, sorted(touched))
            gold = dict(review_rows.gold_rows(connection, sorted(touched)))
            if links_changed:
                data.links = {}
                for annotator, a, b, kind in review_rows.link_rows(connection, self.story_id):
                    data.links.setdefault(annotator, set()).add((a, b, kind))
        fresh: dict[str, dict[str, str]] = {claim: {} for claim in touched}
        for claim, annotator, label in labels:
            if claim in stories:
                fresh[claim][annotator] = label
        data.relabel(fresh, {claim: stories.get(claim) for claim in touched})
        for claim in touched:
            data.gold.pop(claim, None)
        data.gold.update((claim, label) for claim, label in gold.items() if claim in stories)
        affected = touched | self._linked_to(touched)
        self._recompute(db, affected)
        self.report = self.encoded = None  # stale: `figures` recomputes them
        return affected

    def _linked_to(self, claims: set[str]) -> set[str]:
        linked = set()
        for found in self.data.links.values():
            for a, b, _kind in found:
                if a in claims:
                    linked.add(b)
                elif b in claims:
                    linked.add(a)
        return linked

    def _recompute(self, db: Database, affected: set[str]) -> None:
        """The queue rows of `affected` claims, from their labels, their links and the labels
        of the claims at the other end of those links (all a link disagreement depends on)."""
        data = self.data
        links = {
            annotator: {link for link in found if link[0] in affected or link[1] in affected}
            for annotator, found in data.links.items()
        }
        around = affected | {
            claim for found in links.values() for a, b, _ in found for claim in (a, b)
        }
        ratings = data.ratings_of(around)
        story_of = data.story_of_claims(ratings)
        table = disagreement_table(ratings, links, story_of)
        rows = [row for row in table.entries() if row[0] in affected]
        fresh = {}
        for claim, story, shape in rows:
            fresh[claim] = _entry(data, claim, story, shape, self.texts.get(claim, ""))
        for claim in affected:
            self.entries.pop(claim, None)
        self.entries.update(fresh)
        self.order = sorted(self.entries, key=lambda claim: queue_order(self.entries[claim]))

    def figures(self) -> Report:
        """The figures of the data as patched (every label: seconds on a large project)."""
        if self.report is None:
            # The window shows no per-story figures: leaving them out halves their cost.
            self.report = review.compute_report(self.data, self.encoded, by_story=False)
            self.encoded = None  # the figures were its last use
        return self.report

    def snapshot(
        self, db: Database, wanted: QueueFilter, fingerprint: tuple = ()
    ) -> review.ReviewSnapshot:
        """The filtered queue, its first screen with claim texts (the window asks for the
        others as it shows them: `texts_of`), and the figures when computed."""
        queue, total_open = self.queue(wanted)
        queue[:FIRST_SCREEN] = self.with_texts(db, queue[:FIRST_SCREEN])
        return review.ReviewSnapshot(
            self.report,
            queue,
            self.data.story_names,
            self.data.annotators,
            total_open,
            fingerprint,
        )
