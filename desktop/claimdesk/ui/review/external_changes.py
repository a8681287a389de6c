"""Notice writes made by other processes (a team member on PostgreSQL, another window on the
same SQLite file), without a timer.

Changes made in this process arrive as change sets on the `ChangeBus`. Another process's do
not, so:
- PostgreSQL: a trigger (migration 0005) notifies the `claimdesk_changes` channel on every
  commit that touches the data; `store.notifications.ChangeListener` LISTENs on a connection
  of its own, in a thread, and its call becomes a queued signal here.
- SQLite: the database file and its write-ahead log (`-wal`, where every commit lands first)
  are watched with a `QFileSystemWatcher`.
`changed` is emitted once per burst (a short single-shot debounce, not a poll). The receiver
then asks the database whether anything changed since it last loaded (this process's own
writes notify too). See docs/ARCHITECTURE.md, "Keeping windows current".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from claimdesk.store.engine import Database
from claimdesk.store.notifications import ChangeListener

DEBOUNCE_MS = 300  # a commit touches the -wal file several times; react once


def sqlite_file(db: Database) -> Path | None:
    """The database file of a SQLite database, None for PostgreSQL or an in-memory one."""
    if not db.is_sqlite:
        return None
    name = db.engine.url.database
    if not name or name == ":memory:":
        return None
    return Path(name).resolve()


class ExternalChanges(QObject):
    changed = Signal()
    _heard = Signal()  # emitted by the listener's thread; delivered queued, on this thread

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.path = sqlite_file(db)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.changed)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_change)
        # the folder: the -wal file is created and removed as connections come and go
        self.watcher.directoryChanged.connect(self._on_change)
        self._watch()
        self.listener = ChangeListener(db, self._heard.emit)
        self._heard.connect(self._on_change)
        self.listener.start()

    @property
    def active(self) -> bool:
        return self.path is not None or self.listener.supported

    def _files(self) -> list[str]:
        if self.path is None:
            return []
        candidates = [self.path, self.path.with_name(self.path.name + "-wal")]
        return [str(path) for path in candidates if path.exists()] + [str(self.path.parent)]

    def _watch(self) -> None:
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        wanted = [path for path in self._files() if path not in watched]
        if wanted:
            self.watcher.addPaths(wanted)

    def _on_change(self, _path: str = "") -> None:
        self._watch()  # a replaced or newly created -wal file is watched again
        self._debounce.start()

    def stop(self) -> None:
        self.listener.stop()
        self._debounce.stop()
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
