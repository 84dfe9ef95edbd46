"""Where each character of a text sits on the pages the typesetter made.

The same shape as the page map of an imported PDF (CONTRACTS §1): runs of one
line, a left and right edge per code point, boxes in points with the origin at
the top left of the page. Highlights and bundle pinpoints read either.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Protocol

Box = tuple[float, float, float, float]  # x0, y0, x1, y1; origin top-left, y downwards


class BoxSource(Protocol):
    """Anything that answers where characters are: these boxes, or an import's page map."""

    def rects(self, start: int, end: int) -> list[tuple[int, Box]]: ...

    def page_of(self, offset: int) -> int | None: ...


@dataclass(frozen=True, slots=True)
class Run:
    start: int
    page: int
    top: float
    bottom: float
    lefts: tuple[float, ...]
    rights: tuple[float, ...]

    @property
    def end(self) -> int:
        return self.start + len(self.lefts)


class CharBoxes:
    """Runs sorted by ``start``; characters outside every run (line breaks) have no box."""

    def __init__(self, runs: list[Run]) -> None:
        self.runs = sorted(runs, key=lambda r: r.start)
        self._starts = [r.start for r in self.runs]

    def _first_run(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def rects(self, start: int, end: int) -> list[tuple[int, Box]]:
        """One (page, box) per line piece covering ``[start, end)``."""
        found: list[tuple[int, Box]] = []
        for run in self.runs[self._first_run(start) :]:
            if run.start >= end:
                break
            lo, hi = max(start, run.start), min(end, run.end)
            if lo >= hi:
                continue
            left = run.lefts[lo - run.start]
            right = run.rights[hi - 1 - run.start]
            found.append((run.page, (left, run.top, right, run.bottom)))
        return found

    def page_of(self, offset: int) -> int | None:
        if not self.runs:
            return None
        index = self._first_run(offset)
        run = self.runs[index]
        if offset >= run.end and index + 1 < len(self.runs) and run.start > offset:
            run = self.runs[index + 1]
        return run.page

    def shifted(self, pages: int) -> CharBoxes:
        """The same boxes with every page index moved by ``pages``."""
        return CharBoxes(
            [Run(r.start, r.page + pages, r.top, r.bottom, r.lefts, r.rights) for r in self.runs]
        )
