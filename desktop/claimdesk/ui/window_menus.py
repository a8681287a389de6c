"""The window's menu bar, context menus, guidelines dock and theme menu, from its actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from claimdesk.ui.guidelines import GuidelinesView
from claimdesk.ui.theme import apply_theme, saved_theme
from claimdesk.ui.window_actions import Docks


def build_docks(w) -> Docks:
    dock = QDockWidget("Guidelines", w)
    dock.setObjectName("guidelinesDock")
    dock.setWidget(GuidelinesView(dock))
    w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    return Docks(guidelines=dock)


def build_menus(w) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(w.file_actions.import_articles)
    file_menu.addAction(w.file_actions.export_dataset)
    file_menu.addSeparator()
    file_menu.addAction(w.file_actions.switch_annotator)
    file_menu.addSeparator()
    file_menu.addAction(w.file_actions.quit)

    edit = bar.addMenu("&Edit")
    edit.addActions([w.edit_actions.undo, w.edit_actions.redo])
    edit.addSeparator()
    spans = edit.addMenu("Claim &span")
    spans.addActions(list(w.edit_actions[2:]))

    label = bar.addMenu("&Label")
    label.addActions(list(w.label_actions[:4]))
    label.addSeparator()
    label.addActions(list(w.label_actions[4:]))

    go = bar.addMenu("&Go")
    go.addActions(list(w.navigation_actions))

    stories = bar.addMenu("&Stories")
    stories.addActions(list(w.story_actions))

    review = bar.addMenu("&Review")
    review.addActions(list(w.lead_actions))

    view = bar.addMenu("&View")
    view.addActions(list(w.view_actions[:5]))
    view.addSeparator()
    view.addActions(list(w.view_actions[5:]))
    view.addSeparator()
    w.theme_actions = build_theme_menu(w, view.addMenu("&Theme"))

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([w.view_actions.cheat_sheet, w.view_actions.guidelines])

    labels = list(w.label_actions[:4])
    w.claim_list.set_context_actions(
        [
            *labels,
            None,
            w.label_actions.note,
            None,
            *w.edit_actions[2:8],
            None,
            w.edit_actions.undo,
        ]
    )
    w.other_reports.set_context_actions(
        [
            w.label_actions.link_agree,
            w.label_actions.link_conflict,
            w.label_actions.unlink,
            None,
            w.navigation_actions.open_beside,
        ]
    )
    w.story_tree.set_context_actions(list(w.story_actions))
    # Enter opens the note only from the claim list: elsewhere Enter belongs to the field
    enter = QAction("Note…", w.claim_list.view)
    enter.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
    enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    enter.triggered.connect(w.open_note)
    w.claim_list.view.addAction(enter)
    w.article_view.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    w.article_view.text.customContextMenuRequested.connect(w.article_context_menu)


def build_theme_menu(w, menu: QMenu) -> dict[str, QAction]:
    group = QActionGroup(w)
    group.setExclusive(True)
    actions = {}
    current = saved_theme()
    for name, text in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
        action = QAction(text, w, checkable=True)
        action.setChecked(name == current)
        action.triggered.connect(lambda _checked=False, n=name: apply_theme(n))
        group.addAction(action)
        menu.addAction(action)
        actions[name] = action
    return actions
