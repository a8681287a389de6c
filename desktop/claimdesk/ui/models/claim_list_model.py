"""The current article's claims, in reading order, with this annotator's label."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from claimdesk.services.screen_records import ClaimItem
from claimdesk.ui.style import STALE_TIP, style_for

CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LABEL_ROLE = Qt.ItemDataRole.UserRole + 2
SPEAKER_ROLE = Qt.ItemDataRole.UserRole + 3
STALE_ROLE = Qt.ItemDataRole.UserRole + 4
PENDING_ROLE = Qt.ItemDataRole.UserRole + 5  # a label typed but not yet committed, or ""
NOTE_ROLE = Qt.ItemDataRole.UserRole + 6
CLAIM_ROLE = Qt.ItemDataRole.UserRole + 7


class ClaimListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._claims: list[ClaimItem] = []
        self._rows: dict[str, int] = {}
        self._pending: dict[str, str] = {}

    def set_claims(self, claims: list[ClaimItem]) -> None:
        self.beginResetModel()
        self._claims = list(claims)
        self._rows = {c.id: i for i, c in enumerate(self._claims)}
        self._pending = {k: v for k, v in self._pending.items() if k in self._rows}
        self.endResetModel()

    def claims(self) -> list[ClaimItem]:
        return self._claims

    def row_of(self, claim_id: str | None) -> int:
        return self._rows.get(claim_id, -1) if claim_id else -1

    def claim_at(self, row: int) -> ClaimItem | None:
        return self._claims[row] if 0 <= row < len(self._claims) else None

    def update_claim(self, item: ClaimItem) -> None:
        row = self._rows.get(item.id)
        if row is None:
            return
        self._claims[row] = item
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def set_pending(self, claim_id: str, label: str | None) -> None:
        if label is None:
            self._pending.pop(claim_id, None)
        else:
            self._pending[claim_id] = label
        row = self._rows.get(claim_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def pending(self) -> dict[str, str]:
        return self._pending

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._claims)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        claim = self._claims[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return claim.text
        if role == Qt.ItemDataRole.ToolTipRole:
            style = style_for(claim.label)
            lines = [claim.text, "", f"Label: {style.name}"]
            if claim.stale:
                lines.append(f"Stale: {STALE_TIP}")
            if claim.speaker:
                lines.append(f"Speaker: {claim.speaker}")
            if claim.note:
                lines.append(f"Note: {claim.note}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{style_for(claim.label).name}: {claim.text}"
        if role == CLAIM_ID_ROLE:
            return claim.id
        # custom roles hold "" for no value, never None (docs/ARCHITECTURE.md, Item roles)
        if role == LABEL_ROLE:
            return claim.label or ""
        if role == SPEAKER_ROLE:
            return claim.speaker or ""
        if role == STALE_ROLE:
            return claim.stale
        if role == PENDING_ROLE:
            return self._pending.get(claim.id, "")
        if role == NOTE_ROLE:
            return claim.note or ""
        if role == CLAIM_ROLE:
            return claim
        return None
