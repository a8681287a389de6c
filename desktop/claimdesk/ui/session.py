"""The annotation session: what is open, what is current, and every user action.

Each action runs on the OperationRunner as one call of the facade's annotation door
(`App.annotation`, one committed transaction); the GUI learns about it only from `on_done`:
an `Outcome` whose typed change sets, with what they name read back on the worker
(`ViewUpdate`), are applied to the article in memory (no reload) by `SessionAppliers`, which
emits signals naming the claims that changed, so the widgets repaint just those. The outcome is
then published on the `ChangeBus`; change sets published by other windows are applied the
same way. Reads (stories, an article) run on the same worker.
"""

from __future__ import annotations

import importlib.util
import time

from PySide6.QtCore import QObject, QTimer, Signal

from claimdesk.services.annotation_door import AnnotationDoor
from claimdesk.services.app import App, Outcome
from claimdesk.services.screen_records import ArticleData, ClaimItem
from claimdesk.store.engine import Database
from claimdesk.ui.change_bus import ChangeBus
from claimdesk.ui.errors import error_text
from claimdesk.ui.operations import OperationRunner
from claimdesk.ui.session_appliers import SessionAppliers
from claimdesk.ui.story_navigation import StoryNavigation, needs_label
from claimdesk.ui.text import quoted

LABEL_KEYS = ("corroborated", "contradicted", "unique", "not_a_claim")
COMPARING_LABELS = ("corroborated", "contradicted")  # need another article of the story
RANK_DELAY_MS = 150
TOP_CANDIDATES = 10  # ranked first in the panel; the rest of the story follows in article order
RANKING_LANE = "ranking"  # the runner's read-only lane: a label never waits behind a ranking


