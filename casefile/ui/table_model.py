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
    def __init__(self, columns: Sequence[Column[Row]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

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
        for row in range(len(self.rows) - 1, -1, -1):
            row_id = id_of(self.rows[row])
            if row_id in touched and row_id not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
        for row, current in enumerate(self.rows):
            row_id = id_of(current)
            if row_id in wanted:
                self.rows[row] = wanted.pop(row_id)
                last = self.index(row, len(self.columns) - 1)
                self.dataChanged.emit(self.index(row, 0), last)
        keys = [key(r) for r in self.rows]
        for new in sorted(wanted.values(), key=key):
            at = bisect_left(keys, key(new))
            self.beginInsertRows(QModelIndex(), at, at)
            self.rows.insert(at, new)
            keys.insert(at, key(new))
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def row_at(self, index: Index) -> Row | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

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
