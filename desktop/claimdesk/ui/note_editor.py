"""A one-line note on the current claim: Enter saves, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget


class NoteEditor(QWidget):
    note_submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("noteEdit")
        self.edit.setPlaceholderText("Note on this claim — Enter to save, Esc to cancel")
        self.edit.returnPressed.connect(self._on_return)
        label = QLabel("Note", self)
        label.setBuddy(self.edit)
        # why the note cannot be saved yet, said here rather than in the status bar
        self.caption = QLabel("", self)
        self.caption.setObjectName("noteCaption")
        self.caption.setWordWrap(True)
        self.caption.setForegroundRole(self.caption.foregroundRole().PlaceholderText)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 0, 0)
        layout.addWidget(self.edit, 0, 1)
        layout.addWidget(self.caption, 1, 1)
        layout.setColumnStretch(1, 1)
        self.caption.hide()
        self.hide()

    def open(self, note: str | None, caption: str = "") -> None:
        self.edit.setText(note or "")
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def keyPressEvent(self, event):  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

    def _on_return(self) -> None:
        self.hide()
        self.note_submitted.emit(self.edit.text())
