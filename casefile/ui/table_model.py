"""A read-only table model over a list of domain objects, with columns as functions."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

Row = TypeVar("Row")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    text: Callable[[Row], str]
    tooltip: Callable[[Row], str] | None = None
    color: Callable[[Row], str | None] | None = None  # a swatch in the cell
    align_right: bool = False


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows are handed to views a chunk at a time (``fetchMore``), so a view with
    10,000 rows lays out and measures only what has been scrolled to."""

    CHUNK = 200

    def __init__(self, columns: Sequence[Column[Row]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[Row] = []
        self.shown = 0  # how many rows the views know of

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.shown = min(len(self.rows), self.CHUNK)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.shown < len(self.rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self.shown >= len(self.rows):
            return
        more = min(len(self.rows), self.shown + self.CHUNK)
        self.beginInsertRows(QModelIndex(), self.shown, more - 1)
        self.shown = more
        self.endInsertRows()

    def ensure_shown(self, row: int) -> None:
        """Hand the views every row up to ``row`` (to select or scroll to it)."""
        while row >= 0 and self.shown <= row < len(self.rows):
            self.fetchMore()

    def patch_rows(
        self,
        ids: Sequence[int],
        wanted: dict[int, Row],
        key: Callable[[Row], Any],
        id_of: Callable[[Row], int] = lambda row: int(row.id),  # type: ignore[attr-defined]
    ) -> None:
        """Refresh only the rows of ``ids``: ``wanted`` holds those that belong
        (changed or new); the others are removed. Rows stay sorted by ``key``."""
        touched = set(ids)
        positions = {id_of(r): i for i, r in enumerate(self.rows) if id_of(r) in touched}
        for row in sorted((p for i, p in positions.items() if i not in wanted), reverse=True):
            if row < self.shown:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.shown -= 1
                self.endRemoveRows()
            else:
                del self.rows[row]
        positions = {id_of(r): i for i, r in enumerate(self.rows) if id_of(r) in wanted}
        for row_id, row in positions.items():
            self.rows[row] = wanted.pop(row_id)
            if row < self.shown:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        for new in sorted(wanted.values(), key=key):
            at = bisect_left(self.rows, key(new), key=key)
            if at < self.shown or self.shown == len(self.rows):
                self.beginInsertRows(QModelIndex(), at, at)
                self.rows.insert(at, new)
                self.shown += 1
                self.endInsertRows()
            else:
                self.rows.insert(at, new)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def row_at(self, index: Index) -> Row | None:
        return self.rows[index.row()] if index.isValid() and index.row() < self.shown else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tooltip or column.text)(row)
        if role == Qt.ItemDataRole.DecorationRole and column.color is not None:
            color = column.color(row)
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header
        return None

    def row_of(self, predicate: Callable[[Row], bool]) -> int:
        return next((i for i, row in enumerate(self.rows) if predicate(row)), -1)
