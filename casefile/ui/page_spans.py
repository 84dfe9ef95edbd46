"""The excerpts shown on a source's pages, indexed by start (code points)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from casefile.ui.highlights import Span


class SpanIndex:
    def __init__(self) -> None:
        self._spans: dict[int, Span] = {}
        self.sorted: list[Span] = []
        self._starts: list[int] = []

    def set(self, spans: list[Span]) -> None:
        self._spans = {s.excerpt_id: s for s in spans}
        self._resort()

    def update(self, changed: dict[int, Span | None]) -> None:
        for excerpt_id, span in changed.items():
            self._spans.pop(excerpt_id, None)
            if span is not None:
                self._spans[excerpt_id] = span
        self._resort()

    def _resort(self) -> None:
        self.sorted = sorted(self._spans.values(), key=lambda s: (s.start, -s.end))
        self._starts = [s.start for s in self.sorted]

    def get(self, excerpt_id: int) -> Span | None:
        return self._spans.get(excerpt_id)

    def between(self, low: int, high: int) -> list[Span]:
        """Spans overlapping ``[low, high)``, sorted by start."""
        return [s for s in self.sorted[: bisect_left(self._starts, high)] if s.end > low]

    def at(self, position: int) -> int | None:
        """The innermost excerpt covering a code point."""
        covering = [
            s for s in self.sorted[: bisect_right(self._starts, position)] if s.end > position
        ]
        return min(covering, key=lambda s: s.end - s.start).excerpt_id if covering else None

    def exact(self, start: int, end: int) -> int | None:
        """A stored excerpt covering exactly ``start:end``."""
        for span in self.sorted[bisect_left(self._starts, start) :]:
            if span.start != start:
                break
            if span.end == end and span.excerpt_id > 0:
                return span.excerpt_id
        return None

    def clear(self) -> None:
        self.set([])
