"""Reading articles from files: decoding, normalisation, lifting of non-prose.

for item in read_articles(["seeds/"]):
    if isinstance(item, InputError): report(item)
    else: store(item)  # an ArticleRecord
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

from claimdesk.domain.records import ArticleRecord
from claimdesk.errors import InputError
from claimdesk.ingest.article import MAX_ARTICLE_CHARS, build_article
from claimdesk.ingest.decoding import decode_bytes
from claimdesk.ingest.discovery import is_supported, iter_paths, walk_folder
from claimdesk.ingest.manifest import MANIFEST_NAME, load_manifest
from claimdesk.ingest.normalise import normalise_text
from claimdesk.ingest.prose import lift_non_prose
from claimdesk.ingest.readers import SUPPORTED_SUFFIXES, read_file

__all__ = [
    "MANIFEST_NAME",
    "MAX_ARTICLE_CHARS",
    "SUPPORTED_SUFFIXES",
    "build_article",
    "decode_bytes",
    "iter_paths",
    "lift_non_prose",
    "load_manifest",
    "normalise_text",
    "read_articles",
    "read_file",
]


def read_articles(paths: Iterable[Path | str]) -> Iterator[ArticleRecord | InputError]:
    """Every article in `paths` (files and folders), and an InputError for each file or
    record that cannot be read. Never raises for a bad input: it reports it and goes on.

    Records of files listed in their folder's manifest.json get the manifest's story,
    unless the record named its own story.
    """
    manifests = _Manifests()
    seen: set[Path] = set()  # a file named twice (directly and in its folder) is read once
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield InputError(str(path), "no such file or folder")
            continue
        if path.is_file() and not is_supported(path):
            supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
            yield InputError(str(path), f"unsupported file type; supported: {supported}")
            continue
        files, skipped = walk_folder(path) if path.is_dir() else (list(iter_paths([path])), [])
        yield from skipped
        if not files and not skipped:
            problem = "no article files in this folder" if path.is_dir() else "not a regular file"
            yield InputError(str(path), problem)
            continue
        for file in files:
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            stories, error = manifests.for_folder(file.parent)
            if error is not None:
                yield error
            story = stories.get(file.name)
            for item in _read_safely(file):
                if isinstance(item, ArticleRecord) and item.story is None:
                    item.story = story
                yield item


def _read_safely(path: Path) -> Iterator[ArticleRecord | InputError]:
    try:
        yield from read_file(path)
    except InputError as error:
        yield error
    except OSError as error:
        yield InputError(str(path), f"cannot read the file: {error.strerror or error}")


class _Manifests:
    """Loads each folder's manifest once; its error is reported once, then ignored."""

    def __init__(self):
        self._loaded: dict[Path, dict[str, str]] = {}

    def for_folder(self, folder: Path) -> tuple[dict[str, str], InputError | None]:
        if folder in self._loaded:
            return self._loaded[folder], None
        try:
            stories, error = load_manifest(folder), None
        except InputError as problem:
            stories, error = {}, problem
        self._loaded[folder] = stories
        return stories, error
