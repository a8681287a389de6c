"""Claims of the other articles of the story, as candidates for links from the current claim.

Rows keep article order until the matcher ranks them; then the ranked candidates come first,
each with a score, the words it shares with the current claim, the reason and a conflict hint
(value here vs value there), followed by a divider row and the rest of the story in article
order, so that every claim of the story stays reachable."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from claimdesk.services.screen_records import ClaimItem, OtherClaim
from claimdesk.ui.style import STYLES, badge_icon, style_for

COL_LINK = 0
COL_SCORE = 1
COL_CLAIM = 2
COL_HINT = 3
HEADERS = {COL_LINK: "", COL_SCORE: "Score", COL_CLAIM: "Claim", COL_HINT: "Conflict"}

CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SCORE_ROLE = Qt.ItemDataRole.UserRole + 3
LABEL_ROLE = Qt.ItemDataRole.UserRole + 4
LINK_ROLE = Qt.ItemDataRole.UserRole + 5  # "agree" / "conflict" / "", with the current claim
FILTER_ROLE = Qt.ItemDataRole.UserRole + 6
ROW_ROLE = Qt.ItemDataRole.UserRole + 7  # the OtherClaim ("" on the divider row)
DIVIDER_ROLE = Qt.ItemDataRole.UserRole + 8  # True on the "rest of the story" divider
EMPHASIS_ROLE = Qt.ItemDataRole.UserRole + 9  # [(start, end, kind)] in the claim text
# the roles this package defines: each holds a value on every row, never None (Python reads them,
# and PySide6 6.12 on Python 3.11 drops a reference to None on each such read that finds none)
CUSTOM_ROLES = frozenset(
    {CLAIM_ID_ROLE, ARTICLE_ID_ROLE, SCORE_ROLE, LABEL_ROLE, LINK_ROLE, FILTER_ROLE, ROW_ROLE}
    | {DIVIDER_ROLE, EMPHASIS_ROLE}
)

LINK_MARK = {"agree": "=", "conflict": "≠"}
HINT_MARK = "⚠"
DIVIDER_TEXT = "Rest of the story, in article order"
MORE_TEXT = "More candidates from the same articles"
CONFLICT_COLOR = STYLES["contradicted"].color


def hint_text(row: OtherClaim) -> str:
    """The conflict as the panel shows it, with what the values are of when known:
    "⚠ injured: 23 vs 14" (value here vs value there)."""
    if not row.conflict:
        return ""
    what = f"{row.conflict_what}: " if row.conflict_what else ""
    return f"{HINT_MARK} {what}{row.conflict[0]} vs {row.conflict[1]}"


def reason_text(reason: str | None) -> str:
    """The matcher's reason without its empty parts or the hint (shown on its own):
    "shares: injured, least; numbers: —; differs: …" -> "shares injured, least"."""
    parts = []
    for part in (reason or "").split(";"):
        name, _, value = part.strip().partition(":")
        value = value.strip()
        if not value or value == "—" or name.strip() == "differs":
            continue
        parts.append(f"{name.strip()} {value}")
    return " · ".join(parts)


def _stem(word: str) -> str:
    """A crude stem, so that "injured" also finds "injuring" and "reports" finds "reported"."""
    lowered = word.casefold()
    for suffix in ("ing", "ed", "es", "s", "e"):
        if lowered.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def emphasis_spans(row: OtherClaim) -> list[tuple[int, int, str]]:
    """Where the claim text shows the shared words ("shared") and the other value of a
    conflict ("conflict"): [(start, end, kind)], non-overlapping, in text order."""
    text = row.claim.text
    found: list[tuple[int, int, str]] = []
    if row.conflict:
        value = re.escape(str(row.conflict[1]))
        found += [
            (m.start(), m.end(), "conflict") for m in re.finditer(rf"(?<!\w){value}(?!\w)", text)
        ]
    for term in row.shared_terms:
        term = str(term).strip()
        if not term:
            continue
        pattern = rf"(?<!\w){re.escape(_stem(term))}\w*"
        found += [(m.start(), m.end(), "shared") for m in re.finditer(pattern, text, re.IGNORECASE)]
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    spans: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, end, kind))
    return spans


class OtherReportsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[OtherClaim] = []
        self._index: dict[str, int] = {}
        self._links: dict[str, str] = {}
        # model row -> index into _rows, or the text of a divider row
        self._layout: list[int | str] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[OtherClaim], *, best_of_each: int = 0) -> None:
        """Ranked rows first, then the rest of the story. The first `best_of_each` ranked rows
        are each other article's best claim; a divider sets them apart from the further
        candidates, and another from the unranked rest."""
        self.beginResetModel()
        self._rows = list(rows)
        ranked = sum(1 for r in self._rows if r.score is not None)
        dividers = {}
        if 0 < best_of_each < ranked:
            dividers[best_of_each] = MORE_TEXT
        if 0 < ranked < len(self._rows):
            dividers[ranked] = DIVIDER_TEXT
        self._layout = []
        for i in range(len(self._rows)):
            if i in dividers:
                self._layout.append(dividers[i])
            self._layout.append(i)
        self._index = {
            self._rows[entry].claim.id: row
            for row, entry in enumerate(self._layout)
            if isinstance(entry, int)
        }
        self.endResetModel()

    def rows(self) -> list[OtherClaim]:
        return self._rows

    def ranked_count(self) -> int:
        return sum(1 for r in self._rows if r.score is not None)

    def row_at(self, model_row: int) -> OtherClaim | None:
        entry = self._layout[model_row] if 0 <= model_row < len(self._layout) else None
        return self._rows[entry] if isinstance(entry, int) else None

    def is_divider(self, model_row: int) -> bool:
        return 0 <= model_row < len(self._layout) and isinstance(self._layout[model_row], str)

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
        self.row_at(row).claim = item
        self._emit_row(item.id)

    def row_of(self, claim_id: str) -> int:
        """The model row showing this claim, or -1."""
        return self._index.get(claim_id, -1)

    def claim(self, claim_id: str) -> ClaimItem | None:
        row = self._index.get(claim_id)
        return None if row is None else self.row_at(row).claim

    def other(self, claim_id: str) -> OtherClaim | None:
        row = self._index.get(claim_id)
        return None if row is None else self.row_at(row)

    def _emit_row(self, claim_id: str) -> None:
        row = self._index.get(claim_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, COL_HINT))

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._layout)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(section)
        return None

    def flags(self, index):
        if not index.isValid() or self.is_divider(index.row()):
            return Qt.ItemFlag.NoItemFlags  # the divider is skipped by the keys and the mouse
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:  # the divider
            return self._divider_data(index, role)
        link = self._links.get(row.claim.id)
        if role in CUSTOM_ROLES:
            return self._custom_data(row, link, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column(), link)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, link)
        return self._presentation(row, index.column(), role)

    def _divider_data(self, index, role):
        if role == DIVIDER_ROLE:
            return True
        if role == SCORE_ROLE:
            return -1.0  # unranked, as the rows after it
        if role == Qt.ItemDataRole.DisplayRole and index.column() == COL_CLAIM:
            return self._layout[index.row()]
        # the roles Python reads hold "" here, never None (docs/ARCHITECTURE.md, Item roles)
        return "" if role == Qt.ItemDataRole.DisplayRole or role in CUSTOM_ROLES else None

    @staticmethod
    def _display(row: OtherClaim, column: int, link: str | None):
        if column == COL_LINK:
            return LINK_MARK.get(link, "")
        if column == COL_SCORE:
            return "" if row.score is None else f"{row.score:.2f}"
        if column == COL_CLAIM:
            return row.claim.text
        if column == COL_HINT:
            return hint_text(row)
        return None

    def _presentation(self, row: OtherClaim, column: int, role):
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_HINT and row.conflict:
            return QColor(CONFLICT_COLOR)
        if role == Qt.ItemDataRole.FontRole and column == COL_HINT and row.conflict:
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole and column == COL_CLAIM:
            return badge_icon(row.claim.label)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_LINK:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _tooltip(row: OtherClaim, link: str | None) -> str:
        claim = row.claim
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
        if row.score is not None:
            lines.append(f"Matcher score: {row.score:.2f}")
        reason = reason_text(row.reason)
        if reason:
            lines.append(f"Why: {reason}")
        if row.conflict:
            lines.append(f"Conflict: {row.hint or hint_text(row)}")
        return "\n".join(lines)

    @staticmethod
    def _custom_data(row: OtherClaim, link: str | None, role):
        """The package's own roles: a value on every row, never None."""
        claim = row.claim
        if role == CLAIM_ID_ROLE:
            return claim.id
        if role == ARTICLE_ID_ROLE:
            return claim.article_id
        if role == SCORE_ROLE:
            return -1.0 if row.score is None else row.score
        if role == LABEL_ROLE:
            return claim.label or ""
        if role == LINK_ROLE:
            return link or ""
        if role == FILTER_ROLE:
            return f"{row.source} {row.article_title} {claim.text} {claim.speaker or ''}"
        if role == ROW_ROLE:
            return row
        if role == EMPHASIS_ROLE:
            return emphasis_spans(row)
        return False  # DIVIDER_ROLE: a claim row is not the divider


class OtherReportsFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(COL_CLAIM)

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802 (Qt API)
        model = self.sourceModel()
        if model.is_divider(source_row):  # only between the unfiltered lists
            return not self.filterRegularExpression().pattern()
        return super().filterAcceptsRow(source_row, source_parent)
