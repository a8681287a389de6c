"""The current article's claims: badge (colour + letter), text, speaker."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.services.screen_records import ClaimItem
from claimdesk.ui.menus import show_context_menu
from claimdesk.ui.models.claim_list_model import (
    CLAIM_ROLE,
    PENDING_ROLE,
    ClaimListModel,
)
from claimdesk.ui.style import STALE_COLOR, badge

BADGE = 20
PAD = 8


def two_lines(text: str, font: QFont, width: int) -> list[str]:
    """The claim as it fits in two lines of `width`: wrapped at words like the article, and
    when a third line would be needed, the second ends in "…" (never cut off without a mark)."""
    text = " ".join(text.split())
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while len(lines) < 2:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    if not lines:
        return [""]
    first = text[lines[0][0] : lines[0][0] + lines[0][1]].rstrip()
    if len(lines) == 1:
        return [first]
    rest = text[lines[1][0] :]
    return [first, QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)]


# Claims laid out in two lines, remembered: every keystroke repaints the visible rows, and a
# layout costs some 0.1 ms a row. Past this many, the memory starts again.
_WRAPPED_KEPT = 4096


class ClaimDelegate(QStyledItemDelegate):
    """Fixed-height rows (uniform sizes keep a 300-claim list instant)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._wrapped: dict[tuple[str, str, int], str] = {}

    def _two_lines(self, text: str, font: QFont, width: int) -> str:
        key = (text, font.key(), width)
        wrapped = self._wrapped.get(key)
        if wrapped is None:
            if len(self._wrapped) >= _WRAPPED_KEPT:
                self._wrapped.clear()
            wrapped = self._wrapped[key] = "\n".join(two_lines(text, font, width))
        return wrapped

    def sizeHint(self, option, index):  # noqa: N802 (Qt API)
        fm = QFontMetrics(option.font)
        small = QFontMetrics(self._small(option.font))
        return QSize(200, 2 * fm.lineSpacing() + small.lineSpacing() + 2 * PAD)

    @staticmethod
    def _small(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        return small

    def paint(self, painter, option, index):
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)

        claim: ClaimItem = index.data(CLAIM_ROLE)
        pending = index.data(PENDING_ROLE)
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = option.palette.color(group, text_role)

        painter.save()
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        if pending and pending != claim.label:
            painter.setOpacity(0.45)  # typed, not yet committed: shown faint until saved
            painter.drawPixmap(rect.left(), rect.top(), badge(pending, BADGE, ratio=ratio))
            painter.setOpacity(1.0)
        else:
            painter.drawPixmap(
                rect.left(), rect.top(), badge(claim.label, BADGE, stale=claim.stale, ratio=ratio)
            )

        fm = QFontMetrics(option.font)
        text_rect = QRect(
            rect.left() + BADGE + PAD, rect.top(), rect.width() - BADGE - PAD, 2 * fm.lineSpacing()
        )
        painter.setFont(option.font)
        painter.setPen(text_color)
        painter.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            self._two_lines(claim.text, option.font, text_rect.width()),
        )

        small = self._small(option.font)
        painter.setFont(small)
        muted = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.setPen(option.palette.color(group, muted))
        meta = []
        if claim.stale:  # first, in the stale colour, so that it is never elided away
            meta.append("● stale — a new article joined this story, look again")
            if not selected:
                painter.setPen(QColor(STALE_COLOR))
        if claim.speaker:
            meta.append(f"— {claim.speaker}")
        if claim.note:
            meta.append("✎ note")
        meta_rect = QRect(
            text_rect.left(),
            text_rect.bottom() + 1,
            text_rect.width(),
            QFontMetrics(small).lineSpacing(),
        )
        painter.drawText(
            meta_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(small).elidedText(
                "   ".join(meta), Qt.TextElideMode.ElideRight, meta_rect.width()
            ),
        )
        painter.restore()


class ClaimList(QWidget):
    current_claim_changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = ClaimListModel(self)
        self.heading = QLabel("Claims", self)
        self.heading.setObjectName("paneHeading")
        self.view = QListView(self)
        self.view.setObjectName("claimList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ClaimDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        self._context_actions: list = []
        self._quiet = False
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        # the list shrinks when the suggestion line or the note opens under it: keep the
        # current claim whole in view (after the view has laid itself out for the new size)
        self.view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            QTimer.singleShot(0, self._keep_current_in_view)
        return super().eventFilter(watched, event)

    def _keep_current_in_view(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.scrollTo(index)

    def set_context_actions(self, actions: list) -> None:
        self._context_actions = actions

    def set_claims(self, claims: list[ClaimItem], current: str | None) -> None:
        self._quiet = True
        self.model.set_claims(claims)
        self._quiet = False
        self.set_current(current)

    def set_current(self, claim_id: str | None) -> None:
        row = self.model.row_of(claim_id)
        self._quiet = True
        if row >= 0:
            index = self.model.index(row)
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(index)
        else:
            self.view.selectionModel().clear()
        self._quiet = False

    def _on_current_changed(self, current, _previous) -> None:
        if self._quiet or not current.isValid():
            return
        claim = self.model.claim_at(current.row())
        if claim is not None:
            self.current_claim_changed.emit(claim.id)

    def _on_context_menu(self, point) -> None:
        show_context_menu(self, self._context_actions, self.view.viewport().mapToGlobal(point))