class AnnotationSession(QObject, StoryNavigation):
    stories_loaded = Signal(object)  # list[StoryRow]: one per story, articles read lazily
    story_progress_loaded = Signal(object)  # {story id: (labelled, total)}
    article_loaded = Signal(object)  # ArticleData (current claim follows in current_changed)
    claims_changed = Signal(object)  # list[ClaimItem] of the open article: targeted repaint
    others_changed = Signal(object)  # list[ClaimItem] of other articles: targeted repaint
    structure_changed = Signal(object)  # list[ClaimItem]: claims added/removed (span edits)
    others_ranked = Signal(object)  # list[OtherClaim], best first
    suggestion_changed = Signal(str, object)  # claim id, Suggestion or None (nothing to show)
    stories_changed = Signal(str)  # a story operation (or its undo) is committed: action name
    annotator_changed = Signal(str)  # the session now works as this annotator
    current_changed = Signal(str)
    links_changed = Signal(object)  # {other claim id: kind} for the current claim
    pending_changed = Signal(str, object)  # claim id, label typed but not yet saved (or None)
    progress_changed = Signal(str, int, int)  # article id, labelled, total
    saved = Signal(str)  # an action is committed and shown
    message = Signal(str)  # a quiet status-bar line
    failed = Signal(object)  # the exception (or a text): ui.errors.show_error says it
    article_order_changed = Signal()

    def __init__(
        self,
        db: Database,
        annotator: str,
        runner: OperationRunner,
        parent=None,
        *,
        bus: ChangeBus | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.annotator = annotator
        self.runner = runner
        self.bus = bus or ChangeBus(self)
        self.bus.applied.connect(self._on_bus)
        self.app: App | None = None  # made on the worker by start(): it records the annotator
        self.appliers = SessionAppliers(self)
        self.data: ArticleData | None = None
        self.current: str | None = None
        self.pending: dict[str, str] = {}
        self._init_story_navigation()
        self._load_generation = 0
        self._rank_generation = 0
        self._can_rank = importlib.util.find_spec("claimdesk.services.candidates") is not None
        # suggestions are read-only and can take a while on a big story: they run on the
        # runner's own lane, so a label is never queued behind them, and only once the
        # annotator pauses
        self._rank_timer = QTimer(self, singleShot=True, interval=RANK_DELAY_MS)
        self._rank_timer.timeout.connect(self._on_rank_timer)
        self.last_latency_ms: float | None = None

    # ---- loading (the story rows and the stories read so far: `StoryNavigation`) ------------

    def start(self, article_id: str | None = None) -> None:
        """Open the annotation door (it records the annotator) and read the story rows and
        the first article's story on the worker, then open that article."""

        def work(_context):
            app = self.app or App(self.db, self.annotator)
            app.annotation.begin()
            return app, app.navigator.opening(article_id)

        def done(result):
            self.app, opening = result
            self._on_opening(opening)

        self.runner.submit("load stories", work, on_done=done, on_error=self._on_error)

    def switch_annotator(self, name: str) -> None:
        """Work as another annotator from now on (blind: only their labels are loaded).

        Queued behind whatever is in flight, so actions typed before the switch are saved as
        the annotator who typed them; the same article stays open when it can."""
        article_id, claim_id = (self.data.id if self.data else None), self.current

        def work(_context):
            app = App(self.db, name)
            app.annotation.begin()
            return app, app.navigator.opening(article_id)

        def done(result):
            self.app, opening = result
            self.annotator = name
            self.pending.clear()
            self.data, self.current = None, None
            self._load_generation += 1
            self._rank_generation += 1
            self.annotator_changed.emit(name)
            self._on_opening(opening, claim_id if opening.article_id == article_id else None)

        self.runner.submit("switch annotator", work, on_done=done, on_error=self._on_error)

    def _on_opening(self, opening, claim_id: str | None = None, *, open_it: bool = True) -> None:
        """Rows shown, the first article asked for before anything else is queued, then
        every story's progress (seconds on an archive: the tree shows it when it comes)."""
        self._set_rows(opening.rows)
        for story_id, articles in opening.stories.items():
            self._cache_story(story_id, articles)
        if open_it and opening.article_id is not None:
            self.open_article(opening.article_id, claim_id)
            self._progress_wanted = True  # once it is shown: the counting competes for CPU
        else:
            self._load_story_progress()
        self.stories_loaded.emit(self.story_rows)
        self.article_order_changed.emit()

    def reload_stories(self) -> None:
        """The rows again (after a story operation or an import), and the open article's
        story (or, with none open, the first article to open)."""
        navigator, article_id = self.navigator(), (self.data.id if self.data else None)
        self.runner.submit(
            "load stories",
            lambda _c: navigator.opening(article_id),
            on_done=lambda opening: self._on_opening(opening, open_it=self.data is None),
            on_error=self._on_error,
        )

    def open_article(self, article_id: str, claim_id: str | None = None) -> None:
        self._load_generation += 1
        generation = self._load_generation

        def done(data: ArticleData):
            if generation != self._load_generation:  # the annotator already moved on
                return
            self._show_article(data, claim_id)

        door = self.reader()
        self.runner.submit(
            "open article",
            lambda _c: door.article(article_id),
            on_done=done,
            on_error=self._on_error,
        )

    def _show_article(self, data: ArticleData, claim_id: str | None) -> None:
        self.data = data
        ids = [c.id for c in data.claims]
        if claim_id not in ids:
            claim_id = next((c.id for c in data.claims if needs_label(c)), ids[0] if ids else None)
        self.current = None
        self.article_loaded.emit(data)
        self.select_claim(claim_id)
        if self._progress_wanted:
            self._load_story_progress()

    # ---- navigation -----------------------------------------------------------------------

    def claim(self, claim_id: str | None) -> ClaimItem | None:
        if self.data is None or claim_id is None:
            return None
        return next((c for c in self.data.claims if c.id == claim_id), None)

    def select_claim(self, claim_id: str | None) -> None:
        if claim_id == self.current:
            return
        self.current = claim_id
        self.suggestion_changed.emit(claim_id or "", None)  # until the matcher speaks again
        self.current_changed.emit(claim_id or "")
        self.links_changed.emit(self.current_links())
        self._rank()

    def current_links(self) -> dict[str, str]:
        if self.data is None or self.current is None:
            return {}
        result = {}
        for (a, b), kind in self.data.links.items():
            if a == self.current:
                result[b] = kind
            elif b == self.current:
                result[a] = kind
        return result

    def _index(self) -> int:
        ids = [c.id for c in self.data.claims] if self.data else []
        return ids.index(self.current) if self.current in ids else -1

    def step_claim(self, delta: int) -> None:
        if not self.data or not self.data.claims:
            return
        i = self._index()
        j = max(0, min(len(self.data.claims) - 1, (i if i >= 0 else 0) + delta))
        self.select_claim(self.data.claims[j].id)

    # ---- actions --------------------------------------------------------------------------

    def reader(self) -> AnnotationDoor:
        """The door to read through as the annotator shown now (before `start` is done too)."""
        if self.app is not None and self.app.annotator == self.annotator:
            return self.app.annotation
        return AnnotationDoor(self.db, self.annotator)

    def _submit(self, name: str, fn, *, on_applied=None, locate: bool = False) -> None:
        """Run one action of the door on the worker; apply its change sets when committed."""
        if self.app is None:
            self.message.emit("Still opening the database…")
            return
        started = time.perf_counter()
        # captured now: a key belongs to the annotator shown when it was pressed, even if a
        # switch of annotator completes before the worker reaches this action
        door = self.app.annotation
        article_id = self.data.id if self.data else None

        def work(_context):
            outcome: Outcome = fn(door)
            if not outcome.did_something:
                return outcome, None
            return outcome, door.view_update(outcome.changes, article_id)

        def done(result):
            outcome, view = result
            if view is None:
                self.message.emit(f"Nothing to {name}.")
                if on_applied:
                    on_applied(None)
                return
            self.appliers.apply(outcome.changes, view, locate=locate, action=outcome.action)
            if on_applied:
                on_applied(outcome)
            self.last_latency_ms = (time.perf_counter() - started) * 1000
            self.saved.emit(outcome.action)
            self.bus.publish(outcome.changes, origin=self)

        def error(exc):
            if on_applied:
                on_applied(None)
            self._on_error(exc)

        self.runner.submit(name, work, on_done=done, on_error=error)

    def _on_bus(self, changes, origin) -> None:
        """Change sets another window committed (an adjudication, a story operation, a
        lead's setting): read back what they name for the open article, then apply them."""
        if origin is self or self.app is None:
            return
        door, article_id = self.reader(), (self.data.id if self.data else None)
        self.runner.submit(
            "apply changes",
            lambda _c: door.view_update(changes, article_id),
            on_done=lambda view: self.appliers.apply(changes, view, locate=False, action=""),
            on_error=self._on_error,
        )

    def set_label(self, label: str, note: str | None = None) -> None:
        """Label the current claim (with a note, when it is given: one action)."""
        claim_id = self.current
        if claim_id is None:
            return
        if label in COMPARING_LABELS and self.data is not None and not self.data.others:
            # nothing to compare with: the definitions make these two impossible here
            self.message.emit(
                f"Not labelled: {label} needs another article of the story, and this story has "
                "only this article. Use unique (3) or not a claim (4), or move the article "
                "into its story (Stories menu)."
            )
            return
        self.pending[claim_id] = label
        self.pending_changed.emit(claim_id, label)
        # move on at once (a fast typist labels ahead of the disk); the badge stays faint
        # until the commit comes back
        following = self._next_unlabelled_here(self._index())
        if following:
            self.select_claim(following)
        else:
            self.message.emit(
                "All claims of this article are labelled — Space for the next article."
            )

        def applied(outcome):
            self.pending.pop(claim_id, None)
            self.pending_changed.emit(claim_id, None)
            if outcome is not None and outcome.detail:  # its links went with the rejected span
                self._say_links_dropped(outcome.detail)

        self._submit("label", lambda d: d.label(claim_id, label, note=note), on_applied=applied)

    def set_note(self, note: str) -> None:
        claim_id = self.current
        if claim_id is None:
            return
        self._submit("note", lambda d: d.set_note(claim_id, note))

    def link(self, other_id: str | None, kind: str) -> None:
        if self.current is None or not other_id:
            self.message.emit("Select a claim in Other reports first (o).")
            return
        current = self.current
        self._submit(
            "link",
            lambda d: d.link(current, other_id, kind),
            on_applied=lambda outcome: self._say_implied_labels(outcome, kind),
        )

    def _say_implied_labels(self, outcome: Outcome | None, kind: str) -> None:
        """A link also labels both claims (resources/guidelines.md): say so, naming the other
        article's claim, instead of changing a label there without a word."""
        if outcome is None or not outcome.detail:
            return
        claims_by_label: dict[str, list[str]] = {}
        for claim_id, label in outcome.detail:
            where = "this claim" if claim_id == self.current else self._named(claim_id)
            claims_by_label.setdefault(label.replace("_", " "), []).append(where)
        # the labels first: on a narrow window the status bar cuts the end of the message
        said = "; ".join(
            f"{label}: {' and '.join(where)}" for label, where in claims_by_label.items()
        )
        self.message.emit(f"Linked ({kind}) · labelled {said} · Ctrl+Z undoes")

    def _say_links_dropped(self, other_ids) -> None:
        named = [self._named(other_id) for other_id in other_ids]
        links = "its link to" if len(named) == 1 else f"its {len(named)} links, to"
        self.message.emit(
            f"Labelled not a claim · {links} {', '.join(named)} removed · Ctrl+Z brings "
            f"{'it' if len(named) == 1 else 'them'} back"
        )

    def _named(self, claim_id: str) -> str:
        """A claim of this article or of Other reports, as a message names it: “its first…”."""
        claim = self.claim(claim_id) or self._other_claim(claim_id)
        return quoted(claim.text if claim else "", limit=40)

    def _other_claim(self, claim_id: str):
        if self.data is None:
            return None
        return next((o.claim for o in self.data.others if o.claim.id == claim_id), None)

    def unlink(self, other_id: str | None) -> None:
        if self.current is None or not other_id:
            return
        current = self.current
        self._submit("unlink", lambda d: d.unlink(current, other_id))

    def undo(self) -> None:
        self._submit("undo", lambda d: d.undo(), locate=True, on_applied=self._say_replayed)

    def redo(self) -> None:
        self._submit("redo", lambda d: d.redo(), locate=True, on_applied=self._say_replayed)

    def _say_replayed(self, outcome: Outcome | None) -> None:
        """ "Undone: label unique on “…”": what Ctrl+Z / Ctrl+Shift+Z took back or put back."""
        if outcome is None:
            return
        which = outcome.action.partition(" ")[0]
        touched = sorted(outcome.claim_ids)
        claim = next(
            (c for c in (self.claim(cid) or self._other_claim(cid) for cid in touched) if c),
            None,
        )
        about = f" on {quoted(claim.text)}" if claim is not None else ""
        done = "Undone" if which == "undo" else "Redone"
        self.message.emit(f"{done}: {outcome.message}{about}")

    def resize(self, how: str) -> None:
        if self.current:
            current = self.current
            self._submit("resize", lambda d: d.resize(current, how))

    def split(self, offset: int | None) -> None:
        if self.current and offset is not None:
            current = self.current
            self._submit("split", lambda d: d.split(current, offset))

    def merge_next(self) -> None:
        if self.current:
            current = self.current
            self._submit("merge", lambda d: d.merge_next(current))

    def add_claim(self, span: tuple[int, int] | None) -> None:
        if self.data is None or span is None:
            self.message.emit("Select some text in the article first.")
            return
        article_id = self.data.id
        self._submit("add a claim", lambda d: d.add_claim(article_id, *span))

    def run_story_operation(self, name: str, fn) -> None:
        """A move, merge or split through the door: one transaction on the worker, recorded
        in the event log under this annotator (so Ctrl+Z undoes it); its StoriesChanged is
        applied like any other change set."""
        self._submit(name, fn)

    # ---- ranking and search -----------------------------------------------------------------

    def _rank(self) -> None:
        if self._can_rank and self.data is not None and self.current is not None:
            self._rank_timer.start()

    def _on_rank_timer(self) -> None:
        if self.data is None or self.current is None:
            return
        self._rank_generation += 1
        generation, data, claim_id = self._rank_generation, self.data, self.current

        claim = self.claim(claim_id)
        wants_suggestion = claim is not None and needs_label(claim)

        def done(outcome):
            ranked, suggestion = outcome
            if generation != self._rank_generation or data is not self.data:
                return
            if ranked is not None:
                data.others = ranked
                self.others_ranked.emit(ranked)
            current = self.claim(claim_id)
            show = suggestion is not None and current is not None and needs_label(current)
            self.suggestion_changed.emit(claim_id, suggestion if show else None)

        door = self.reader()
        self.runner.submit(
            "rank candidates",
            lambda _c: door.rank(data, claim_id, TOP_CANDIDATES, suggest=wants_suggestion),
            lane=RANKING_LANE,
            on_done=done,
            on_error=lambda exc: self.message.emit(f"Suggestions unavailable: {error_text(exc)}"),
        )

    def rerank(self) -> None:
        """Rank (and suggest) again for the current claim, e.g. after suggestions were toggled."""
        self._rank()

    # ---- stories, stale labels and the article beside ----------------------------------------

    def next_stale(self) -> None:
        """The next claim whose label went stale (a new article joined its story), after the
        current one in reading order, across articles."""
        if self.data is None:
            return
        here = self.data
        after = (self.data.id, self.claim(self.current).start if self.claim(self.current) else -1)
        for claim in here.claims:  # within the article first, without a round trip
            if claim.stale and claim.start > after[1]:
                self.select_claim(claim.id)
                return

        def done(found):
            if not found:
                self.message.emit("No stale labels: every unique label is up to date.")
                return
            article_id, claim_id = found
            if self.data is not None and article_id == self.data.id:
                self.select_claim(claim_id)
            else:
                self.open_article(article_id, claim_id)

        navigator = self.navigator()
        self.runner.submit(
            "next stale",
            lambda _c: navigator.next_stale(after),
            on_done=done,
            on_error=self._on_error,
        )

    def load_article_beside(self, article_id: str, on_loaded) -> None:
        """Load another article read-only (the compare view), on the worker."""
        door = self.reader()
        self.runner.submit(
            "open article beside",
            lambda _c: door.article(article_id),
            on_done=on_loaded,
            on_error=self._on_error,
        )

    def wait_idle(self, msecs: int = -1) -> None:
        self._rank_timer.stop()
        self.runner.wait_idle(msecs)

    def search(self, needle: str, on_results) -> None:
        door = self.reader()
        self.runner.submit(
            "find",
            lambda _c: door.search(needle),
            on_done=on_results,
            on_error=self._on_error,
        )

    def _on_error(self, exc: Exception) -> None:
        self.failed.emit(exc)
