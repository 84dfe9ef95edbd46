"""How one excerpt looks in the Excerpts list: its words wrapped to a few lines, its
tags as coloured chips, its links to records as badges, then pinpoint and source.

Chips are hit-tested (``chip_at``) so that clicking a tag filters the list by it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from casefile.domain import model as m
from casefile.ui.highlights import tint
from casefile.ui.table_model import ROW_ROLE

Index = QModelIndex | QPersistentModelIndex
MAX_LINES = 4
PAD = 6
CHIP_PAD = 5
STRIPE = 4


@dataclass(frozen=True, slots=True)
class Chip:
    rect: QRect
    text: str
    color: str
    tag_id: int | None = None  # a tag chip; None for a record badge
    record_id: int | None = None


class ExcerptDelegate(QStyledItemDelegate):
    def __init__(
        self,
        tags: Callable[[], dict[int, m.Tag]],
        records: Callable[[], dict[int, m.Record]],
        sources: Callable[[], dict[int, m.SourceInfo]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tags, self.records, self.sources = tags, records, sources

    # -- layout --------------------------------------------------------------------------
    def _quote_lines(self, text: str, option: QStyleOptionViewItem, width: int) -> list[str]:
        metrics = QFontMetrics(option.font)
        layout = QTextLayout(" ".join(text.split()), option.font)
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(text_option)
        lines: list[str] = []
        flat = layout.text()
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append(flat[line.textStart() : line.textStart() + line.textLength()])
        layout.endLayout()
        if len(lines) > MAX_LINES:
            last = metrics.elidedText(
                " ".join(lines[MAX_LINES - 1 :]), Qt.TextElideMode.ElideRight, width
            )
            lines = [*lines[: MAX_LINES - 1], last]
        return lines

    def chips(self, excerpt: m.Excerpt, option: QStyleOptionViewItem, top: int) -> list[Chip]:
        """The tag chips and record badges of an excerpt, laid out from ``top``."""
        metrics = QFontMetrics(option.font)
        rect: QRect = option.rect
        x, y, height = rect.left() + PAD + STRIPE, top, metrics.height() + 2
        right = rect.right() - PAD
        tags, records = self.tags(), self.records()
        items: list[tuple[str, str, int | None, int | None]] = [
            (tags[t].name, tags[t].color, t, None) for t in excerpt.tag_ids if t in tags
        ]
        for link in excerpt.links:
            title = records[link.record_id].title if link.record_id in records else "record"
            items.append((f"{link.relation.value} → {title}", "", None, link.record_id))
        chips = []
        for text, color, tag_id, record_id in items:
            width = min(metrics.horizontalAdvance(text) + 2 * CHIP_PAD, right - rect.left() - PAD)
            if x + width > right and x > rect.left() + PAD + STRIPE:
                x, y = rect.left() + PAD + STRIPE, y + height + 3
            chips.append(Chip(QRect(x, y, width, height), text, color, tag_id, record_id))
            x += width + 4
        return chips

    def _geometry(
        self, excerpt: m.Excerpt, option: QStyleOptionViewItem
    ) -> tuple[list[str], list[Chip], int]:
        rect: QRect = option.rect
        metrics = QFontMetrics(option.font)
        width = max(80, rect.width() - 2 * PAD - STRIPE)
        lines = self._quote_lines(excerpt.exact, option, width)
        top = rect.top() + PAD + len(lines) * metrics.lineSpacing() + 3
        chips = self.chips(excerpt, option, top)
        bottom = (chips[-1].rect.bottom() + 3) if chips else top
        return lines, chips, bottom + metrics.lineSpacing() + PAD - rect.top()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        excerpt = index.data(ROW_ROLE)
        if not isinstance(excerpt, m.Excerpt):
            return super().sizeHint(option, index)
        self.initStyleOption(option, index)
        view = self.parent()
        if isinstance(view, QWidget):
            option.rect = QRect(0, 0, view.width() - 24, 0)
        return QSize(option.rect.width(), self._geometry(excerpt, option)[2])

    # -- painting ---------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        excerpt = index.data(ROW_ROLE)
        if not isinstance(excerpt, m.Excerpt):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.fillRect(rect, palette.highlight() if selected else palette.base())
        tags = self.tags()
        first = tags.get(excerpt.tag_ids[0]) if excerpt.tag_ids else None
        painter.fillRect(
            QRect(rect.left() + 1, rect.top() + 2, STRIPE, rect.height() - 4),
            QColor(first.color if first else "#b0b0b0"),
        )
        metrics = QFontMetrics(option.font)
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        lines, chips, _height = self._geometry(excerpt, option)
        painter.setPen(text_color)
        y = rect.top() + PAD
        for line in lines:
            painter.drawText(
                QRect(rect.left() + PAD + STRIPE, y, rect.width() - 2 * PAD, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                line,
            )
            y += metrics.lineSpacing()
        for chip in chips:
            fill = tint(chip.color, 0.6) if chip.color else QColor("#e8e8e8")
            painter.setPen(QColor(chip.color).darker(130) if chip.color else QColor("#777777"))
            painter.setBrush(fill)
            painter.drawRoundedRect(chip.rect, 6, 6)
            painter.setPen(QColor("#202020"))
            painter.drawText(chip.rect, int(Qt.AlignmentFlag.AlignCenter), chip.text)
        bottom = (chips[-1].rect.bottom() + 3) if chips else y + 3
        source = self.sources().get(excerpt.source_id)
        detail = ", ".join(
            p for p in (excerpt.pinpoint, source.title if source else "", excerpt.note) if p
        )
        painter.setPen(text_color if selected else palette.placeholderText().color())
        painter.drawText(
            QRect(rect.left() + PAD + STRIPE, bottom, rect.width() - 2 * PAD, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(detail, Qt.TextElideMode.ElideRight, rect.width() - 2 * PAD),
        )
        painter.setPen(palette.mid().color())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    def chip_at(self, option: QStyleOptionViewItem, index: Index, x: int, y: int) -> Chip | None:
        excerpt = index.data(ROW_ROLE)
        if not isinstance(excerpt, m.Excerpt):
            return None
        return next((c for c in self._geometry(excerpt, option)[1] if c.rect.contains(x, y)), None)
