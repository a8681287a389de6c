"""The one background-operation helper: work that can take longer than a frame runs here.

A single worker thread runs operations one after another (like Anki's backend queue), which
also serialises database access from the window. Read-only work that may take long and must
never hold up an action (ranking the other reports) runs in a named lane: another thread of
the same runner, in order within the lane. Each operation gets an `OperationContext` to
report progress and to check for cancellation; results come back to the GUI thread as signals.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class OperationCancelled(Exception):
    """Raised inside an operation by `context.check_cancelled()`."""


class OperationContext:
    def __init__(self, signals: _OperationSignals):
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        self._signals.progress.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise OperationCancelled()


class _OperationSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()


class Operation(QRunnable):
    """A unit of background work. Connect to `signals` before starting it."""

    def __init__(self, name: str, fn: Callable[[OperationContext], Any]):
        super().__init__()
        self.name = name
        self.signals = _OperationSignals()
        self.context = OperationContext(self.signals)
        self._fn = fn
        self.setAutoDelete(False)  # the Python object owns it; Qt must not delete it under us

    def cancel(self) -> None:
        self.context.cancel()

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self.context)
        except OperationCancelled:
            self._emit(self.signals.cancelled)
        except Exception as exc:  # reported to the GUI, which shows one clear message
            log.debug("operation %s failed:\n%s", self.name, traceback.format_exc())
            self._emit(self.signals.failed, exc)
        else:
            if self.context.cancelled:
                self._emit(self.signals.cancelled)
            else:
                self._emit(self.signals.finished, result)

    def _emit(self, signal, *args) -> None:
        # The window that asked may be gone by the time the work ends (closed at shutdown or
        # at the end of a test): Qt has then deleted the signals' object and emitting raises.
        # Nobody is left to tell, so the result is dropped, not reported as a crash.
        try:
            signal.emit(*args)
        except RuntimeError as exc:
            log.debug("operation %s finished after its window closed: %s", self.name, exc)


class OperationRunner(QObject):
    """Runs operations on one background thread, in the order they were submitted."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lanes: dict[str, QThreadPool] = {}
        self._pending: dict[int, Operation] = {}  # by id(): alive until it has ended
        self._finished: Operation | None = None

    def _lane(self, lane: str | None) -> QThreadPool:
        if lane is None:
            return self._pool
        if lane not in self._lanes:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._lanes[lane] = pool
        return self._lanes[lane]

    def submit(
        self,
        name: str,
        fn: Callable[[OperationContext], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        lane: str | None = None,
    ) -> Operation:
        """lane: None for the window's actions and reads (one queue); a name for read-only
        work that runs beside them, in order with the rest of its lane."""
        operation = Operation(name, fn)
        if on_done:
            operation.signals.finished.connect(on_done)
        if on_error:
            operation.signals.failed.connect(on_error)
        if on_progress:
            operation.signals.progress.connect(on_progress)
        if on_cancelled:
            operation.signals.cancelled.connect(on_cancelled)
        key = id(operation)
        for signal in (
            operation.signals.finished,
            operation.signals.failed,
            operation.signals.cancelled,
        ):
            # by key, not the operation itself: the connection holds this lambda, and a lambda
            # holding the operation (which holds the signals) is a cycle through Qt that
            # Python's collector cannot see, so every operation stayed alive
            signal.connect(lambda *_args, key=key: self._forget(key))
        self._pending[key] = operation
        self.busy_changed.emit(True)
        # the bound method, not the QRunnable: PySide's start(QRunnable) keeps a reference to
        # every runnable on the pool for the pool's lifetime (each operation, its closures and
        # its result stayed alive all day); a callable is let go once it has run
        self._lane(lane).start(operation.run)
        return operation

    def _forget(self, key: int) -> None:
        # Connected through a lambda, so Qt still delivers the end of an operation after the
        # window that owned this runner was closed and deleted (at shutdown, at the end of a
        # test); there is nobody left to tell that the runner is idle.
        if not shiboken6.isValid(self):
            return
        # The one that ended before is let go now, not this one: we are inside a slot of this
        # one's signals, and other slots of the same emission may still be queued.
        self._finished = self._pending.pop(key, None)
        if not self._pending:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait_idle(self, msecs: int = -1) -> bool:
        """Block until all operations ran (used at shutdown and in tests, never in a slot)."""
        done = self._pool.waitForDone(msecs)
        for pool in list(self._lanes.values()):
            done = pool.waitForDone(msecs) and done
        return done
