"""Claims of the other articles of the story, as candidates for links from the current claim.

Rows keep article order until the matcher ranks them; then each row may carry a score, the
reason for the suggestion and a conflict hint (value here vs value there)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from claimdesk.ui.data import ClaimItem, OtherClaim
from claimdesk.ui.style import badge_icon, style_for

COL_LINK = 0
COL_SOURCE = 1
COL_CLAIM = 2
COL_HINT = 3
HEADERS = {COL_LINK: "", COL_SOURCE: "Article", COL_CLAIM: "Claim", COL_HINT: "Hint"}

CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SCORE_ROLE = Qt.ItemDataRole.UserRole + 3
LABEL_ROLE = Qt.ItemDataRole.UserRole + 4
LINK_ROLE = Qt.ItemDataRole.UserRole + 5  # "agree" / "conflict" / None, with the current claim
FILTER_ROLE = Qt.ItemDataRole.UserRole + 6

LINK_MARK = {"agree": "=", "conflict": "≠"}


class OtherReportsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[OtherClaim] = []
        self._index: dict[str, int] = {}
        self._links: dict[str, str] = {}

    def set_rows(self, rows: list[OtherClaim]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._index = {r.claim.id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def rows(self) -> list[OtherClaim]:
        return self._rows

    def set_links(self, links: dict[str, str]) -> None:
        """other claim id -> kind, for the links of the current claim."""
        changed = set(self._links) ^ set(links) | {
            k for k in links if self._links.get(k) != links[k]
        }
        self._links = dict(links)
        for cid in changed:
            self._emit_row(cid)

    def update_claim(self, item: ClaimItem) -> None:
        row = self._index.get(item.id)
        if row is None:
            return
        self._rows[row].claim = item
        self._emit_row(item.id)

    def claim(self, claim_id: str) -> ClaimItem | None:
        row = self._index.get(claim_id)
        return None if row is None else self._rows[row].claim

    def _emit_row(self, claim_id: str) -> None:
        row = self._index.get(claim_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, COL_HINT))

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(section)
        return None

    def _hint(self, row: OtherClaim) -> str:
        parts = []
        if row.conflict:
            parts.append(f"{row.conflict[0]} vs {row.conflict[1]}")
        if row.reason:
            parts.append(str(row.reason))
        if row.score is not None:
            parts.append(f"{row.score:.2f}")
        return " · ".join(parts)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        claim = row.claim
        column = index.column()
        link = self._links.get(claim.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_LINK:
                return LINK_MARK.get(link, "")
            if column == COL_SOURCE:
                return row.source or row.article_title
            if column == COL_CLAIM:
                return claim.text
            if column == COL_HINT:
                return self._hint(row)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_CLAIM:
            return badge_icon(claim.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                claim.text,
                "",
                f"{row.article_title}" + (f" — {row.source}" if row.source else ""),
            ]
            if claim.speaker:
                lines.append(f"Speaker: {claim.speaker}")
            lines.append(f"Your label: {style_for(claim.label).name}")
            if link:
                lines.append(f"Linked to the current claim: {link}")
            hint = self._hint(row)
            if hint:
                lines.append(f"Matcher: {hint}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_LINK:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == CLAIM_ID_ROLE:
            return claim.id
        if role == ARTICLE_ID_ROLE:
            return claim.article_id
        if role == SCORE_ROLE:
            return row.score
        if role == LABEL_ROLE:
            return claim.label
        if role == LINK_ROLE:
            return link
        if role == FILTER_ROLE:
            return f"{row.source} {row.article_title} {claim.text} {claim.speaker or ''}"
        return None


class OtherReportsFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(COL_CLAIM)
