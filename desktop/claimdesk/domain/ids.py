"""Stable identifiers, identical on every machine so databases and label files can be merged.

An article's id comes from its normalised text, a claim's from its article and offsets, a
story's from its name. Autoincrement ids never leave the database.
"""

import hashlib


def _digest(*parts: str, length: int = 16) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")  # unit separator: ("ab", "c") and ("a", "bc") differ
    return h.hexdigest()[:length]


def article_id(normalised_text: str) -> str:
    return "a" + _digest(normalised_text)


def claim_id(article: str, start: int, end: int) -> str:
    return "c" + _digest(article, str(start), str(end))


def story_id(name: str) -> str:
    return "s" + _digest(name.strip().casefold(), length=12)


def content_hash(data: bytes) -> str:
    """Hash of the original bytes, kept for provenance."""
    return hashlib.sha256(data).hexdigest()
