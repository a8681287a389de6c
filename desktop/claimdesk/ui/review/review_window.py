"""The lead's review window: the disagreement queue by story, the selected claim in full, and the
agreement figures, kept current as labels arrive.

Every database call goes through `App.review` (services/review_door.py) on the
`OperationRunner` (the window's own, or the main window's when given, so that all database
work stays serialised on one worker). Nothing polls: change sets published on the `ChangeBus`
(labels from the main window, this window's adjudications) patch the claims they name, and
writes by other processes are noticed by `ExternalChanges` (docs/ARCHITECTURE.md, "Keeping
windows current"), which triggers a reload when the database really changed.

Keys: 1-4 or C/X/U/N set the gold label and move on; J/K next/previous claim; Enter opens the
claim in the main window (`open_claim_requested`); E edits the note (Enter or Esc returns to the
queue); Ctrl+Z undoes the last adjudication (Ctrl+Shift+Z redoes); F5 reloads. The "Show" filter
brings decided claims back into view; a click on a heat-map cell lists that cell's claims (the
bar above the queue says which, and clears it).
"""

from __future__ import annotations

from contextlib import suppress
from html import escape
from itertools import combinations
from time import monotonic, strftime

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from claimdesk.domain.labels import Label
from claimdesk.errors import ClaimdeskError
from claimdesk.services import review
from claimdesk.services.app import App, Outcome
from claimdesk.services.review import HeatCell, QueueEntry, QueueFilter, ReviewSnapshot
from claimdesk.store.engine import Database
from claimdesk.ui.change_bus import ChangeBus
from claimdesk.ui.key_guard import TextFieldKeyGuard
from claimdesk.ui.operations import OperationRunner
from claimdesk.ui.review.detail_panel import LABEL_KEYS, DetailPanel
from claimdesk.ui.review.external_changes import ExternalChanges
from claimdesk.ui.review.figures_panel import FiguresPanel
from claimdesk.ui.review.queue_model import COL_CLAIM, COL_DIFFER, COL_LABELS, QueueModel
from claimdesk.ui.style import conflict_text_color, style_for
from claimdesk.ui.text import counted, quoted

SAID_SECONDS = 30  # how long the status line keeps naming the last decision or undo
RESIZE_SAMPLE = 100  # queue rows the "differ in" and "labels" columns are sized from
ANY = ""  # combo data for "no filter"; not None, which a Python read would leak (docs/ARCHITECTURE.md, 'Item roles')
SHOW_OPEN, SHOW_DECIDED, SHOW_ALL = "open", "decided", "all"
SHOW_CHOICES = [
    ("Open", SHOW_OPEN),
    ("Decided", SHOW_DECIDED),
    ("Open and decided", SHOW_ALL),
]
LABEL_PAIRS = list(combinations([label.value for label in Label], 2))


