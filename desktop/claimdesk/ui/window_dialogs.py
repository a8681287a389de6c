"""What the window opens: import, export, find in all articles, the review window, lead
settings, switch annotator, the keyboard cheat sheet and the guidelines. Each is opened
without blocking (reads go through the window's one OperationRunner), and kept on the window
so it is not collected while shown."""

from __future__ import annotations

import shiboken6

from claimdesk.services.change_sets import ArticlesChanged
from claimdesk.ui.cheatsheet import CheatSheet
from claimdesk.ui.errors import show_error
from claimdesk.ui.find_dialog import FindDialog
from claimdesk.ui.import_dialog import ImportDialog
from claimdesk.ui.lead_settings import LeadSettingsDialog


class WindowDialogs:
    def __init__(self, window):
        self.window = window

    def open_import(self) -> None:
        w = self.window
        dialog = ImportDialog(w.runner, w.db, w)
        dialog.import_finished.connect(self._imported)
        dialog.show()
        w._import_dialog = dialog

    def _imported(self, report) -> None:
        """New articles: every window learns it from the bus (this one reloads its stories)."""
        added = frozenset(item.article_id for item in report.added)
        self.window.bus.publish((ArticlesChanged(added),), origin=self.window)

    def open_export(self) -> None:
        w = self.window
        try:
            from claimdesk.ui import export_dialog
        except ImportError as exc:  # the export engineer's module is optional in a checkout
            w.status_line.say(f"Export is not available: {exc}", 8000)
            return
        if _brought_back(getattr(w, "export_dialog", None)):
            return
        w.export_dialog = export_dialog.open_export_dialog(w, w.db)

    def find_in_corpus(self) -> None:
        w = self.window
        dialog = getattr(w, "_find_dialog", None)
        if dialog is None:
            dialog = FindDialog(w.session.search, w)
            dialog.hit_activated.connect(lambda aid, cid: w.session.open_article(aid, cid or None))
            w._find_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.edit.setFocus()

    def open_review(self) -> None:
        w = self.window
        if not w.is_lead:
            w.status_line.say("Only a lead annotator reviews disagreements.")
            return
        review = getattr(w, "review_window", None)
        # one review window per lead: Ctrl+R again brings it back, with its place kept
        if review is not None and review.isVisible() and review.lead_name == w.annotator:
            _to_front(review)
            return
        from claimdesk.ui.review.review_window import ReviewWindow

        review = ReviewWindow(w.db, w.annotator, runner=w.runner, parent=w, bus=w.bus)
        review.show()
        review.open_claim_requested.connect(w.open_from_review)
        w.review_window = review

    def lead_settings(self) -> None:
        w = self.window
        if not w.is_lead:
            return
        dialog = LeadSettingsDialog(w.suggestions_enabled, w)
        dialog.accepted.connect(
            lambda: dialog.changed() and w.set_suggestions(dialog.suggestions_on())
        )
        dialog.finished.connect(dialog.deleteLater)
        w.lead_settings_dialog = dialog
        dialog.open()

    def switch_annotator(self) -> None:
        """Who is annotating: the dialog lists the names it loads on the window's runner and
        is open at once (never waiting on the database); the choice is applied when accepted."""
        from claimdesk.ui.review.annotator_dialog import AnnotatorDialog

        w = self.window
        dialog = AnnotatorDialog(w.db, w.annotator, runner=w.runner, parent=w)
        dialog.accepted.connect(lambda: self._switch_to(dialog.chosen_name()))
        dialog.finished.connect(dialog.deleteLater)
        w.annotator_dialog = dialog
        dialog.open()

    def _switch_to(self, name: str | None) -> None:
        w = self.window
        if name and name != w.annotator:
            w.compare_view.close_beside()
            w.suggestion_line.set_suggestion("", None)
            w.session.switch_annotator(name)

    def toggle_guidelines(self) -> None:
        dock = self.window.docks.guidelines
        dock.setVisible(not dock.isVisible())

    def cheat_sheet(self) -> None:
        w = self.window
        groups = [
            ("Label", list(w.label_actions)),
            ("Move", list(w.navigation_actions)),
            ("Edit", list(w.edit_actions)),
            ("View", list(w.view_actions)),
            ("Stories", list(w.story_actions)),
            ("Review", list(w.lead_actions)),
            ("File", list(w.file_actions)),
        ]
        if _brought_back(getattr(w, "_cheat_sheet", None)):
            return  # "?" twice: the one sheet, not two stacked
        dialog = CheatSheet(groups, w)
        w._cheat_sheet = dialog
        dialog.show()

    def failed(self, error) -> None:
        show_error(self.window, error)


def _brought_back(dialog) -> bool:
    """Raise a dialog that is still open and say so; let a closed one go (each opening made a
    new one, and the old ones stayed alive on the window)."""
    if dialog is None or not shiboken6.isValid(dialog):
        return False
    if dialog.isVisible():
        _to_front(dialog)
        return True
    dialog.deleteLater()
    return False


def _to_front(window) -> None:
    """An open window in front again, and active (restored first if it was minimised)."""
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
