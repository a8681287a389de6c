"""The agreement figures beside the queue: headline coefficients, per-label bars, one heat map
per annotator pair, link F1 and each annotator against the gold labels.

`show_report` rebuilds the panel from an `agreement.Report`; every number goes through
`services.figures.figure`, so a missing value reads "not enough data", never NaN. A click on a
heat-map cell emits `cell_chosen` with the cell (annotators and labels) as a `HeatCell`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from claimdesk.agreement import Report
from claimdesk.services.figures import NOT_ENOUGH_DATA, figure, reason_of
from claimdesk.services.review import HeatCell
from claimdesk.ui.review.charts import AgreementBars, ConfusionMatrixView


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 10, 0, 2)
    return label


def _text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _muted(text: str) -> QLabel:
    label = _text(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class FiguresPanel(QScrollArea):
    cell_chosen = Signal(object)  # HeatCell

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(300)
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(10, 6, 10, 10)
        self.setWidget(self._body)
        self.headline: dict[str, QLabel] = {}  # figure name -> its value label (tests read it)
        self.matrices: list[ConfusionMatrixView] = []
        self._cells: list[tuple[ConfusionMatrixView, str, str | None, tuple[str, ...]]] = []
        self._layout.addWidget(_muted("loading figures…"))
        self._layout.addStretch(1)

    def _clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.headline.clear()
        self.matrices.clear()
        self._cells.clear()

    def show_report(self, report: Report, scope: str) -> None:
        self._clear()
        overall = report.overall
        self._layout.addWidget(_heading(f"Agreement — {scope}"))
        self._layout.addWidget(
            _muted(
                f"{overall.n_claims} labelled claims, {overall.n_pairable_claims} labelled by "
                f"two or more, {overall.n_disagreeing_claims} with different labels"
            )
        )
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for name, value in (
            ("Krippendorff's α", overall.alpha),
            ("Fleiss' κ", overall.fleiss_kappa),
            ("observed agreement", overall.observed_agreement),
        ):
            shown = QLabel(figure(value))
            shown.setToolTip(reason_of(value))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.headline[name] = shown
            form.addRow(name, shown)
        self._layout.addLayout(form)

        self._layout.addWidget(_heading("Agreement per label"))
        bars = AgreementBars()
        bars.set_values(
            [
                (str(label), share.value, figure(share))
                for label, share in overall.specific_agreement.items()
            ]
        )
        self._layout.addWidget(bars)

        self._layout.addWidget(_heading("Pairs of annotators (Cohen's κ)"))
        if not report.pairs:
            self._layout.addWidget(_muted(f"{NOT_ENOUGH_DATA}: fewer than two annotators"))
        else:
            self._layout.addWidget(_muted("Click a cell to list its claims in the queue."))
        links = {(link.annotator_a, link.annotator_b): link for link in report.links}
        for pair in report.pairs:
            link = links.get((pair.annotator_a, pair.annotator_b))
            text = (
                f"{pair.annotator_a} / {pair.annotator_b}: κ {figure(pair.kappa)}, "
                f"observed {figure(pair.observed)} on {pair.n_common} claims"
            )
            if link is not None:
                text += f"; links F1 {figure(link.f1)}"
            self._layout.addWidget(_text(text))
            self._add_matrix(pair.labels, pair.confusion, pair.annotator_a, pair.annotator_b)
            self._layout.addSpacing(4)

        self._layout.addWidget(_heading("Against the gold labels"))
        if not report.gold:
            self._layout.addWidget(_muted(f"{NOT_ENOUGH_DATA}: nothing adjudicated yet"))
        for gold in report.gold:
            self._layout.addWidget(
                _text(
                    f"{gold.annotator}: accuracy {figure(gold.accuracy)}, κ {figure(gold.kappa)} "
                    f"on {gold.n_adjudicated} adjudicated"
                )
            )
            if gold.n_adjudicated:
                self._add_matrix(gold.labels, gold.confusion, gold.annotator, None)
        self._layout.addStretch(1)

    def _add_matrix(self, labels, confusion, rows_name: str, columns_name: str | None) -> None:
        """One heat map; columns_name None: the columns are the gold labels."""
        view = ConfusionMatrixView()
        rows, columns = str(rows_name), None if columns_name is None else str(columns_name)
        view.set_matrix(labels, confusion, rows, "gold" if columns is None else columns)
        names = tuple(str(label) for label in labels)
        view.cell_clicked.connect(
            lambda row, column: self.cell_chosen.emit(
                HeatCell(rows, names[row], columns, names[column])
            )
        )
        self.matrices.append(view)
        self._cells.append((view, rows, columns, names))
        self._layout.addWidget(view)

    def set_chosen_cell(self, cell: HeatCell | None) -> None:
        """Frame the cell filtering the queue (in the heat map it belongs to), none when None."""
        for view, rows, columns, names in self._cells:
            chosen = None
            if (
                cell is not None
                and (cell.rows, cell.columns) == (rows, columns)
                and cell.row_label in names
                and cell.column_label in names
            ):
                chosen = (names.index(cell.row_label), names.index(cell.column_label))
            view.set_chosen(chosen)

    def show_error(self, message: str) -> None:
        self._clear()
        self._layout.addWidget(_muted(message))
        self._layout.addStretch(1)
