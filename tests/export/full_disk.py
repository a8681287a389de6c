"""A file handle whose disk fills up: the export tests' full disk."""

from __future__ import annotations

import errno


class FullDisk:
    """A file handle whose disk fills up after `room` characters or bytes."""

    def __init__(self, handle, room: int):
        self._handle, self._room = handle, room

    def write(self, data):
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._handle.close()
