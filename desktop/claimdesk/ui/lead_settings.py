"""The lead's settings for a database: today, whether annotators see suggested labels.

It used to be a checkable item in the Review menu, where one mis-click switched suggestions
off for everyone. Here turning them off takes a second, explicit tick that says what it does,
and nothing changes until OK."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout


class LeadSettingsDialog(QDialog):
    def __init__(self, suggestions_on: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Lead settings for this database")
        self._was_on = suggestions_on
        self.suggestions = QCheckBox("Show suggested labels to every annotator", self)
        self.suggestions.setChecked(suggestions_on)
        about = QLabel(
            "Suggestions are computed from the other reports and shown under the claim list. "
            "Turn them off for an agreement study: they can bias annotators.",
            self,
        )
        about.setWordWrap(True)
        about.setForegroundRole(about.foregroundRole().PlaceholderText)
        self.confirm = QCheckBox(
            "Yes, turn suggestions off for everyone who labels in this database", self
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)  # Return
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.suggestions)
        layout.addWidget(about)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        self.suggestions.toggled.connect(self._update)
        self.confirm.toggled.connect(self._update)
        self._update()
        self.suggestions.setFocus(Qt.FocusReason.OtherFocusReason)

    def suggestions_on(self) -> bool:
        return self.suggestions.isChecked()

    def changed(self) -> bool:
        return self.suggestions_on() != self._was_on

    def _update(self) -> None:
        turning_off = self._was_on and not self.suggestions.isChecked()
        self.confirm.setVisible(turning_off)
        if not turning_off:
            self.confirm.setChecked(False)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not turning_off or self.confirm.isChecked())
