"""The one place where Qt's UTF-16 positions meet the core's code-point offsets.

Qt counts UTF-16 code units: a character outside the BMP (an emoji, a
Shavian letter, a rare CJK ideograph) is two units. The core counts code
points, as W3C Web Annotation and REFI-QDA require. Conversions are O(log n)
after one pass over the text, which matters for a 1,000,000-character source.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    def __init__(self, text: str) -> None:
        # code-point indices of astral characters (each takes two UTF-16 units)
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        # the same characters' positions in UTF-16 units
        self._astral_utf16 = [cp + n for n, cp in enumerate(self._astral)]
        self.length = len(text)

    def to_utf16(self, code_point: int) -> int:
        return code_point + bisect_left(self._astral, code_point)

    def to_code_point(self, utf16: int) -> int:
        """A position inside a surrogate pair rounds down to the character's start."""
        before = bisect_left(self._astral_utf16, utf16)  # astral characters starting earlier
        if before and self._astral_utf16[before - 1] + 1 == utf16:
            return self._astral[before - 1]
        return utf16 - before

    @property
    def utf16_length(self) -> int:
        return self.length + len(self._astral)
