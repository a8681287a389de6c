"""Find across the corpus: claims and articles whose text contains a phrase (SQL LIKE on the
background worker; the dialog only shows results)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from claimdesk.services.screen_records import SearchHit

SearchFn = Callable[[str, Callable[[list[SearchHit]], None]], None]


class FindDialog(QDialog):
    hit_activated = Signal(str, str)  # article id, claim id ("" for an article hit)
    results_shown = Signal(int)

    def __init__(self, search: SearchFn, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Find in all articles")
        self._search = search
        self._generation = 0
        self._hits: list[SearchHit] = []
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Words in a claim, a title or an article…")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.results = QTreeWidget(self)
        self.results.setHeaderLabels(["Article", "Where", "Text"])
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.results.itemActivated.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.resize(760, 480)
        # search after a short pause in typing, so each keystroke does not hit the database
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self._on_search)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self._on_search)

    def _on_search(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        needle = self.edit.text()
        self.status.setText("Searching…" if needle.strip() else "")
        self._search(needle, lambda hits: self._on_results(generation, hits))

    def _on_results(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:  # an older search finished late
            return
        self.results.clear()
        self._hits = list(hits)
        for hit in hits:
            item = QTreeWidgetItem(
                [hit.article_title, "claim" if hit.claim_id else "article", hit.snippet]
            )
            item.setToolTip(2, hit.snippet)
            self.results.addTopLevelItem(item)
        self.status.setText(f"{len(hits)} found" if self.edit.text().strip() else "")
        self.results_shown.emit(len(hits))

    def _on_activated(self, item, _column) -> None:
        # hits are looked up by row (PySide 6.12 item setData mishandles None's refcount)
        hit = self._hits[self.results.indexOfTopLevelItem(item)]
        self.hit_activated.emit(hit.article_id, hit.claim_id or "")
