"""The one place where Python offsets (code points) and Qt positions (UTF-16 units) meet.

Characters outside the Basic Multilingual Plane (emoji, some CJK, math letters) are one code
point in Python and two UTF-16 units in Qt; every other character is one of each. The map keeps
the sorted code-point indices of those characters and converts with a binary search, so the
common all-BMP article costs nothing.
"""

from __future__ import annotations

from bisect import bisect_left


class OffsetMap:
    __slots__ = ("_astral", "_length")

    def __init__(self, text: str):
        self._length = len(text)
        # fast path: a UTF-16 encoding as long as the text means no surrogate pairs
        if text.isascii() or len(text.encode("utf-16-le")) == 2 * len(text):
            self._astral: list[int] = []
        else:
            self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_qt(self, offset: int) -> int:
        """Code-point offset -> UTF-16 position."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def to_py(self, position: int) -> int:
        """UTF-16 position -> code-point offset (a position inside a pair rounds down)."""
        if not self._astral:
            return position
        lo, hi = 0, self._length
        while lo < hi:  # largest offset whose Qt position is <= position
            mid = (lo + hi + 1) // 2
            if self.to_qt(mid) <= position:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)
