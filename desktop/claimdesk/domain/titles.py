"""What an article is called where a title is shown (the window's lists, `claimdesk articles`).

Articles without a title are named by the start of their text, never by their file path. The
cap is generous: views elide to the width they have, so a wide window shows more."""

from __future__ import annotations

TITLE_CAP = 160


def display_title(title: str | None, text: str, cap: int = TITLE_CAP) -> str:
    if title and title.strip():
        return title.strip()
    stripped = text.strip()
    if not stripped:
        return "(empty article)"
    first = stripped.splitlines()[0].strip()
    if len(first) <= cap:
        return first
    cut = first.rfind(" ", 0, cap)
    return first[: cut if cut > cap // 2 else cap].rstrip(",;:") + "…"
