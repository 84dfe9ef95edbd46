"""Where each page sits in the page view's continuous scroll, at a zoom.

Pages are stacked top to bottom with a gap, each centred horizontally; the
left margin keeps room for the coding stripes. 100% zoom shows a point at
96/72 logical pixels (a page at its printed size on a 96-dpi screen).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

PageSize = tuple[float, float]
GAP = 14.0  # pixels between pages
STRIPES = 34.0  # pixels left of each page for coding stripes
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0
POINT = 96.0 / 72.0  # logical pixels per point at 100%


@dataclass
class PageLayout:
    sizes: list[PageSize]
    zoom: float = 1.0
    viewport_width: float = 800.0

    def __post_init__(self) -> None:
        self._tops: list[float] = []
        self.relayout()

    @property
    def scale(self) -> float:
        """Logical pixels per point."""
        return self.zoom * POINT

    def relayout(self) -> None:
        tops: list[float] = []
        y = GAP
        for _width, height in self.sizes:
            tops.append(y)
            y += height * self.scale + GAP
        self._tops = tops
        self.height = y

    @property
    def width(self) -> float:
        widest = max((w for w, _h in self.sizes), default=0.0)
        return widest * self.scale + 2 * STRIPES

    def fit_width_zoom(self, viewport_width: float) -> float:
        widest = max((w for w, _h in self.sizes), default=0.0)
        if widest <= 0:
            return 1.0
        zoom = (viewport_width - 2 * STRIPES - 4) / (widest * POINT)
        return max(MIN_ZOOM, min(MAX_ZOOM, zoom))

    def page_rect(self, index: int) -> QRectF:
        """The page's rectangle in scroll coordinates (logical pixels)."""
        width, height = self.sizes[index]
        w, h = width * self.scale, height * self.scale
        left = max(STRIPES, (max(self.viewport_width, self.width) - w) / 2)
        return QRectF(left, self._tops[index], w, h)

    def page_at(self, y: float) -> int:
        """The page at (or just above) height ``y``."""
        if not self.sizes:
            return 0
        return max(0, min(len(self.sizes) - 1, bisect_right(self._tops, y) - 1))

    def visible(self, top: float, bottom: float) -> range:
        """Pages that intersect the band [top, bottom)."""
        if not self.sizes:
            return range(0)
        first = self.page_at(top)
        last = self.page_at(bottom)
        return range(first, last + 1)

    def to_page(self, index: int, point: QPointF) -> tuple[float, float]:
        """A scroll-coordinate point -> (x, y) in the page's points."""
        rect = self.page_rect(index)
        return ((point.x() - rect.left()) / self.scale, (point.y() - rect.top()) / self.scale)

    def box_rect(self, index: int, box: tuple[float, float, float, float]) -> QRectF:
        """A box in page points -> a rectangle in scroll coordinates."""
        rect = self.page_rect(index)
        s = self.scale
        x0, y0, x1, y1 = box
        return QRectF(rect.left() + x0 * s, rect.top() + y0 * s, (x1 - x0) * s, (y1 - y0) * s)
