"""The annotation window. It only composes: widgets live in their own modules, the actions in
window_actions.py, the menus in window_menus.py, what it opens in window_dialogs.py, the story
operations in story_operations.py, the article beside in beside.py, the status line in
status_line.py, and the work in AnnotationSession (which runs it off the GUI thread through the
facade's annotation door). Every action's change sets go out on the shared ChangeBus, and
those of other windows come in from it.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QVBoxLayout, QWidget

from claimdesk.domain.titles import display_title
from claimdesk.services.change_sets import AnnotatorsChanged, SettingsChanged
from claimdesk.services.navigator import SMALL_DATABASE
from claimdesk.store.engine import Database
from claimdesk.ui import window_actions as actions
from claimdesk.ui.article_view import ArticleView
from claimdesk.ui.beside import BesideArticle
from claimdesk.ui.change_bus import ChangeBus
from claimdesk.ui.claim_list import ClaimList
from claimdesk.ui.compare_view import CompareView
from claimdesk.ui.errors import show_error
from claimdesk.ui.key_guard import TextFieldKeyGuard
from claimdesk.ui.note_editor import NoteEditor
from claimdesk.ui.operations import OperationRunner
from claimdesk.ui.other_reports import OtherReports
from claimdesk.ui.session import AnnotationSession
from claimdesk.ui.settings import qsettings
from claimdesk.ui.status_line import StatusLine
from claimdesk.ui.story_operations import StoryOperations
from claimdesk.ui.story_tree import StoryTree
from claimdesk.ui.suggestion_line import SuggestionLine
from claimdesk.ui.window_dialogs import WindowDialogs
from claimdesk.ui.window_menus import build_docks, build_menus


class MainWindow(QMainWindow):
    saved = Signal(str)  # re-emitted from the session once an action is committed and painted
    article_shown = Signal(str)
    suggestion_shown = Signal(str, object)  # claim id, Suggestion or None (line hidden)
    beside_shown = Signal(str, str)  # article id, claim id of the article opened beside
    role_loaded = Signal()  # lead status and the suggestions setting are known
    stale_counted = Signal()  # the story tree's stale marks are up to date

    def __init__(
        self,
        db: Database,
        annotator: str,
        runner: OperationRunner | None = None,
        parent=None,
        *,
        bus: ChangeBus | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.annotator = annotator
        self.runner = runner or OperationRunner(self)
        self.bus = bus or ChangeBus(self)
        self.session = AnnotationSession(db, annotator, self.runner, self, bus=self.bus)
        self._show_title()
        self._settings_key = hashlib.sha1(db.url.encode()).hexdigest()[:12]

        self.story_tree = StoryTree(self)
        self.article_view = ArticleView(self)
        self.claim_list = ClaimList(self)
        self.note_editor = NoteEditor(self)
        self.other_reports = OtherReports(self)
        self.compare_view = CompareView(self)
        self.suggestion_line = SuggestionLine(self)
        self.is_lead = False
        self.suggestions_enabled = True
        self._compose()
        self.status_line = StatusLine(self, annotator)
        self.dialogs = WindowDialogs(self)
        self.story_ops = StoryOperations(self)
        self.beside = BesideArticle(self)

        self.file_actions = actions.build_file_actions(self)
        if db.is_team:  # the database user is the annotator; another name would be refused
            self.file_actions.switch_annotator.setEnabled(False)
        self.label_actions = actions.build_label_actions(self)
        self.navigation_actions = actions.build_navigation_actions(self)
        self.edit_actions = actions.build_edit_actions(self)
        self.view_actions = actions.build_view_actions(self)
        self.story_actions = actions.build_story_actions(self)
        self.lead_actions = actions.build_lead_actions(self)
        self.docks = build_docks(self)
        build_menus(self)
        self.status_line.show_zoom(self.article_view.zoom_percent())
        self._connect()
        self._key_guard = TextFieldKeyGuard(self)
        self._restore_state()

    # the status line's labels, by the names the window has always had
    saved_label = property(lambda self: self.status_line.saved)
    progress_label = property(lambda self: self.status_line.progress)
    annotator_label = property(lambda self: self.status_line.annotator)
    zoom_label = property(lambda self: self.status_line.zoom)

    # ---- composition ------------------------------------------------------------------------

    def _compose(self) -> None:
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 8, 8, 8)
        right_split = QSplitter(Qt.Orientation.Vertical, right)
        claims_box = QWidget(right_split)
        claims_layout = QVBoxLayout(claims_box)
        claims_layout.setContentsMargins(0, 0, 0, 0)
        claims_layout.addWidget(self.claim_list, 1)
        claims_layout.addWidget(self.suggestion_line)
        claims_layout.addWidget(self.note_editor)
        right_split.addWidget(claims_box)
        right_split.addWidget(self.other_reports)
        right_split.setStretchFactor(0, 1)
        right_split.setStretchFactor(1, 1)
        right_layout.addWidget(right_split)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 0, 8)
        left_layout.addWidget(self.story_tree)

        # the article, and the candidate's article beside it when asked for (v)
        self.reading_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.reading_split.addWidget(self.article_view)
        self.reading_split.addWidget(self.compare_view)
        self.reading_split.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.reading_split)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._fit_first_size(1440, 880)
        self.splitter.setSizes([300, 680, 460])
        self.right_split = right_split

    def _connect(self) -> None:
        s = self.session
        s.stories_loaded.connect(self._on_stories_loaded)
        s.story_progress_loaded.connect(self.story_tree.set_story_progress)
        self.story_tree.set_article_loader(s.load_story)
        self.story_tree.set_filter_loader(s.find_stories)
        s.article_loaded.connect(self._on_article_loaded)
        s.current_changed.connect(self._on_current_changed)
        s.claims_changed.connect(self._on_claims_changed)
        s.others_changed.connect(self.other_reports.update_claims)
        s.structure_changed.connect(self._on_structure_changed)
        s.others_ranked.connect(self.other_reports.set_rows)
        s.links_changed.connect(self.other_reports.set_links)
        s.pending_changed.connect(self.claim_list.model.set_pending)
        s.progress_changed.connect(self._on_progress_changed)
        s.saved.connect(self._on_saved)
        s.message.connect(self.status_line.say)
        s.failed.connect(self._on_failed)
        s.suggestion_changed.connect(self._on_suggestion)
        s.annotator_changed.connect(self._on_annotator_changed)
        self.bus.applied.connect(self._on_bus)
        self.article_view.zoom_changed.connect(self.status_line.show_zoom)
        self.story_tree.article_selected.connect(s.open_article)
        self.claim_list.current_claim_changed.connect(s.select_claim)
        self.article_view.claim_clicked.connect(s.select_claim)
        self.other_reports.activated.connect(s.open_article)
        self.compare_view.closed.connect(self.focus_claims)
        self.note_editor.note_submitted.connect(self._on_note_submitted)
        self.note_editor.labelled_note_submitted.connect(self._on_labelled_note_submitted)
        self.note_editor.cancelled.connect(self.focus_claims)

    # ---- loading ----------------------------------------------------------------------------

    def start(self) -> None:
        settings = qsettings()
        last = settings.value(f"session/{self._settings_key}/last_article", "", type=str)
        self.session.start(last or None)
        self._load_role()

    def _load_role(self) -> None:
        """Is this annotator a lead, and are suggestions on? (Worker; lead menus follow.)"""
        name, door = self.annotator, self.session.reader()

        def done(result):
            if name != self.annotator:
                return
            self.is_lead, self.suggestions_enabled = result
            for action in self.lead_actions:
                action.setEnabled(self.is_lead)
            self.role_loaded.emit()

        self.runner.submit(
            "load role", lambda _c: door.role(), on_done=done, on_error=self._on_failed
        )

    def _on_stories_loaded(self, rows) -> None:
        """One row per story (the tree reads a story's articles when it is expanded or an
        article of it is opened); stale marks follow from the worker."""
        self.story_tree.set_story_rows(rows)
        for story_id, articles in self.session.story_articles.items():
            self.story_tree.model.add_articles(story_id, articles)  # read with the rows
        if len(rows) <= SMALL_DATABASE:  # a small database shows every story open, as always
            self.story_tree.view.expandAll()
        data = self.session.data
        if data:
            self.story_tree.select_article(data.id, data.story_id)
        navigator = self.session.navigator()
        self.runner.submit(
            "stale counts",
            lambda _c: navigator.stale_by_story(),
            on_done=self._on_stale_counts,
            on_error=self._on_failed,
        )

    def _on_stale_counts(self, counts: tuple[dict, dict]) -> None:
        self.story_tree.model.set_stale_counts(*counts)
        self._count_stale_here()
        self.stale_counted.emit()

    def _count_stale_here(self) -> None:
        data = self.session.data
        if data is not None:
            self.story_tree.model.set_stale(data.id, sum(1 for c in data.claims if c.stale))

    def _show_title(self) -> None:
        """What is open, who labels, and which mode: in a local file anyone may switch names (a
        convenience, not security); in a team database the server knows who you are. Qt adds
        the application name ("— Claimdesk") itself."""
        data = self.session.data
        title = display_title(data.title, data.text, cap=60) if data else ""
        mode = "team database, signed in" if self.db.is_team else "local, single-user"
        who = f"{self.annotator} ({mode})"
        self.setWindowTitle(f"{title} — {who}" if title else who)

    # ---- what the session says ----------------------------------------------------------------

    def _on_article_loaded(self, data) -> None:
        self.article_view.set_article(data)
        self._show_title()
        self.claim_list.set_claims(data.claims, None)
        self.other_reports.set_rows(data.others)
        self.story_tree.select_article(data.id, data.story_id)
        self._show_progress(data.id)
        self.note_editor.hide()
        self.claim_list.view.setFocus()
        self._count_stale_here()
        if self.compare_view.isVisible() and self.compare_view.article_id == data.id:
            self.compare_view.close_beside()  # the article beside is now the one in front
        self.article_shown.emit(data.id)

    def _on_current_changed(self, claim_id: str) -> None:
        self.other_reports.show_for_claim(claim_id or None)
        self.article_view.set_current(claim_id or None)
        self.claim_list.set_current(claim_id or None)

    def _on_claims_changed(self, claims) -> None:
        for claim in claims:
            self.claim_list.model.update_claim(claim)
        self.article_view.update_claims(claims)
        self._count_stale_here()
        claim = self.session.claim(self.session.current)
        if claim is not None and claim.label is not None and not claim.stale:
            self.suggestion_line.set_suggestion(claim.id, None)  # decided: the hint goes

    def _on_structure_changed(self, claims) -> None:
        current = self.session.current
        self.claim_list.set_claims(claims, current)
        self.article_view.set_claims(claims, current)
        self._count_stale_here()

    def _on_progress_changed(self, article_id: str, labelled: int, total: int) -> None:
        self.story_tree.model.set_progress(article_id, labelled, total)
        if self.session.data and self.session.data.id == article_id:
            self._show_progress(article_id)

    def _show_progress(self, article_id: str) -> None:
        self.status_line.show_progress(*self.session.progress.get(article_id, (0, 0)))

    def _on_saved(self, action: str) -> None:
        self.status_line.show_saved()
        self.saved.emit(action)

    def _on_failed(self, error) -> None:
        show_error(self, error)

    def _on_suggestion(self, claim_id: str, suggestion) -> None:
        if claim_id != (self.session.current or ""):
            return
        self.suggestion_line.set_suggestion(claim_id, suggestion)
        self.suggestion_shown.emit(claim_id, suggestion)

    def _on_annotator_changed(self, name: str) -> None:
        self.annotator = name
        self._show_title()
        self.status_line.show_annotator(name)
        self.is_lead = False
        for action in self.lead_actions:
            action.setEnabled(False)
        self._load_role()

    def _on_bus(self, changes, origin) -> None:
        """Another window changed who leads or a lead's setting: read the role again and
        rank again (the session applies the rest of what arrives to the open article)."""
        if origin is self.session or origin is self:
            return
        if any(isinstance(c, SettingsChanged | AnnotatorsChanged) for c in changes):
            self._load_role()
        if any(isinstance(c, SettingsChanged) for c in changes):
            self.session.rerank()  # suggestions may have been turned on or off

    # ---- the annotator's own moves ------------------------------------------------------------

    def focus_claims(self) -> None:
        self.compare_view.close_beside()
        self.note_editor.hide()
        self.article_view.find_bar.hide()
        self.claim_list.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_note(self) -> None:
        claim = self.session.claim(self.session.current)
        if claim is None:
            return
        if claim.label is None and claim.id not in self.session.pending:
            self.note_editor.open(None, needs_label=True)  # it says in place how to save it
            return
        self.note_editor.open(claim.note)

    def _on_note_submitted(self, text: str) -> None:
        self.session.set_note(text)
        self.focus_claims()

    def _on_labelled_note_submitted(self, label: str, text: str) -> None:
        self.focus_claims()
        self.session.set_label(label, text)

    def article_context_menu(self, point) -> None:
        menu: QMenu = self.article_view.text.createStandardContextMenu(point)
        menu.addSeparator()
        menu.addAction(self.edit_actions.add_claim)
        menu.addAction(self.edit_actions.split)
        menu.addSeparator()
        menu.addActions(list(self.label_actions[:4]))
        menu.exec(self.article_view.text.viewport().mapToGlobal(point))
        menu.deleteLater()

    def set_suggestions(self, enabled: bool) -> None:
        """A lead turns suggestions on or off for everyone in this database."""
        if not self.is_lead:
            return
        door = self.session.reader()

        def done(outcome):
            self.suggestions_enabled = outcome.detail
            self.status_line.say(outcome.message)
            self.session.rerank()
            self.bus.publish(outcome.changes, origin=self)

        if not enabled:  # hide at once; nothing more is shown from now on
            self.suggestion_line.set_suggestion("", None)
        self.runner.submit(
            "suggestions setting",
            lambda _c: door.set_suggestions(enabled),
            on_done=done,
            on_error=self._on_failed,
        )

    def open_from_review(self, article_id: str, claim_id: str) -> None:
        """Enter in the review window: the claim's article here, the claim current."""
        self.session.open_article(article_id, claim_id)
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    # ---- state ------------------------------------------------------------------------------

    def _fit_first_size(self, width: int, height: int) -> None:
        """The size before any is saved: the preferred one, within the screen (a laptop's
        1280 x 800 must show the claims column whole)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and screen.isValid():
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)

    def _restore_state(self) -> None:
        settings = qsettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(splitter)
        zoom = settings.value("view/zoom", 0, type=int)
        if zoom:
            self.article_view.set_zoom_level(zoom)

    def save_state(self) -> None:
        settings = qsettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("view/zoom", self.article_view.zoom_level())
        if self.session.data:
            settings.setValue(f"session/{self._settings_key}/last_article", self.session.data.id)
        settings.sync()

    def closeEvent(self, event):  # noqa: N802 (Qt API)
        self.save_state()
        # every action is already committed; wait for any in flight so none is cut short
        self.session.wait_idle(10000)
        super().closeEvent(event)
