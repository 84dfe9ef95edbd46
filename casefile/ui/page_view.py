"""The page view: a paged source's pages, continuous, with its highlights on them.

Pages come from the render thread (:mod:`casefile.ui.page_render`) and are
cached; highlights are drawn over exactly the characters they cover, found
through the source's page map (``PageMap.rects``), in their tags' colours,
with a coding stripe per excerpt in the margin. Dragging the mouse selects
text (``PageMap.caret_at``); a click on a highlight selects its excerpt. The
selection and highlights are code-point offsets into the stored text, like
everywhere else, so the highlight actions work here as in the text view.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QWidget

from casefile.domain.pagemap import PageMap
from casefile.ui.highlights import Span
from casefile.ui.page_layout import MAX_ZOOM, MIN_ZOOM, PageLayout, PageSize
from casefile.ui.page_render import ImageCache, PageRenderer

STRIPE_WIDTH, STRIPE_GAP = 4.0, 2.0
HIGHLIGHT_ALPHA = 110
SELECTION = QColor(40, 110, 220, 90)


class PageView(QAbstractScrollArea):
    excerpt_clicked = Signal(int)
    page_changed = Signal(int)  # the page at the middle of the view (0-based)
    selection_changed = Signal()
    first_page_shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_view")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(False)
        self.renderer = PageRenderer(self)
        self.renderer.worker.opened.connect(self._opened)
        self.renderer.worker.rendered.connect(self._rendered)
        self.renderer.worker.failed.connect(self._failed)
        self.cache = ImageCache()
        self.layout_ = PageLayout([])
        self.labels: list[str] = []
        self.page_map: PageMap | None = None
        self.fit_width = True
        self.message = ""
        self._spans: dict[int, Span] = {}
        self._sorted: list[Span] = []
        self._starts: list[int] = []
        self._anchor: int | None = None
        self._caret: int | None = None
        self._requested: set[tuple[int, float]] = set()
        self._pending_offset: int | None = None
        self._pending_page: int | None = None
        self._current_page = -1
        self._first_shown = False
        self.context_target: int | None = None
        self.context_actions: object = None  # a callable(QMenu) set by the part
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())

    # -- the document ------------------------------------------------------------------
    def open_document(self, data: bytes, kind: str) -> None:
        """Open a PDF (``kind`` "pdf") or image source; pages appear as they render."""
        self.page_map = None
        self._pending_offset = self._pending_page = None
        self.cache.clear()
        self._requested.clear()
        self._first_shown = False
        self.message = "Opening…"
        self.layout_ = PageLayout([], viewport_width=self.viewport().width())
        self.labels = []
        self._anchor = self._caret = None
        self.renderer.open(data, kind)
        self._update_scrollbars()
        self.viewport().update()

    def clear(self, message: str = "") -> None:
        self.renderer.close()  # forget the old document and its pending pages
        self.cache.clear()
        self.layout_ = PageLayout([])
        self.labels = []
        self.page_map = None
        self._spans, self._sorted, self._starts = {}, [], []
        self._anchor = self._caret = None
        self.message = message
        self._update_scrollbars()
        self.viewport().update()

    def set_page_map(self, page_map: PageMap | None) -> None:
        self.page_map = page_map
        self._apply_pending()
        self.viewport().update()

    def _apply_pending(self) -> None:
        """A place asked for before the pages (or their map) were there."""
        if not self.page_count:
            return
        if self._pending_page is not None:
            page, self._pending_page = self._pending_page, None
            self.scroll_to_page(page)
        if self._pending_offset is not None and self.page_map is not None:
            offset, self._pending_offset = self._pending_offset, None
            self.scroll_to_offset(offset)

    def _opened(self, generation: int, sizes: list[PageSize], labels: list[str]) -> None:
        if generation != self.renderer.generation:
            return
        self.message = "" if sizes else "This document has no pages."
        self.layout_ = PageLayout(list(sizes), viewport_width=self.viewport().width())
        self.labels = list(labels)
        if self.fit_width:
            self._apply_zoom(self.layout_.fit_width_zoom(self.viewport().width()))
        self._update_scrollbars()
        self._apply_pending()
        self._scrolled()
        self.viewport().update()

    def _failed(self, generation: int, reason: str) -> None:
        if generation == self.renderer.generation:
            self.message = f"The pages cannot be shown ({reason}). The text view still works."
            self.viewport().update()

    def _rendered(self, generation: int, page: int, scale: float, image: object) -> None:
        if generation != self.renderer.generation:
            return
        self._requested.discard((page, scale))
        self.cache.put(page, scale, image)  # type: ignore[arg-type]
        if page == 0 and not self._first_shown:
            self._first_shown = True
            self.first_page_shown.emit()
        self.viewport().update()

    @property
    def page_count(self) -> int:
        return len(self.layout_.sizes)

    # -- highlights --------------------------------------------------------------------
    def set_spans(self, spans: list[Span]) -> None:
        self._spans = {s.excerpt_id: s for s in spans}
        self._resort()

    def update_spans(self, changed: dict[int, Span | None]) -> None:
        for excerpt_id, span in changed.items():
            self._spans.pop(excerpt_id, None)
            if span is not None:
                self._spans[excerpt_id] = span
        self._resort()

    def _resort(self) -> None:
        self._sorted = sorted(self._spans.values(), key=lambda s: (s.start, -s.end))
        self._starts = [s.start for s in self._sorted]
        self.viewport().update()

    def span_of(self, excerpt_id: int) -> Span | None:
        return self._spans.get(excerpt_id)

    def excerpt_at(self, position: int) -> int | None:
        covering = [
            s for s in self._sorted[: bisect_right(self._starts, position)] if s.end > position
        ]
        return min(covering, key=lambda s: s.end - s.start).excerpt_id if covering else None

    def exact_excerpt(self, start: int, end: int) -> int | None:
        index = bisect_left(self._starts, start)
        for span in self._sorted[index:]:
            if span.start != start:
                break
            if span.end == end and span.excerpt_id > 0:
                return span.excerpt_id
        return None

    def excerpt_under_cursor(self) -> int | None:
        span = self.selection_span()
        if span is None:
            return None
        return self.exact_excerpt(*span) or self.excerpt_at(span[0])

    # -- selection ---------------------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        if self._anchor is None or self._caret is None or self._anchor == self._caret:
            return None
        return (min(self._anchor, self._caret), max(self._anchor, self._caret))

    def select_span(self, start: int, end: int) -> None:
        """Select ``start:end`` and scroll it into view."""
        self._anchor, self._caret = start, end
        self.scroll_to_offset(start)
        self.selection_changed.emit()
        self.viewport().update()

    def clear_selection(self) -> None:
        self._anchor = self._caret = None
        self.selection_changed.emit()
        self.viewport().update()

    # -- position ----------------------------------------------------------------------
    def scroll_to_page(self, index: int, y_points: float = 0.0) -> None:
        if not self.page_count:
            self._pending_page = index
            return
        index = max(0, min(index, self.page_count - 1))
        rect = self.layout_.page_rect(index)
        self.verticalScrollBar().setValue(round(rect.top() + y_points * self.layout_.scale - 8))

    def scroll_to_offset(self, offset: int) -> None:
        """Show the line holding a code point near the top of the view."""
        if not self.page_count or self.page_map is None:
            self._pending_offset = offset
            return
        found = self.page_map.rects(offset, offset + 1)
        if found:
            page, box = found[0]
            if not self._visible_box(page, box):
                self.scroll_to_page(page, max(0.0, box[1] - 72))
        else:
            nearest = self.page_map.page_of(offset)
            if nearest is not None:
                self.scroll_to_page(nearest)

    def _visible_box(self, page: int, box: tuple[float, float, float, float]) -> bool:
        rect = self.layout_.box_rect(page, box)
        top = self.verticalScrollBar().value()
        return top <= rect.top() and rect.bottom() <= top + self.viewport().height()

    def top_offset(self) -> int | None:
        """The first character at the top of the view (to keep the place in text view)."""
        if self.page_map is None or not self.page_count:
            return None
        y = self.verticalScrollBar().value() + 1.0
        page = self.layout_.page_at(y)
        _x, y_points = self.layout_.to_page(page, QPointF(0, y))
        for run in self.page_map.runs_on(page):
            if run.bottom >= y_points:
                return run.start
        later = [r for p in range(page + 1, self.page_count) for r in self.page_map.runs_on(p)[:1]]
        return later[0].start if later else None

    def current_page(self) -> int:
        middle = self.verticalScrollBar().value() + self.viewport().height() / 3
        return self.layout_.page_at(middle)

    def _scrolled(self, _value: int = 0) -> None:
        page = self.current_page() if self.page_count else -1
        if page != self._current_page:
            self._current_page = page
            if page >= 0:
                self.page_changed.emit(page)
        self.viewport().update()

    # -- zoom --------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.layout_.zoom

    def set_zoom(self, zoom: float, fit_width: bool = False) -> None:
        self.fit_width = fit_width
        self._apply_zoom(max(MIN_ZOOM, min(MAX_ZOOM, zoom)))

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def zoom_fit_width(self) -> None:
        self.set_zoom(self.layout_.fit_width_zoom(self.viewport().width()), fit_width=True)

    def _apply_zoom(self, zoom: float) -> None:
        bar = self.verticalScrollBar()
        fraction = bar.value() / max(1.0, self.layout_.height)
        self.layout_.zoom = zoom
        self.layout_.viewport_width = self.viewport().width()
        self.layout_.relayout()
        self._requested.clear()
        self._update_scrollbars()
        bar.setValue(round(fraction * self.layout_.height))
        self.viewport().update()

    def _update_scrollbars(self) -> None:
        viewport = self.viewport()
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        vertical.setRange(0, max(0, round(self.layout_.height - viewport.height())))
        vertical.setPageStep(viewport.height())
        vertical.setSingleStep(40)
        horizontal.setRange(0, max(0, round(self.layout_.width - viewport.width())))
        horizontal.setPageStep(viewport.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_width and self.page_count:
            self._apply_zoom(self.layout_.fit_width_zoom(self.viewport().width()))
        else:
            self.layout_.viewport_width = self.viewport().width()
            self._update_scrollbars()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.1 if event.angleDelta().y() > 0 else 1 / 1.1)
            event.accept()
            return
        super().wheelEvent(event)

    # -- mouse -------------------------------------------------------------------------
    def _scroll_point(self, position: QPointF) -> QPointF:
        return QPointF(
            position.x() + self.horizontalScrollBar().value(),
            position.y() + self.verticalScrollBar().value(),
        )

    def caret_at(self, position: QPointF, nearest: bool = False) -> int | None:
        """The text position under a viewport point (between characters)."""
        if self.page_map is None or not self.page_count:
            return None
        point = self._scroll_point(position)
        page = self.layout_.page_at(point.y())
        x, y = self.layout_.to_page(page, point)
        finder = self.page_map.offset_at if nearest else self.page_map.caret_at
        return finder(page, x, y)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            caret = self.caret_at(event.position())
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._anchor is not None:
                self._caret = caret
            else:
                self._anchor = self._caret = caret
            self.selection_changed.emit()
            self.viewport().update()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self._anchor is not None:
            caret = self.caret_at(event.position())
            if caret is not None and caret != self._caret:
                self._caret = caret
                self.selection_changed.emit()
                self.viewport().update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            if self.selection_span() is None:
                offset = self.caret_at(event.position(), nearest=True)
                excerpt_id = self.excerpt_at(offset) if offset is not None else None
                if excerpt_id is not None and self._on_highlight(event.position(), excerpt_id):
                    self.excerpt_clicked.emit(excerpt_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _on_highlight(self, position: QPointF, excerpt_id: int) -> bool:
        """Whether the point is really on the excerpt's drawn rectangles (not beside them)."""
        span = self._spans.get(excerpt_id)
        if span is None or self.page_map is None:
            return False
        point = self._scroll_point(position)
        for page, box in self.page_map.rects(span.start, span.end):
            if self.layout_.box_rect(page, box).adjusted(-2, -2, 2, 2).contains(point):
                return True
        return False

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        offset = self.caret_at(QPointF(event.pos()), nearest=True)
        self.context_target = self.excerpt_at(offset) if offset is not None else None
        menu = QMenu(self)
        try:
            if callable(self.context_actions):
                self.context_actions(menu)
            if not menu.isEmpty():
                menu.exec(event.globalPos())
        finally:
            self.context_target = None
            menu.deleteLater()

    # -- painting ----------------------------------------------------------------------
    def render_scale(self) -> float:
        """Device pixels per point for the current zoom (rounded, to share the cache)."""
        return round(self.layout_.scale * self.devicePixelRatioF(), 3)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.palette().window().color().darker(112))
        if self.message and not self.page_count:
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            return
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        painter.translate(-dx, -dy)
        top, bottom = dy, dy + self.viewport().height()
        pages = self.layout_.visible(top, bottom)
        scale = self.render_scale()
        wanted: list[tuple[int, float]] = []
        for index in pages:
            rect = self.layout_.page_rect(index)
            image = self.cache.get(index, scale)
            if image is None:
                wanted.append((index, scale))
                image = self.cache.nearest(index)
            painter.fillRect(rect, Qt.GlobalColor.white)
            if image is not None:
                painter.drawImage(rect, image)
            self._paint_highlights(painter, index)
        if pages:  # the next page too, so scrolling on finds it ready
            following = pages[-1] + 1
            if following < self.page_count and self.cache.get(following, scale) is None:
                wanted.append((following, scale))
        new = [w for w in wanted if w not in self._requested]
        if new:
            self._requested.update(new)
            self.renderer.request(wanted)

    def _paint_highlights(self, painter: QPainter, page: int) -> None:
        page_map = self.page_map
        if page_map is None:
            return
        runs = page_map.runs_on(page)
        if not runs:
            return
        low, high = runs[0].start, runs[-1].end
        spans = [s for s in self._sorted[: bisect_left(self._starts, high)] if s.end > low]
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        lanes: list[float] = []  # bottom of the last stripe in each lane
        page_rect = self.layout_.page_rect(page)
        for span in spans:
            rects = [
                self.layout_.box_rect(p, box)
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
            x = page_rect.left() - STRIPE_GAP - (lane + 1) * (STRIPE_WIDTH + STRIPE_GAP)
            stripe = QColor(span.color)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.fillRect(QRectF(x, top, STRIPE_WIDTH, bottom - top), stripe)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        selection = self.selection_span()
        if selection is not None:
            for p, box in page_map.rects(*selection):
                if p == page:
                    painter.fillRect(self.layout_.box_rect(p, box), SELECTION)
        painter.restore()
