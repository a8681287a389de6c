"""The in-process broadcast of typed change sets, so every open window applies what any did.

An action's `Outcome.changes` (see `services/change_sets.py`) is published once, after its
transaction has committed; the main window, the review window and any dialog that shows the
data subscribe to `applied` and update only what the change sets name. Nothing polls.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
    # tuple[ChangeSet, ...] and the window (or None) that made them; `object` because Qt
    # cannot type a Python tuple of dataclasses.
    applied = Signal(object, object)

    def publish(self, changes, origin=None) -> None:
        if changes:
            self.applied.emit(tuple(changes), origin)
