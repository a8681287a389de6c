"""The disagreement queue as a two-level tree: stories, and under each the claims to settle.

A thin adapter over `services.review.QueueEntry` lists: `set_entries` shows a new list (loaded
or patched on the background runner). Nothing changed: nothing happens. The same stories in
the same order (a change set touched a few claims): only the stories whose claims changed are
touched, with row signals, so the view keeps its expanded stories, selection and scroll
position. Otherwise: a reset. Claim texts not in an entry are read as rows are shown
(`queue_texts.ClaimTexts`); a row shows "…" until its text arrives (`set_texts`).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from claimdesk.services.review import QueueEntry
from claimdesk.ui.review.queue_texts import ClaimTexts
from claimdesk.ui.style import badge, style_for

COL_CLAIM, COL_DIFFER, COL_LABELS = range(3)
HEADERS = ("claim", "differ in", "labels")
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the QueueEntry of a claim row ("" on a story row)
CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 2

# internalId of an index: 0 on a story row; on a claim row, its story's serial number (>= 1).
# Serials, not row numbers: when a settled story row is removed, the stories below move up but
# the claim indexes Qt keeps (selection, current) must still find their story. Plain ints,
# never pointers, so nothing can dangle.
_NO_PARENT = 0
_ROOT = QModelIndex()
READING = "…"  # shown for a claim whose text is being read
# A claim row never has children: saying so spares the view a hasChildren (rowCount and
# columnCount) per row when it lays out tens of thousands of expanded rows.
_CLAIM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class QueueModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._entries: list[QueueEntry] = []
        self._stories: list[tuple[str, list[QueueEntry]]] = []  # (story name, its entries)
        self._serials: list[int] = []  # serial of each story row
        self._row_of_serial: dict[int, int] = {}
        self._positions: dict[str, tuple[int, int]] | None = None  # claim -> (story row, row)
        self.last_was_reset = True  # whether the last `set_entries` reset the model
        self.texts = ClaimTexts(self)  # its `wanted` signal: texts to read for shown rows

    # --- content -----------------------------------------------------------------------------

    def set_entries(self, entries: list[QueueEntry]) -> bool:
        """Show these entries; False (and no signal) when they equal what is shown. See
        `last_was_reset` for whether the view must expand its stories again."""
        if entries == self._entries:
            return False
        self._positions = None
        patched = self._patch(entries)
        # again: a slot may have asked for a claim's place while the rows moved
        self._positions = None
        if patched:
            self.last_was_reset = False
            return True
        self.last_was_reset = True
        self.beginResetModel()
        self._entries = list(entries)
        grouped: dict[str, list[QueueEntry]] = {}
        for entry in self._entries:  # already sorted by story, then claim
            grouped.setdefault(entry.story_name, []).append(entry)
        self._stories = list(grouped.items())
        self._serials = list(range(1, len(self._stories) + 1))
        self._reindex()
        self.endResetModel()
        return True

    def _patch(self, entries: list[QueueEntry]) -> bool:
        """Update in place when the stories are the same, in the same order."""
        grouped: dict[str, list[QueueEntry]] = {}
        for entry in entries:
            grouped.setdefault(entry.story_name, []).append(entry)
        if list(grouped) != [name for name, _ in self._stories]:
            return False
        for story_row, (name, group) in enumerate(self._stories):
            fresh = grouped[name]
            parent = self.index(story_row, 0)
            if [e.claim_id for e in fresh] == [e.claim_id for e in group]:
                changed = [
                    row for row, (a, b) in enumerate(zip(group, fresh, strict=True)) if a != b
                ]
                group[:] = fresh
                for row in changed:
                    self.dataChanged.emit(
                        self.index(row, 0, parent), self.index(row, len(HEADERS) - 1, parent)
                    )
                continue
            self.beginRemoveRows(parent, 0, len(group) - 1)
            group.clear()
            self.endRemoveRows()
            self.beginInsertRows(parent, 0, len(fresh) - 1)
            group.extend(fresh)
            self.endInsertRows()
            story_index = self.index(story_row, 0)
            self.dataChanged.emit(story_index, story_index)  # its count
        self._entries = list(entries)
        return True

    def remove_claim(self, claim_id: str) -> bool:
        """Take one settled claim out with row signals (no reset: the view keeps its place)."""
        index = self.index_of_claim(claim_id)
        if not index.isValid():
            return False
        story_row, row = self._story_row(index), index.row()
        group = self._stories[story_row][1]
        self._positions = None
        if len(group) == 1:  # the story's last claim: the story row goes too
            self.beginRemoveRows(_ROOT, story_row, story_row)
            del self._stories[story_row]
            del self._serials[story_row]
            self._reindex()
        else:
            self.beginRemoveRows(self.index(story_row, 0), row, row)
            del group[row]
        self._entries = [entry for entry in self._entries if entry.claim_id != claim_id]
        self.endRemoveRows()
        return True

    @property
    def entries(self) -> list[QueueEntry]:
        """Claims in display order (story by story): the order j/k walk through."""
        return [entry for _, group in self._stories for entry in group]

    def _reindex(self) -> None:
        self._row_of_serial = {serial: row for row, serial in enumerate(self._serials)}

    def _story_row(self, index: QModelIndex | QPersistentModelIndex) -> int:
        return self._row_of_serial[index.internalId()]

    def index_of_claim(self, claim_id: str, column: int = 0) -> QModelIndex:
        if self._positions is None:
            self._positions = {
                entry.claim_id: (story_row, row)
                for story_row, (_, group) in enumerate(self._stories)
                for row, entry in enumerate(group)
            }
        found = self._positions.get(claim_id)
        if found is None:
            return QModelIndex()
        story_row, row = found
        return self.createIndex(row, column, self._serials[story_row])

    def text_of(self, entry: QueueEntry) -> str:
        """The entry's claim text ("" while it is being read)."""
        return self.texts.text(entry) or ""

    def set_texts(self, texts: dict[str, str]) -> None:
        """Texts read for rows being shown: their rows are redrawn."""
        self.texts.add(texts)
        for claim_id in texts:
            index = self.index_of_claim(claim_id)
            if index.isValid():
                last = self.index_of_claim(claim_id, len(HEADERS) - 1)
                self.dataChanged.emit(index, last)

    def entry_at(self, index: QModelIndex | QPersistentModelIndex) -> QueueEntry | None:
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        return self._stories[self._story_row(index)][1][index.row()]

    # --- QAbstractItemModel ------------------------------------------------------------------

    def index(self, row: int, column: int, parent=_ROOT) -> QModelIndex:
        # Bounds checked here, not with hasIndex (two more calls into Python, rowCount and
        # columnCount): laying the expanded tree out asks for the index of every row.
        if not 0 <= column < len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._stories):
                return QModelIndex()
            return self.createIndex(row, column, _NO_PARENT)
        if parent.internalId() != _NO_PARENT or parent.column() != 0:
            return QModelIndex()
        story_row = parent.row()
        if story_row >= len(self._stories) or row >= len(self._stories[story_row][1]):
            return QModelIndex()
        return self.createIndex(row, column, self._serials[story_row])

    def parent(self, index=_ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(self._story_row(index), 0, _NO_PARENT)

    def rowCount(self, parent=_ROOT) -> int:
        if not parent.isValid():
            return len(self._stories)
        if parent.internalId() == _NO_PARENT and parent.column() == 0:
            return len(self._stories[parent.row()][1])
        return 0

    def columnCount(self, parent=_ROOT) -> int:
        return len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _NO_PARENT:
            return Qt.ItemFlag.ItemIsEnabled  # story rows group; only claims are selectable
        return _CLAIM_FLAGS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            return self._story_data(index, role)
        entry = self.entry_at(index)
        column = index.column()
        if role == ENTRY_ROLE:
            return entry
        if role == CLAIM_ID_ROLE:
            return entry.claim_id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_CLAIM:
                text = self.texts.text(entry)
                return READING if text is None else " ".join(text.split())
            if column == COL_DIFFER:
                return entry.kind
            if column == COL_LABELS:
                return "  ".join(
                    f"{name} {style_for(label).letter}" for name, label in entry.labels.items()
                )
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self.texts.text(entry) or READING, ""]
            lines += [f"{name}: {style_for(label).name}" for name, label in entry.labels.items()]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_CLAIM and entry.gold:
            return badge(entry.gold, 14)
        return None

    def _story_data(self, index, role):
        name, group = self._stories[index.row()]
        if role in (ENTRY_ROLE, CLAIM_ID_ROLE):  # "" not None: docs/ARCHITECTURE.md, Item roles
            return ""
        if role == Qt.ItemDataRole.DisplayRole and index.column() == COL_CLAIM:
            return f"{name}  ({len(group)})"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None
