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


def describe_action(action: str, changes, undone: bool) -> str:
    """An action of the event log in words: "label unique", "link (conflict)", "split"…
    For a label, the label the action set (what an undo took away, a redo put back)."""
    name = action.replace("_", " ")
    if action == "label":
        for change in changes:
            state = change.before if undone else change.after
            other = change.after if undone else change.before
            if change.entity == "label":
                label = (state or {}).get("label") or (other or {}).get("label")
                if label:
                    return f"label {label.replace('_', ' ')}"
    if action in ("link", "unlink"):
        for change in changes:
            if change.entity == "link":
                kind = ((change.after or change.before) or {}).get("kind")
                if kind:
                    return f"{name} ({kind})"
    return name
