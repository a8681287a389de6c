"""`App.review`: the lead's review as one door, for the review window and the commands.

Reads return plain dataclasses (`ReviewSnapshot`, `ClaimDetail`, `CandidateView`); actions
return an `Outcome` with typed change sets. The door keeps the last full load (`ReviewState`)
so that a change set made anywhere (this window, the main window, another process) patches
the claims it names instead of reloading 100,000 claims. Call it from one thread at a time
(the window's background runner does).
"""

from __future__ import annotations

from collections.abc import Iterable

from claimdesk.agreement import Report
from claimdesk.domain.labels import Label
from claimdesk.services import review
from claimdesk.services.change_sets import (
    AdjudicationsChanged,
    AnnotatorsChanged,
    ChangeSet,
    LabelsChanged,
    LinksChanged,
    SettingsChanged,
    from_log,
)
from claimdesk.services.outcome import Outcome
from claimdesk.services.review import (
    AgreementInput,
    CandidateView,
    ClaimDetail,
    QueueEntry,
    QueueFilter,
    ReviewSnapshot,
)
from claimdesk.services.review_queue import ReviewState
from claimdesk.store import changes as event_log
from claimdesk.store import review_rows
from claimdesk.store.engine import Database

# Change sets a loaded queue absorbs claim by claim; anything else (claims split or retired,
# stories regrouped, articles imported) reloads.
PATCHABLE = (LabelsChanged, AdjudicationsChanged, LinksChanged)
CATCH_UP_EVENTS = 2_000  # more events than this from elsewhere: reloading is quicker


