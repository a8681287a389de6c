"""The annotation window. It only composes: widgets live in their own modules, the actions in
the `_setup_*` NamedTuples, and the work in AnnotationSession (which runs it off the GUI thread).
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from PySide6.QtCore import QByteArray, Qt, QTime, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from claimdesk.store.engine import Database
from claimdesk.ui.article_view import ArticleView
from claimdesk.ui.cheatsheet import CheatSheet
from claimdesk.ui.claim_list import ClaimList
from claimdesk.ui.find_dialog import FindDialog
from claimdesk.ui.guidelines import GuidelinesView
from claimdesk.ui.import_dialog import ImportDialog
from claimdesk.ui.note_editor import NoteEditor
from claimdesk.ui.operations import OperationRunner
from claimdesk.ui.other_reports import OtherReports
from claimdesk.ui.session import AnnotationSession
from claimdesk.ui.settings import qsettings
from claimdesk.ui.story_tree import StoryTree
from claimdesk.ui.style import badge_icon


class LabelActions(NamedTuple):
    corroborated: QAction
    contradicted: QAction
    unique: QAction
    not_a_claim: QAction
    link_agree: QAction
    link_conflict: QAction
    unlink: QAction
    note: QAction


class NavigationActions(NamedTuple):
    next_claim: QAction
    previous_claim: QAction
    next_unlabelled: QAction
    next_article: QAction
    previous_article: QAction
    focus_other_reports: QAction
    focus_claims: QAction


class EditActions(NamedTuple):
    undo: QAction
    redo: QAction
    grow_start: QAction
    shrink_start: QAction
    grow_end: QAction
    shrink_end: QAction
    split: QAction
    merge_next: QAction
    add_claim: QAction


class ViewActions(NamedTuple):
    find_in_article: QAction
    find_in_corpus: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    guidelines: QAction
    cheat_sheet: QAction


class FileActions(NamedTuple):
    import_articles: QAction
    quit: QAction


class Docks(NamedTuple):
    guidelines: QDockWidget


def _action(parent, text: str, slot, *shortcuts, tip: str = "", icon=None) -> QAction:
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    # window-wide, so keys work wherever the focus is (text fields still win for typing)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if icon is not None:
        action.setIcon(icon)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


class MainWindow(QMainWindow):
    saved = Signal(str)  # re-emitted from the session once an action is committed and painted
    article_shown = Signal(str)

    def __init__(
        self, db: Database, annotator: str, runner: OperationRunner | None = None, parent=None
    ):
        super().__init__(parent)
        self.setWindowTitle(f"Claimdesk — {annotator}")
        self.db = db
        self.annotator = annotator
        self.runner = runner or OperationRunner(self)
        self.session = AnnotationSession(db, annotator, self.runner, self)
        self._settings_key = hashlib.sha1(db.url.encode()).hexdigest()[:12]

        self.story_tree = StoryTree(self)
        self.article_view = ArticleView(self)
        self.claim_list = ClaimList(self)
        self.note_editor = NoteEditor(self)
        self.other_reports = OtherReports(self)
        self._compose()

        self.file_actions = self._setup_file_actions()
        self.label_actions = self._setup_label_actions()
        self.navigation_actions = self._setup_navigation_actions()
        self.edit_actions = self._setup_edit_actions()
        self.view_actions = self._setup_view_actions()
        self.docks = self._setup_docks()
        self._setup_menus()
        self._setup_status_bar()
        self._connect()
        self._restore_state()

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
        claims_layout.addWidget(self.note_editor)
        right_split.addWidget(claims_box)
        right_split.addWidget(self.other_reports)
        right_split.setStretchFactor(0, 3)
        right_split.setStretchFactor(1, 2)
        right_layout.addWidget(right_split)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 0, 8)
        left_layout.addWidget(self.story_tree)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.article_view)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.resize(1440, 880)
        self.splitter.setSizes([300, 680, 460])
        self.right_split = right_split

    def _setup_file_actions(self) -> FileActions:
        return FileActions(
            import_articles=_action(self, "&Import articles…", self._on_import, "Ctrl+I"),
            quit=_action(self, "&Quit", self.close, QKeySequence.StandardKey.Quit),
        )

    def _setup_label_actions(self) -> LabelActions:
        s = self.session
        return LabelActions(
            corroborated=_action(
                self,
                "Corroborated",
                lambda: s.set_label("corroborated"),
                "1",
                "C",
                tip="Another article states the same fact",
                icon=badge_icon("corroborated"),
            ),
            contradicted=_action(
                self,
                "Contradicted",
                lambda: s.set_label("contradicted"),
                "2",
                "X",
                tip="Another article states a conflicting version",
                icon=badge_icon("contradicted"),
            ),
            unique=_action(
                self,
                "Unique",
                lambda: s.set_label("unique"),
                "3",
                "U",
                tip="No other article addresses this fact",
                icon=badge_icon("unique"),
            ),
            not_a_claim=_action(
                self,
                "Not a claim (reject)",
                lambda: s.set_label("not_a_claim"),
                "4",
                "N",
                tip="The span is not a checkable fact",
                icon=badge_icon("not_a_claim"),
            ),
            link_agree=_action(
                self,
                "Link: agrees with selected other report",
                lambda: s.link(self.other_reports.selected_claim_id(), "agree"),
                "A",
            ),
            link_conflict=_action(
                self,
                "Link: conflicts with selected other report",
                lambda: s.link(self.other_reports.selected_claim_id(), "conflict"),
                "D",
            ),
            unlink=_action(
                self,
                "Remove link to selected other report",
                lambda: s.unlink(self.other_reports.selected_claim_id()),
                "Shift+D",
            ),
            note=_action(self, "Note…", self._on_open_note, "E"),
        )

    def _setup_navigation_actions(self) -> NavigationActions:
        s = self.session
        return NavigationActions(
            next_claim=_action(self, "Next claim", lambda: self._step_claim(1), "J"),
            previous_claim=_action(self, "Previous claim", lambda: self._step_claim(-1), "K"),
            next_unlabelled=_action(
                self, "Next unlabelled claim", s.next_unlabelled, "Space", "Tab"
            ),
            next_article=_action(self, "Next article", lambda: s.step_article(1), "Ctrl+Down", "]"),
            previous_article=_action(
                self, "Previous article", lambda: s.step_article(-1), "Ctrl+Up", "["
            ),
            focus_other_reports=_action(
                self, "Go to other reports", self.other_reports.focus_list, "O"
            ),
            focus_claims=_action(self, "Go to claims", self._focus_claims, "Escape"),
        )

    def _setup_edit_actions(self) -> EditActions:
        s = self.session
        return EditActions(
            undo=_action(self, "&Undo", s.undo, QKeySequence.StandardKey.Undo),
            redo=_action(self, "&Redo", s.redo, "Ctrl+Shift+Z", "Ctrl+Y"),
            grow_start=_action(
                self, "Extend start by a word", lambda: s.resize("grow_start"), "Alt+Left"
            ),
            shrink_start=_action(
                self, "Shrink start by a word", lambda: s.resize("shrink_start"), "Alt+Right"
            ),
            grow_end=_action(
                self, "Extend end by a word", lambda: s.resize("grow_end"), "Shift+Alt+Right"
            ),
            shrink_end=_action(
                self, "Shrink end by a word", lambda: s.resize("shrink_end"), "Shift+Alt+Left"
            ),
            split=_action(
                self,
                "Split claim at text cursor",
                lambda: s.split(self.article_view.cursor_offset()),
                "S",
            ),
            merge_next=_action(self, "Merge with next claim", s.merge_next, "M"),
            add_claim=_action(
                self,
                "Add claim from selection",
                lambda: s.add_claim(self.article_view.selection_span()),
                "Insert",
                "+",
            ),
        )

    def _setup_view_actions(self) -> ViewActions:
        return ViewActions(
            find_in_article=_action(
                self, "Find in article…", self.article_view.open_find, QKeySequence.StandardKey.Find
            ),
            find_in_corpus=_action(
                self, "Find in all articles…", self._on_find_corpus, "Ctrl+Shift+F"
            ),
            zoom_in=_action(self, "Zoom in", lambda: self.article_view.zoom(1), "Ctrl+=", "Ctrl++"),
            zoom_out=_action(self, "Zoom out", lambda: self.article_view.zoom(-1), "Ctrl+-"),
            zoom_reset=_action(
                self, "Actual size", lambda: self.article_view.set_zoom_level(0), "Ctrl+0"
            ),
            guidelines=_action(self, "Guidelines", self._on_toggle_guidelines, "F1"),
            cheat_sheet=_action(self, "Keyboard shortcuts", self._on_cheat_sheet, "?"),
        )

    def _setup_docks(self) -> Docks:
        dock = QDockWidget("Guidelines", self)
        dock.setObjectName("guidelinesDock")
        dock.setWidget(GuidelinesView(dock))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        return Docks(guidelines=dock)

    def _setup_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.file_actions.import_articles)
        file_menu.addSeparator()
        file_menu.addAction(self.file_actions.quit)

        edit = bar.addMenu("&Edit")
        edit.addActions([self.edit_actions.undo, self.edit_actions.redo])
        edit.addSeparator()
        spans = edit.addMenu("Claim &span")
        spans.addActions(list(self.edit_actions[2:]))

        label = bar.addMenu("&Label")
        label.addActions(list(self.label_actions[:4]))
        label.addSeparator()
        label.addActions(list(self.label_actions[4:]))

        go = bar.addMenu("&Go")
        go.addActions(list(self.navigation_actions))

        view = bar.addMenu("&View")
        view.addActions(list(self.view_actions[:5]))
        view.addSeparator()
        view.addActions(list(self.view_actions[5:]))

        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.view_actions.cheat_sheet, self.view_actions.guidelines])

        labels = list(self.label_actions[:4])
        self.claim_list.set_context_actions(
            [
                *labels,
                None,
                self.label_actions.note,
                None,
                *self.edit_actions[2:8],
                None,
                self.edit_actions.undo,
            ]
        )
        self.other_reports.set_context_actions(
            [
                self.label_actions.link_agree,
                self.label_actions.link_conflict,
                self.label_actions.unlink,
            ]
        )
        # Enter opens the note only from the claim list: elsewhere Enter belongs to the field
        enter = QAction("Note…", self.claim_list.view)
        enter.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self._on_open_note)
        self.claim_list.view.addAction(enter)
        self.article_view.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.article_view.text.customContextMenuRequested.connect(self._on_article_context_menu)

    def _setup_status_bar(self) -> None:
        self.saved_label = QLabel("", self)
        self.saved_label.setObjectName("savedIndicator")
        self.saved_label.setForegroundRole(self.saved_label.foregroundRole().PlaceholderText)
        self.progress_label = QLabel("", self)
        self.annotator_label = QLabel(f"Annotator: {self.annotator}", self)
        bar = self.statusBar()
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.saved_label)
        bar.addPermanentWidget(self.annotator_label)

    def _connect(self) -> None:
        s = self.session
        s.stories_loaded.connect(self._on_stories_loaded)
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
        s.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        s.failed.connect(self._on_failed)
        self.story_tree.article_selected.connect(s.open_article)
        self.claim_list.current_claim_changed.connect(s.select_claim)
        self.article_view.claim_clicked.connect(s.select_claim)
        self.other_reports.activated.connect(s.open_article)
        self.note_editor.note_submitted.connect(self._on_note_submitted)
        self.note_editor.cancelled.connect(self._focus_claims)

    # ---- slots ------------------------------------------------------------------------------

    def start(self) -> None:
        settings = qsettings()
        last = settings.value(f"session/{self._settings_key}/last_article", None)
        self.session.start(last)

    def _on_stories_loaded(self, stories) -> None:
        self.story_tree.set_stories(stories)
        if self.session.data:
            self.story_tree.select_article(self.session.data.id)

    def _on_article_loaded(self, data) -> None:
        self.article_view.set_article(data)
        self.claim_list.set_claims(data.claims, None)
        self.other_reports.set_rows(data.others)
        self.story_tree.select_article(data.id)
        self._show_progress(data.id)
        self.note_editor.hide()
        self.claim_list.view.setFocus()
        self.article_shown.emit(data.id)

    def _on_current_changed(self, claim_id: str) -> None:
        self.article_view.set_current(claim_id or None)
        self.claim_list.set_current(claim_id or None)

    def _on_claims_changed(self, claims) -> None:
        for claim in claims:
            self.claim_list.model.update_claim(claim)
        self.article_view.update_claims(claims)

    def _on_structure_changed(self, claims) -> None:
        current = self.session.current
        self.claim_list.set_claims(claims, current)
        self.article_view.set_claims(claims, current)

    def _on_progress_changed(self, article_id: str, labelled: int, total: int) -> None:
        self.story_tree.model.set_progress(article_id, labelled, total)
        if self.session.data and self.session.data.id == article_id:
            self._show_progress(article_id)

    def _show_progress(self, article_id: str) -> None:
        done, total = self.session.progress.get(article_id, (0, 0))
        self.progress_label.setText(f"This article: {done}/{total} labelled")

    def _on_saved(self, action: str) -> None:
        self.saved_label.setText(f"✓ Saved {QTime.currentTime().toString('HH:mm:ss')}")
        self.saved.emit(action)

    def _on_failed(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)
        if "database" in text.lower() and "locked" not in text.lower():
            QMessageBox.warning(self, "Claimdesk", text)

    def _step_claim(self, delta: int) -> None:
        self.session.step_claim(delta)

    def _focus_claims(self) -> None:
        self.note_editor.hide()
        self.article_view.find_bar.hide()
        self.claim_list.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_open_note(self) -> None:
        claim = self.session.claim(self.session.current)
        if claim is None:
            return
        if claim.label is None:
            self.statusBar().showMessage("Label the claim before adding a note.", 5000)
            return
        self.note_editor.open(claim.note)

    def _on_note_submitted(self, text: str) -> None:
        self.session.set_note(text)
        self._focus_claims()

    def _on_article_context_menu(self, point) -> None:
        menu: QMenu = self.article_view.text.createStandardContextMenu(point)
        menu.addSeparator()
        menu.addAction(self.edit_actions.add_claim)
        menu.addAction(self.edit_actions.split)
        menu.addSeparator()
        menu.addActions(list(self.label_actions[:4]))
        menu.exec(self.article_view.text.viewport().mapToGlobal(point))
        menu.deleteLater()

    def _on_import(self) -> None:
        dialog = ImportDialog(self.runner, self.db, self)
        dialog.import_finished.connect(lambda _report: self.session.reload_stories())
        dialog.show()
        self._import_dialog = dialog

    def _on_find_corpus(self) -> None:
        dialog = getattr(self, "_find_dialog", None)
        if dialog is None:
            dialog = FindDialog(self.session.search, self)
            dialog.hit_activated.connect(
                lambda aid, cid: self.session.open_article(aid, cid or None)
            )
            self._find_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.edit.setFocus()

    def _on_toggle_guidelines(self) -> None:
        dock = self.docks.guidelines
        dock.setVisible(not dock.isVisible())

    def _on_cheat_sheet(self) -> None:
        groups = [
            ("Label", list(self.label_actions)),
            ("Move", list(self.navigation_actions)),
            ("Edit", list(self.edit_actions)),
            ("View", list(self.view_actions)),
            ("File", list(self.file_actions)),
        ]
        dialog = CheatSheet(groups, self)
        self._cheat_sheet = dialog
        dialog.show()

    # ---- state ------------------------------------------------------------------------------

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
