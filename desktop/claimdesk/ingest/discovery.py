"""Which files to import, given the files and folders a user named.

Inside a folder only regular files are read: a symbolic link is followed only when it stays
inside the folder (a link to /etc/passwd is not an article), and FIFOs, sockets and devices
are never opened (reading a FIFO would hang the import). Each one skipped is named.
"""

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimdesk.errors import InputError
from claimdesk.ingest.readers import SUPPORTED_SUFFIXES


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def iter_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """The supported files named or contained (recursively) in `paths`, each once.

    Folders are walked in sorted order so that imports are the same on every machine;
    hidden files and folders (".git", ".DS_Store") are skipped inside folders.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found, _skipped = walk_folder(path)
        elif path.is_file() and is_supported(path):
            found = [path]
        else:
            found = []
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def walk_folder(folder: Path) -> tuple[list[Path], list[InputError]]:
    """The supported regular files under `folder`, and an InputError for each link, FIFO,
    socket or device that was skipped."""
    root = folder.resolve()
    files: list[Path] = []
    skipped: list[InputError] = []
    for base_name, dirs, names in os.walk(folder):
        base = Path(base_name)
        dirs[:] = [name for name in dirs if not _is_hidden(name)]  # prune in place
        for name in dirs:  # os.walk lists linked folders but does not enter them
            target = _link_target(base / name) if (base / name).is_symlink() else None
            if target is not None and not target.is_relative_to(root):
                skipped.append(_link_out(base / name, root, target))
        for name in names:
            path = base / name
            if _is_hidden(name) or not is_supported(Path(name)):
                continue
            problem = _not_readable_here(path, root)
            if problem is None:
                files.append(path)
            else:
                skipped.append(problem)
    skipped.sort(key=lambda error: error.place)
    return sorted(files, key=lambda file: file.relative_to(folder).parts), skipped


def _not_readable_here(path: Path, root: Path) -> InputError | None:
    if path.is_symlink():
        target = _link_target(path)
        if target is None:
            return InputError(str(path), "skipped: a symbolic link that loops")
        if not target.is_relative_to(root):
            return _link_out(path, root, target)
    try:
        mode = path.stat().st_mode
    except OSError as error:  # a dangling link, a permission problem
        return InputError(str(path), f"skipped: cannot read it ({error.strerror or error})")
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return InputError(str(path), f"skipped: {kind}, not a regular file")


def _link_target(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a symlink loop
        return None


def _link_out(path: Path, root: Path, target: Path | None = None) -> InputError:
    target = target or _link_target(path)
    return InputError(str(path), f"skipped: a symbolic link out of the folder {root} (to {target})")
