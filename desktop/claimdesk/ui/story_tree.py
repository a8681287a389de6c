"""Left pane: stories and their articles with this annotator's progress, filterable."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from claimdesk.ui.data import StoryNode
from claimdesk.ui.models.story_tree_model import (
    ARTICLE_ID_ROLE,
    COL_PROGRESS,
    COL_TITLE,
    StoryFilterProxy,
    StoryTreeModel,
)


class StoryTree(QWidget):
    article_selected = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = StoryTreeModel(self)
        self.proxy = StoryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.heading = QLabel("Stories", self)
        self.heading.setObjectName("paneHeading")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter stories and articles…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        self.unfinished = QCheckBox("Only unfinished", self)
        self.unfinished.toggled.connect(self.proxy.set_only_unfinished)
        self.view = QTreeView(self)
        self.view.setObjectName("storyTree")
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setHeaderHidden(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PROGRESS, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter)
        layout.addWidget(self.unfinished)
        layout.addWidget(self.view, 1)
        self._quiet = False
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)

    def set_stories(self, stories: list[StoryNode]) -> None:
        self.model.set_stories(stories)
        if len(stories) <= 50:  # expanding thousands of stories would cost more than it helps
            self.view.expandAll()

    def select_article(self, article_id: str) -> None:
        source = self.model.index_of_article(article_id)
        if source is None:
            return
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return
        self._quiet = True
        self.view.expand(index.parent())
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        self._quiet = False

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if text:
            self.view.expandAll()

    def _on_current_changed(self, current, _previous) -> None:
        if self._quiet or not current.isValid():
            return
        article_id = current.siblingAtColumn(COL_TITLE).data(ARTICLE_ID_ROLE)
        if article_id:
            self.article_selected.emit(article_id)
