"""A one-line note on the current claim: Enter saves, Esc cancels.

A note lives on a label, so on a claim without one the editor opens all the same and says so
in place: Alt+1…Alt+4 save the note together with that label, in one action (nothing is kept
only in memory). Enter alone then repeats how, instead of losing the note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

LABEL_CHOICES = (
    ("1", "corroborated"),
    ("2", "contradicted"),
    ("3", "unique"),
    ("4", "not_a_claim"),
)
NEEDS_LABEL = (
    "This claim has no label yet, and a note is kept with a label: Alt+1 corroborated, "
    "Alt+2 contradicted, Alt+3 unique, Alt+4 not a claim save both."
)


class NoteEditor(QWidget):
    note_submitted = Signal(str)
    labelled_note_submitted = Signal(str, str)  # label, note (a claim that had no label)
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.needs_label = False
        self.edit = QLineEdit(self)
        self.edit.setObjectName("noteEdit")
        self.edit.setPlaceholderText("Note on this claim — Enter to save, Esc to cancel")
        self.edit.returnPressed.connect(self._on_return)
        label = QLabel("Note", self)
        label.setBuddy(self.edit)
        # why the note cannot be saved on its own, said here rather than in the status bar
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
        for key, value in LABEL_CHOICES:
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Alt+{key}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, v=value: self._on_label_chosen(v))
            self.addAction(action)
        self.caption.hide()
        self.hide()

    def open(self, note: str | None, *, needs_label: bool = False) -> None:
        self.needs_label = needs_label
        self.edit.setText(note or "")
        self.caption.setText(NEEDS_LABEL if needs_label else "")
        self.caption.setVisible(needs_label)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def keyPressEvent(self, event):  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

    def _on_label_chosen(self, label: str) -> None:
        if not self.isVisible():
            return
        self.hide()
        if self.needs_label:
            self.labelled_note_submitted.emit(label, self.edit.text())
        else:  # labelled already: the note alone (the label keys are 1–4 outside the field)
            self.note_submitted.emit(self.edit.text())

    def _on_return(self) -> None:
        if self.needs_label:  # keep the note and the field; say again how to save it
            self.caption.setText("Choose its label to save the note: " + NEEDS_LABEL.split(": ")[1])
            return
        self.hide()
        self.note_submitted.emit(self.edit.text())
