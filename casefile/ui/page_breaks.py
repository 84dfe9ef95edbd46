"""Page breaks in the text view: a dashed rule and the page's label where each page starts.

The text of a PDF or a scan runs on across pages; the rule shows where page 2
(or "vii") begins, so a reader of the text still knows the page a passage is on.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from casefile.domain.text import Block, BlockKind

RULE = QColor(120, 120, 120)


def page_starts(blocks: list[Block]) -> list[tuple[int, str]]:
    """(code-point offset, label) where each page after the first begins."""
    pages = sorted((b for b in blocks if b.kind == BlockKind.PAGE), key=lambda b: b.start)
    return [(b.start, b.label) for b in pages[1:]]


def paint_page_breaks(
    view: QPlainTextEdit, starts: list[tuple[int, str]], to_utf16: object
) -> None:
    """Draw on the view's viewport (call from its paintEvent, after the text)."""
    if not starts:
        return
    viewport = view.viewport()
    height = viewport.height()
    painter = QPainter(viewport)
    pen = QPen(RULE)
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    font = painter.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
    painter.setFont(font)
    cursor = QTextCursor(view.document())
    for start, label in starts:
        cursor.setPosition(to_utf16(start))  # type: ignore[operator]
        top = view.cursorRect(cursor).top() - 3
        if top < -20:
            continue
        if top > height + 20:
            break
        painter.drawLine(QPointF(0, top), QPointF(viewport.width(), top))
        text = f"p. {label}"
        width = painter.fontMetrics().horizontalAdvance(text)
        painter.drawText(QPointF(viewport.width() - width - 8, top - 3), text)
    painter.end()
