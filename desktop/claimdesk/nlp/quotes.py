"""Quotation marks: is a quotation left open, and does a text contain one."""

import re

_QUOTE = re.compile('["“”«»„]')


def has_open_quote(text: str) -> bool:
    """True when text opens a quotation it does not close."""
    count = text.count
    opened = count("“") + count("«") + count("„")
    return opened > count("”") + count("»") or count('"') % 2 == 1


def has_quote(text: str) -> bool:
    return _QUOTE.search(text) is not None
