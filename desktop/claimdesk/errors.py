"""The error catalogue: every typed error a user can cause. The CLI and the GUI turn each into
one clear message; `exit_code` says what the command line returns for it.

Every error names the problem and the place (a file, a line, a URL) so the user can act on it.
The store translates the database driver's errors into these (`store.engine`), so nothing above
it catches a SQLAlchemy exception.
"""

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def printable(text: str) -> str:
    """`text` on one line and encodable: control characters (a newline in a file name) and
    lone surrogates (a file name that is not UTF-8, "caf\\udce9.txt") shown as escapes, so an
    error is always one line, names the file unambiguously, and can be printed and stored."""
    text = _CONTROL.sub(lambda found: repr(found.group())[1:-1], text)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


EXIT_SOME_FAILED, EXIT_USAGE = 1, 2


class ClaimdeskError(Exception):
    """Base of every error a user can cause."""

    exit_code = EXIT_SOME_FAILED


class InputError(ClaimdeskError):
    """A file or record that cannot be imported; `place` names the file (and line/row)."""

    def __init__(self, place: str, problem: str):
        self.place = printable(place)
        self.problem = printable(problem)
        super().__init__(f"{self.place}: {self.problem}")


class DatabaseError(ClaimdeskError):
    """The database cannot be opened or used."""


class DatabaseUrlError(DatabaseError):
    """The --db value is not a usable SQLite path or SQLAlchemy URL."""

    exit_code = EXIT_USAGE


class DatabaseUnreachableError(DatabaseError):
    """The database server does not answer."""


class DatabaseLockedError(DatabaseError):
    """Another process holds a lock on the database for too long."""


class PermissionRefusedError(DatabaseError):
    """A team database refused a write (its row-level policies, or a missing privilege)."""


class NotFoundError(ClaimdeskError):
    """A claim, article, story or annotator named by the user does not exist."""


class UsageError(ClaimdeskError, ValueError):
    """A request that makes no sense (an unknown label, merging a story with itself...)."""

    exit_code = EXIT_USAGE


class ExportError(ClaimdeskError):
    """The export could not be written (unwritable path, full disk)."""


class PipelineUnavailable(ClaimdeskError, RuntimeError):
    """The requested claim pipeline cannot be built (`--pipeline model` with no spaCy model
    installed). A RuntimeError too, as it was before it joined the catalogue."""