class ReviewDoor:
    def __init__(self, db: Database, annotator: str | None):
        self.db = db
        self.annotator = annotator
        self._state: ReviewState | None = None
        self._fingerprint: tuple = ()
        # event ids below the last load's newest that the log lacked (review.event_holes):
        # one landing later is a write the load did not see
        self._holes: frozenset[int] = frozenset()

    # --- reads -------------------------------------------------------------------------------

    def is_lead(self) -> bool:
        if not self.annotator:
            return False
        with self.db.sessions() as session:
            return review_rows.is_lead(session, self.annotator)

    def snapshot(
        self, wanted: QueueFilter, *, reload: bool = True, figures_later: bool = False
    ) -> ReviewSnapshot:
        """The window's figures and queue. ``reload``: read everything again (F5, a story
        filter, changes from elsewhere); otherwise refilter what is loaded. ``figures_later``:
        a reload leaves the figures to `figures()` (its ``report`` is None), so the queue is
        on screen sooner."""
        state = self._state
        if reload or state is None or state.story_id != wanted.story_id:
            fingerprint = review.data_fingerprint(self.db)
            holes = review.event_holes(self.db, fingerprint[0])  # before the rows are read
            state = ReviewState.load(self.db, wanted.story_id, figures=not figures_later)
            self._state = state
            self._fingerprint = fingerprint
            self._holes = holes
        return state.snapshot(self.db, wanted, self._fingerprint)

    def apply(
        self, changes: Iterable[ChangeSet], wanted: QueueFilter, fingerprint: tuple | None = None
    ) -> ReviewSnapshot | None:
        """The snapshot after these change sets, patched claim by claim (reloaded when they
        regroup claims or stories); None when they are none of the review's business. Its
        ``report`` is None: `figures` redoes it. ``fingerprint``: the data's, read before the
        changes were (`catch_up`); by default read now."""
        changes = tuple(changes)
        relevant = [change for change in changes if not _irrelevant(change)]
        if not relevant:
            if fingerprint is not None:
                self._fingerprint = fingerprint
            return None
        state = self._state
        patchable = all(isinstance(change, PATCHABLE) for change in relevant)
        if state is None or state.story_id != wanted.story_id or not patchable:
            return self.snapshot(wanted, figures_later=True)
        if fingerprint is None:
            # this window's own change sets: read before the rows, so a write from elsewhere
            # after this read is noticed by `outdated`; one from elsewhere that landed between
            # the last read and this window's write is in the log too, patched with them
            fingerprint = review.data_fingerprint(self.db)
            since = self._since_last_read(fingerprint)
            if since is None:
                return self.snapshot(wanted, figures_later=True)
            relevant += since
        claim_ids = {claim for change in relevant for claim in change.claim_ids}
        links_changed = any(isinstance(change, LinksChanged) for change in relevant)
        self._fingerprint = fingerprint
        state.patch(self.db, claim_ids, links_changed)
        return state.snapshot(self.db, wanted, self._fingerprint)

    def _since_last_read(self, fingerprint: tuple) -> list | None:
        """The change sets the event log holds between the last load or patch and
        ``fingerprint`` (this window's own among them), the review's business only; None
        when only a reload can tell: claims or stories written around the log (imports and
        merges add them in bulk), a count moved with nothing logged, a gap in the log, more
        events than a patch is worth (`review.logged_changes`), or a change a patch cannot
        absorb."""
        before = self._fingerprint
        if before is None or fingerprint[4:] != before[4:]:  # claims and stories counted
            return None
        if review.holes_filled(self.db, self._holes):  # an event older than the last read
            return None
        logged = review.logged_changes(self.db, before[0], fingerprint[0], CATCH_UP_EVENTS)
        if not logged:
            return None
        since = [change for change in from_log(logged) if not _irrelevant(change)]
        return since if all(isinstance(change, PATCHABLE) for change in since) else None

    def catch_up(self, wanted: QueueFilter) -> ReviewSnapshot | None:
        """What other processes wrote since the last load or patch (no change set tells of
        it), read from the event log and patched as its change sets would be; None when the
        data did not change; a reload when the log cannot tell (`_since_last_read`)."""
        fingerprint = review.data_fingerprint(self.db)
        if self._state is not None and not self._changed_since(fingerprint):
            return None
        since = self._since_last_read(fingerprint) if self._state is not None else None
        if since is None:
            return self.snapshot(wanted, figures_later=True)
        return self.apply(since, wanted, fingerprint)

    def outdated(self) -> bool:
        """Whether the database changed since the last load or patch (a write by another
        process, which no change set announced)."""
        return self._state is None or self._changed_since(review.data_fingerprint(self.db))

    def _changed_since(self, fingerprint: tuple) -> bool:
        """Whether the data changed since the last load or patch: a newer event or another
        count, or an event landed under the last read's newest (`review.event_holes`)."""
        return fingerprint != self._fingerprint or review.holes_filled(self.db, self._holes)

    def figures(self) -> Report | None:
        """The figures of the loaded data as patched (None before the first load)."""
        return None if self._state is None else self._state.figures()

    def agreement(self, story: str | None = None) -> tuple[Report, AgreementInput]:
        """Every figure (with per-story figures) for `claimdesk agreement`; ``story`` by id or
        name."""
        return review.agreement(self.db, story)

    def queue(self, wanted: QueueFilter | None = None) -> list[QueueEntry]:
        """The filtered disagreement queue (`claimdesk disagreements`)."""
        return review.disagreement_queue(self.db, wanted)

    def resolve_story(self, story: str | None) -> str | None:
        """A story id from its id or name; None stays None (NotFoundError otherwise)."""
        return review.resolve_story(self.db, story)

    def claim_detail(self, claim_id: str) -> ClaimDetail:
        return review.claim_detail(self.db, claim_id)

    def candidates(self, claim_id: str) -> list[CandidateView]:
        return review.claim_candidates(self.db, claim_id)

    def article_of_claim(self, claim_id: str) -> str:
        return review.article_of_claim(self.db, claim_id)

    def claim_texts(self, claim_ids: Iterable[str]) -> dict[str, str]:
        return review.claim_texts(self.db, sorted(claim_ids))

    def queue_texts(self, claim_ids: Iterable[str]) -> dict[str, str]:
        """Texts of queue claims the window is about to show ("" for a claim without one):
        a snapshot carries only its first screen's."""
        claim_ids = list(claim_ids)
        if self._state is None:
            found = self.claim_texts(claim_ids)
            return {claim: found.get(claim, "") for claim in claim_ids}
        return self._state.texts_of(self.db, claim_ids)

    # --- actions -----------------------------------------------------------------------------

    def adjudicate(self, claim_id: str, label: Label | str, note: str | None = None) -> Outcome:
        """The gold label: the lead check and the write in one transaction."""
        with self.db.transaction() as session:
            logged = review.adjudicate_in(session, self.annotator, claim_id, label, note)
        return Outcome("adjudicate", from_log(logged))

    def undo(self) -> Outcome | None:
        return self._replay(event_log.undo_last, "undo")

    def redo(self) -> Outcome | None:
        return self._replay(event_log.redo_last, "redo")

    def _replay(self, step, which: str) -> Outcome | None:
        """Undo or redo this lead's last action (the event log is per annotator, shared with
        the main window); the outcome's detail is the touched claims' texts."""
        if not self.annotator:
            return None
        with self.db.transaction() as session:
            found = step(session, self.annotator)
        if found is None:
            return None
        action, logged = found
        change_sets = from_log(logged)
        outcome = Outcome(f"{which} {action}", change_sets)
        texts = self.claim_texts(outcome.claim_ids)
        return Outcome(outcome.action, change_sets, detail=texts)


def _irrelevant(change: ChangeSet) -> bool:
    """Settings and annotator flags do not change the queue or the figures."""
    return isinstance(change, SettingsChanged | AnnotatorsChanged)
