"""Claim texts of the review queue, read as the view shows the rows.

A reload carries the texts of the queue's first screen only (`services.review_queue`): reading
every text of a large queue costs more than the rest of the reload's reading. The queue model
asks this cache for a row's text when the view paints it; a text not known yet is collected
and, once the paint is over, asked for in one batch (`wanted`), which the window reads on its
runner and hands back (`add`). A claim's text never changes (its id is a hash of its span), so
what was read is kept.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from claimdesk.services.review import QueueEntry


class ClaimTexts(QObject):
    wanted = Signal(list)  # claim ids whose texts are needed (one batch per paint)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._known: dict[str, str] = {}
        self._asked: set[str] = set()
        self._batch: list[str] = []
        # Not from inside data(): the batch goes out after the paint that collected it.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._send)

    def text(self, entry: QueueEntry) -> str | None:
        """The entry's claim text, or None while it is being read (asked for once)."""
        if entry.claim_text:
            return entry.claim_text
        claim = entry.claim_id
        found = self._known.get(claim)
        if found is None and claim not in self._asked:
            self._asked.add(claim)
            self._batch.append(claim)
            if not self._timer.isActive():
                self._timer.start()
        return found

    def add(self, texts: dict[str, str]) -> None:
        self._known.update(texts)

    def failed(self, claim_ids: list[str]) -> None:
        """A read failed: ask again when the rows are next shown."""
        self._asked.difference_update(claim_ids)

    def _send(self) -> None:
        batch, self._batch = self._batch, []
        if batch:
            self.wanted.emit(batch)
