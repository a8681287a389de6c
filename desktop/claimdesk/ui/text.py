"""Small wording helpers for what the window says."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """The word for `count` things: plural(1, "article") -> "article", 2 -> "articles"."""
    if count == 1:
        return word
    return many or f"{word}s"


def counted(count: int, word: str, many: str | None = None) -> str:
    """ "1 article", "3 articles"."""
    return f"{count} {plural(count, word, many)}"
