"""Export the dataset from the window: format, output, filters and splits, run in the background
with progress and cancel. The work itself is `claimdesk.export.export_dataset` (no Qt)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from claimdesk.errors import ClaimdeskError
from claimdesk.export import (
    ClaimFilter,
    ExportCancelled,
    ExportRequest,
    SplitPlan,
    export_dataset,
)
from claimdesk.export.formats import FORMATS
from claimdesk.export.splits import FEW_STORIES
from claimdesk.services.app import App
from claimdesk.ui.dialog_buttons import run_buttons
from claimdesk.ui.operations import OperationCancelled, OperationRunner

# (name, description) of every format, from the one table (export/formats.py)
FORMAT_CHOICES = tuple((f.name, f.description) for f in FORMATS.values())
ALL_ANNOTATORS = "All annotators"


def load_choices(db) -> tuple[list[str], list[tuple[str, str]]]:
    """Worker side: annotator names and (story id, name) for the filters, through the facade
    (`db`: the window's Database)."""
    return App(db).corpus.filter_choices()


def run_export(db, request: ExportRequest, context):
    """Worker side: the export, reporting progress and honouring cancel."""
    try:
        return export_dataset(
            db,
            request,
            on_progress=lambda done, total: context.report(done, total, ""),
            is_cancelled=lambda: context.cancelled,
        )
    except ExportCancelled:
        raise OperationCancelled() from None


def _ratio_box(value: float, parent: QWidget) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(0.0, 1.0)
    box.setSingleStep(0.05)
    box.setDecimals(2)
    box.setValue(value)
    return box


class ExportDialog(QDialog):
    export_finished = Signal(object)  # the ExportResult

    def __init__(self, db, parent=None, runner: OperationRunner | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export dataset")
        self._db = db
        # share the window's worker when there is one: it serialises database access
        self._runner = runner or getattr(parent, "runner", None) or OperationRunner(self)
        self._operation = None
        self.result = None

        self.format = QComboBox(self)
        for key, text in FORMAT_CHOICES:
            self.format.addItem(text, key)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.output = QLineEdit(self)
        self.output.setPlaceholderText("File (or folder for spaCy)")
        choose = QPushButton("Choose…", self)
        choose.clicked.connect(self._on_choose)

        self.gold_only = QCheckBox("Only claims with a verified gold label", self)
        self.gold_only.setToolTip("Adjudicated, or the label of >= 2/3 of >= 2 annotators")
        self.annotator = QComboBox(self)
        self.annotator.addItem(
            ALL_ANNOTATORS, ""
        )  # "" not None: docs/ARCHITECTURE.md, 'Item roles'
        self.stories = QListWidget(self)
        self.stories.setToolTip("Tick stories to export only those; none ticked: every story")
        self.stories.setMaximumHeight(110)
        self.use_agreement = QCheckBox("Minimum agreement", self)
        self.min_agreement = _ratio_box(0.67, self)
        self.min_agreement.setEnabled(False)
        self.use_agreement.toggled.connect(self.min_agreement.setEnabled)

        self.train, self.dev, self.test = (_ratio_box(v, self) for v in (0.8, 0.1, 0.1))
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.split_unit = QComboBox(self)
        self.split_unit.addItem("story", "story")
        self.split_unit.addItem("article (few stories)", "article")
        self.split_unit.setToolTip(
            "By story keeps every article of a story in one split (no leak from train to test);"
            " by article is for a corpus of fewer than 5 stories"
        )
        self.neutral = QSpinBox(self)
        self.neutral.setRange(0, 10_000_000)
        self.card = QCheckBox("Write the dataset card (README.md)", self)
        self.card.setChecked(True)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("Choose a format and where to write it.", self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons, self.export_button, self.cancel_button, self.close_button = run_buttons(
            self, "Export", self._on_export, self._on_cancel, self.reject
        )
        # offered when a split by story left train empty on a corpus of few stories
        self.by_article_button = QPushButton("Export again, split by article", self)
        self.by_article_button.clicked.connect(self._on_export_by_article)
        self.by_article_button.hide()

        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(choose)
        agreement_row = QHBoxLayout()
        agreement_row.addWidget(self.use_agreement)
        agreement_row.addWidget(self.min_agreement)
        agreement_row.addStretch(1)
        split_row = QHBoxLayout()
        for name, box in (("train", self.train), ("dev", self.dev), ("test", self.test)):
            split_row.addWidget(QLabel(name, self))
            split_row.addWidget(box)
        split_row.addWidget(QLabel("seed", self))
        split_row.addWidget(self.seed)
        split_row.addWidget(QLabel("by", self))
        split_row.addWidget(self.split_unit)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Output", output_row)
        form.addRow("", self.gold_only)
        form.addRow("Annotator", self.annotator)
        form.addRow("Stories", self.stories)
        form.addRow("", agreement_row)
        form.addRow("Split", split_row)
        form.addRow("Neutral pairs", self.neutral)
        form.addRow("", self.card)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.by_article_button)
        layout.addWidget(self.buttons)
        self.resize(620, 560)
        self._on_format_changed()
        self._runner.submit(
            "export choices", lambda _context: load_choices(db), on_done=self._on_choices
        )

    # --- filling in -------------------------------------------------------------------------

    def _on_choices(self, choices) -> None:
        names, stories = choices
        for name in names:
            self.annotator.addItem(name, name)
        for story_id, name in stories:
            item = QListWidgetItem(name, self.stories)
            item.setData(Qt.ItemDataRole.UserRole, story_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)

    @property
    def format_key(self) -> str:
        return self.format.currentData()

    def _on_format_changed(self) -> None:
        kind = FORMATS[self.format_key]
        self.gold_only.setEnabled(kind.claim_filters)
        self.use_agreement.setEnabled(kind.claim_filters)
        self.min_agreement.setEnabled(kind.claim_filters and self.use_agreement.isChecked())
        self.stories.setEnabled(kind.story_filter)
        for box in (self.train, self.dev, self.test, self.seed, self.split_unit, self.card):
            box.setEnabled(kind.splits)
        self.neutral.setEnabled(kind.neutral_pairs)

    def _on_choose(self) -> None:
        kind = FORMATS[self.format_key]
        if kind.writes_folder:
            chosen = QFileDialog.getExistingDirectory(self, "Folder for the DocBins")
        else:
            suffix = kind.suffix
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export to", f"{self.format_key}{suffix}", f"*{suffix};;All files (*)"
            )
        if chosen:
            self.output.setText(chosen)

    def build_request(self) -> ExportRequest:
        """The request the form describes; raises ClaimdeskError for a bad form."""
        key = self.format_key
        kind = FORMATS[key]
        claims = kind.claim_filters
        stories = tuple(
            self.stories.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.stories.count())
            if self.stories.item(i).checkState() == Qt.CheckState.Checked
        )
        request = ExportRequest(
            format=key,
            output=Path(self.output.text().strip()).expanduser(),
            claim_filter=ClaimFilter(
                gold_only=claims and self.gold_only.isChecked(),
                annotator=self.annotator.currentData() or None,
                stories=stories if kind.story_filter else (),
                min_agreement=(
                    self.min_agreement.value()
                    if claims and self.use_agreement.isChecked()
                    else None
                ),
            ),
            plan=SplitPlan(
                self.train.value(),
                self.dev.value(),
                self.test.value(),
                seed=self.seed.value(),
                unit=self.split_unit.currentData(),
            ),
            neutral_pairs=self.neutral.value() if kind.neutral_pairs else 0,
            card=self.card.isChecked(),
        )
        request.check()
        return request

    # --- running ----------------------------------------------------------------------------

    def _on_export(self) -> None:
        if not self.output.text().strip():
            self.status.setText("Choose where to write the export.")
            return
        try:
            request = self.build_request()
        except ClaimdeskError as exc:
            self.status.setText(str(exc))
            return
        self.export_button.setEnabled(False)
        self.by_article_button.hide()
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.status.setText("Exporting…")
        self._operation = self._runner.submit(
            "export",
            lambda context: run_export(self._db, request, context),
            on_done=self._on_done,
            on_error=self._on_error,
            on_progress=self._on_progress,
            on_cancelled=self._on_cancelled,
        )

    def _on_cancel(self) -> None:
        if self._operation is not None:
            self._operation.cancel()
            self.status.setText("Cancelling… nothing will be written.")

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.status.setText(f"{done} of {total or '?'} claims read…")

    def _finish(self) -> None:
        self._operation = None
        self.progress.setRange(0, 1)
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _on_done(self, result) -> None:
        self._finish()
        self.progress.setValue(1)
        self.result = result
        files = ", ".join(str(p) for p in result.files)
        card = f"\nDataset card: {result.card}" if result.card else ""
        notes = result.stats.notes if result.stats is not None else []
        warnings = "".join(f"\n⚠ {note}" for note in notes)
        self.status.setText(f"Wrote {result.records} record(s) to {files}.{card}{warnings}")
        stats = result.stats
        self.by_article_button.setVisible(
            stats is not None
            and self.split_unit.currentData() == "story"
            and stats.records > 0
            and not stats.records_by_split()["train"]
            and stats.story_count() < FEW_STORIES
        )
        self.export_finished.emit(result)

    def _on_export_by_article(self) -> None:
        self.split_unit.setCurrentIndex(self.split_unit.findData("article"))
        self._on_export()

    def _on_error(self, exc: Exception) -> None:
        self._finish()
        self.progress.setValue(0)
        if isinstance(exc, ClaimdeskError):
            self.status.setText(f"Export failed: {exc}")
        else:  # a bug, not the user's doing: still one message, and the window goes on
            self.status.setText(f"Export failed unexpectedly: {type(exc).__name__}: {exc}")

    def _on_cancelled(self) -> None:
        self._finish()
        self.progress.setValue(0)
        self.status.setText("Export cancelled; nothing was written.")

    def reject(self) -> None:
        if self._operation is not None:  # closing while exporting: cancel, write nothing
            self._operation.cancel()
        super().reject()


def open_export_dialog(parent, db) -> ExportDialog:
    """The main window's menu action: the export dialog, modal to the window while it is open.
    `open()`, not `exec()`: no nested event loop, so the window's worker keeps delivering
    (saves, the dialog's own choices) the way it does everywhere else."""
    dialog = ExportDialog(db, parent)
    dialog.open()
    return dialog
