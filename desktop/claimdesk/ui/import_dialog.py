"""Import files or folders in the background, with progress, cancel and a per-file report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from claimdesk.errors import printable
from claimdesk.store.engine import Database
from claimdesk.ui.dialog_buttons import run_buttons
from claimdesk.ui.errors import error_text
from claimdesk.ui.operations import OperationRunner
from claimdesk.ui.text import counted


def run_import(db: Database, paths, story, context):
    """The worker side (no Qt): read, extract and store; progress and cancel through context."""
    from claimdesk.services.app import App

    return App(db).corpus.import_paths(
        paths,
        story=story or None,
        on_progress=lambda done, origin: context.report(done, 0, origin),
        is_cancelled=lambda: context.cancelled,
    )


class ImportDialog(QDialog):
    import_finished = Signal(object)  # the ImportReport

    def __init__(self, runner: OperationRunner, db: Database, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import articles")
        self._runner = runner
        self._db = db
        self._operation = None
        self.paths = QListWidget(self)
        add_files = QPushButton("Add files…", self)
        add_folder = QPushButton("Add folder…", self)
        add_files.clicked.connect(self._on_add_files)
        add_folder.clicked.connect(self._on_add_folder)
        self.story = QLineEdit(self)
        self.story.setPlaceholderText("Optional: put every article in this story")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("Choose .txt, .md, .jsonl, .csv or .html files, or folders.", self)
        self.status.setWordWrap(True)
        self.errors = QTableWidget(0, 2, self)
        self.errors.setHorizontalHeaderLabels(["File", "Problem"])
        # the file column fits its names (the problem wraps and stretches); long paths are
        # elided in the middle, so the file name at their end stays readable
        self.errors.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.errors.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.errors.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.errors.setWordWrap(True)
        self.errors.verticalHeader().hide()
        self.errors.hide()
        self.buttons, self.import_button, self.cancel_button, self.close_button = run_buttons(
            self, "Import", self._on_import, self._on_cancel, self.reject
        )

        row = QHBoxLayout()
        row.addWidget(add_files)
        row.addWidget(add_folder)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow("Story", self.story)
        layout = QVBoxLayout(self)
        layout.addWidget(self.paths)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 460)

    def add_paths(self, paths) -> None:
        for path in paths:
            self.paths.addItem(str(path))

    def _on_add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Articles to import",
            "",
            "Articles (*.txt *.md *.jsonl *.csv *.html *.htm);;All files (*)",
        )
        self.add_paths(files)

    def _on_add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of articles")
        if folder:
            self.add_paths([folder])

    def _on_import(self) -> None:
        paths = [Path(self.paths.item(i).text()) for i in range(self.paths.count())]
        if not paths:
            self.status.setText("Add at least one file or folder.")
            return
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)  # total unknown until the files are read: busy bar
        self.status.setText("Reading and extracting claims…")
        story = self.story.text().strip()
        self._operation = self._runner.submit(
            "import",
            lambda context: run_import(self._db, paths, story, context),
            on_done=self._on_done,
            on_error=self._on_error,
            on_progress=self._on_progress,
            on_cancelled=self._on_cancelled,
        )

    def _on_cancel(self) -> None:
        if self._operation is not None:
            self._operation.cancel()
            self.status.setText("Cancelling after the current batch…")

    def _on_progress(self, done: int, _total: int, text: str) -> None:
        self.status.setText(f"{counted(done, 'article')} read — {text}")

    def _finish(self) -> None:
        self._operation = None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.import_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _on_done(self, report) -> None:
        self._finish()
        summary = (
            f"{counted(len(report.added), 'article')} added with "
            f"{counted(report.claims, 'claim')}; "
            f"{len(report.duplicates)} already there; {len(report.errors)} could not be read."
        )
        if report.cancelled:
            summary = "Cancelled. " + summary
        self.status.setText(summary)
        self.errors.setRowCount(0)
        lines = [(error.place, error.problem) for error in report.errors]
        lines += [
            (file, f"read as {encoding}: it is not UTF-8, check its accents")
            for file, encoding in report.assumed_encodings.items()
        ]
        for place, problem in lines:
            row = self.errors.rowCount()
            self.errors.insertRow(row)
            shown = printable(place)
            cell = QTableWidgetItem(Path(shown).name or shown)
            cell.setToolTip(shown)  # the whole path
            self.errors.setItem(row, 0, cell)
            self.errors.setItem(row, 1, QTableWidgetItem(str(problem)))
        self.errors.resizeRowsToContents()
        self.errors.setVisible(bool(lines))
        self.import_finished.emit(report)

    def _on_error(self, exc: Exception) -> None:
        self._finish()
        self.status.setText(f"Import failed: {error_text(exc)}")

    def _on_cancelled(self) -> None:
        self._finish()
        self.status.setText("Import cancelled.")

    def reject(self) -> None:
        if self._operation is not None:  # closing while importing: stop after this batch
            self._operation.cancel()
        super().reject()
