"""Left pane: stories and their articles with this annotator's progress, filterable; stale
labels marked (and filterable); a context menu to move, merge and split stories.

Large archives fill it lazily: `set_story_rows` shows one row per story, and a story's
articles are read when it is expanded, through the loader given to `set_article_loader`
(which runs `App.navigator.articles` on the background worker and delivers the result)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from claimdesk.services.screen_records import StoryNode
from claimdesk.ui.menus import show_context_menu
from claimdesk.ui.models.story_tree_model import (
    ARTICLE_ID_ROLE,
    COL_PROGRESS,
    COL_TITLE,
    STORY_ID_ROLE,
    StoryFilterProxy,
    StoryTreeModel,
)

FILTER_DELAY_MS = 200  # lazy mode: the stories matching the filter are read after a pause


def ask_story(parent, title: str, label: str, names: list[str], *, editable: bool) -> str | None:
    """A story name: one of `names`, or (when editable) a new one typed in; None if cancelled.
    (Tests replace this function.)"""
    name, ok = QInputDialog.getItem(parent, title, label, names, 0, editable)
    return name if ok and name else None


def ask_text(parent, title: str, label: str, default: str = "") -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, text=default)
    return text if ok and text else None


class StoryTree(QWidget):
    article_selected = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = StoryTreeModel(self)
        # The filter's proxy stands between the model and the view only while a filter is
        # on: through it, the view's first layout of an archive's 20,000 story rows costs
        # 0.6 s instead of 0.2 s (each row's questions go through the proxy's Python
        # filter and the model's), which is a third of a cold start.
        self.proxy = StoryFilterProxy(self)
        self.heading = QLabel("Stories", self)
        self.heading.setObjectName("paneHeading")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter stories and articles…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        self.unfinished = QCheckBox("Only unfinished", self)
        self.unfinished.toggled.connect(self._on_only_unfinished)
        self.only_stale = QCheckBox("Only stale", self)
        self.only_stale.setToolTip(
            "Articles with unique labels that went stale: a new article joined their story"
        )
        self.only_stale.toggled.connect(self._on_only_stale)
        self.view = QTreeView(self)
        self.view.setObjectName("storyTree")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setHeaderHidden(True)
        # several articles (split) or stories (merge) can be selected with Ctrl/Shift
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # the middle goes: two titles of one story often open alike ("U.S. President Donald
        # Trump ...") and differ at the end
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self._context_actions: list = []
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # a fixed width wide enough for "labelled/total" of a big story: sizing it to its
        # contents measures the rows again on every change of progress, i.e. on every label
        # (15 ms a key with an archive's 20,000 story rows, against 1 ms)
        header.setSectionResizeMode(COL_PROGRESS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_PROGRESS, self.fontMetrics().horizontalAdvance("00000/00000") + 12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter)
        checks = QHBoxLayout()
        checks.setContentsMargins(0, 0, 0, 0)
        checks.addWidget(self.unfinished)
        checks.addWidget(self.only_stale)
        checks.addStretch(1)
        layout.addLayout(checks)
        layout.addWidget(self.view, 1)
        self._quiet = False
        self._last_article: str | None = None  # the article selected last, shown or not
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self._loader = None  # (story id, deliver) -> None: reads a story's articles
        self._select_when_loaded: tuple[str, str] | None = None  # (story id, article id)
        self.model.articles_wanted.connect(self._on_articles_wanted)
        self._filter_loader = None  # (text, deliver) -> None: stories the filter shows
        self._expanded_unfiltered: set[str] = set()  # expanded when the filter came on
        self.view.collapsed.connect(self._on_collapsed)
        self._lazy = False
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._find_filtered)

    def set_article_loader(self, loader) -> None:
        """``loader(story_id, deliver)`` reads a story's articles (on a worker) and calls
        ``deliver(articles)`` on the GUI thread; needed by `set_story_rows`."""
        self._loader = loader

    def set_filter_loader(self, loader) -> None:
        """``loader(text, deliver)`` finds the stories the filter shows for ``text`` (on a
        worker) and calls ``deliver({story id: articles})``: in lazy mode the filter expands
        just those, instead of every story (which would read them all, one by one)."""
        self._filter_loader = loader

    def set_story_rows(self, rows: list) -> None:
        """Lazy: one row per story (`services.navigator.StoryRow`); articles on expansion."""
        self._select_when_loaded = None
        self._lazy = True
        self.model.set_story_rows(rows)
        if self.filter.text():
            self._filter_timer.start()

    def set_story_progress(self, progress: dict[str, tuple[int, int]]) -> None:
        """Lazy mode: every story's progress, read after the rows (`App.navigator.progress`)."""
        self.model.set_story_progress(progress)

    def _on_articles_wanted(self, story_id: str) -> None:
        if self._loader is not None:
            self._loader(story_id, lambda articles: self._on_articles(story_id, articles))

    def _on_articles(self, story_id: str, articles: list) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed while the worker read them
        self.model.add_articles(story_id, articles)
        wanted = self._select_when_loaded
        if wanted is not None and wanted[0] == story_id:
            self._select_when_loaded = None
            self.select_article(wanted[1])

    def set_stories(self, stories: list[StoryNode]) -> None:
        self._lazy = False
        self.model.set_stories(stories)
        if len(stories) <= 50:  # expanding thousands of stories would cost more than it helps
            self.view.expandAll()

    def select_article(self, article_id: str, story_id: str | None = None) -> None:
        """Select an article; in lazy mode give its story, whose articles are read first
        when they are not yet."""
        self._last_article = article_id  # the open article, even while a filter hides it
        source = self.model.index_of_article(article_id)
        if source is None:
            if story_id is not None and not self.model.is_loaded(story_id):
                self._select_when_loaded = (story_id, article_id)
                self.model.fetchMore(self.model.index_of_story(story_id))
            return
        index = self.view_index(source)
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

    def set_context_actions(self, actions: list) -> None:
        self._context_actions = actions

    def selected_article_ids(self) -> list[str]:
        """Selected article rows, in tree order."""
        ids = []
        for index in self.view.selectionModel().selectedRows(COL_TITLE):
            article_id = index.data(ARTICLE_ID_ROLE)
            if article_id and article_id not in ids:
                ids.append(article_id)
        return ids

    def selected_story_ids(self) -> list[str]:
        """Stories of the selection (a selected story row, or a selected article's story)."""
        ids = []
        for index in self.view.selectionModel().selectedRows(COL_TITLE):
            story_id = index.data(STORY_ID_ROLE)
            if story_id and story_id not in ids:
                ids.append(story_id)
        return ids

    def view_index(self, source: QModelIndex) -> QModelIndex:
        """The view's index of a model index: through the filter's proxy while it is shown."""
        return self.proxy.mapFromSource(source) if self.view.model() is self.proxy else source

    def _show_filtered(self) -> None:
        """Put the proxy between the model and the view while any filter is on, and take it
        out when none is; the current article and the expanded stories stay as they were."""
        filtering = bool(
            self.filter.text() or self.unfinished.isChecked() or self.only_stale.isChecked()
        )
        wanted = self.proxy if filtering else self.model
        if self.view.model() is wanted:
            return
        current = self._last_article or self.view.currentIndex().data(ARTICLE_ID_ROLE)
        expanded = self._expanded_story_ids()
        selected = self._selected_sources()
        if filtering:
            self._expanded_unfiltered = set(expanded)
        else:
            # stories the filter hid come back as they were (less any collapsed meanwhile)
            expanded = sorted(self._expanded_unfiltered | set(expanded))
        if filtering:
            self.proxy.setSourceModel(self.model)
        old_selection = self.view.selectionModel()
        self.view.setModel(wanted)
        old_selection.deleteLater()
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        if not filtering:
            self.proxy.setSourceModel(None)  # hidden, it must not follow every change
        for story_id in expanded:
            index = self.view_index(self.model.index_of_story(story_id))
            if index.isValid():
                self.view.expand(index)
        if current:
            self.select_article(current)
        self._reselect(selected)

    def _selected_sources(self) -> list[QPersistentModelIndex]:
        """The selected rows as the model's own indexes, which outlive the proxy's."""
        shown = self.view.model()
        rows = self.view.selectionModel().selectedRows(COL_TITLE)
        if shown is self.proxy:
            rows = [self.proxy.mapToSource(index) for index in rows]
        return [QPersistentModelIndex(index) for index in rows]

    def _reselect(self, sources: list[QPersistentModelIndex]) -> None:
        """Select again the rows of a multi-row selection (for a move or a merge) that the
        newly shown model still shows, and only those: the open article's row, which
        `select_article` selected, is not one of them when stories were picked for a merge
        (its story would be merged too). The current row stays where `select_article` put it."""
        if len(sources) < 2:
            return
        selection = QItemSelection()
        for source in sources:
            index = self.view_index(QModelIndex(source)) if source.isValid() else QModelIndex()
            if index.isValid():
                selection.select(index, index)
        if selection.isEmpty():
            return  # the filter hides them all: the open article stays selected
        self.view.selectionModel().select(
            selection,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _expanded_story_ids(self) -> list[str]:
        shown = self.view.model()
        rows = (shown.index(row, COL_TITLE) for row in range(shown.rowCount()))
        return [index.data(STORY_ID_ROLE) for index in rows if self.view.isExpanded(index)]

    def _on_collapsed(self, index) -> None:
        if self.view.model() is self.proxy:  # collapsed while filtered: stays so after
            self._expanded_unfiltered.discard(index.data(STORY_ID_ROLE))

    def _on_only_unfinished(self, value: bool) -> None:
        self.proxy.set_only_unfinished(value)
        self._show_filtered()

    def _on_only_stale(self, value: bool) -> None:
        self.proxy.set_only_stale(value)
        self._show_filtered()
        if value:
            self.view.expandAll()

    def _on_context_menu(self, point) -> None:
        if not self._context_actions:
            return
        index = self.view.indexAt(point)
        if index.isValid() and not self.view.selectionModel().isSelected(index):
            self.view.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        show_context_menu(self, self._context_actions, self.view.viewport().mapToGlobal(point))

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._show_filtered()
        if not text:
            return
        if self._filter_loader is None or not self._lazy:
            self.view.expandAll()
        else:
            self._filter_timer.start()  # once the annotator stops typing

    def _find_filtered(self) -> None:
        text = self.filter.text()
        if text and self._filter_loader is not None:
            self._filter_loader(text, lambda found: self._on_filtered(text, found))

    def _on_filtered(self, text: str, found: dict) -> None:
        """The stories matching `text`, with their articles: shown and expanded."""
        if not shiboken6.isValid(self):
            return  # the window closed while the worker searched
        if text != self.filter.text():
            return  # typed on meanwhile
        for story_id, articles in found.items():
            self.model.add_articles(story_id, articles)
        for story_id in found:
            index = self.view_index(self.model.index_of_story(story_id))
            if index.isValid():
                self.view.expand(index)

    def _on_current_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        article_id = current.siblingAtColumn(COL_TITLE).data(ARTICLE_ID_ROLE)
        if article_id:
            self._last_article = article_id  # kept when a filter hides it for a while
        if self._quiet:
            return
        if article_id:
            self.article_selected.emit(article_id)
