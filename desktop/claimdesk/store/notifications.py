"""PostgreSQL change notifications (migration 0005): a listener on a connection of its own.

`ChangeListener(db, on_change)` runs a daemon thread that LISTENs on the `claimdesk_changes`
channel and calls `on_change()` (from that thread) after a commit by anyone to a table a
window shows, in this project's schema (the payload; channels are per database). The thread blocks on the connection's socket; the
timeout only lets it notice `stop()`. No Qt here: the caller turns the call into a signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from claimdesk.store.engine import Database

CHANNEL = "claimdesk_changes"
WAKE_SECONDS = 0.5  # how soon `stop()` is noticed; notifications themselves arrive at once

log = logging.getLogger(__name__)


class ChangeListener:
    def __init__(self, db: Database, on_change: Callable[[], None]):
        self.db = db
        self.on_change = on_change
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def supported(self) -> bool:
        return self.db.engine.dialect.name == "postgresql"

    def start(self) -> None:
        if not self.supported or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="claimdesk-listen", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Whether LISTEN is in effect (tests: a write after this is heard)."""
        return self._ready.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(WAKE_SECONDS * 4)
            self._thread = None

    def _run(self) -> None:
        raw = self.db.engine.raw_connection()
        try:
            connection = raw.driver_connection
            connection.autocommit = True
            schema = connection.execute("SELECT current_schema()").fetchone()[0]
            connection.execute(f"LISTEN {CHANNEL}")
            self._ready.set()
            while not self._stop.is_set():
                # one at a time: the receiver folds a burst of commits into one reload
                heard = connection.notifies(timeout=WAKE_SECONDS, stop_after=1)
                ours = [notify for notify in heard if notify.payload == schema]
                if ours and not self._stop.is_set():
                    self.on_change()
        except Exception:  # the window keeps working with F5; say why in the log
            log.exception("listening for change notifications stopped")
        finally:
            self._ready.set()
            raw.invalidate()  # the connection was switched to autocommit and LISTENs
