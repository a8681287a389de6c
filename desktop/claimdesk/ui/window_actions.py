"""The window's actions: one NamedTuple per menu, built from the window's parts (the session,
the dialogs, the story operations, the article beside). Every action is window-wide, so its key
works wherever the focus is (text fields still win for typing, see key_guard.py)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

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


def make_action(parent, text: str, slot, *shortcuts, tip: str = "", icon=None) -> QAction:
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


def build_file_actions(w) -> FileActions:
    return FileActions(
        import_articles=make_action(w, "&Import articles…", w.dialogs.open_import, "Ctrl+I"),
        export_dataset=make_action(w, "&Export dataset…", w.dialogs.open_export, "Ctrl+Shift+E"),
        switch_annotator=make_action(w, "S&witch annotator…", w.dialogs.switch_annotator),
        quit=make_action(w, "&Quit", w.close, QKeySequence.StandardKey.Quit),
    )


# The four labels' menu entries: (label, text, number key, letter key, tip).
LABEL_ENTRIES = (
    ("corroborated", "Corroborated", "1", "C", "Another article states the same fact"),
    ("contradicted", "Contradicted", "2", "X", "Another article states a conflicting version"),
    ("unique", "Unique", "3", "U", "No other article addresses this fact"),
    ("not_a_claim", "Not a claim (reject)", "4", "N", "The span is not a checkable fact"),
)


def build_label_actions(w) -> LabelActions:
    s = w.session
    labels = {
        label: make_action(
            w,
            text,
            lambda label=label: s.set_label(label),
            number,
            letter,
            tip=tip,
            icon=badge_icon(label),
        )
        for label, text, number, letter, tip in LABEL_ENTRIES
    }
    return LabelActions(
        **labels,
        link_agree=make_action(
            w,
            "Link: agrees with selected other report",
            lambda: s.link(w.other_reports.selected_claim_id(), "agree"),
            "A",
        ),
        link_conflict=make_action(
            w,
            "Link: conflicts with selected other report",
            lambda: s.link(w.other_reports.selected_claim_id(), "conflict"),
            "D",
        ),
        unlink=make_action(
            w,
            "Remove link to selected other report",
            lambda: s.unlink(w.other_reports.selected_claim_id()),
            "Shift+D",
        ),
        note=make_action(w, "Note…", w.open_note, "E"),
    )


def build_navigation_actions(w) -> NavigationActions:
    s = w.session
    return NavigationActions(
        next_claim=make_action(w, "Next claim", lambda: s.step_claim(1), "J"),
        previous_claim=make_action(w, "Previous claim", lambda: s.step_claim(-1), "K"),
        next_unlabelled=make_action(w, "Next unlabelled claim", s.next_unlabelled, "Space", "Tab"),
        next_article=make_action(w, "Next article", lambda: s.step_article(1), "Ctrl+Down", "]"),
        previous_article=make_action(
            w, "Previous article", lambda: s.step_article(-1), "Ctrl+Up", "["
        ),
        next_stale=make_action(
            w,
            "Next stale claim (look again)",
            s.next_stale,
            "L",
            tip="A unique label that went stale because a new article joined its story",
        ),
        focus_other_reports=make_action(w, "Go to other reports", w.other_reports.focus_list, "O"),
        open_beside=make_action(
            w,
            "Open selected report beside",
            w.beside.open_selected,
            "V",
            "Ctrl+Return",
            tip="The candidate's article next to this one, both at their claims (Esc closes)",
        ),
        focus_claims=make_action(w, "Go to claims", w.focus_claims, "Escape"),
    )


def build_edit_actions(w) -> EditActions:
    s = w.session
    return EditActions(
        undo=make_action(w, "&Undo", s.undo, QKeySequence.StandardKey.Undo),
        redo=make_action(w, "&Redo", s.redo, "Ctrl+Shift+Z", "Ctrl+Y"),
        grow_start=make_action(
            w, "Extend start by a word", lambda: s.resize("grow_start"), "Alt+Left"
        ),
        shrink_start=make_action(
            w, "Shrink start by a word", lambda: s.resize("shrink_start"), "Alt+Right"
        ),
        grow_end=make_action(
            w, "Extend end by a word", lambda: s.resize("grow_end"), "Shift+Alt+Right"
        ),
        shrink_end=make_action(
            w, "Shrink end by a word", lambda: s.resize("shrink_end"), "Shift+Alt+Left"
        ),
        split=make_action(
            w,
            "Split claim at text cursor",
            lambda: s.split(w.article_view.cursor_offset()),
            "S",
        ),
        merge_next=make_action(w, "Merge with next claim", s.merge_next, "M"),
        add_claim=make_action(
            w,
            "Add claim from selection",
            lambda: s.add_claim(w.article_view.selection_span()),
            "Insert",
            "+",
        ),
    )


def build_view_actions(w) -> ViewActions:
    return ViewActions(
        find_in_article=make_action(
            w, "Find in article…", w.article_view.open_find, QKeySequence.StandardKey.Find
        ),
        find_in_corpus=make_action(
            w, "Find in all articles…", w.dialogs.find_in_corpus, "Ctrl+Shift+F"
        ),
        zoom_in=make_action(w, "Zoom in", lambda: w.article_view.zoom(1), "Ctrl+=", "Ctrl++"),
        zoom_out=make_action(w, "Zoom out", lambda: w.article_view.zoom(-1), "Ctrl+-"),
        zoom_reset=make_action(
            w, "Actual size", lambda: w.article_view.set_zoom_level(0), "Ctrl+0"
        ),
        guidelines=make_action(w, "Guidelines", w.dialogs.toggle_guidelines, "F1"),
        cheat_sheet=make_action(w, "Keyboard shortcuts", w.dialogs.cheat_sheet, "?"),
    )


def build_story_actions(w) -> StoryActions:
    return StoryActions(
        move_article=make_action(w, "Move article to story…", w.story_ops.move_article),
        merge_stories=make_action(w, "Merge stories…", w.story_ops.merge_stories),
        split_story=make_action(
            w, "Split selected articles into a new story…", w.story_ops.split_story
        ),
    )


def build_lead_actions(w) -> LeadActions:
    review = make_action(
        w,
        "&Review disagreements…",
        w.dialogs.open_review,
        "Ctrl+R",
        tip="Adjudicate where annotators disagree (lead annotators)",
    )
    settings = make_action(
        w,
        "Lead &settings…",
        w.dialogs.lead_settings,
        tip="Settings for everyone who labels in this database (lead annotators)",
    )
    for action in (review, settings):
        action.setEnabled(False)  # until we know this annotator is a lead
    return LeadActions(review=review, settings=settings)
