"""Drawing highlights on a page: the words' rectangles in the tag colour, a stripe per
excerpt in the margin (overlapping excerpts get lanes side by side), the selection."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from casefile.domain.pagemap import PageMap
from casefile.ui.highlights import Span
from casefile.ui.page_layout import PageLayout

STRIPE_WIDTH, STRIPE_GAP = 4.0, 2.0
HIGHLIGHT_ALPHA = 110
SELECTION = QColor(40, 110, 220, 90)


def paint_highlights(
    painter: QPainter,
    layout: PageLayout,
    page_map: PageMap,
    page: int,
    spans: list[Span],
    selection: tuple[int, int] | None,
) -> None:
    """``spans``: the excerpts that may touch this page, sorted by start."""
    runs = page_map.runs_on(page)
    if not runs:
        return
    low, high = runs[0].start, runs[-1].end
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    multiply = QPainter.CompositionMode.CompositionMode_Multiply
    painter.setCompositionMode(multiply)
    lanes: list[float] = []  # the bottom of the last stripe in each lane
    left = layout.page_rect(page).left()
    for span in spans:
        rects = [
            layout.box_rect(p, box)
            for p, box in page_map.rects(max(span.start, low), min(span.end, high))
            if p == page
        ]
        if not rects:
            continue
        color = QColor(span.color)
        color.setAlpha(HIGHLIGHT_ALPHA)
        for rect in rects:
            painter.fillRect(rect, color)
        top = min(r.top() for r in rects)
        bottom = max(r.bottom() for r in rects)
        lane = next((i for i, end in enumerate(lanes) if end < top), None)
        if lane is None:
            lane = len(lanes)
            lanes.append(bottom)
        else:
            lanes[lane] = bottom
        x = left - STRIPE_GAP - (lane + 1) * (STRIPE_WIDTH + STRIPE_GAP)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.fillRect(QRectF(x, top, STRIPE_WIDTH, bottom - top), QColor(span.color))
        painter.setCompositionMode(multiply)
    if selection is not None:
        for p, box in page_map.rects(*selection):
            if p == page:
                painter.fillRect(layout.box_rect(p, box), SELECTION)
    painter.restore()
