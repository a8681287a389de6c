"""Single-key commands stay out of text fields.

The window's commands are single keys (1–4, J, K, Space, Tab, S…) with a window-wide
context, so that they work wherever the focus is. Qt lets a QLineEdit claim printable keys,
but not Tab, Space-less keys like Insert, or keys in fields that are not QLineEdits, and a
note typed into the wrong place ran as commands. While a text field of the window has the
focus, this filter claims every key without Ctrl, Alt or Meta for the field (Qt then types it
or, for Tab, moves the focus), except Escape and the function keys, which still leave the
field or open help."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
PASSED_THROUGH = {Qt.Key.Key_Escape, *(Qt.Key(Qt.Key.Key_F1 + i) for i in range(35))}


def is_text_field(widget: QWidget | None) -> bool:
    """A widget that takes typed text (read-only texts, like the article, do not)."""
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return False


def is_plain_key(event) -> bool:
    """A key that a text field types or uses itself: no Ctrl/Alt/Meta, not Escape or F1–F35."""
    return not (event.modifiers() & COMMAND_MODIFIERS) and event.key() not in PASSED_THROUGH


class TextFieldKeyGuard(QObject):
    """Guards the text fields of one window. It filters only the fields themselves, each from
    the first time it takes the focus (an application-wide filter would run Python for every
    event of the program)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        self._guarded: set[int] = set()
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        self._on_focus_changed(None, QApplication.focusWidget())

    def _on_focus_changed(self, _old, new) -> None:
        if new is None or not is_text_field(new) or id(new) in self._guarded:
            return
        if new.window() is not self._window:
            return
        key = id(new)
        self._guarded.add(key)
        new.installEventFilter(self)
        new.destroyed.connect(lambda _obj=None: self._guarded.discard(key))

    def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        if not isinstance(watched, QWidget) or not is_text_field(watched):
            return False
        if watched.window() is not self._window or not is_plain_key(event):
            return False
        event.accept()  # an accepted override: the key goes to the field, not to a shortcut
        return True
