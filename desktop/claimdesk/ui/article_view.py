"""The article reader: title, source and date above the text, every claim highlighted.

Highlights are QTextEdit extra selections (painted over the text, no document edits), so a new
label repaints one claim without re-laying out the article. Only the claims in and around the
viewport get one (an article with hundreds of claims opens without building a cursor for each,
nor laying out the whole text); scrolling and resizing bring the next ones in. All offsets pass
through OffsetMap.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from claimdesk.domain.titles import display_title
from claimdesk.services.screen_records import ArticleData, ClaimItem
from claimdesk.ui.offsets import OffsetMap
from claimdesk.ui.style import highlight_format, style_for

TITLE_LINES = 2


def fit_lines(text: str, font: QFont, width: int, lines: int) -> str:
    """`text`, or its longest start of whole words plus "…", that word-wraps into `lines`
    lines of `width` pixels in `font`."""
    metrics = QFontMetrics(font)
    room = lines * metrics.lineSpacing() + metrics.lineSpacing() // 2  # + leading, not a line
    flags = int(Qt.TextFlag.TextWordWrap)

    def fits(candidate: str) -> bool:
        return metrics.boundingRect(0, 0, width, 100_000, flags, candidate).height() <= room

    if fits(text):
        return text
    words = text.split(" ")
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(" ".join(words[:middle]) + "…"):
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low]).rstrip(",;:—-– ") + "…"


class _ArticleText(QTextBrowser):
    """The text itself; draws a border around the current claim after Qt paints the text."""

    clicked_at = Signal(int)  # Qt position of a plain click (no selection)
    viewport_moved = Signal()  # scrolled or resized: other claims may have come into view

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.document().setDocumentMargin(18)
        self.current_span: tuple[int, int] | None = None
        self.current_color = QColor("#000000")
        self._span_cache: dict[tuple, list[QRectF]] = {}

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """The rectangles of a span's lines, in document coordinates. Kept while the text and
        its layout stay the same: a key measures the current claim's border several times
        (the old and the new span, then each paint)."""
        doc = self.document()
        key = (start, end, doc.revision(), doc.textWidth(), doc.defaultFont().pointSizeF())
        cached = self._span_cache.get(key)
        if cached is None:
            if len(self._span_cache) > 64:
                self._span_cache.clear()
            cached = self._span_cache[key] = self._measure(start, end)
        return [QRectF(rect) for rect in cached]

    def forget_spans(self) -> None:
        self._span_cache.clear()

    def _measure(self, start: int, end: int) -> list[QRectF]:
        doc = self.document()
        layout_of_doc = doc.documentLayout()
        rects = []
        block = doc.findBlock(start)
        while block.isValid() and block.position() < end:
            layout = block.layout()
            base = block.position()
            origin = layout_of_doc.blockBoundingRect(block).topLeft()
            # from the span's first line on, not from the top of the block: an article is
            # often one long paragraph, and this runs on every repaint of the current claim
            first = layout.lineForTextPosition(max(0, start - base))
            for i in range(first.lineNumber() if first.isValid() else 0, layout.lineCount()):
                line = layout.lineAt(i)
                line_start = base + line.textStart()
                if line_start >= end:
                    break
                s, e = max(start, line_start), min(end, line_start + line.textLength())
                if s >= e:
                    continue
                x1 = line.cursorToX(s - base)[0]
                x2 = line.cursorToX(e - base)[0]
                rects.append(QRectF(origin.x() + x1, origin.y() + line.y(), x2 - x1, line.height()))
            block = block.next()
        return rects

    def scrollContentsBy(self, dx, dy):  # noqa: N802 (Qt API)
        super().scrollContentsBy(dx, dy)
        self.viewport_moved.emit()

    def resizeEvent(self, event):  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._span_cache.clear()
        self.viewport_moved.emit()

    def update_span(self, span: tuple[int, int] | None) -> None:
        """Repaint just the area of a span's border (not the whole viewport)."""
        if span is None:
            return
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        for rect in self.span_rects(*span):
            self.viewport().update(rect.adjusted(-4, -3, 4, 3).translated(-dx, -dy).toAlignedRect())

    def paintEvent(self, event):  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if self.current_span is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        pen = QPen(self.current_color, 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self.span_rects(*self.current_span):
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
        painter.end()

    def mouseReleaseEvent(self, event):  # noqa: N802 (Qt API)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.clicked_at.emit(self.cursorForPosition(event.position().toPoint()).position())


class _FindBar(QWidget):
    find_requested = Signal(str, bool)  # text, backwards
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(
            "Find in article — Enter: next, Shift+Enter: previous, Esc: close"
        )
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel(self)  # "3 of 12", or "not found"
        self.previous = QToolButton(self)
        self.previous.setText("▲")
        self.previous.setToolTip("Previous match (Shift+Enter)")
        self.previous.setAutoRaise(True)
        self.previous.clicked.connect(lambda: self.find_requested.emit(self.edit.text(), True))
        self.next = QToolButton(self)
        self.next.setText("▼")
        self.next.setToolTip("Next match (Enter)")
        self.next.setAutoRaise(True)
        self.next.clicked.connect(lambda: self.find_requested.emit(self.edit.text(), False))
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self._on_close)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.previous)
        layout.addWidget(self.next)
        layout.addWidget(close)
        self.edit.textChanged.connect(lambda text: self.find_requested.emit(text, False))
        self.edit.returnPressed.connect(lambda: self.find_requested.emit(self.edit.text(), False))
        self.edit.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
        # Shift+Enter goes back; QLineEdit would also report it as a plain Enter (next)
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_requested.emit(self.edit.text(), True)
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event):  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self._on_close()
        else:
            super().keyPressEvent(event)

    def _on_close(self):
        self.hide()
        self.closed.emit()


