"""Re-anchoring every excerpt of a source when a new version replaces its text.

Four steps, strictest first; an excerpt is never attached to different words:

1. **Position**: the old and new texts are aligned line by line
   (``difflib`` on lines, cheap even for a million characters); an excerpt
   inside an unchanged run of lines moves with it (status ``anchored``).
2. **Quote**: the exact quote, where its prefix or suffix still surrounds it,
   or a long quote found exactly once (``anchored``).
3. **Quote, spacing ignored**: the same words with different line breaks or
   spaces, as in a reflowed text (``anchored``).
4. **Fuzzy**: a close match near where the passage should be, at least
   ``FUZZY_THRESHOLD`` similar and snapped to whole words (``changed``:
   the user must review it). Otherwise the excerpt is ``orphaned``.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from casefile.domain.anchoring import FUZZY_THRESHOLD, find_all

UNIQUE_QUOTE_LENGTH = 32  # a quote this long, found once, is the same passage
WINDOW = 20_000  # characters searched around the expected place before the whole text
_WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class Anchor:
    id: int
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Placement:
    id: int
    start: int
    end: int
    status: str  # "anchored", "changed", "orphaned"
    moved: bool = False


class LineMap:
    """Unchanged runs of lines between two texts, as character ranges."""

    def __init__(self, old: str, new: str) -> None:
        old_lines = old.splitlines(keepends=True)
        new_lines = new.splitlines(keepends=True)
        old_starts = _starts(old_lines)
        new_starts = _starts(new_lines)
        # autojunk: lines occurring very often (blank ones) would make the matcher quadratic
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=True)
        self.runs: list[tuple[int, int, int]] = []  # old start, old end, delta
        for block in matcher.get_matching_blocks():
            if block.size:
                begin = old_starts[block.a]
                finish = old_starts[block.a + block.size]
                self.runs.append((begin, finish, new_starts[block.b] - begin))
        self._begins = [r[0] for r in self.runs]

    def _run_before(self, offset: int) -> tuple[int, int, int] | None:
        index = bisect.bisect_right(self._begins, offset) - 1
        return self.runs[index] if index >= 0 else None

    def unchanged(self, start: int, end: int) -> int | None:
        """The shift of ``start:end`` if it lies inside one unchanged run."""
        run = self._run_before(start)
        if run is not None and end <= run[1]:
            return run[2]
        return None

    def estimate(self, offset: int) -> int:
        run = self._run_before(offset)
        return offset + run[2] if run is not None else offset


def _starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def reanchor_all(old: str, new: str, anchors: list[Anchor]) -> list[Placement]:
    lines = LineMap(old, new)
    return [_place(new, lines, a) for a in anchors]


def _place(new: str, lines: LineMap, anchor: Anchor) -> Placement:
    shift = lines.unchanged(anchor.start, anchor.end)
    if shift is not None:
        start = anchor.start + shift
        if new[start : start + len(anchor.exact)] == anchor.exact:
            return Placement(anchor.id, start, start + len(anchor.exact), "anchored", shift != 0)
    expected = lines.estimate(anchor.start)
    found = _by_quote(new, anchor, expected) or _by_words(new, anchor, expected)
    if found is not None:
        return Placement(anchor.id, *found, "anchored", found[0] != anchor.start)
    fuzzy = _fuzzy(new, anchor.exact, expected)
    if fuzzy is not None:
        return Placement(anchor.id, *fuzzy, "changed", True)
    return Placement(anchor.id, anchor.start, anchor.end, "orphaned", True)


def _by_quote(new: str, anchor: Anchor, expected: int) -> tuple[int, int] | None:
    size = len(anchor.exact)
    candidates = find_all(new, anchor.exact)
    if not candidates:
        return None

    def context(s: int) -> int:
        before = new[max(0, s - len(anchor.prefix)) : s] == anchor.prefix
        after = new[s + size : s + size + len(anchor.suffix)] == anchor.suffix
        return int(before) + int(after)

    scored = [(context(s), s) for s in candidates]
    best = max(score for score, _ in scored)
    pool = [s for score, s in scored if score == best]
    if best == 0 and not (len(candidates) == 1 and size >= UNIQUE_QUOTE_LENGTH):
        return None
    if best == 1 and (len(pool) > 1 or size < UNIQUE_QUOTE_LENGTH):
        return None  # several places half fit, or a few words half in context: no guess
    chosen = min(pool, key=lambda s: abs(s - expected))
    return chosen, chosen + size


def _by_words(new: str, anchor: Anchor, expected: int) -> tuple[int, int] | None:
    """The same words with other spacing (a reflowed text): line breaks do not count."""
    words = anchor.exact.split()
    if not words or (len(words) == 1 and anchor.exact == words[0]):
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    low = max(0, expected - WINDOW)
    hits = [m.span() for m in pattern.finditer(new, low, expected + WINDOW)]
    if not hits:
        hits = [m.span() for m in pattern.finditer(new)]
    if len(hits) == 1 and (
        len(anchor.exact) >= UNIQUE_QUOTE_LENGTH or _context_fits(new, anchor, hits[0])
    ):
        return hits[0]
    fitting = [h for h in hits if _context_fits(new, anchor, h)]
    if len(fitting) == 1:
        return fitting[0]
    return None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _context_fits(new: str, anchor: Anchor, span: tuple[int, int]) -> bool:
    prefix, suffix = _squash(anchor.prefix), _squash(anchor.suffix)
    before = _squash(new[max(0, span[0] - 2 * len(anchor.prefix) - 8) : span[0]])
    after = _squash(new[span[1] : span[1] + 2 * len(anchor.suffix) + 8])
    return bool(prefix or suffix) and before.endswith(prefix) and after.startswith(suffix)


def _fuzzy(new: str, exact: str, expected: int) -> tuple[int, int] | None:
    size = len(exact)
    if size < 8:
        return None  # short quotes match too much by chance
    window_start = max(0, expected - 2 * size - 200)
    window = new[window_start : expected + 3 * size + 200]
    begins, ends = _ends_by_head_and_tail(window, exact, expected - window_start)
    if not begins and not ends:  # both ends edited: ask difflib where the common runs are
        matcher = difflib.SequenceMatcher(None, window, exact, autojunk=False)
        blocks = sorted(matcher.get_matching_blocks(), key=lambda m: m.size, reverse=True)
        longest = [m for m in blocks[:3] if m.size >= 4]
        begins = list(dict.fromkeys(max(0, m.a - m.b) for m in longest))
        ends = list(dict.fromkeys(m.a + size - m.b for m in longest))
    begins = begins or [e - size for e in ends if e >= size]
    scorer = difflib.SequenceMatcher(None, autojunk=False)
    scorer.set_seq2(exact)  # indexed once, compared with each candidate
    best: tuple[float, int, int] | None = None
    for begin in begins:
        finishes = {begin + size, *(e for e in ends if 0.8 * size <= e - begin <= 1.25 * size)}
        for finish in sorted(finishes):
            span = _whole_words(window, begin, finish)
            scorer.set_seq1(window[span[0] : span[1]])
            if (
                scorer.real_quick_ratio() < FUZZY_THRESHOLD
                or scorer.quick_ratio() < FUZZY_THRESHOLD
            ):
                continue
            ratio = scorer.ratio()
            if best is None or ratio > best[0]:
                best = (ratio, *span)
    if best is None or best[0] < FUZZY_THRESHOLD:
        return None
    return window_start + best[1], window_start + best[2]


def _ends_by_head_and_tail(window: str, exact: str, near: int) -> tuple[list[int], list[int]]:
    """Where the quote's first and last words still stand (an edit inside it), nearest
    first: fast, where difflib over the whole window is slow for a long quote."""
    piece = min(24, len(exact) // 3)
    head, tail = exact[:piece], exact[-piece:]
    begins = find_all(window, head) if head.strip() else []
    ends = [e + piece for e in find_all(window, tail)] if tail.strip() else []
    begins.sort(key=lambda b: abs(b - near))
    ends.sort(key=lambda e: abs(e - near - len(exact)))
    return begins[:5], ends[:5]


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so that it neither starts nor ends inside a word; trim spaces."""
    end = min(end, len(text))
    while start > 0 and _WORD.match(text[start - 1]) and _WORD.match(text[start]):
        start -= 1
    while end < len(text) and end > 0 and _WORD.match(text[end - 1]) and _WORD.match(text[end]):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
