"""The margin beside the text: paragraph numbers (the ones pinpoints cite) and coding
stripes, one lane per tag colour; hovering a stripe names the excerpt, clicking selects it.

Only what is on screen is measured: the visible excerpts are found by bisection
over the sorted spans, so a source with 10,000 excerpts costs a few dozen rects.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QTextCursor
from PySide6.QtWidgets import QToolTip, QWidget

from casefile.domain.text import BlockKind

if TYPE_CHECKING:
    from casefile.ui.document_view import DocumentView

NUMBER_WIDTH = 34
LANE = 5
MAX_LANES = 6


class Margin(QWidget):
    excerpt_clicked = Signal(int)

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.view = view
        self.setMouseTracking(True)
        self.setAccessibleName("Paragraph numbers and coding stripes")

    def width_needed(self) -> int:
        return NUMBER_WIDTH + MAX_LANES * LANE + 6

    def sizeHint(self) -> QSize:
        return QSize(self.width_needed(), 0)

    # -- what is visible --------------------------------------------------------------------
    def _visible_range(self) -> tuple[int, int]:
        """Code points of the first and past the last paragraph on screen."""
        view = self.view
        block = view.firstVisibleBlock()
        first = block.position()
        offset, height = view.contentOffset(), view.viewport().height()
        last = block
        while (
            block.isValid() and view.blockBoundingGeometry(block).translated(offset).top() < height
        ):
            last, block = block, block.next()
        to_cp = view.offsets.to_code_point
        return to_cp(first), to_cp(last.position() + last.length()) + 1

    def _y_range(self, start: int, end: int) -> tuple[int, int]:
        view = self.view
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_utf16(start))
        top = view.cursorRect(cursor).top()
        cursor.setPosition(view.offsets.to_utf16(max(start, end - 1)))
        bottom = view.cursorRect(cursor).bottom()
        return top, bottom

    def stripes(self) -> list[tuple[QRect, int, str]]:
        """(rectangle, excerpt id, colour) of each stripe on screen."""
        view = self.view
        spans = view._sorted
        if not spans:
            return []
        low, high = self._visible_range()
        starts = view._starts
        candidates = spans[: bisect_right(starts, high)]
        visible = [s for s in candidates if s.end > low][-400:]
        lanes = view.lanes  # one lane per colour, fixed while scrolling
        found = []
        for span in visible:
            lane = lanes.setdefault(span.color, len(lanes) % MAX_LANES)
            top, bottom = self._y_range(max(span.start, low), min(span.end, high))
            x = NUMBER_WIDTH + 2 + lane * LANE
            found.append(
                (QRect(x, top, LANE - 1, max(2, bottom - top)), span.excerpt_id, span.color)
            )
        return found

    # -- painting and mouse ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        view = self.view
        low, high = self._visible_range()
        painter.setPen(QColor("#8a8a8a"))
        font = painter.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        for block in view._blocks.overlapping(BlockKind.PARAGRAPH, low, high):
            if block.label and block.start >= low:
                top, _bottom = self._y_range(block.start, block.start + 1)
                painter.drawText(
                    QRect(0, top, NUMBER_WIDTH - 4, view.fontMetrics().height()),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                    block.label,
                )
        for rect, _excerpt, color in self.stripes():
            painter.fillRect(rect, QColor(color))
        painter.end()

    def excerpt_at(self, point: QPoint) -> int | None:
        hits = [e for rect, e, _c in self.stripes() if rect.adjusted(-1, 0, 1, 0).contains(point)]
        return hits[-1] if hits else None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        excerpt_id = self.excerpt_at(event.position().toPoint())
        if excerpt_id is not None and event.button() == Qt.MouseButton.LeftButton:
            self.excerpt_clicked.emit(excerpt_id)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            excerpt_id = self.excerpt_at(event.pos())
            span = self.view.span_of(excerpt_id) if excerpt_id is not None else None
            if span is not None:
                words = " ".join(self.view.toPlainText()[span.start : span.end].split())
                if len(words) > 140:
                    words = words[:139] + "…"
                QToolTip.showText(event.globalPos(), f"Excerpt {excerpt_id}: “{words}”", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
