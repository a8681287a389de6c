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


def quoted(text: str, limit: int = 60) -> str:
    """A claim named in a message: “its first words…”, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"
    return f"“{text}”"
