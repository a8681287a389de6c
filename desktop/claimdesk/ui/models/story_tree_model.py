"""Stories and their articles, with this annotator's progress (labelled/total)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from claimdesk.ui.data import StoryNode

COL_TITLE = 0
COL_PROGRESS = 1

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STORY_ID_ROLE = Qt.ItemDataRole.UserRole + 2
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3  # (labelled, total)
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4  # text the filter matches (title, source, date)


def _progress_text(done: int, total: int) -> str:
    return f"{done}/{total}" if total else "–"


class StoryTreeModel(QStandardItemModel):
    def __init__(self, parent=None):
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels(["Story / article", "Done"])
        self._progress_items: dict[str, QStandardItem] = {}
        self._story_progress: dict[str, QStandardItem] = {}
        self._story_of: dict[str, str] = {}
        self._counts: dict[str, tuple[int, int]] = {}
        self._order: list[str] = []

    def set_stories(self, stories: list[StoryNode]) -> None:
        self.beginResetModel()
        self.blockSignals(True)  # one reset instead of thousands of rowsInserted
        self.removeRows(0, self.rowCount())
        self._progress_items.clear()
        self._story_progress.clear()
        self._story_of.clear()
        self._counts.clear()
        self._order = []
        root = self.invisibleRootItem()
        for story in stories:
            story_item = QStandardItem(story.name)
            story_item.setData(story.id, STORY_ID_ROLE)
            story_item.setData(story.name, SEARCH_ROLE)
            story_item.setEditable(False)
            font = story_item.font()
            font.setBold(True)
            story_item.setFont(font)
            story_progress = QStandardItem()
            story_progress.setEditable(False)
            story_progress.setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            for node in story.articles:
                title = QStandardItem(node.title)
                title.setEditable(False)
                title.setData(node.id, ARTICLE_ID_ROLE)
                title.setData(story.id, STORY_ID_ROLE)
                title.setData(f"{node.title} {node.source} {node.published}", SEARCH_ROLE)
                detail = " · ".join(part for part in (node.source, node.published) if part)
                title.setToolTip(f"{node.title}\n{detail}" if detail else node.title)
                progress = QStandardItem(_progress_text(node.labelled, node.total))
                progress.setEditable(False)
                progress.setData((node.labelled, node.total), PROGRESS_ROLE)
                progress.setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                story_item.appendRow([title, progress])
                self._progress_items[node.id] = progress
                self._story_of[node.id] = story.id
                self._counts[node.id] = (node.labelled, node.total)
                self._order.append(node.id)
            root.appendRow([story_item, story_progress])
            self._story_progress[story.id] = story_progress
            self._refresh_story(story.id)
        self.blockSignals(False)
        self.endResetModel()

    def _refresh_story(self, story_id: str) -> None:
        item = self._story_progress.get(story_id)
        if item is None:
            return
        done = total = 0
        for aid, sid in self._story_of.items():
            if sid == story_id:
                d, t = self._counts[aid]
                done, total = done + d, total + t
        item.setText(_progress_text(done, total))

    def set_progress(self, article_id: str, labelled: int, total: int) -> None:
        item = self._progress_items.get(article_id)
        if item is None or self._counts.get(article_id) == (labelled, total):
            return
        self._counts[article_id] = (labelled, total)
        item.setText(_progress_text(labelled, total))
        item.setData((labelled, total), PROGRESS_ROLE)
        self._refresh_story(self._story_of[article_id])

    def progress(self, article_id: str) -> tuple[int, int] | None:
        return self._counts.get(article_id)

    def article_order(self) -> list[str]:
        """Article ids in reading order (story by story), for next/previous article."""
        return list(self._order)

    def index_of_article(self, article_id: str):
        item = self._progress_items.get(article_id)
        if item is None:
            return None
        parent = item.parent()
        return parent.child(item.row(), COL_TITLE).index()

    def story_of(self, article_id: str) -> str | None:
        return self._story_of.get(article_id)


class StoryFilterProxy(QSortFilterProxyModel):
    """Filters stories and articles by title, source or date; a story stays when one of its
    articles matches (recursive filtering)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(COL_TITLE)
        self.only_unfinished = False

    def set_only_unfinished(self, value: bool) -> None:
        self.only_unfinished = value
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802 (Qt API)
        if self.only_unfinished and source_parent.isValid():
            model = self.sourceModel()
            counts = model.index(source_row, COL_PROGRESS, source_parent).data(PROGRESS_ROLE)
            if counts and counts[0] >= counts[1]:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
