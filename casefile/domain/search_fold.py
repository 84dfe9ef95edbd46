"""Folding text the way the search index does, one code point at a time.

The index is SQLite FTS5's ``unicode61`` tokenizer with ``remove_diacritics
2``: it folds case (Latin, Cyrillic, Greek, ...) and strips diacritics from
Latin letters (``é`` → ``e``, but not ``ø``, Greek accents or Russian ``й``).
It does not equate ``ё`` with ``е``; the text we give the index has ``ё``
replaced (:func:`index_body`) and queries are folded the same way. The
folding of each letter is asked of SQLite itself once per process (about
0.1 s), so it cannot drift from the index; a test checks every letter of
the Basic Multilingual Plane.

Hits are found in the raw stored text with a regular expression whose
character classes hold every character that folds to the query's character,
so offsets come out as code points of the stored text, with no second copy.
"""

from __future__ import annotations

import re
from functools import cache

TOKENIZER = "unicode61 remove_diacritics 2"  # the index's (``storage/search_index``)
# scripts with case or diacritics; elsewhere a letter folds to its lower case, if one
_FOLDED_RANGES = ((0x0041, 0x02B0), (0x0370, 0x0590), (0x10A0, 0x1100), (0x13A0, 0x1400),
                  (0x1C80, 0x1CC0), (0x1E00, 0x2000), (0x2100, 0x2190), (0x24B6, 0x24EA),
                  (0x2C00, 0x2D30), (0xA640, 0xA6A0), (0xA720, 0xA800), (0xAB30, 0xABC0),
                  (0xFF21, 0xFF5B))  # fmt: skip


def index_body(text: str) -> str:
    """What the index is given for a text: the text with ``ё`` written ``е``."""
    return text.replace("ё", "е").replace("Ё", "Е")  # str.replace is far faster than translate


def fold_char(ch: str) -> str:
    """One code point, folded like the index folds it (always one code point)."""
    folded = _index_folding().get(ch)
    if folded is not None:
        return folded
    low = ch.lower()
    return low if len(low) == 1 else ch


@cache
def _index_folding() -> dict[str, str]:
    """What SQLite's own tokenizer makes of each letter of the scripts that have case
    or diacritics, asked once of an in-memory FTS5 table (no file, no network).

    Asking rather than re-implementing keeps queries and hits exactly in step
    with the index: its tables are an older Unicode's, fold ``ſ`` to ``s`` and
    ``ς`` to ``σ``, and strip only single diacritics (``Ǡ`` stays ``ǡ``)."""
    import sqlite3

    letters = [chr(c) for low, high in _FOLDED_RANGES for c in range(low, high)
               if chr(c).isalpha()]  # fmt: skip
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize='{TOKENIZER}')")
        connection.executemany(
            "INSERT INTO t(rowid, body) VALUES (?, ?)",
            [(i, index_body(f"q{letter}q")) for i, letter in enumerate(letters)],
        )
        connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
        stored = dict(connection.execute("SELECT doc, term FROM v"))
    finally:
        connection.close()
    table: dict[str, str] = {}
    for i, letter in enumerate(letters):
        term = stored.get(i, "")
        table[letter] = term[1] if len(term) == 3 else letter
    return table


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
