"""Which colour each stretch of text gets: excerpts swept into non-overlapping segments."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor


@dataclass(frozen=True, slots=True)
class Span:
    excerpt_id: int
    start: int  # code points
    end: int
    color: str  # the colour of the excerpt's first tag


def tint(color: str, strength: float = 0.45) -> QColor:
    """A tag colour mixed with white, so text stays readable on it."""
    base = QColor(color)
    mix = strength
    return QColor(
        round(255 * (1 - mix) + base.red() * mix),
        round(255 * (1 - mix) + base.green() * mix),
        round(255 * (1 - mix) + base.blue() * mix),
    )


def blend(colors: list[str]) -> QColor:
    """Overlapping excerpts: the average of their tints, a little darker, so overlaps show."""
    tints = [tint(c, 0.55) for c in colors]
    n = len(tints)
    return QColor(
        sum(t.red() for t in tints) // n,
        sum(t.green() for t in tints) // n,
        sum(t.blue() for t in tints) // n,
    ).darker(108)


def segments(
    spans: list[Span], lo: int = 0, hi: int | None = None
) -> list[tuple[int, int, list[str]]]:
    """Cut ``spans`` into stretches covered by the same excerpts: (start, end, colours).

    ``spans`` must be sorted by start. Without overlaps (the usual case) they are the
    segments already, and a linear pass suffices.
    """
    end_of_previous = -1
    for span in spans:
        if span.start < end_of_previous:
            break
        end_of_previous = span.end
    else:
        top = hi if hi is not None else end_of_previous
        return [
            (max(sp.start, lo), min(sp.end, top), [sp.color])
            for sp in spans
            if max(sp.start, lo) < min(sp.end, top)
        ]
    events: list[tuple[int, int, int]] = []
    for index, span in enumerate(spans):
        start, end = max(span.start, lo), span.end if hi is None else min(span.end, hi)
        if start < end:
            events.append((start, 1, index))
            events.append((end, -1, index))
    events.sort(key=lambda e: (e[0], e[1]))
    active: dict[int, str] = {}
    result: list[tuple[int, int, list[str]]] = []
    position = None
    for offset, kind, index in events:
        if position is not None and offset > position and active:
            result.append((position, offset, list(active.values())))
        position = offset
        if kind == 1:
            active[index] = spans[index].color
        else:
            active.pop(index, None)
    return result
