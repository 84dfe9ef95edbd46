"""The source text, readable, with every excerpt highlighted in its tag's colour."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from casefile.domain.pinpoint import BlockIndex
from casefile.domain.text import Block, BlockKind
from casefile.ui.highlights import Span, blend, segments, tint
from casefile.ui.offsets import OffsetMap
from casefile.ui.page_breaks import page_starts, paint_page_breaks

MAX_LANES = 6

FONT_FAMILIES = [
    "Noto Serif",
    "DejaVu Serif",
    "Liberation Serif",
    "NanumMyeongjo",
    "NanumGothic",
    "Noto Sans CJK KR",
    "Malgun Gothic",
]


def _order(span: Span) -> tuple[int, int]:
    return span.start, -span.end


class DocumentView(QPlainTextEdit):
    excerpt_clicked = Signal(int)
    pinpoint_changed = Signal(str)
    adjusted = Signal(int, int, int)  # excerpt id, new start, new end (code points)
    adjusting_changed = Signal(object)  # the excerpt being adjusted, or None

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
        self._page_starts: list[tuple[int, str]] = []  # drawn as page breaks
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}
        self.context_actions: Callable[[QMenu], None] | None = None
        self.context_target: int | None = None  # the highlight under the mouse, menu open
        self.setTabChangesFocus(True)  # Tab leaves the text: no keyboard trap
        self.setAccessibleName("Document text")
        self.cursorPositionChanged.connect(self._report_pinpoint)
        self._starts: list[int] = []
        self.lanes: dict[str, int] = {}
        self.adjusting: int | None = None
        from casefile.ui.margin import Margin

        self.margin = Margin(self)
        self.margin.excerpt_clicked.connect(self.excerpt_clicked.emit)
        self.setViewportMargins(self.margin.width_needed(), 0, 0, 0)
        self.updateRequest.connect(lambda _rect, _dy: self.margin.update())

    # -- content -------------------------------------------------------------
    def show_source(
        self,
        text: str,
        spans: list[Span],
        blocks: list[Block] | BlockIndex | None = None,
        offsets: OffsetMap | None = None,
    ) -> None:
        """Show a source. The offset map and block index may be prepared off the GUI
        thread (they are plain Python); ``spans`` sorted by start save a sort."""
        self.stop_adjusting()
        self.lanes = {}
        self.offsets = offsets or OffsetMap(text)
        self._blocks = blocks if isinstance(blocks, BlockIndex) else BlockIndex(blocks or [])
        self._page_starts = page_starts(self._blocks.overlapping(BlockKind.PAGE, 0, 1 << 62))
        self.setPlainText(text)
        self.set_spans(spans, fresh=True)

    def set_blocks(self, blocks: list[Block]) -> None:
        self._blocks = BlockIndex(blocks)
        self._page_starts = page_starts(blocks)
        self.viewport().update()
        self.margin.update()
        self._report_pinpoint()

    def clear_source(self) -> None:
        self.offsets = OffsetMap("")
        self._spans = {}
        self._sorted = []
        self._page_starts = []
        self._starts = []
        self.setPlainText("")

    def set_spans(self, spans: list[Span], fresh: bool = False) -> None:
        """Repaint every highlight (after opening a source, or a tag's colour changed);
        ``fresh``: the text was just set, there is nothing to wipe first."""
        self._spans = {s.excerpt_id: s for s in spans}
        self._resort()
        self._paint(0, self.offsets.length, wipe=not fresh)

    def update_spans(self, changed: dict[int, Span | None]) -> None:
        """Repaint only where excerpts appeared, moved or went away (``None``).

        The sorted index is patched in place (a few bisections), never re-sorted:
        a highlight in a source with 10,000 excerpts costs microseconds here.
        """
        ranges = []
        for excerpt_id, span in changed.items():
            old = self._spans.pop(excerpt_id, None)
            if old:
                ranges.append((old.start, old.end))
                at = bisect_left(self._sorted, _order(old), key=_order)
                while at < len(self._sorted) and self._sorted[at].excerpt_id != excerpt_id:
                    at += 1
                if at < len(self._sorted):
                    del self._sorted[at]
                    del self._starts[at]
            if span is not None:
                self._spans[excerpt_id] = span
                ranges.append((span.start, span.end))
                at = bisect_right(self._sorted, _order(span), key=_order)
                self._sorted.insert(at, span)
                self._starts.insert(at, span.start)
                self.lanes.setdefault(span.color, len(self.lanes) % MAX_LANES)
        for start, end in ranges:
            self._paint(start, end)
        self.margin.update()

    def _resort(self) -> None:
        self._sorted = sorted(self._spans.values(), key=_order)
        self._starts = [s.start for s in self._sorted]
        for span in self._sorted:  # the margin's lanes: first colour met, first lane
            self.lanes.setdefault(span.color, len(self.lanes) % MAX_LANES)
        self.margin.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.margin.setGeometry(rect.left(), rect.top(), self.margin.width_needed(), rect.height())

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

    def _paint(self, start: int, end: int, wipe: bool = True) -> None:
        if end <= start:
            return
        if start == 0 and end >= self.offsets.length:
            spans = self._sorted
        else:
            stop = bisect_left(self._starts, end)  # those starting at or after end cannot touch
            spans = [s for s in self._sorted[:stop] if s.end > start]
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        to16 = self.offsets.to_utf16
        cursor.setPosition(to16(start))
        cursor.setPosition(to16(end), QTextCursor.MoveMode.KeepAnchor)
        if wipe:
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
        candidates = self._sorted[: bisect_right(self._starts, position)]
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

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_page_breaks(self, self._page_starts, self.offsets.to_utf16)

    # -- adjusting an excerpt's boundaries (a keyboard mode) ---------------------
    def start_adjusting(self, excerpt_id: int) -> bool:
        """Select the excerpt; then Shift+arrows move its end, Alt+arrows its start
        (with Ctrl: by words), the mouse may select anew; Enter applies, Esc cancels."""
        span = self._spans.get(excerpt_id)
        if span is None:
            return False
        self.adjusting = excerpt_id
        self.select_span(span.start, span.end)
        self.setFocus()
        self.adjusting_changed.emit(excerpt_id)
        return True

    def stop_adjusting(self) -> None:
        if self.adjusting is not None:
            self.adjusting = None
            self.adjusting_changed.emit(None)

    def _move_start(self, step: int, by_word: bool) -> None:
        span = self.selection_span()
        if span is None:
            return
        start, end = span
        text = self.toPlainText()
        if by_word:
            position = start + step
            while 0 < position < end and not (
                text[position - 1].isspace() and not text[position].isspace()
            ):
                position += step
            start = position
        else:
            start += step
        start = max(0, min(start, end - 1))
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.adjusting is not None:
            key, mods = event.key(), event.modifiers()
            alt = bool(mods & Qt.KeyboardModifier.AltModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                span, excerpt_id = self.selection_span(), self.adjusting
                self.stop_adjusting()
                if span is not None:
                    self.adjusted.emit(excerpt_id, span[0], span[1])
                return
            if key == Qt.Key.Key_Escape:
                original = self._spans.get(self.adjusting)
                self.stop_adjusting()
                if original is not None:
                    self.select_span(original.start, original.end)
                return
            if alt and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                step = -1 if key == Qt.Key.Key_Left else 1
                self._move_start(step, bool(mods & Qt.KeyboardModifier.ControlModifier))
                return
        super().keyPressEvent(event)

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
            self.run_menu(menu, event.globalPos())
        finally:
            self.context_target = None
            menu.deleteLater()

    def run_menu(self, menu: QMenu, where: QPoint) -> None:
        """Show the context menu (a seam for tests: they choose an item instead)."""
        menu.exec(where)

    def _report_pinpoint(self) -> None:
        cursor = self.textCursor()
        position = self.offsets.to_code_point(min(cursor.position(), cursor.anchor()))
        self.pinpoint_changed.emit(self._blocks.pinpoint(position, position + 1))
