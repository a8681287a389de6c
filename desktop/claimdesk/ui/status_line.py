"""The window's status line: the permanent labels (text size, this article's progress, when
the last action was saved, who labels) and what they say."""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QLabel, QMainWindow


class StatusLine:
    def __init__(self, window: QMainWindow, annotator: str):
        self.window = window
        self.saved = QLabel("", window)
        self.saved.setObjectName("savedIndicator")
        self.saved.setForegroundRole(self.saved.foregroundRole().PlaceholderText)
        self.progress = QLabel("", window)
        self.annotator = QLabel("", window)
        self.zoom = QLabel("", window)
        self.zoom.setToolTip("Text size (Ctrl+= / Ctrl+- / Ctrl+0)")
        bar = window.statusBar()
        for label in (self.zoom, self.progress, self.saved, self.annotator):
            bar.addPermanentWidget(label)
        self.show_annotator(annotator)

    def show_annotator(self, name: str) -> None:
        self.annotator.setText(f"Annotator: {name}")

    def show_zoom(self, percent: int) -> None:
        self.zoom.setText(f"Text {percent}%")

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setText(f"This article: {done}/{total} labelled")

    def show_saved(self) -> None:
        self.saved.setText(f"✓ Saved {QTime.currentTime().toString('HH:mm:ss')}")

    def say(self, text: str, msecs: int = 5000) -> None:
        """A quiet line that goes away by itself."""
        self.window.statusBar().showMessage(text, msecs)
