"""Quotation marks: is a quotation left open, and does a text contain one."""

_OPENING = "“«„"
_CLOSING = "”»"


def has_open_quote(text: str) -> bool:
    """True when text opens a quotation it does not close."""
    curly_open = sum(text.count(c) for c in _OPENING)
    curly_close = sum(text.count(c) for c in _CLOSING)
    return curly_open > curly_close or text.count('"') % 2 == 1


def has_quote(text: str) -> bool:
    return any(c in text for c in '"“”«»„')
