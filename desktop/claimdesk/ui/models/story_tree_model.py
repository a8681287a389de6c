"""Stories and their articles, with this annotator's progress (labelled/total).

A small two-level QAbstractItemModel over plain records rather than a QStandardItemModel:
10,000 articles cost no Qt items at all, and progress updates touch one row.

Two ways to fill it: `set_stories` with every story's articles (eager), or `set_story_rows`
with one row per story and its counts (lazy, for archives of 100,000 articles): a story's
articles are then asked for when the view expands it (`fetchMore` emits `articles_wanted`)
and arrive with `add_articles`.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QIcon

from claimdesk.services.screen_records import ArticleNode, StoryNode
from claimdesk.ui.text import plural

COL_TITLE = 0
COL_PROGRESS = 1

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STORY_ID_ROLE = Qt.ItemDataRole.UserRole + 2
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3  # (labelled, total)
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4  # text the filter matches (title, source, date)
STALE_ROLE = Qt.ItemDataRole.UserRole + 5  # how many of this annotator's labels are stale

STALE_TIP = "a new article joined this story — look again"

# plain ints: data() runs for every role of every visible row on each repaint, and looking
# up Qt's enum members there costs more than the answers
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_OWN_ROLES = frozenset(
    int(r.value if hasattr(r, "value") else r)
    for r in (ARTICLE_ID_ROLE, STORY_ID_ROLE, PROGRESS_ROLE, SEARCH_ROLE, STALE_ROLE)
)
_ASKED = _OWN_ROLES | {_DISPLAY, _DECORATION, _TOOLTIP, _FONT, _ALIGNMENT}

# flags computed once: the view asks for them twice per row when rows are reset
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_ROOT = QModelIndex()

_STORY = 0  # internalId of a story row; an article row stores its story's row + 1


def _progress_text(done: int, total: int) -> str:
    return f"{done}/{total}" if total else "–"


class StoryTreeModel(QAbstractItemModel):
    articles_wanted = Signal(str)  # story id: expanded in lazy mode, its articles not read yet

    def __init__(self, parent=None):
        super().__init__(parent)
        self._stories: list = []  # StoryNode, or services.navigator.StoryRow (lazy)
        self._articles: list[list[ArticleNode] | None] = []  # None: not read yet (lazy)
        self._article_counts: list[int] = []
        self._row_of_story: dict[str, int] = {}
        self._asked: set[str] = set()  # stories whose articles were asked for
        self._where: dict[str, tuple[int, int]] = {}  # article id -> (story row, article row)
        self._counts: dict[str, tuple[int, int]] = {}
        self._story_counts: list[tuple[int, int]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._stale: dict[str, int] = {}  # article id -> stale labels
        self._stale_icon: QIcon | None = None
        self._story_stale_counts: dict[str, int] = {}  # lazy: stories not read yet

    def set_stale_counts(
        self, counts: dict[str, int], story_counts: dict[str, int] | None = None
    ) -> None:
        """Every article's stale labels at once (after loading the stories or a story change);
        in lazy mode each story's too, for the stories whose articles are not read yet."""
        changed = {a for a in set(self._stale) | set(counts) if self._stale.get(a) != counts.get(a)}
        self._stale = {a: n for a, n in counts.items() if n}
        for article_id in changed:
            self._emit_article(article_id)
        if story_counts is not None:
            self._story_stale_counts = dict(story_counts)
            if self._stories:
                last = len(self._stories) - 1
                self.dataChanged.emit(self.index(0, COL_TITLE), self.index(last, COL_PROGRESS))

    def set_stale(self, article_id: str, count: int) -> None:
        if self._stale.get(article_id, 0) == count:
            return
        if count:
            self._stale[article_id] = count
        else:
            self._stale.pop(article_id, None)
        self._emit_article(article_id)

    def stale(self, article_id: str) -> int:
        return self._stale.get(article_id, 0)

    def _emit_article(self, article_id: str) -> None:
        where = self._where.get(article_id)
        if where is None:
            return
        i, j = where
        parent = self.index(i, 0)
        self.dataChanged.emit(self.index(j, COL_TITLE, parent), self.index(j, COL_PROGRESS, parent))
        self.dataChanged.emit(self.index(i, COL_TITLE), self.index(i, COL_PROGRESS))

    def _story_stale(self, story_row: int) -> int:
        if self._articles[story_row] is None:  # not read yet: the story's own count
            return self._story_stale_counts.get(self._stories[story_row].id, 0)
        return sum(self._stale.get(a.id, 0) for a in self._articles[story_row] or ())

    def _icon(self) -> QIcon:
        if self._stale_icon is None:
            from claimdesk.ui.style import stale_icon

            self._stale_icon = stale_icon()
        return self._stale_icon

    def set_stories(self, stories: list[StoryNode]) -> None:
        self.beginResetModel()
        self._stories = list(stories)
        self._articles = [list(s.articles) for s in stories]
        self._article_counts = [len(arts) for arts in self._articles]
        self._row_of_story = {s.id: i for i, s in enumerate(stories)}
        self._asked = set()
        self._where = {
            a.id: (i, j) for i, arts in enumerate(self._articles) for j, a in enumerate(arts)
        }
        self._counts = {a.id: (a.labelled, a.total) for arts in self._articles for a in arts}
        self._story_counts = [self._sum(i) for i in range(len(stories))]
        self.endResetModel()

    def set_story_rows(self, rows: list) -> None:
        """Lazy: stories with their counts (`services.navigator.StoryRow`), no articles yet."""
        self.beginResetModel()
        self._stories = list(rows)
        self._articles = [None] * len(rows)
        self._article_counts = [row.articles for row in rows]
        self._row_of_story = {row.id: i for i, row in enumerate(rows)}
        self._asked = set()
        self._where = {}
        self._counts = {}
        self._story_counts = [(0, 0)] * len(rows)  # until `set_story_progress`
        self.endResetModel()

    def set_story_progress(self, progress: dict[str, tuple[int, int]]) -> None:
        """Every story's (labelled, total), counted after the rows were shown (lazy mode); a
        story whose articles are read keeps the sum of its articles."""
        for story_id, counts in progress.items():
            i = self._row_of_story.get(story_id)
            if i is not None and self._articles[i] is None:
                self._story_counts[i] = counts
        if self._stories:
            last = len(self._stories) - 1
            self.dataChanged.emit(self.index(0, COL_PROGRESS), self.index(last, COL_PROGRESS))

    def add_articles(self, story_id: str, articles: list) -> None:
        """A story's articles, read after `articles_wanted` (ignored once it has them)."""
        i = self._row_of_story.get(story_id)
        if i is None or self._articles[i] is not None:
            return
        if articles:
            self.beginInsertRows(self.index(i, 0), 0, len(articles) - 1)
        self._articles[i] = list(articles)
        for j, article in enumerate(articles):
            self._where[article.id] = (i, j)
            self._counts[article.id] = (article.labelled, article.total)
        self._article_counts[i] = len(articles)
        if articles:
            self.endInsertRows()
        self._story_counts[i] = self._sum(i)
        self.dataChanged.emit(self.index(i, COL_TITLE), self.index(i, COL_PROGRESS))

    def index_of_story(self, story_id: str) -> QModelIndex:
        i = self._row_of_story.get(story_id)
        return QModelIndex() if i is None else self.index(i, COL_TITLE)

    def is_loaded(self, story_id: str) -> bool:
        i = self._row_of_story.get(story_id)
        return i is not None and self._articles[i] is not None

    def _sum(self, story_row: int) -> tuple[int, int]:
        done = total = 0
        for article in self._articles[story_row] or ():
            d, t = self._counts[article.id]
            done, total = done + d, total + t
        return done, total

    def set_progress(self, article_id: str, labelled: int, total: int) -> None:
        where = self._where.get(article_id)
        if where is None or self._counts.get(article_id) == (labelled, total):
            return
        self._counts[article_id] = (labelled, total)
        i, j = where
        self._story_counts[i] = self._sum(i)
        article_index = self.index(j, COL_PROGRESS, self.index(i, 0))
        self.dataChanged.emit(article_index, article_index)
        story_index = self.index(i, COL_PROGRESS)
        self.dataChanged.emit(story_index, story_index)

    def stories(self) -> list[StoryNode]:
        return list(self._stories)

    def story_of(self, article_id: str) -> str | None:
        """The story of an article the tree has read (None otherwise)."""
        where = self._where.get(article_id)
        return None if where is None else self._stories[where[0]].id

    def progress(self, article_id: str) -> tuple[int, int] | None:
        return self._counts.get(article_id)

    def index_of_article(self, article_id: str) -> QModelIndex | None:
        where = self._where.get(article_id)
        if where is None:
            return None
        i, j = where
        return self.index(j, COL_TITLE, self.index(i, 0))

    # ---- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row, column, parent=_ROOT):
        if not parent.isValid():  # first: the view asks for every story row on a reset
            if 0 <= row < len(self._stories) and 0 <= column <= COL_PROGRESS:
                return self.createIndex(row, column, _STORY)
            return QModelIndex()
        if column not in (COL_TITLE, COL_PROGRESS) or row < 0:
            return QModelIndex()
        if parent.internalId() != _STORY:
            return QModelIndex()
        story_row = parent.row()
        if row >= len(self._articles[story_row] or ()):
            return QModelIndex()
        return self.createIndex(row, column, story_row + 1)

    def parent(self, index=QModelIndex()):  # noqa: B008 (Qt API)
        if not index.isValid() or index.internalId() == _STORY:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _STORY)

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        if not parent.isValid():
            return len(self._stories)
        if parent.internalId() == _STORY and parent.column() == 0:
            return len(self._articles[parent.row()] or ())
        return 0

    def hasChildren(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        if not parent.isValid():
            return bool(self._stories)
        if parent.internalId() == _STORY and parent.column() == 0:
            return self._article_counts[parent.row()] > 0  # known before they are read
        return False

    def canFetchMore(self, parent):  # noqa: N802 (Qt API)
        if not parent.isValid() or parent.internalId() != _STORY:
            return False
        story = self._stories[parent.row()]
        return self._articles[parent.row()] is None and story.id not in self._asked

    def fetchMore(self, parent):  # noqa: N802 (Qt API)
        """Ask for the story's articles (read on the worker by whoever listens)."""
        if self.canFetchMore(parent):
            story_id = self._stories[parent.row()].id
            self._asked.add(story_id)
            self.articles_wanted.emit(story_id)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        return 2

    def flags(self, index):
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def data(self, index, role=_DISPLAY):
        role = int(role.value if hasattr(role, "value") else role)
        if role not in _ASKED or not index.isValid():
            return None  # size hints, colours, check states: the view's defaults
        if role == _ALIGNMENT:
            return _RIGHT if index.column() == COL_PROGRESS else None
        if index.internalId() == _STORY:
            return self._story_data(index.row(), index.column(), role)
        return self._article_data(index.internalId() - 1, index.row(), index.column(), role)

    def _story_data(self, row: int, column: int, role: int):
        story = self._stories[row]
        if role == _DISPLAY:
            return story.name if column == COL_TITLE else _progress_text(*self._story_counts[row])
        if role == _FONT and column == COL_TITLE:
            return self._bold
        if role == STORY_ID_ROLE:
            return story.id
        if role == STALE_ROLE:
            return self._story_stale(row)
        if role == SEARCH_ROLE:
            return story.name
        if role == PROGRESS_ROLE:
            return self._story_counts[row]
        if role == ARTICLE_ID_ROLE:  # "" not None: docs/ARCHITECTURE.md, Item roles
            return ""
        return None

    def _article_data(self, story_row: int, row: int, column: int, role: int):
        article = self._articles[story_row][row]
        if role == _DISPLAY:
            if column == COL_TITLE:
                return article.title
            return _progress_text(*self._counts[article.id])
        if role == _TOOLTIP:
            return self._tooltip(article)
        if role == _DECORATION and column == COL_TITLE and self._stale.get(article.id):
            return self._icon()
        if role == STALE_ROLE:
            return self._stale.get(article.id, 0)
        if role == ARTICLE_ID_ROLE:
            return article.id
        if role == STORY_ID_ROLE:
            return self._stories[story_row].id
        if role == SEARCH_ROLE:
            return f"{article.title} {article.source} {article.published}"
        if role == PROGRESS_ROLE:
            return self._counts[article.id]
        return None

    def _tooltip(self, article) -> str:
        detail = " · ".join(p for p in (article.source, article.published) if p)
        done, total = self._counts[article.id]
        claims = plural(total, "claim")
        tip = f"{article.title}\n{detail}\n{done} of {total} {claims} labelled".replace(
            "\n\n", "\n"
        )
        stale = self._stale.get(article.id, 0)
        if stale:
            tip += f"\n{stale} stale label{'s' if stale > 1 else ''}: {STALE_TIP}"
        return tip


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
        self.only_stale = False

    def set_only_unfinished(self, value: bool) -> None:
        self._change_filter("only_unfinished", value)

    def set_only_stale(self, value: bool) -> None:
        self._change_filter("only_stale", value)

    def _change_filter(self, name: str, value: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter() is deprecated
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange()
        else:
            setattr(self, name, value)
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802 (Qt API)
        if not (
            self.only_unfinished or self.only_stale or self.filterRegularExpression().pattern()
        ):
            return True  # nothing to filter by: an archive's 20,000 story rows cost no data()
        if self.only_unfinished and source_parent.isValid():
            model = self.sourceModel()
            counts = model.index(source_row, COL_PROGRESS, source_parent).data(PROGRESS_ROLE)
            if counts and counts[0] >= counts[1]:
                return False
        if self.only_stale:
            stale = self.sourceModel().index(source_row, COL_TITLE, source_parent).data(STALE_ROLE)
            if not stale:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