class ArticleView(QWidget):
    claim_clicked = Signal(str)
    zoom_changed = Signal(int)  # the text size in per cent of the unzoomed size

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("articleView")
        self._data: ArticleData | None = None
        self._offsets = OffsetMap("")
        self._claims: dict[str, ClaimItem] = {}
        self._order: list[str] = []
        # Qt spans sorted by start, for finding the claims in view
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._span_ids: list[str] = []
        self._longest = 0
        self._rank: dict[str, int] = {}  # claim id -> reading order
        # extra selections built so far (only claims that have been in view)
        self._selections: dict[str, QTextEdit.ExtraSelection] = {}
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._shown: list[str] = []  # claim ids whose selections are installed, in paint order
        self._current: str | None = None
        self._zoom = 0
        self._full_title = ""

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.text = _ArticleText(self)
        self.find_bar = _FindBar(self)
        self.find_bar.hide()

        header = QVBoxLayout()
        header.setContentsMargins(22, 16, 22, 6)
        header.setSpacing(4)
        header.addWidget(self.title)
        header.addWidget(self.meta)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.text, 1)
        self._apply_fonts()

        self.text.clicked_at.connect(self._on_clicked_at)
        self.text.viewport().installEventFilter(self)
        self.text.viewport_moved.connect(self._push)
        self.find_bar.find_requested.connect(self._on_find)
        self.find_bar.closed.connect(self.text.setFocus)

    # ---- content -------------------------------------------------------------------------

    def set_article(self, data: ArticleData, current: str | None = None) -> None:
        self._data = data
        self._full_title = display_title(data.title, data.text)
        self.title.setToolTip(self._full_title)
        self._fit_title()
        story = data.story_name and f"Story: {data.story_name}"
        # the dateline ("Moscow, Russia") was lifted out of the text at import: shown here
        parts = [p for p in (data.dateline, data.source, data.published, story) if p]
        self.meta.setText("  ·  ".join(parts))
        self._offsets = OffsetMap(data.text)
        self.text.current_span = None
        # drop the old highlights while their text is still there (their cursors would
        # otherwise outlive it and cost a layout of the new text to be unpainted)
        self.text.setExtraSelections([])
        self._shown, self._selections = [], {}
        self._starts = self._ends = self._span_ids = []  # until set_claims: nothing in view
        self._current = None
        self.text.forget_spans()  # another text: nothing measured holds
        self.text.setPlainText(data.text)
        self.set_claims(data.claims, current)
        self.text.verticalScrollBar().setValue(0)

    def set_claims(self, claims: list[ClaimItem], current: str | None = None) -> None:
        """Replace all highlights (after an article load or a span edit)."""
        self._claims = {c.id: c for c in claims}
        self._order = [c.id for c in claims]
        self._rank = {cid: i for i, cid in enumerate(self._order)}
        spans = sorted((*self._offsets.span_to_qt(c.start, c.end), c.id) for c in claims)
        self._starts = [s for s, _e, _c in spans]
        self._ends = [e for _s, e, _c in spans]
        self._span_ids = [c for _s, _e, c in spans]
        self._longest = max((e - s for s, e, _c in spans), default=0)
        self._selections = {}
        self._current = current if current in self._claims else None
        old_span = self.text.current_span
        self._push()
        self._update_border(old_span)

    def update_claims(self, claims: list[ClaimItem]) -> None:
        """Targeted repaint: only the given claims get a new highlight."""
        for claim in claims:
            if claim.id in self._claims:
                self._claims[claim.id] = claim
                self._selections.pop(claim.id, None)
        self._push()
        self._update_border(self.text.current_span)

    def set_current(self, claim_id: str | None, *, scroll: bool = True) -> None:
        previous, self._current = self._current, claim_id if claim_id in self._claims else None
        for cid in (previous, self._current):
            self._selections.pop(cid, None)
        old_span = self.text.current_span
        self._push()
        self._update_border(old_span)
        if scroll and self._current:
            self._scroll_to(self._claims[self._current])

    def _format(self, label: str | None, current: bool, stale: bool = False) -> QTextCharFormat:
        palette = self.palette()
        key = (label, current, stale, palette.cacheKey())
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = highlight_format(
                label, palette, current=current, stale=stale
            )
        return fmt

    def _selection(self, claim: ClaimItem, current: bool) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        start, end = self._offsets.span_to_qt(claim.start, claim.end)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = self._format(claim.label, current, claim.stale)
        return selection

    def _in_view(self) -> list[str]:
        """Claims within a viewport's height of the visible text, in reading order."""
        if not self._starts:
            return []
        viewport = self.text.viewport()
        height = max(1, viewport.height())
        top = self.text.cursorForPosition(QPoint(0, -height)).position()
        bottom = self.text.cursorForPosition(QPoint(viewport.width(), 2 * height)).position()
        lo = bisect_left(self._starts, top - self._longest)
        hi = bisect_right(self._starts, bottom)
        ids = [self._span_ids[i] for i in range(lo, hi) if self._ends[i] >= top]
        ids.sort(key=self._rank.__getitem__)
        return ids

    def _push(self) -> None:
        shown = [cid for cid in self._in_view() if cid != self._current]
        if self._current:
            shown.append(self._current)  # painted last: on top
        built = False
        for cid in shown:
            if cid not in self._selections:
                self._selections[cid] = self._selection(self._claims[cid], cid == self._current)
                built = True
        if built or shown != self._shown:  # a scroll within the same claims changes nothing
            self._shown = shown
            self.text.setExtraSelections([self._selections[cid] for cid in shown])

    def _update_border(self, old_span: tuple[int, int] | None) -> None:
        claim = self._claims.get(self._current) if self._current else None
        if claim is None:
            self.text.current_span = None
        else:
            self.text.current_span = self._offsets.span_to_qt(claim.start, claim.end)
            color = QColor(style_for(claim.label).color)
            self.text.current_color = (
                color if claim.label else self.palette().color(QPalette.ColorRole.Text)
            )
        if old_span is None and self.text.current_span is None:
            return
        # repaint only where the border was and where it is now
        self.text.update_span(old_span)
        if self.text.current_span != old_span:
            self.text.update_span(self.text.current_span)

    def _scroll_to(self, claim: ClaimItem) -> None:
        start, end = self._offsets.span_to_qt(claim.start, claim.end)
        rects = self.text.span_rects(start, end)
        if not rects:
            return
        bar = self.text.verticalScrollBar()
        top, bottom = rects[0].top(), rects[-1].bottom()
        view = self.text.viewport().height()
        if top < bar.value() + 24 or bottom > bar.value() + view - 24:
            bar.setValue(int(max(0, top - view / 3)))

    def highlight_selections(self) -> list[QTextEdit.ExtraSelection]:
        """The highlight of every claim, as painted when it is in view (current one last)."""
        ordered = [cid for cid in self._order if cid != self._current]
        if self._current:
            ordered.append(self._current)
        return [self._selection(self._claims[cid], cid == self._current) for cid in ordered]

    # ---- positions -----------------------------------------------------------------------

    def selection_span(self) -> tuple[int, int] | None:
        """The selected text as code-point offsets, or None."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return None
        return (
            self._offsets.to_py(cursor.selectionStart()),
            self._offsets.to_py(cursor.selectionEnd()),
        )

    def cursor_offset(self) -> int | None:
        cursor = self.text.textCursor()
        return self._offsets.to_py(cursor.position()) if self._data else None

    def set_cursor_offset(self, offset: int) -> None:
        cursor = self.text.textCursor()
        cursor.setPosition(self._offsets.to_qt(offset))
        self.text.setTextCursor(cursor)

    def claim_at(self, offset: int) -> str | None:
        inside = [c for c in self._claims.values() if c.start <= offset < c.end]
        if not inside:
            return None
        return min(inside, key=lambda c: c.end - c.start).id  # the innermost claim

    def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
        """Tooltips over claims: a stale label says why it needs another look."""
        if event.type() == QEvent.Type.ToolTip and watched is self.text.viewport():
            position = self.text.cursorForPosition(event.pos()).position()
            claim_id = self.claim_at(self._offsets.to_py(position))
            claim = self._claims.get(claim_id) if claim_id else None
            if claim is not None and claim.stale:
                tip = self._format(claim.label, False, True).toolTip()
                QToolTip.showText(event.globalPos(), tip, self.text)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    def _on_clicked_at(self, position: int) -> None:
        claim = self.claim_at(self._offsets.to_py(position))
        if claim:
            self.claim_clicked.emit(claim)

    def resizeEvent(self, event):  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_title()

    def _fit_title(self) -> None:
        """As much of the title as TITLE_LINES lines hold at this width (a wide window shows
        more), cut between words."""
        margins = self.layout().itemAt(0).layout().contentsMargins()
        width = max(80, self.width() - margins.left() - margins.right())
        self.title.setText(fit_lines(self._full_title, self.title.font(), width, TITLE_LINES))

    # ---- find and zoom -------------------------------------------------------------------

    def open_find(self) -> None:
        self.find_bar.show()
        self.find_bar.edit.setFocus()
        self.find_bar.edit.selectAll()

    def _on_find(self, needle: str, backwards: bool) -> None:
        if not needle:
            self.find_bar.status.setText("")
            return
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        found = self.text.find(needle, flags)
        if not found:  # wrap around once
            cursor = self.text.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
            )
            self.text.setTextCursor(cursor)
            found = self.text.find(needle, flags)
        if not found:
            self.find_bar.status.setText("not found")
            return
        # which match this is, of how many (QTextDocument.find is case-insensitive too)
        haystack, wanted = self.text.toPlainText().casefold(), needle.casefold()
        starts, at = [], haystack.find(wanted)
        while at >= 0:
            starts.append(at)
            at = haystack.find(wanted, at + 1)
        here = self._offsets.to_py(self.text.textCursor().selectionStart())  # Qt counts UTF-16
        position = bisect_right(starts, here) or 1
        self.find_bar.status.setText(f"{position} of {len(starts)}")

    def zoom(self, steps: int) -> None:
        self._zoom = max(-4, min(12, self._zoom + steps))
        self._apply_fonts()
        self.zoom_changed.emit(self.zoom_percent())

    def zoom_percent(self) -> int:
        """The text size against the unzoomed size, as shown in the status bar."""
        base = max(8.0, QFont(self.font()).pointSizeF() + 1) + 1
        return round(100 * (max(8.0, QFont(self.font()).pointSizeF() + 1 + self._zoom) + 1) / base)

    def zoom_level(self) -> int:
        return self._zoom

    def set_zoom_level(self, level: int) -> None:
        self._zoom = 0
        self.zoom(level)

    def _apply_fonts(self) -> None:
        base = QFont(self.font())
        size = max(8.0, base.pointSizeF() + 1 + self._zoom)
        body = QFont(base)
        body.setPointSizeF(size + 1)
        self.text.document().setDefaultFont(body)
        title = QFont(base)
        title.setPointSizeF(size + 5)
        title.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title)
        self._fit_title()
        meta = QFont(base)
        meta.setPointSizeF(max(8.0, size - 1))
        self.meta.setFont(meta)
        self.text.viewport().update()
        self._push()  # the text reflowed: other claims may be in view
