"""Figures drawn with QPainter (no plotting library): a confusion-matrix heat map with counts,
and horizontal bars for per-label agreement. Both take plain values and repaint on `set_*`.
A click on a heat-map cell emits `cell_clicked(row, column)`; the chosen cell is framed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from claimdesk.services.figures import NOT_ENOUGH_DATA, abbreviate
from claimdesk.ui.style import style_for

HEAT = QColor("#0072B2")  # Okabe–Ito blue: one calm hue; the count is written in every cell


def _ink(widget: QWidget) -> QColor:
    """Text and frame colour from the palette, so the figures read in the dark theme too."""
    return widget.palette().color(QPalette.ColorRole.Text)


def _muted(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.PlaceholderText)


def _grid(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.Mid)


class ConfusionMatrixView(QWidget):
    """Rows: one source's labels (an annotator); columns: the other's (an annotator or gold).

    Cell shade is the count relative to the largest cell; the diagonal (agreement) is framed so
    agreement reads at a glance without relying on colour.
    """

    MIN_CELL = 34
    cell_clicked = Signal(int, int)  # row, column of the clicked cell

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._labels: tuple[str, ...] = ()
        self._matrix: tuple[tuple[int, ...], ...] = ()
        self._rows_name = ""
        self._columns_name = ""
        self.chosen: tuple[int, int] | None = None  # the cell filtering the queue, framed
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)  # the pointing hand over cells, a tooltip per cell

    def set_matrix(
        self,
        labels: Sequence[str],
        matrix: Sequence[Sequence[int]],
        rows_name: str,
        columns_name: str,
    ) -> None:
        self._labels = tuple(str(label) for label in labels)
        self._matrix = tuple(tuple(int(n) for n in row) for row in matrix)
        self._rows_name, self._columns_name = rows_name, columns_name
        self.setToolTip(self._overall_tip())
        self.updateGeometry()
        self.update()

    def _overall_tip(self) -> str:
        return (
            f"rows: {self._rows_name}'s labels, columns: {self._columns_name}'s; "
            "the framed diagonal is where they agree; click a cell to list its claims"
        )

    def set_chosen(self, cell: tuple[int, int] | None) -> None:
        if cell != self.chosen:
            self.chosen = cell
            self.update()

    def cell_rect(self, row: int, column: int) -> QRectF:
        left, top = self._margins()
        cell = self.cell
        return QRectF(left + column * cell, top + row * cell, cell, cell)

    def cell_at(self, point: QPoint | QPointF) -> tuple[int, int] | None:
        """(row, column) of the cell under a point, or None outside the grid."""
        if not self._matrix:
            return None
        left, top = self._margins()
        cell = self.cell
        column = int((point.x() - left) // cell)
        row = int((point.y() - top) // cell)
        n = len(self._labels)
        if point.x() < left or point.y() < top or not (0 <= row < n and 0 <= column < n):
            return None
        return row, column

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        found = self.cell_at(event.position())
        if found is None:
            self.unsetCursor()
            self.setToolTip(self._overall_tip())
        else:
            row, column = found
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(
                f"{self._rows_name}: {style_for(self._labels[row]).name}, "
                f"{self._columns_name}: {style_for(self._labels[column]).name} — "
                f"{self._matrix[row][column]} claims; click to list them in the queue"
            )
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt API)
        found = self.cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and found is not None:
            self.cell_clicked.emit(*found)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    @property
    def matrix(self) -> tuple[tuple[int, ...], ...]:
        return self._matrix

    @property
    def cell(self) -> int:
        """Square cells wide enough for the widest column label."""
        metrics = QFontMetrics(self.font())
        widest = max([metrics.horizontalAdvance(abbreviate(x)) for x in self._labels] + [0])
        return max(self.MIN_CELL, widest + 10)

    def _margins(self) -> tuple[int, int]:
        metrics = QFontMetrics(self.font())
        left = max([metrics.horizontalAdvance(abbreviate(x)) for x in self._labels] + [30]) + 12
        left = max(left, metrics.horizontalAdvance(self._rows_name) + 8)
        top = metrics.height() * 2 + 8
        return left, top

    def sizeHint(self) -> QSize:
        left, top = self._margins()
        n = max(len(self._labels), 1)
        return QSize(left + n * self.cell + 8, top + n * self.cell + 6)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        left, top = self._margins()
        cell = self.cell
        if not self._matrix:
            painter.setPen(_muted(self))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, NOT_ENOUGH_DATA)
            return
        largest = max(max(row) for row in self._matrix) or 1
        # column source's name above the column labels, row source's name above the row labels
        painter.setPen(_muted(self))
        painter.drawText(
            QRectF(left, 0, cell * len(self._labels), metrics.height()),
            Qt.AlignmentFlag.AlignCenter,
            self._columns_name,
        )
        painter.drawText(
            QRectF(0, metrics.height() + 4, left - 6, metrics.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self._rows_name,
        )
        for index, label in enumerate(self._labels):
            painter.drawText(
                QRectF(left + index * cell, metrics.height() + 4, cell, metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                abbreviate(label),
            )
            painter.drawText(
                QRectF(0, top + index * cell, left - 6, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                abbreviate(label),
            )
        bold = QFont(self.font())
        bold.setBold(True)
        for r, row in enumerate(self._matrix):
            for c, count in enumerate(row):
                rect = QRectF(left + c * cell, top + r * cell, cell, cell)
                shade = QColor(HEAT)
                share = count / largest
                shade.setAlphaF(0.08 + 0.82 * share if count else 0.0)
                painter.fillRect(rect, shade)
                painter.setPen(QPen(_grid(self), 1))
                painter.drawRect(rect)
                if count:
                    painter.setPen(QColor("white") if share > 0.55 else _ink(self))
                    painter.setFont(bold if r == c else self.font())
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
                    painter.setFont(self.font())
        painter.setPen(QPen(_ink(self), 1.5))
        for d in range(len(self._labels)):
            painter.drawRect(
                QRectF(left + d * cell, top + d * cell, cell, cell).adjusted(1, 1, -1, -1)
            )
        if self.chosen is not None:  # the cell filtering the queue: twice the diagonal's frame
            painter.setPen(QPen(_ink(self), 3.5, Qt.PenStyle.SolidLine))
            painter.drawRect(self.cell_rect(*self.chosen).adjusted(2, 2, -2, -2))
        painter.end()


class AgreementBars(QWidget):
    """One horizontal bar per label, 0..1; a label without enough data says so instead."""

    ROW = 20

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[tuple[str, float | None, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_values(self, rows: Sequence[tuple[str, float | None, str]]) -> None:
        """(label, value or None, text to show) per row."""
        self._rows = list(rows)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, max(1, len(self._rows)) * self.ROW + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(180, self.sizeHint().height())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        metrics = QFontMetrics(self.font())
        name_width = max(
            [metrics.horizontalAdvance(style_for(r[0]).name) for r in self._rows] + [0]
        )
        value_width = metrics.horizontalAdvance(NOT_ENOUGH_DATA)
        bar_left = name_width + 10
        bar_width = max(20, self.width() - bar_left - 50)
        for index, (label, value, text) in enumerate(self._rows):
            y = index * self.ROW + 2
            painter.setPen(_ink(self))
            painter.drawText(
                QRectF(0, y, name_width, self.ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                style_for(label).name,
            )
            track = QRectF(bar_left, y + 5, bar_width, self.ROW - 10)
            if value is None:
                painter.setPen(_muted(self))
                painter.drawText(
                    QRectF(bar_left, y, max(bar_width, value_width), self.ROW),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
                continue
            painter.fillRect(track, self.palette().color(QPalette.ColorRole.AlternateBase))
            fill = QRectF(track)
            fill.setWidth(track.width() * max(0.0, min(1.0, value)))
            painter.fillRect(fill, QColor(style_for(label).color))
            painter.setPen(_ink(self))
            painter.drawText(
                QRectF(track.right() + 6, y, 50, self.ROW),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        painter.end()