class ReviewWindow(QWidget):
    refreshed = Signal()  # a new snapshot (queue and figures) is on screen
    figures_updated = Signal()  # figures redone after a patch are on screen (then refreshed)
    adjudicated = Signal(str, str)  # claim id, gold label: committed
    detail_shown = Signal(str)  # claim id whose detail is on screen
    candidates_shown = Signal(str)  # claim id whose matcher candidates are on screen
    open_claim_requested = Signal(str, str)  # article id, claim id: show it in the main window
    failed = Signal(str)  # a message shown in the status line

    def __init__(
        self,
        db: Database,
        lead_name: str,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
        *,
        bus: ChangeBus | None = None,
    ):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(f"Claimdesk review — {lead_name}")
        self.db = db
        self.lead_name = lead_name
        self.door = App(db, lead_name).review
        self.runner = runner or OperationRunner(self)
        self._owns_runner = runner is None
        self.is_lead = False
        self.snapshot: ReviewSnapshot | None = None
        self._generation = 0  # bumped on each filter change: older snapshots are dropped
        self._refresh_in_flight = False
        self._refresh_again = False
        self._reload_again = False
        self._check_in_flight = False
        self._check_again = False  # another process wrote while a check was running
        self._closed = False
        self._pending: set[str] = set()  # claims being adjudicated right now
        self._reselect: str | None = None  # the claim an undo brought back, once it is listed
        self._said: tuple[str, float] | None = None  # the last decision/undo line, and when
        self.cell: HeatCell | None = None  # the heat-map cell filtering the queue, if any
        self._show_before_cell: str | None = None  # the Show choice a gold cell replaced

        self.queue_model = QueueModel(self)
        self.queue_model.texts.wanted.connect(self._read_texts)
        self._build_ui()
        self._build_shortcuts()
        self._key_guard = TextFieldKeyGuard(self)  # 1–4, J, K stay text in the note field

        # change sets of this process (main window, this window): applied claim by claim
        self.bus = bus if bus is not None else ChangeBus(self)
        self.bus.applied.connect(self._on_bus_changes)
        # writes of other processes: a notification, then a reload if the data changed
        self.external = ExternalChanges(db, self)
        self.external.changed.connect(self._on_external_change)
        self.request_refresh()

    # --- building ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.story_filter = QComboBox()
        self.story_filter.addItem("All stories", ANY)
        self.annotator_filter = QComboBox()
        self.annotator_filter.addItem("Any annotator", ANY)
        self.pair_filter = QComboBox()
        self.pair_filter.addItem("Any label pair", ANY)
        for first, second in LABEL_PAIRS:
            # data as "a,b" text: QVariant turns tuples into lists, which findData cannot match
            self.pair_filter.addItem(
                f"{style_for(first).name} vs {style_for(second).name}", f"{first},{second}"
            )
        self.show_filter = QComboBox()
        for text, value in SHOW_CHOICES:
            self.show_filter.addItem(text, value)
        for combo in (self.story_filter, self.annotator_filter, self.pair_filter, self.show_filter):
            combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keep keys for the queue
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._on_filter_changed)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Story"))
        filters.addWidget(self.story_filter)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Annotator"))
        filters.addWidget(self.annotator_filter)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Labels"))
        filters.addWidget(self.pair_filter)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Show"))
        filters.addWidget(self.show_filter)
        filters.addStretch(1)

        self.queue_view = QTreeView()
        self.queue_view.setModel(self.queue_model)
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_view.setUniformRowHeights(True)
        self.queue_view.setAlternatingRowColors(True)
        self.queue_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.queue_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_CLAIM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_DIFFER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_LABELS, QHeaderView.ResizeMode.ResizeToContents)
        # Sized from the rows on screen and this many around them (Qt's default, 1,000, asks
        # every role of 2,000 rows per column whenever the queue is reset: 0.2 s of Python)
        header.setResizeContentsPrecision(RESIZE_SAMPLE)
        self.queue_view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.queue_view.doubleClicked.connect(lambda _index: self.open_current_in_main())

        # what a heat-map cell filters, and the way back
        self.cell_text = QLabel("")
        self.cell_text.setWordWrap(True)  # long names wrap instead of widening the window
        self.cell_clear = QPushButton("Clear")
        self.cell_clear.setToolTip("Show the whole queue again (Backspace)")
        self.cell_clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cell_clear.clicked.connect(self.clear_cell)
        self.cell_bar = QWidget()
        cell_row = QHBoxLayout(self.cell_bar)
        cell_row.setContentsMargins(0, 0, 0, 0)
        cell_row.addWidget(self.cell_text, 1)
        cell_row.addWidget(self.cell_clear)
        self.cell_bar.hide()
        queue_side = QWidget()
        queue_layout = QVBoxLayout(queue_side)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.addWidget(self.cell_bar)
        queue_layout.addWidget(self.queue_view, 1)

        self.detail = DetailPanel()
        self.detail.adjudicate_requested.connect(self._on_adjudicate)
        self.detail.note.returnPressed.connect(self._on_note_done)
        self.figures = FiguresPanel()
        self.figures.cell_chosen.connect(self.filter_by_cell)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(queue_side)
        splitter.addWidget(self.detail)
        splitter.addWidget(self.figures)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([480, 520, 320])  # the queue wide enough to read a claim's start

        self.status = QLabel("loading…")
        keys = QLabel(
            "1–4 or C X U N: gold label · J/K: next/previous · Enter: open in main window · "
            "E: note · Ctrl+Z: undo · F5: reload"
        )
        keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(keys)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.resize(1340, 780)

    def _build_shortcuts(self) -> None:
        def bind(key, slot) -> None:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        for label, keys in LABEL_KEYS.items():
            for key in keys:
                bind(key, lambda value=label.value: self._on_adjudicate(value))
        bind("J", self.select_next)
        bind("K", self.select_previous)
        bind("E", self._on_edit_note)
        for key in ("Return", "Enter"):
            bind(key, self.open_current_in_main)
        bind("Backspace", self.clear_cell)
        bind("F5", self.request_refresh)
        bind(QKeySequence(QKeySequence.StandardKey.Undo), self.undo)
        for key in ("Ctrl+Shift+Z", "Ctrl+Y"):
            bind(key, self.redo)
        self.detail.note.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        # Esc in the note field hands the keys back to the queue (the note is kept).
        if (
            watched is self.detail.note
            and event.type() == event.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self._on_note_done()
            return True
        return super().eventFilter(watched, event)

    # --- loading -----------------------------------------------------------------------------

    def current_filter(self) -> QueueFilter:
        return QueueFilter(
            story_id=self.story_filter.currentData() or None,
            annotator=self.annotator_filter.currentData() or None,
            label_pair=review.parse_label_pair(self.pair_filter.currentData()),
            include_adjudicated=self.show_filter.currentData() != SHOW_OPEN,
            cell=self.cell,
        )

    def request_refresh(self, reload: bool = True) -> None:
        """Reload figures and queue on the runner (at most one reload queued at a time);
        ``reload`` False refilters what the door holds (a filter other than the story)."""
        if self._refresh_in_flight:
            self._refresh_again = True
            self._reload_again = self._reload_again or reload
            return
        self._refresh_in_flight = True
        wanted, generation, door = self.current_filter(), self._generation, self.door

        def load(_context):
            # the queue first; the figures follow in their own job (`_redo_figures`)
            return door.snapshot(wanted, reload=reload, figures_later=True), door.is_lead()

        self._submit(
            "review: reload",
            load,
            on_done=lambda result: self._on_snapshot(result, generation),
            on_error=self._on_refresh_failed,
        )

    def apply_changes(self, changes) -> None:
        """Patch the queue from change sets (the claims they name, on the runner); the
        figures follow in a second job, so the queue is current first."""
        wanted, generation, door = self.current_filter(), self._generation, self.door

        def patch(_context):
            return door.apply(changes, wanted), door.is_lead()

        def done(result) -> None:
            if result[0] is not None:
                self._show_snapshot(result, generation)

        self._submit("review: apply changes", patch, on_done=done, on_error=self._show_error)

    def _on_bus_changes(self, changes, origin) -> None:
        if origin is not self:  # this window applied its own outcome already
            self.apply_changes(changes)

    def _publish(self, outcome: Outcome) -> None:
        """Apply an action's outcome here and tell every other window."""
        if outcome.changes:
            self.apply_changes(outcome.changes)
            self.bus.publish(outcome.changes, self)

    def _on_external_change(self) -> None:
        """Another process may have written: patch what its events name (a reload when they
        cannot tell) if the database changed since the last load or patch (this process's
        own writes touch the files too)."""
        if self._check_in_flight:
            # its catch-up may have read the log before this write: check once more after it
            self._check_again = True
            return
        self._check_in_flight = True
        wanted, generation, door = self.current_filter(), self._generation, self.door

        def catch_up(_context):
            return door.catch_up(wanted), door.is_lead()

        def check_finished() -> None:
            self._check_in_flight = False
            if self._check_again:
                self._check_again = False
                self._on_external_change()

        def done(result) -> None:
            try:
                if result[0] is not None:
                    self._show_snapshot(result, generation)
            finally:
                check_finished()

        def failed(error: Exception) -> None:
            self._show_error(error)
            check_finished()

        self._submit(
            "review: changed elsewhere?",
            catch_up,
            on_done=done,
            on_error=failed,
        )

    def _read_texts(self, claim_ids: list[str]) -> None:
        """Claim texts for rows coming into view (a snapshot carries its first screen's)."""
        door, texts = self.door, self.queue_model.texts

        def failed(error: Exception) -> None:
            texts.failed(claim_ids)
            self._show_error(error)

        self._submit(
            "review: claim texts",
            lambda _context: door.queue_texts(claim_ids),
            on_done=self.queue_model.set_texts,
            on_error=failed,
        )

    def _show_figures(self, report) -> None:
        scope = (
            self.story_filter.currentText() if self.story_filter.currentData() else "all stories"
        )
        self.figures.show_report(report, scope)

    def _redo_figures(self, generation: int) -> None:
        door = self.door

        def done(report) -> None:
            if report is not None and generation == self._generation:
                self._show_figures(report)
                self.figures_updated.emit()
                self.refreshed.emit()  # queue and figures are both current now

        self._submit(
            "review: figures",
            lambda _context: door.figures(),
            on_done=done,
            on_error=self._show_error,
        )

    def _refresh_finished(self) -> None:
        self._refresh_in_flight = False
        if self._refresh_again:
            self._refresh_again = False
            reload, self._reload_again = self._reload_again, False
            self.request_refresh(reload)

    def _on_refresh_failed(self, error: Exception) -> None:
        self._refresh_finished()
        self._show_error(error)

    def _on_snapshot(self, result: tuple[ReviewSnapshot, bool], generation: int) -> None:
        self._refresh_finished()
        self._show_snapshot(result, generation)

    def _show_snapshot(self, result: tuple[ReviewSnapshot, bool], generation: int) -> None:
        """A reload's or a patch's snapshot on screen, keeping the lead's place."""
        if generation != self._generation:
            return  # the filters changed while it loaded; a newer reload is queued
        snapshot, is_lead = result
        changed = self.snapshot is None or snapshot.fingerprint != self.snapshot.fingerprint
        self.snapshot = snapshot
        self._set_lead(is_lead)
        self._fill_filter_choices(snapshot)
        entries = [e for e in snapshot.queue if e.claim_id not in self._pending]
        if self.show_filter.currentData() == SHOW_DECIDED:
            entries = [e for e in entries if e.gold is not None]
        current = self.current_entry()
        before = current.claim_id if current else None
        if self._reselect is not None and any(e.claim_id == self._reselect for e in entries):
            before, self._reselect = self._reselect, None  # an undone decision is back: show it
        if self.queue_model.set_entries(entries):
            if self.queue_model.last_was_reset:
                self.queue_view.expandAll()
            self._restore_selection(before)
            after = self.current_entry()
            # the same claim still shown (no current-row signal): its labels may have changed,
            # and then its entry is no longer equal to the one before
            if after is not None and current is not None and after.claim_id == current.claim_id:
                self._load_detail(after)
        elif current is None:
            self._restore_selection(None)
        elif changed:
            self._load_detail(current)  # same queue, but a note or link of the claim may differ
        if snapshot.report is not None:
            self._show_figures(snapshot.report)
        else:  # a patch: the queue is current, the figures follow
            self._redo_figures(generation)
        self._show_cell(len(self.queue_model.entries))
        self._show_status()
        if snapshot.report is not None:  # else once the figures are redone
            self.refreshed.emit()

    def _set_lead(self, is_lead: bool) -> None:
        self.is_lead = is_lead
        why = (
            ""
            if is_lead
            else f"{self.lead_name} is not a lead annotator, so this window is read-only "
            f"(grant it: claimdesk annotators lead {self.lead_name})"
        )
        self.detail.set_adjudication_enabled(is_lead, why)

    def _fill_filter_choices(self, snapshot: ReviewSnapshot) -> None:
        stories = sorted(snapshot.story_names.items(), key=lambda item: item[1].casefold())
        self._refill(self.story_filter, [(name, sid) for sid, name in stories])
        self._refill(self.annotator_filter, [(name, name) for name in snapshot.annotators])

    @staticmethod
    def _refill(combo: QComboBox, choices: list[tuple[str, str]]) -> None:
        shown = [(combo.itemText(i), combo.itemData(i)) for i in range(1, combo.count())]
        if shown == choices:
            return
        keep = combo.currentData()
        combo.blockSignals(True)  # refilling is not the user choosing a filter
        while combo.count() > 1:
            combo.removeItem(1)
        for text, data in choices:
            combo.addItem(text, data)
        found = combo.findData(keep) if keep else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def _on_filter_changed(self, _index: int) -> None:
        self._generation += 1
        # only a story filter needs the database: the others refilter what is loaded
        self.request_refresh(reload=False)

    # --- selection and detail ----------------------------------------------------------------

    def current_entry(self) -> QueueEntry | None:
        return self.queue_model.entry_at(self.queue_view.currentIndex())

    def select_claim(self, claim_id: str | None) -> bool:
        index = self.queue_model.index_of_claim(claim_id) if claim_id else QModelIndex()
        if not index.isValid():
            return False
        self.queue_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.queue_view.scrollTo(index)
        return True

    def _restore_selection(self, claim_id: str | None) -> None:
        if self.select_claim(claim_id):
            return
        entries = self.queue_model.entries
        if entries:
            self.select_claim(entries[0].claim_id)
        else:
            self.detail.clear("No open disagreements here: nothing to adjudicate")

    def _neighbour(self, step: int) -> str | None:
        entries = self.queue_model.entries
        ids = [entry.claim_id for entry in entries]
        current = self.current_entry()
        if not ids:
            return None
        if current is None or current.claim_id not in ids:
            return ids[0]
        position = ids.index(current.claim_id) + step
        return ids[position] if 0 <= position < len(ids) else None

    def select_next(self) -> None:
        self.select_claim(self._neighbour(+1))

    def select_previous(self) -> None:
        self.select_claim(self._neighbour(-1))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.queue_model.entry_at(current)
        if entry is not None:
            self._load_detail(entry)

    def _load_detail(self, entry: QueueEntry) -> None:
        door, claim_id = self.door, entry.claim_id
        self._submit(
            "review: claim",
            lambda _context: door.claim_detail(claim_id),
            on_done=lambda detail: self._on_detail(detail, entry),
            on_error=self._show_error,
        )

    def _on_detail(self, detail: review.ClaimDetail, entry: QueueEntry) -> None:
        current = self.current_entry()
        if current is None or current.claim_id != detail.claim_id:
            return  # the lead moved on while it loaded
        self.detail.show_detail(detail, entry.gold)
        self.detail_shown.emit(detail.claim_id)
        door, claim_id = self.door, detail.claim_id
        self._submit(
            "review: candidates",
            lambda _context: door.candidates(claim_id),
            on_done=lambda found: self._on_candidates(claim_id, found),
            on_error=self._show_error,
        )

    def _on_candidates(self, claim_id: str, found: list[review.CandidateView]) -> None:
        shown = self.detail.detail
        if shown is None or shown.claim_id != claim_id:
            return  # the lead moved on while the matcher ranked
        self.detail.show_candidates(found)
        self.candidates_shown.emit(claim_id)

    # --- the main window and the heat maps ---------------------------------------------------

    def open_current_in_main(self) -> None:
        """Ask the main window to show the current claim in its article (Enter)."""
        entry = self.current_entry()
        if entry is None:
            return
        shown = self.detail.detail
        if shown is not None and shown.claim_id == entry.claim_id and shown.article_id:
            self._open_in_main(shown.article_id, entry.claim_id)
            return
        door, claim_id = self.door, entry.claim_id  # its detail is still loading: ask the door
        self._submit(
            "review: article of claim",
            lambda _context: door.article_of_claim(claim_id),
            on_done=lambda article_id: self._open_in_main(article_id, claim_id),
            on_error=self._show_error,
        )

    def _open_in_main(self, article_id: str, claim_id: str) -> None:
        self._say("Opened in the main window")
        self.open_claim_requested.emit(article_id, claim_id)

    def filter_by_cell(self, cell: HeatCell) -> None:
        """List the claims of one heat-map cell; the cell names both annotators and both labels,
        so the annotator and label-pair filters go back to "any"."""
        self.cell = cell
        for combo in (self.annotator_filter, self.pair_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        if cell.columns is None and self.show_filter.currentData() == SHOW_OPEN:
            self._show_before_cell = SHOW_OPEN  # a gold cell's claims are all decided
            self._set_show(SHOW_DECIDED)
        self._show_cell()
        self.cell_bar.show()
        self._on_filter_changed(0)

    def clear_cell(self) -> None:
        if self.cell is None:
            return
        self.cell = None
        if self._show_before_cell and self.show_filter.currentData() == SHOW_DECIDED:
            self._set_show(self._show_before_cell)  # Clear undoes what the gold cell changed
        self._show_before_cell = None
        self.cell_bar.hide()
        self.figures.set_chosen_cell(None)
        self._on_filter_changed(0)

    def _set_show(self, value: str) -> None:
        self.show_filter.blockSignals(True)  # the caller reloads once
        self.show_filter.setCurrentIndex(self.show_filter.findData(value))
        self.show_filter.blockSignals(False)

    def _show_cell(self, count: int | None = None) -> None:
        cell = self.cell
        if cell is None:
            return
        columns = "gold" if cell.columns is None else cell.columns
        counted_text = "" if count is None else f" — {counted(count, 'claim')}"
        self.cell_text.setText(
            f"Heat map: <b>{escape(cell.rows)}</b> {style_for(cell.row_label).name} × "
            f"<b>{escape(columns)}</b> {style_for(cell.column_label).name}{counted_text}"
        )
        self.figures.set_chosen_cell(cell)

    # --- adjudication ------------------------------------------------------------------------

    def _on_adjudicate(self, label: str) -> None:
        entry = self.current_entry()
        if entry is None or not self.is_lead:
            return
        note = self.detail.take_note() or None
        claim_id, door = entry.claim_id, self.door
        text = self.queue_model.text_of(entry)
        # Move on at once (so a quick second key acts on the next claim), and take the claim
        # out of the queue; a failure puts it back with the next reload.
        next_id = self._neighbour(+1) or self._neighbour(-1)
        self._pending.add(claim_id)
        if self.show_filter.currentData() == SHOW_OPEN:
            self.queue_model.remove_claim(claim_id)
        else:
            next_id = self._neighbour(+1) or claim_id
        self._restore_selection(next_id)
        self.detail.note.clear()
        self._submit(
            "review: adjudicate",
            lambda _context: door.adjudicate(claim_id, label, note),
            on_done=lambda outcome: self._on_adjudicated(outcome, claim_id, label, text),
            on_error=lambda error: self._on_adjudication_failed(claim_id, error),
        )

    def _on_adjudicated(self, outcome: Outcome, claim_id: str, label: str, text: str) -> None:
        self._pending.discard(claim_id)
        self._say(
            f"Decided: {style_for(label).name} for {quoted(text)} · Ctrl+Z undoes · "
            "Show ▸ Decided lists it"
        )
        self.adjudicated.emit(claim_id, label)
        if outcome.changes:
            self._publish(outcome)
        else:  # the same decision again: nothing changed, the claim comes back as it was
            self.request_refresh(reload=False)

    # --- undo --------------------------------------------------------------------------------

    def undo(self) -> None:
        self._replay("undo")

    def redo(self) -> None:
        self._replay("redo")

    def _replay(self, which: str) -> None:
        """Undo or redo this lead's last action (the event log is per annotator, shared with
        the main window), then show the claim it touched, in the queue when it is there."""
        if not self.is_lead:
            return
        door = self.door
        self._submit(
            f"review: {which}",
            lambda _context: door.undo() if which == "undo" else door.redo(),
            on_done=lambda outcome: self._on_replayed(which, outcome),
            on_error=self._show_error,
        )

    def _on_replayed(self, which: str, outcome: Outcome | None) -> None:
        if outcome is None:
            self._say(f"Nothing to {which}.")
            return
        texts = outcome.detail or {}
        action = outcome.action.split(" ", 1)[-1].replace("_", " ")
        what = "adjudication" if action == "adjudicate" else action
        touched = sorted(outcome.claim_ids)
        about = f" for {quoted(texts.get(touched[0], ''))}" if touched else ""
        self._say(f"{'Undone' if which == 'undo' else 'Redone'}: {what}{about}")
        self._reselect = touched[0] if touched else None
        self._publish(outcome)

    def _on_adjudication_failed(self, claim_id: str, error: Exception) -> None:
        self._pending.discard(claim_id)
        self._show_error(error)
        self.request_refresh(reload=False)  # the claim comes back into the queue

    def _on_edit_note(self) -> None:
        if self.is_lead:
            self.detail.note.setFocus()

    def _on_note_done(self) -> None:
        self.queue_view.setFocus()

    # --- status ------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        """A line about what was just done; the reload's counts follow it, not replace it."""
        self._said = (text, monotonic())
        self._show_status()

    def _show_status(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            if self._said:
                self.status.setText(self._said[0])
            return
        shown = len(self.queue_model.entries)
        filtered = "" if shown == snapshot.total_open else f", {shown} shown by the filters"
        role = "lead" if self.is_lead else "read-only"
        self.status.setStyleSheet("")
        said = ""
        if self._said and monotonic() - self._said[1] < SAID_SECONDS:
            said = f"{self._said[0]} — "
        self.status.setText(
            f"{said}{counted(snapshot.total_open, 'open disagreement')}{filtered} · "
            f"{self.lead_name} ({role}) · updated {strftime('%H:%M:%S')}"
        )

    def _show_error(self, error: Exception) -> None:
        # One calm line: typed errors carry a message meant for people; others get their type.
        text = (
            str(error) if isinstance(error, ClaimdeskError) else f"{type(error).__name__}: {error}"
        )
        self.status.setStyleSheet(f"color: {conflict_text_color(self.palette()).name()};")
        self.status.setText(text)
        self.failed.emit(text)

    def _submit(self, name: str, work, on_done=None, on_error=None) -> None:
        """Run `work` on the runner; its result is dropped once the window is closed (a
        callback must not reach widgets that are being deleted, nor chain new work)."""
        if self._closed:
            return

        def alive(callback):
            if callback is None:
                return None
            return lambda *args: None if self._closed else callback(*args)

        self.runner.submit(name, work, on_done=alive(on_done), on_error=alive(on_error))

    def closeEvent(self, event) -> None:
        self._closed = True
        self.external.stop()
        # a closed window stops following the bus (it may be the main window's); closed twice:
        # already disconnected
        with suppress(RuntimeError, TypeError):
            self.bus.applied.disconnect(self._on_bus_changes)
        if self._owns_runner:
            self.runner.wait_idle(5000)  # let a running commit finish before the window goes
            # and hand over the finished jobs' queued results while the runner still exists
            QCoreApplication.sendPostedEvents()
        super().closeEvent(event)


def open_review_window(
    parent: QWidget | None,
    db: Database,
    lead_name: str,
    runner: OperationRunner | None = None,
    *,
    bus: ChangeBus | None = None,
) -> ReviewWindow:
    """Open (show) the review window; pass the main window's runner to share its worker and
    its change bus to follow its labels (and tell it about adjudications)."""
    window = ReviewWindow(db, lead_name, runner=runner, parent=parent, bus=bus)
    window.show()
    return window
