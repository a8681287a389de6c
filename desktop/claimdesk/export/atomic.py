"""Writing export files so that a failure never leaves a half-written file in place.

Every file of one export is first written to a temporary file in the target's own folder (so the
final `os.replace` is a rename on one file system, which is atomic), and the temporary files are
renamed only when all of them were written. A failure, a full disk or a cancel removes every
temporary file, and the targets keep whatever they held before.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from claimdesk.errors import ExportError

_BUFFER = 1 << 20  # large writes: an export is one long sequential stream


def describe_os_error(path: Path, exc: OSError) -> str:
    """One readable sentence for the OS errors a user can cause."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        return f"{path}: the disk is full ({reason}); nothing was written"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path}: not allowed to write here ({reason})"
    if exc.errno in (errno.ENOTDIR, errno.ENOENT):
        return f"{path}: the folder does not exist or is not a folder ({reason})"
    return f"{path}: could not be written ({reason})"


def _umask() -> int:
    current = os.umask(0o022)  # the only portable way to read it is to set it
    os.umask(current)
    return current


class OutputFiles:
    """A set of files written together: all of them appear, or none does.

    Use as a context manager; `open()` hands out handles to temporary files, and leaving the
    block without an exception fsyncs and renames them onto their targets.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path, IO]] = []  # (temporary, target, handle)

    def open(self, target: Path, *, binary: bool = False, encoding: str = "utf-8") -> IO:
        target = Path(target)
        folder = target.parent if str(target.parent) else Path(".")
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise ExportError(describe_os_error(target, exc)) from None
        if binary:
            handle = os.fdopen(fd, "wb", buffering=_BUFFER)
        else:
            # newline="" keeps "\n" as written on every platform (csv writes its own "\r\n")
            handle = os.fdopen(fd, "w", encoding=encoding, newline="", buffering=_BUFFER)
        self._pending.append((Path(tmp_name), target, handle))
        return handle

    def commit(self) -> None:
        for _tmp, target, handle in self._pending:
            try:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
            except OSError as exc:
                self.discard()
                raise ExportError(describe_os_error(target, exc)) from None
        mode = 0o666 & ~_umask()  # mkstemp makes 0600 files; an export is an ordinary file
        for tmp, target, _handle in self._pending:
            try:
                os.chmod(tmp, mode)
                os.replace(tmp, target)
            except OSError as exc:
                self.discard()
                raise ExportError(describe_os_error(target, exc)) from None
        self._pending.clear()

    def discard(self) -> None:
        for tmp, _target, handle in self._pending:
            with suppress(OSError):  # the disk may be full; the file is removed below anyway
                handle.close()
            tmp.unlink(missing_ok=True)
        self._pending.clear()

    def __enter__(self) -> OutputFiles:
        return self

    def __exit__(self, exc_type, exc, _tb) -> bool:
        if exc_type is None:
            self.commit()
            return False
        targets = [target for _tmp, target, _handle in self._pending]
        self.discard()
        if isinstance(exc, OSError):
            # a write failed midway (full disk, lost network drive): one clear error
            place = targets[-1] if targets else Path("export")
            raise ExportError(describe_os_error(place, exc)) from None
        return False


@contextmanager
def output_file(target: Path, *, binary: bool = False, encoding: str = "utf-8"):
    """One file written atomically: `with output_file(path) as handle: ...`."""
    with OutputFiles() as files:
        yield files.open(target, binary=binary, encoding=encoding)
