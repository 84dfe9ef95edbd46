"""Anchoring an excerpt to a source's text by position *and* quote.

Offsets are Unicode code points into the stored text (W3C Web Annotation
TextPositionSelector, REFI-QDA PlainTextSelection). Python ``str`` indexes
code points, so slicing the stored text with them gives the quote back.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from casefile.domain.errors import InvalidInput

CONTEXT = 32  # characters of prefix/suffix, as in W3C TextQuoteSelector practice
FUZZY_THRESHOLD = 0.9  # strict: a wrong anchor is worse than an orphan


@dataclass(frozen=True, slots=True)
class TextQuote:
    exact: str
    prefix: str
    suffix: str


def check_span(text: str, start: int, end: int) -> None:
    if not (0 <= start < end <= len(text)):
        raise InvalidInput(
            f"the span {start}–{end} is not inside the text (0–{len(text)}) or is empty"
        )


def quote_at(text: str, start: int, end: int, context: int = CONTEXT) -> TextQuote:
    """The quote selector for ``text[start:end]``."""
    check_span(text, start, end)
    return TextQuote(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def find_all(text: str, needle: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``needle``."""
    if not needle:
        return []
    found: list[int] = []
    position = text.find(needle)
    while position != -1:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


# Characters a typed quote may use in place of what the document has: straight and
# typographic quotation marks, the dashes, and any run of white space.
_SINGLE_QUOTES = "'‘’‚‛′ʼ‹›"
_DOUBLE_QUOTES = '"“”„‟″«»'
_DASHES = "-‐‑‒–—―−⁃﹘﹣－"
_CLASSES = {
    **{c: "[" + re.escape(_SINGLE_QUOTES) + "]" for c in _SINGLE_QUOTES},
    **{c: "[" + re.escape(_DOUBLE_QUOTES) + "]" for c in _DOUBLE_QUOTES},
    **{c: "[" + re.escape(_DASHES) + "]" for c in _DASHES},
}
_SPACE_RUN = re.compile(r"\s+")


def quote_pattern(quote: str) -> re.Pattern[str]:
    """A pattern that finds ``quote`` as a person would type it.

    Straight and typographic quotation marks are equal (' ‘ ’ ‚ ‛ ′ ʼ ‹ › and
    " “ ” „ ‟ ″ « »), so are the dashes (- ‐ ‑ ‒ – — ― − and kin), and any run of
    white space (spaces, line breaks, no-break spaces) equals any other run.
    Leading and trailing white space of the quote is ignored. Everything else,
    letter case included, must match exactly.
    """
    parts: list[str] = []
    for index, chunk in enumerate(_SPACE_RUN.split(quote.strip())):
        if index:
            parts.append(r"\s+")
        parts.extend(_CLASSES.get(c) or re.escape(c) for c in chunk)
    return re.compile("".join(parts))


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (possibly overlapping) span of ``text`` matching ``quote`` by the rules of
    :func:`quote_pattern`, as code-point offsets; ``text[start:end]`` is what the
    document says, which is what an excerpt stores."""
    if not quote.strip():
        return []
    pattern = re.compile(f"(?=({quote_pattern(quote).pattern}))")
    return [(m.start(1), m.end(1)) for m in pattern.finditer(text)]


def locate_quote(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """The span of ``quote`` in ``text``, matched as :func:`find_quote` does.

    ``occurrence`` counts from 1. Without it the quote must occur exactly once;
    otherwise the error says how often it occurs, so the user can choose.
    """
    if not quote.strip():
        raise InvalidInput("the quote is empty")
    spans = find_quote(text, quote)
    if not spans:
        raise InvalidInput(f"the quote {_short(quote)} does not occur in the text")
    if occurrence is None:
        if len(spans) > 1:
            raise InvalidInput(
                f"the quote {_short(quote)} occurs {len(spans)} times; "
                "say which with --occurrence N"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(spans):
        raise InvalidInput(
            f"the quote {_short(quote)} occurs {len(spans)} time(s); "
            f"there is no occurrence {occurrence}"
        )
    return spans[occurrence - 1]


def reanchor(text: str, start: int, end: int, quote: TextQuote) -> tuple[int, int] | None:
    """Find an excerpt again after the text changed, or return None (orphaned).

    Tries the stored position, then the exact quote with its context, then the
    exact quote alone if unique, then a strict fuzzy match near the old place.
    """
    if text[start:end] == quote.exact:
        return start, end
    candidates = find_all(text, quote.exact)
    if candidates:
        with_context = [
            s
            for s in candidates
            if text[max(0, s - len(quote.prefix)) : s] == quote.prefix
            and text[s + len(quote.exact) : s + len(quote.exact) + len(quote.suffix)]
            == quote.suffix
        ]
        pool = with_context or candidates
        if len(pool) == 1 or with_context:
            best = min(pool, key=lambda s: abs(s - start))
            return best, best + len(quote.exact)
        return None  # several equally good places: do not guess
    return _fuzzy(text, start, quote)


def _fuzzy(text: str, start: int, quote: TextQuote) -> tuple[int, int] | None:
    length = len(quote.exact)
    if length < 8:
        return None  # short quotes match too much by chance
    window_start = max(0, start - 4 * length - 200)
    window = text[window_start : start + 5 * length + 200]
    matcher = difflib.SequenceMatcher(None, window, quote.exact, autojunk=False)
    best: tuple[float, int, int] | None = None
    for block in matcher.get_matching_blocks():
        if block.size == 0:
            continue
        begin = max(0, block.a - block.b)
        for size in (length - 1, length, length + 1):
            candidate = window[begin : begin + size]
            ratio = difflib.SequenceMatcher(None, candidate, quote.exact, autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, begin, begin + size)
    if best and best[0] >= FUZZY_THRESHOLD:
        return window_start + best[1], window_start + best[2]
    return None


def _short(quote: str) -> str:
    return repr(quote if len(quote) <= 60 else quote[:57] + "...")
