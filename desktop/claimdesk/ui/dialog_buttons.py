"""The button row of a dialog that runs one background operation: run, cancel, close."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget


class RunButtons(NamedTuple):
    box: QDialogButtonBox
    run: QPushButton
    cancel: QPushButton
    close: QPushButton


def run_buttons(parent: QWidget, run_text: str, on_run, on_cancel, on_close) -> RunButtons:
    """Cancel starts disabled: it only means something while the operation runs."""
    box = QDialogButtonBox(parent)
    run = box.addButton(run_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QDialogButtonBox.StandardButton.Cancel)
    close = box.addButton(QDialogButtonBox.StandardButton.Close)
    run.clicked.connect(on_run)
    cancel.clicked.connect(on_cancel)
    close.clicked.connect(on_close)
    cancel.setEnabled(False)
    return RunButtons(box, run, cancel, close)
