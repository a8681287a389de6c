"""One canonical form for article text.

Claim offsets and article ids are computed on this form, so it must be stable: applying it
twice changes nothing (tested with hypothesis).
"""

import re
import unicodedata

_BOM = "\ufeff"
_LINE_ENDS = re.compile(r"\r\n?")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """NFC, \\n line ends, no BOMs, no trailing spaces, paragraphs separated by one blank line."""
    text = text.replace(_BOM, "")
    text = _LINE_ENDS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    # str.rstrip, not a regex: it knows every Unicode space (no-break, ideographic...).
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()
