"""Which files to import, given the files and folders a user named."""

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

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
            found = _walk(path)
        elif path.is_file() and is_supported(path):
            found = [path]
        else:
            found = []
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def _walk(folder: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if not _is_hidden(name)]  # prune in place
        base = Path(root)
        files.extend(
            base / name
            for name in names
            if not _is_hidden(name) and is_supported(Path(name)) and (base / name).is_file()
        )
    return sorted(files, key=lambda file: file.relative_to(folder).parts)
