"""The source text, readable, with every excerpt highlighted in its tag's colour."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from casefile.domain.pinpoint import BlockIndex
from casefile.domain.text import Block
from casefile.ui.highlights import Span, blend, segments, tint
from casefile.ui.offsets import OffsetMap

FONT_FAMILIES = [
    "Noto Serif",
    "DejaVu Serif",
    "Liberation Serif",
    "NanumMyeongjo",
    "NanumGothic",
    "Noto Sans CJK KR",
    "Malgun Gothic",
]


class DocumentView(QPlainTextEdit):
    excerpt_clicked = Signal(int)
    pinpoint_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFont()
        font.setFamilies(FONT_FAMILIES)
        font.setPointSize(12)
        self.setFont(font)
        self.document().setDocumentMargin(24)
        self.setCenterOnScroll(False)
        self.offsets = OffsetMap("")
        self._spans: dict[int, Span] = {}
        self._sorted: list[Span] = []
        self._blocks = BlockIndex([])
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}
        self.context_actions: Callable[[QMenu], None] | None = None
        self.context_target: int | None = None  # the highlight under the mouse, menu open
        self.setTabChangesFocus(True)  # Tab leaves the text: no keyboard trap
        self.setAccessibleName("Document text")
        self.cursorPositionChanged.connect(self._report_pinpoint)

    # -- content -------------------------------------------------------------
    def show_source(self, text: str, spans: list[Span], blocks: list[Block] | None = None) -> None:
        """Show a source; ``blocks`` (for the pinpoint under the cursor) may come later."""
        self.offsets = OffsetMap(text)
        self._blocks = BlockIndex(blocks or [])
        self.setPlainText(text)
        self.set_spans(spans)

    def set_blocks(self, blocks: list[Block]) -> None:
        self._blocks = BlockIndex(blocks)
        self._report_pinpoint()

    def clear_source(self) -> None:
        self.offsets = OffsetMap("")
        self._spans = {}
        self._sorted = []
        self.setPlainText("")

    def set_spans(self, spans: list[Span]) -> None:
        """Repaint every highlight (after opening a source, or a tag's colour changed)."""
        self._spans = {s.excerpt_id: s for s in spans}
        self._resort()
        self._paint(0, self.offsets.length)

    def update_spans(self, changed: dict[int, Span | None]) -> None:
        """Repaint only where excerpts appeared, moved or went away (``None``)."""
        ranges = []
        for excerpt_id, span in changed.items():
            old = self._spans.pop(excerpt_id, None)
            if old:
                ranges.append((old.start, old.end))
            if span is not None:
                self._spans[excerpt_id] = span
                ranges.append((span.start, span.end))
        self._resort()
        for start, end in ranges:
            self._paint(start, end)

    def _resort(self) -> None:
        self._sorted = sorted(self._spans.values(), key=lambda s: (s.start, -s.end))

    def _format(self, colors: list[str]) -> QTextCharFormat:
        key = tuple(sorted(colors))
        if key not in self._formats:
            fmt = QTextCharFormat()
            if not colors:
                fmt.clearBackground()
                fmt.setFontUnderline(False)
            elif len(colors) == 1:
                fmt.setBackground(tint(colors[0]))
                fmt.setFontUnderline(False)
            else:
                fmt.setBackground(blend(colors))
                fmt.setFontUnderline(True)
                fmt.setUnderlineColor(tint(colors[-1], 1.0).darker(150))
            self._formats[key] = fmt
        return self._formats[key]

    def _paint(self, start: int, end: int) -> None:
        if end <= start:
            return
        spans = [s for s in self._sorted if s.start < end and s.end > start]
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        to16 = self.offsets.to_utf16
        cursor.setPosition(to16(start))
        cursor.setPosition(to16(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(self._format([]))  # wipe, then lay the highlights on again
        for seg_start, seg_end, colors in segments(spans, start, end):
            cursor.setPosition(to16(seg_start))
            cursor.setPosition(to16(seg_end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(self._format(colors))
        cursor.endEditBlock()

    # -- positions in code points -------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.to_code_point(cursor.selectionStart())
        end = self.offsets.to_code_point(cursor.selectionEnd())
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    def excerpt_at(self, position: int) -> int | None:
        """The innermost excerpt covering a code-point position."""
        candidates = self._sorted[: bisect_right([s.start for s in self._sorted], position)]
        covering = [s for s in candidates if s.start <= position < s.end]
        return min(covering, key=lambda s: s.end - s.start).excerpt_id if covering else None

    def exact_excerpt(self, start: int, end: int) -> int | None:
        """An excerpt covering exactly ``start:end``, if there is one."""
        for span in self._sorted:
            if span.start == start and span.end == end and span.excerpt_id > 0:
                return span.excerpt_id
            if span.start > start:
                break
        return None

    def excerpt_under_cursor(self) -> int | None:
        """The highlight the text cursor is on (a selection equal to one counts)."""
        span = self.selection_span()
        if span is not None:
            exact = self.exact_excerpt(*span)
            if exact is not None:
                return exact
            return self.excerpt_at(span[0])
        return self.excerpt_at(self.offsets.to_code_point(self.textCursor().position()))

    def span_of(self, excerpt_id: int) -> Span | None:
        return self._spans.get(excerpt_id)

    def find_text(self, query: str, backward: bool = False) -> bool:
        if not query:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if self.find(query, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self.setTextCursor(cursor)
        return self.find(query, flags)

    # -- events ----------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.offsets.to_code_point(
                self.cursorForPosition(event.position().toPoint()).position()
            )
            excerpt_id = self.excerpt_at(position)
            if excerpt_id is not None:
                self.excerpt_clicked.emit(excerpt_id)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        position = self.offsets.to_code_point(self.cursorForPosition(event.pos()).position())
        self.context_target = self.excerpt_at(position)  # the actions act on this one
        try:
            if self.context_actions is not None:
                menu.addSeparator()
                self.context_actions(menu)
            menu.exec(event.globalPos())
        finally:
            self.context_target = None
            menu.deleteLater()

    def _report_pinpoint(self) -> None:
        position = self.offsets.to_code_point(self.textCursor().position())
        self.pinpoint_changed.emit(self._blocks.pinpoint(position, position + 1))
