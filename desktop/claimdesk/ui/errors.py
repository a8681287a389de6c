"""The one place a typed error (claimdesk.errors) becomes what the window shows: a status-bar
line, and a message box for a database that cannot be used (a busy lock is said quietly)."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from claimdesk.errors import ClaimdeskError, DatabaseError, DatabaseLockedError

STATUS_MS = 10000


def error_text(error: BaseException | str) -> str:
    """A typed error says itself (it names the problem and the place); anything else is named
    as unexpected, with its type."""
    if isinstance(error, str):
        return error
    if isinstance(error, ClaimdeskError):
        return str(error)
    return f"Unexpected error: {type(error).__name__}: {error}"


def needs_box(error: BaseException | str) -> bool:
    """A database that cannot be used stops the work: say it in a box, not only a line."""
    if isinstance(error, DatabaseLockedError):
        return False
    if isinstance(error, DatabaseError):
        return True
    text = error_text(error).lower()  # an untyped driver error naming the database
    return "database" in text and "locked" not in text


def show_error(window: QWidget, error: BaseException | str, *, status_ms: int = STATUS_MS) -> str:
    """Show an error in `window` (its status bar when it has one; a box when it must stop the
    work or there is no status bar). Returns the text shown."""
    text = error_text(error)
    top = window.window()
    has_bar = isinstance(top, QMainWindow)
    if has_bar:
        top.statusBar().showMessage(text, status_ms)
    if needs_box(error) or not has_bar:
        QMessageBox.warning(window, "Claimdesk", text)
    return text


def show_fatal(error: BaseException | str, lead: str = "") -> str:
    """A box with no window behind it (the database cannot be opened at all)."""
    text = error_text(error)
    QMessageBox.critical(None, "Claimdesk", f"{lead}\n\n{text}" if lead else text)
    return text
