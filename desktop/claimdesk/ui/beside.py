"""The article beside (v): the selected candidate's article opened next to the current one,
both at their claims; while it is open it follows the candidate selected in Other reports."""

from __future__ import annotations


class BesideArticle:
    def __init__(self, window):
        self.window = window
        w = window
        w.other_reports.selection_changed.connect(self.follow_candidate)
        w.compare_view.claim_clicked.connect(w.other_reports.select_claim)
        w.compare_view.shown_claim.connect(self._on_claim_shown)

    def open_selected(self) -> None:
        row = self.window.other_reports.selected_row()
        if row is None:
            self.window.status_line.say("Select a claim in Other reports first (o).")
            return
        self.show(row.claim.article_id, row.claim.id)

    def show(self, article_id: str, claim_id: str) -> None:
        w = self.window
        if w.compare_view.isVisible() and w.compare_view.article_id == article_id:
            w.compare_view.show_claim(claim_id)
            return

        def loaded(data):
            first_time = not w.compare_view.isVisible()
            w.compare_view.show_article(data, claim_id)
            if first_time:
                width = sum(w.reading_split.sizes()) or w.article_view.width()
                w.reading_split.setSizes([width // 2, width - width // 2])

        w.session.load_article_beside(article_id, loaded)

    def _on_claim_shown(self, article_id: str, claim_id: str) -> None:
        """Both texts at their claims: the current one is scrolled into view again too (the
        reader just got narrower)."""
        w = self.window
        if w.session.current:
            w.article_view.set_current(w.session.current)
        w.beside_shown.emit(article_id, claim_id)

    def follow_candidate(self, claim_id: str) -> None:
        """While the article beside is open it follows the selected candidate."""
        w = self.window
        if not claim_id or not w.compare_view.isVisible():
            return
        claim = w.other_reports.model.claim(claim_id)
        if claim is not None and claim_id != w.compare_view.claim_id:
            self.show(claim.article_id, claim_id)
