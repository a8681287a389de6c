"""Context menus built from a list of actions (None marks a separator)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget


def show_context_menu(
    parent: QWidget, actions: Sequence[QAction | None], global_point: QPoint
) -> None:
    if not actions:
        return
    menu = QMenu(parent)
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    menu.exec(global_point)
    menu.deleteLater()
