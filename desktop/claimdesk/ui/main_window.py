"""The annotation window. It only composes: widgets live in their own modules, the actions in
the `_setup_*` NamedTuples, and the work in AnnotationSession (which runs it off the GUI thread).
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from PySide6.QtCore import QByteArray, Qt, QTime, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
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

from claimdesk.domain.titles import display_title
from claimdesk.errors import ClaimdeskError
from claimdesk.services import stories as story_service
from claimdesk.store.engine import Database
from claimdesk.ui import story_data
from claimdesk.ui import story_tree as story_tree_ui
from claimdesk.ui.article_view import ArticleView
from claimdesk.ui.cheatsheet import CheatSheet
from claimdesk.ui.claim_list import ClaimList
from claimdesk.ui.compare_view import CompareView
from claimdesk.ui.find_dialog import FindDialog
from claimdesk.ui.guidelines import GuidelinesView
from claimdesk.ui.import_dialog import ImportDialog
from claimdesk.ui.key_guard import TextFieldKeyGuard
from claimdesk.ui.lead_settings import LeadSettingsDialog
from claimdesk.ui.note_editor import NoteEditor
from claimdesk.ui.operations import OperationRunner
from claimdesk.ui.other_reports import OtherReports
from claimdesk.ui.session import AnnotationSession
from claimdesk.ui.settings import qsettings
from claimdesk.ui.story_tree import StoryTree
from claimdesk.ui.style import badge_icon
from claimdesk.ui.suggestion_line import SuggestionLine
from claimdesk.ui.theme import apply_theme, saved_theme


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
    next_stale: QAction
    focus_other_reports: QAction
    open_beside: QAction
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
    export_dataset: QAction
    switch_annotator: QAction
    quit: QAction


class StoryActions(NamedTuple):
    move_article: QAction
    merge_stories: QAction
    split_story: QAction


class LeadActions(NamedTuple):
    review: QAction
    settings: QAction  # the lead settings dialog (suggestions on/off, with a confirmation)


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
    suggestion_shown = Signal(str, object)  # claim id, Suggestion or None (line hidden)
    beside_shown = Signal(str, str)  # article id, claim id of the article opened beside
    role_loaded = Signal()  # lead status and the suggestions setting are known
    stale_counted = Signal()  # the story tree's stale marks are up to date

    def __init__(
        self, db: Database, annotator: str, runner: OperationRunner | None = None, parent=None
    ):
        super().__init__(parent)
        self.db = db
        self.annotator = annotator
        self.runner = runner or OperationRunner(self)
        self.session = AnnotationSession(db, annotator, self.runner, self)
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

        self.file_actions = self._setup_file_actions()
        if db.is_team:  # the database user is the annotator; another name would be refused
            self.file_actions.switch_annotator.setEnabled(False)
        self.label_actions = self._setup_label_actions()
        self.navigation_actions = self._setup_navigation_actions()
        self.edit_actions = self._setup_edit_actions()
        self.view_actions = self._setup_view_actions()
        self.story_actions = self._setup_story_actions()
        self.lead_actions = self._setup_lead_actions()
        self.docks = self._setup_docks()
        self._setup_menus()
        self._setup_status_bar()
        self._connect()
        self._key_guard = TextFieldKeyGuard(self)
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

    def _setup_file_actions(self) -> FileActions:
        return FileActions(
            import_articles=_action(self, "&Import articles…", self._on_import, "Ctrl+I"),
            export_dataset=_action(self, "&Export dataset…", self._on_export, "Ctrl+Shift+E"),
            switch_annotator=_action(self, "S&witch annotator…", self._on_switch_annotator),
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
            next_stale=_action(
                self,
                "Next stale claim (look again)",
                s.next_stale,
                "L",
                tip="A unique label that went stale because a new article joined its story",
            ),
            focus_other_reports=_action(
                self, "Go to other reports", self.other_reports.focus_list, "O"
            ),
            open_beside=_action(
                self,
                "Open selected report beside",
                self._on_open_beside,
                "V",
                "Ctrl+Return",
                tip="The candidate's article next to this one, both at their claims (Esc closes)",
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

    def _setup_story_actions(self) -> StoryActions:
        return StoryActions(
            move_article=_action(self, "Move article to story…", self._on_move_article),
            merge_stories=_action(self, "Merge stories…", self._on_merge_stories),
            split_story=_action(
                self, "Split selected articles into a new story…", self._on_split_story
            ),
        )

    def _setup_lead_actions(self) -> LeadActions:
        review = _action(
            self,
            "&Review disagreements…",
            self._on_review,
            "Ctrl+R",
            tip="Adjudicate where annotators disagree (lead annotators)",
        )
        settings = _action(
            self,
            "Lead &settings…",
            self._on_lead_settings,
            tip="Settings for everyone who labels in this database (lead annotators)",
        )
        for action in (review, settings):
            action.setEnabled(False)  # until we know this annotator is a lead
        return LeadActions(review=review, settings=settings)

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
        file_menu.addAction(self.file_actions.export_dataset)
        file_menu.addSeparator()
        file_menu.addAction(self.file_actions.switch_annotator)
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

        stories = bar.addMenu("&Stories")
        stories.addActions(list(self.story_actions))

        review = bar.addMenu("&Review")
        review.addActions(list(self.lead_actions))

        view = bar.addMenu("&View")
        view.addActions(list(self.view_actions[:5]))
        view.addSeparator()
        view.addActions(list(self.view_actions[5:]))
        view.addSeparator()
        self.theme_actions = self._setup_theme_menu(view.addMenu("&Theme"))

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
                None,
                self.navigation_actions.open_beside,
            ]
        )
        self.story_tree.set_context_actions(list(self.story_actions))
        # Enter opens the note only from the claim list: elsewhere Enter belongs to the field
        enter = QAction("Note…", self.claim_list.view)
        enter.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self._on_open_note)
        self.claim_list.view.addAction(enter)
        self.article_view.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.article_view.text.customContextMenuRequested.connect(self._on_article_context_menu)

    def _setup_theme_menu(self, menu: QMenu) -> dict[str, QAction]:
        group = QActionGroup(self)
        group.setExclusive(True)
        actions = {}
        current = saved_theme()
        for name, text in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            action = QAction(text, self, checkable=True)
            action.setChecked(name == current)
            action.triggered.connect(lambda _checked=False, n=name: apply_theme(n))
            group.addAction(action)
            menu.addAction(action)
            actions[name] = action
        return actions

    def _setup_status_bar(self) -> None:
        self.saved_label = QLabel("", self)
        self.saved_label.setObjectName("savedIndicator")
        self.saved_label.setForegroundRole(self.saved_label.foregroundRole().PlaceholderText)
        self.progress_label = QLabel("", self)
        self.annotator_label = QLabel(f"Annotator: {self.annotator}", self)
        self.zoom_label = QLabel("", self)
        self.zoom_label.setToolTip("Text size (Ctrl+= / Ctrl+- / Ctrl+0)")
        self._on_zoom_changed(self.article_view.zoom_percent())
        self.article_view.zoom_changed.connect(self._on_zoom_changed)
        bar = self.statusBar()
        bar.addPermanentWidget(self.zoom_label)
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
        s.suggestion_changed.connect(self._on_suggestion)
        s.annotator_changed.connect(self._on_annotator_changed)
        self.story_tree.article_selected.connect(s.open_article)
        self.claim_list.current_claim_changed.connect(s.select_claim)
        self.article_view.claim_clicked.connect(s.select_claim)
        self.other_reports.activated.connect(s.open_article)
        self.other_reports.selection_changed.connect(self._on_candidate_selected)
        self.compare_view.claim_clicked.connect(self.other_reports.select_claim)
        self.compare_view.closed.connect(self._focus_claims)
        self.compare_view.shown_claim.connect(self._on_beside_claim_shown)
        self.note_editor.note_submitted.connect(self._on_note_submitted)
        self.note_editor.labelled_note_submitted.connect(self._on_labelled_note_submitted)
        self.note_editor.cancelled.connect(self._focus_claims)

    # ---- slots ------------------------------------------------------------------------------

    def start(self) -> None:
        settings = qsettings()
        last = settings.value(f"session/{self._settings_key}/last_article", "", type=str)
        self.session.start(last or None)
        self._load_role()

    def _load_role(self) -> None:
        """Is this annotator a lead, and are suggestions on? (Worker; lead menus follow.)"""
        db, name = self.db, self.annotator

        def work(_context):
            from claimdesk.services import annotators
            from claimdesk.services.candidates import suggestions_enabled

            with db.sessions() as session:
                enabled = suggestions_enabled(session)
            return annotators.is_lead(db, name), enabled

        def done(result):
            if name != self.annotator:
                return
            self.is_lead, self.suggestions_enabled = result
            for action in self.lead_actions:
                action.setEnabled(self.is_lead)
            self.role_loaded.emit()

        self.runner.submit("load role", work, on_done=done, on_error=self.session._on_error)

    def _on_stories_loaded(self, stories) -> None:
        self.story_tree.set_stories(stories)
        if self.session.data:
            self.story_tree.select_article(self.session.data.id)
        db, annotator = self.db, self.annotator
        self.runner.submit(
            "stale counts",
            lambda _c: story_data.stale_counts(db, annotator),
            on_done=self._on_stale_counts,
            on_error=self.session._on_error,
        )

    def _on_stale_counts(self, counts: dict) -> None:
        self.story_tree.model.set_stale_counts(counts)
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

    def _on_article_loaded(self, data) -> None:
        self.article_view.set_article(data)
        self._show_title()
        self.claim_list.set_claims(data.claims, None)
        self.other_reports.set_rows(data.others)
        self.story_tree.select_article(data.id)
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
        done, total = self.session.progress.get(article_id, (0, 0))
        self.progress_label.setText(f"This article: {done}/{total} labelled")

    def _on_zoom_changed(self, percent: int) -> None:
        self.zoom_label.setText(f"Text {percent}%")

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
        self.compare_view.close_beside()
        self.note_editor.hide()
        self.article_view.find_bar.hide()
        self.claim_list.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_open_note(self) -> None:
        claim = self.session.claim(self.session.current)
        if claim is None:
            return
        if claim.label is None and claim.id not in self.session.pending:
            self.note_editor.open(None, needs_label=True)  # it says in place how to save it
            return
        self.note_editor.open(claim.note)

    def _on_note_submitted(self, text: str) -> None:
        self.session.set_note(text)
        self._focus_claims()

    def _on_labelled_note_submitted(self, label: str, text: str) -> None:
        self._focus_claims()
        self.session.set_label(label, text)

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

    # ---- matching: suggestions and the article beside -----------------------------------

    def _on_suggestion(self, claim_id: str, suggestion) -> None:
        if claim_id != (self.session.current or ""):
            return
        self.suggestion_line.set_suggestion(claim_id, suggestion)
        self.suggestion_shown.emit(claim_id, suggestion)

    def _on_toggle_suggestions(self, enabled: bool) -> None:
        if not self.is_lead:
            return
        db = self.db

        def work(_context):
            from claimdesk.services.candidates import set_suggestions_enabled

            with db.transaction() as session:
                set_suggestions_enabled(session, enabled)
            return enabled

        def done(value):
            self.suggestions_enabled = value
            state = "on" if value else "off"
            self.statusBar().showMessage(f"Suggestions are {state} for this database.", 5000)
            self.session.rerank()

        if not enabled:  # hide at once; nothing more is shown from now on
            self.suggestion_line.set_suggestion("", None)
        self.runner.submit("suggestions setting", work, on_done=done, on_error=self._on_failed_exc)

    def _on_lead_settings(self) -> None:
        if not self.is_lead:
            return
        dialog = LeadSettingsDialog(self.suggestions_enabled, self)
        dialog.accepted.connect(
            lambda: dialog.changed() and self._on_toggle_suggestions(dialog.suggestions_on())
        )
        dialog.finished.connect(dialog.deleteLater)
        self.lead_settings_dialog = dialog
        dialog.open()

    def _on_open_beside(self) -> None:
        row = self.other_reports.selected_row()
        if row is None:
            self.statusBar().showMessage("Select a claim in Other reports first (o).", 5000)
            return
        self._show_beside(row.claim.article_id, row.claim.id)

    def _show_beside(self, article_id: str, claim_id: str) -> None:
        if self.compare_view.isVisible() and self.compare_view.article_id == article_id:
            self.compare_view.show_claim(claim_id)
            return

        def loaded(data):
            first_time = not self.compare_view.isVisible()
            self.compare_view.show_article(data, claim_id)
            if first_time:
                width = sum(self.reading_split.sizes()) or self.article_view.width()
                self.reading_split.setSizes([width // 2, width - width // 2])

        self.session.load_article_beside(article_id, loaded)

    def _on_beside_claim_shown(self, article_id: str, claim_id: str) -> None:
        """Both texts at their claims: the current one is scrolled into view again too (the
        reader just got narrower)."""
        current = self.session.current
        if current:
            self.article_view.set_current(current)
        self.beside_shown.emit(article_id, claim_id)

    def _on_candidate_selected(self, claim_id: str) -> None:
        """While the article beside is open it follows the selected candidate."""
        if not claim_id or not self.compare_view.isVisible():
            return
        claim = self.other_reports.model.claim(claim_id)
        if claim is not None and claim_id != self.compare_view.claim_id:
            self._show_beside(claim.article_id, claim_id)

    # ---- stories ---------------------------------------------------------------------------

    def _story_nodes(self):
        return self.story_tree.model.stories()

    def _story_of_article(self, article_id: str):
        return next(
            (s for s in self._story_nodes() if any(a.id == article_id for a in s.articles)), None
        )

    def _pick_story(self, title: str, label: str, choices, *, editable: bool) -> str | None:
        """A story id for a picked name, or the typed (new) name; None when cancelled."""
        names = [s.name for s in choices]
        answer = story_tree_ui.ask_story(self, title, label, names, editable=editable)
        if not answer:
            return None
        answer = answer.strip()
        match = next((s for s in choices if s.name == answer), None)
        return match.id if match else answer

    def _on_move_article(self) -> None:
        ids = self.story_tree.selected_article_ids()
        article_id = ids[0] if ids else (self.session.data.id if self.session.data else None)
        if article_id is None:
            return
        here = self._story_of_article(article_id)
        others = [s for s in self._story_nodes() if here is None or s.id != here.id]
        target = self._pick_story(
            "Move article to story",
            "Move the article to the story (pick one, or type a new name):",
            others,
            editable=True,
        )
        if target:
            self.session.run_story_operation(
                "move article",
                lambda db, who: story_service.move_article(db, who, article_id, target),
            )

    def _on_merge_stories(self) -> None:
        selected = self.story_tree.selected_story_ids()
        if not selected and self.session.data:
            selected = [self.session.data.story_id]
        nodes = {s.id: s for s in self._story_nodes()}
        if len(selected) >= 2:
            choices = [nodes[sid] for sid in selected if sid in nodes]
            label = "Merge the selected stories into:"
        else:
            choices = [s for s in self._story_nodes() if s.id not in selected]
            label = "Merge this story into:"
        target = self._pick_story("Merge stories", label, choices, editable=False)
        if not target or target not in nodes:
            return
        rest = [sid for sid in selected if sid != target]
        if not rest:
            return
        self.session.run_story_operation(
            "merge stories",
            lambda db, who: story_service.merge_stories(db, who, [target, *rest]),
        )

    def _on_split_story(self) -> None:
        ids = self.story_tree.selected_article_ids()
        if not ids and self.session.data:
            ids = [self.session.data.id]
        stories = {self._story_of_article(a).id for a in ids if self._story_of_article(a)}
        if len(stories) != 1:
            self.statusBar().showMessage("Select articles of one story to split it.", 5000)
            return
        story_id = stories.pop()
        story = next(s for s in self._story_nodes() if s.id == story_id)
        name = story_tree_ui.ask_text(
            self,
            "Split story",
            f"Name of the new story for {len(ids)} article(s):",
            f"{story.name} (split)",
        )
        if name and name.strip():
            self.session.run_story_operation(
                "split story",
                lambda db, who: story_service.split_story(db, who, story_id, ids, name.strip()),
            )

    # ---- other windows -------------------------------------------------------------------

    def _on_review(self) -> None:
        if not self.is_lead:
            self.statusBar().showMessage("Only a lead annotator reviews disagreements.", 5000)
            return
        from claimdesk.ui import review as review_ui

        self.review_window = review_ui.open_review_window(
            self, self.db, self.annotator, runner=self.runner
        )
        self.review_window.open_claim_requested.connect(self._on_open_from_review)

    def _on_open_from_review(self, article_id: str, claim_id: str) -> None:
        """Enter in the review window: the claim's article here, the claim current."""
        self.session.open_article(article_id, claim_id)
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def _on_switch_annotator(self) -> None:
        from claimdesk.ui import review as review_ui

        name = review_ui.choose_annotator(self, self.db, self.annotator)
        if name and name != self.annotator:
            self.compare_view.close_beside()
            self.suggestion_line.set_suggestion("", None)
            self.session.switch_annotator(name)

    def _on_annotator_changed(self, name: str) -> None:
        self.annotator = name
        self._show_title()
        self.annotator_label.setText(f"Annotator: {name}")
        self.is_lead = False
        for action in self.lead_actions:
            action.setEnabled(False)
        self._load_role()

    def _on_export(self) -> None:
        try:
            from claimdesk.ui import export_dialog
        except ImportError as exc:  # the export engineer's module is optional in a checkout
            self.statusBar().showMessage(f"Export is not available: {exc}", 8000)
            return
        self.export_dialog = export_dialog.open_export_dialog(self, self.db)

    def _on_failed_exc(self, exc: Exception) -> None:
        self._on_failed(
            str(exc) if isinstance(exc, ClaimdeskError) else f"{type(exc).__name__}: {exc}"
        )

    def _on_toggle_guidelines(self) -> None:
        dock = self.docks.guidelines
        dock.setVisible(not dock.isVisible())

    def _on_cheat_sheet(self) -> None:
        groups = [
            ("Label", list(self.label_actions)),
            ("Move", list(self.navigation_actions)),
            ("Edit", list(self.edit_actions)),
            ("View", list(self.view_actions)),
            ("Stories", list(self.story_actions)),
            ("Review", list(self.lead_actions)),
            ("File", list(self.file_actions)),
        ]
        dialog = CheatSheet(groups, self)
        self._cheat_sheet = dialog
        dialog.show()

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
