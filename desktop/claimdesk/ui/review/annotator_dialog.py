"""Switch annotator: a small dialog listing the database's annotators, with a field for a new
name. The list loads on the background runner; the dialog is usable (a new name) meanwhile."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.errors import UsageError
from claimdesk.services import annotators
from claimdesk.services.annotators import AnnotatorInfo
from claimdesk.services.app import App
from claimdesk.store.engine import Database
from claimdesk.ui.operations import OperationRunner

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class AnnotatorDialog(QDialog):
    loaded = Signal()  # the list of annotators is on screen

    def __init__(
        self,
        db: Database,
        current: str | None,
        runner: OperationRunner | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Who is annotating?")
        self.current = current
        self.runner = runner or OperationRunner(self)
        self.people = QListWidget()
        self._add_note("loading annotators…")
        self.people.itemDoubleClicked.connect(lambda _item: self.accept())
        self.people.currentItemChanged.connect(self._on_pick)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("or type a new name")
        self.new_name.textEdited.connect(self._on_typed)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #B00020;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Annotators in this database (leads adjudicate):"))
        layout.addWidget(self.people)
        layout.addWidget(self.new_name)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(360, 320)
        self.runner.submit(
            "annotators",
            lambda _context: App(db).annotators.list(),
            on_done=self._on_loaded,
            on_error=lambda error: self.problem.setText(str(error)),
        )

    def _on_loaded(self, people: list[AnnotatorInfo]) -> None:
        self.people.clear()
        for person in people:
            role = " — lead" if person.is_lead else ""
            item = QListWidgetItem(f"{person.name}{role}   ({person.labels} labels)")
            item.setData(NAME_ROLE, person.name)
            self.people.addItem(item)
            if person.name == self.current:
                self.people.setCurrentItem(item)
        if not people:
            self._add_note("nobody yet: type a name below")
        self.loaded.emit()

    def _add_note(self, text: str) -> None:
        """A line that is not a person (its name is "", never None: docs/ARCHITECTURE.md)."""
        item = QListWidgetItem(text)
        item.setData(NAME_ROLE, "")
        self.people.addItem(item)

    def _on_pick(self, item: QListWidgetItem | None, _previous) -> None:
        if item is not None and item.data(NAME_ROLE):
            self.new_name.clear()

    def _on_typed(self, _text: str) -> None:
        self.people.clearSelection()
        self.people.setCurrentItem(None)

    def chosen_name(self) -> str | None:
        typed = self.new_name.text().strip()
        if typed:
            return annotators.clean_name(typed)
        item = self.people.currentItem()
        return (item.data(NAME_ROLE) or None) if item is not None else None

    def accept(self) -> None:
        try:
            name = self.chosen_name()
        except UsageError as exc:
            self.problem.setText(str(exc))
            return
        if not name:
            self.problem.setText("pick an annotator or type a new name")
            return
        super().accept()


def choose_annotator(parent: QWidget | None, db: Database, current: str | None) -> str | None:
    """Ask who is annotating; the chosen (or new) name, or None when cancelled.

    A new name is not written here: the Workspace for that annotator creates it on first use.
    """
    dialog = AnnotatorDialog(db, current, parent=parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    name = dialog.chosen_name() if accepted else None
    dialog.runner.wait_idle(2000)
    dialog.deleteLater()
    return name
