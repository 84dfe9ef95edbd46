"""Folding text the way the search index does, one code point at a time.

The index is SQLite FTS5's ``unicode61`` tokenizer with ``remove_diacritics
2``: it folds case (Latin, Cyrillic, Greek, ...) and strips diacritics from
Latin letters (``é`` → ``e``, but not ``ø``, Greek accents or Russian ``й``).
It does not equate ``ё`` with ``е``; the text we give the index has ``ё``
replaced (:func:`index_body`) and queries are folded the same way.

Hits are found in the raw stored text with a regular expression whose
character classes hold every character that folds to the query's character,
so offsets come out as code points of the stored text, with no second copy.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_FOLDED_RANGES = ((0x0000, 0x0250), (0x0370, 0x0530), (0x1E00, 0x2000), (0x2100, 0x2190),
                  (0x24B6, 0x24EA), (0xFF21, 0xFF5B))  # fmt: skip


def index_body(text: str) -> str:
    """What the index is given for a text: the text with ``ё`` written ``е``."""
    return text.replace("ё", "е").replace("Ё", "Е")  # str.replace is far faster than translate


def fold_char(ch: str) -> str:
    """One code point, folded like the index folds it (always one code point)."""
    if ch in "ёЁ":
        return "е"
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if ord(low) < 0x0250 or 0x1E00 <= ord(low) < 0x1F00:
        decomposed = unicodedata.normalize("NFD", low)
        if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
            low = decomposed[0]
    return low


def fold(text: str) -> str:
    return "".join(fold_char(c) for c in text)


def has_hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" or "\u1100" <= c <= "\u11ff" for c in text)


@cache
def _variants() -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for low, high in _FOLDED_RANGES:
        for point in range(low, high):
            ch = chr(point)
            folded = fold_char(ch)
            if folded != ch:
                found.setdefault(folded, []).append(ch)
    return {k: "".join(v) for k, v in found.items()}


@cache
def char_class(folded: str) -> str:
    """A regex matching every raw character that folds to ``folded``."""
    others = _variants().get(folded, "")
    if not others:
        return re.escape(folded)
    return "[" + "".join(re.escape(c) for c in folded + others) + "]"
