"""Writing files so that a failure never leaves a half-written file in place: the one atomic
writer, used by the dataset export (export/) and the label files (services/labels_io.py). It
lives at the services level so that both can use it without an arrow running back up.

Every file of one export is first written to a temporary file in the target's own folder (so the
final `os.replace` is a rename on one file system, which is atomic), and the temporary files are
renamed only when all of them were written. A failure, a full disk or a cancel removes every
temporary file, and the targets keep whatever they held before.

A target that is a symbolic link is written through it: the file it points to is replaced, the
link stays. A target that is not a regular file (`/dev/stdout`, a FIFO, `/dev/full`) is
written to directly, never replaced, and a failure to write there is an error like any other.
Temporary files carry the writer's host and process id, so those left by a killed export are
removed the next time anyone exports to the same folder, while a running export's are left
alone.
"""

from __future__ import annotations

import errno
import hashlib
import os
import socket
import stat
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from claimdesk.errors import ExportError

_BUFFER = 1 << 20  # large writes: an export is one long sequential stream

# Characters JSON allows raw but that other readers take for a line end (JavaScript before
# ES2019, Python's str.splitlines): written escaped, so every reader sees one record per line.
# Their UTF-8 bytes can only occur inside a JSON string, so a byte replace is exact.
LINE_BREAKERS = {
    "\u2028".encode(): b"\\u2028",
    "\u2029".encode(): b"\\u2029",
    "\x85".encode(): b"\\u0085",
}


def escape_line_breakers(data: bytes) -> bytes:
    """JSON Lines bytes with U+2028, U+2029 and U+0085 escaped (see LINE_BREAKERS)."""
    # Cheap tests first (a multi-byte search costs ~1 ms per MB, more than orjson itself):
    # pure ASCII has none of them, and each one's last byte is 0xA8, 0xA9 or 0x85, which a
    # one-byte search (memchr) rules out in most English text.
    if data.isascii() or not (b"\xa8" in data or b"\xa9" in data or b"\x85" in data):
        return data
    for raw, escaped in LINE_BREAKERS.items():
        data = data.replace(raw, escaped)
    return data


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


def is_special_file(path: Path) -> bool:
    """True for a target that must be written in place: a device, FIFO or socket (following
    links, so `/dev/stdout` counts), or anything under /dev or /proc, where a rename would
    replace the shell's redirection or a device node."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # does not exist yet (or a dangling link): an ordinary new file
    return not stat.S_ISREG(mode) or str(path).startswith(("/dev/", "/proc/"))


# Temporary files are named `.NAME.HOST-PID.RANDOM.tmp`. The host matters on a shared network
# folder, where another machine's process ids mean nothing here.
_HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:6]
# Another machine's (or an older Claimdesk's, without HOST-PID) temporary file is taken as
# abandoned once nobody has written to it for this long; a running export writes all the time.
_ABANDONED_AFTER_S = 3600


def temporary_prefix(name: str) -> str:
    return f".{name}.{_HOST}-{os.getpid()}."


def remove_stale_temporaries(folder: Path, name: str) -> list[Path]:
    """Remove the temporary files of exports to `folder`/`name` that were killed: this
    machine's whose process is gone, and any other not written to for an hour."""
    removed = []
    try:
        candidates = list(folder.glob(f".{glob_escape(name)}.*.tmp"))
    except OSError:
        return removed
    for path in candidates:
        writer = path.name[len(name) + 2 :].split(".", 1)[0]
        host, _, pid = writer.partition("-")
        if host == _HOST and pid.isdigit() and os.name != "nt":
            stale = not _process_alive(int(pid))  # (on Windows os.kill(pid, 0) would stop it)
        else:
            stale = _idle_for(path) > _ABANDONED_AFTER_S
        if stale:
            with suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _idle_for(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def glob_escape(name: str) -> str:
    return "".join(f"[{char}]" if char in "*?[" else char for char in name)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


_OWN_DESCRIPTORS = {"/dev/stdout": 1, "/dev/stderr": 2}


def _own_descriptor(path: Path) -> int | None:
    """The descriptor number `path` names in this process (/dev/stdout, /dev/fd/N)."""
    text = str(path)
    if text in _OWN_DESCRIPTORS:
        return _OWN_DESCRIPTORS[text]
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            return int(text[len(prefix) :])
    return None


def _wrap(fd: int, binary: bool, encoding: str) -> IO:
    if binary:
        return os.fdopen(fd, "wb", buffering=_BUFFER)
    # newline="" keeps "\n" as written on every platform (csv writes its own "\r\n")
    return os.fdopen(fd, "w", encoding=encoding, newline="", buffering=_BUFFER)


class OutputFiles:
    """A set of files written together: all of them appear, or none does.

    Use as a context manager; `open()` hands out handles to temporary files, and leaving the
    block without an exception fsyncs and renames them onto their targets.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path, IO]] = []  # (temporary, target, handle)
        self._direct: list[tuple[Path, IO]] = []  # special files, written in place

    def open(self, target: Path, *, binary: bool = False, encoding: str = "utf-8") -> IO:
        target = Path(target)
        if is_special_file(target):
            return self._open_direct(target, binary, encoding)
        if target.is_symlink():
            target = target.resolve()  # replace what the link points to, keep the link
        folder = target.parent if str(target.parent) else Path(".")
        remove_stale_temporaries(folder, target.name)
        try:
            fd, tmp_name = tempfile.mkstemp(
                prefix=temporary_prefix(target.name), suffix=".tmp", dir=folder
            )
        except OSError as exc:
            raise ExportError(describe_os_error(target, exc)) from None
        handle = _wrap(fd, binary, encoding)
        self._pending.append((Path(tmp_name), target, handle))
        return handle

    def temporary_of(self, handle: IO) -> Path | None:
        """The temporary file behind a handle of `open` (which other processes may write
        into before the commit), or None for a special file written in place."""
        return next((tmp for tmp, _target, own in self._pending if own is handle), None)

    def _open_direct(self, target: Path, binary: bool, encoding: str) -> IO:
        try:
            own = _own_descriptor(target)
            # `/dev/stdout` is our own descriptor: share it, so that `>> file` appends and
            # `> file` is not truncated again; anything else opened anew, never truncated
            # (a device or FIFO has nothing to truncate)
            fd = os.dup(own) if own is not None else os.open(target, os.O_WRONLY)
        except OSError as exc:
            raise ExportError(describe_os_error(target, exc)) from None
        handle = _wrap(fd, binary, encoding)
        self._direct.append((target, handle))
        return handle

    def commit(self) -> None:
        for target, handle in self._direct:
            try:
                handle.close()  # flushes: /dev/full fails here
            except BrokenPipeError:
                self.discard()
                raise  # `export -o /dev/stdout | head`: the reader left, as for any command
            except OSError as exc:
                self.discard()
                raise ExportError(describe_os_error(target, exc)) from None
        self._direct.clear()
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
        for _target, handle in self._direct:
            with suppress(OSError):
                handle.close()
        self._direct.clear()
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
        targets += [target for target, _handle in self._direct]
        self.discard()
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            # a write failed midway (full disk, lost network drive): one clear error
            place = targets[-1] if targets else Path("export")
            raise ExportError(describe_os_error(place, exc)) from None
        return False


@contextmanager
def output_file(target: Path, *, binary: bool = False, encoding: str = "utf-8"):
    """One file written atomically: `with output_file(path) as handle: ...`."""
    with OutputFiles() as files:
        yield files.open(target, binary=binary, encoding=encoding)
