"""The codebook as a tree: tags under their parents, with colour swatches and counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from casefile.domain.model import Tag
from casefile.ui.table_model import ROW_ROLE

Index = QModelIndex | QPersistentModelIndex
_ROOT = 0  # internal id of the invisible root (tag ids start at 1)


class TagTreeModel(QAbstractItemModel):
    HEADERS = ("Tag", "Excerpts")

    def __init__(self) -> None:
        super().__init__()
        self._tags: dict[int, Tag] = {}
        self._children: dict[int, list[int]] = {_ROOT: []}

    def set_tags(self, tags: list[Tag]) -> None:
        self.beginResetModel()
        self._tags = {t.id: t for t in tags}
        self._children = {_ROOT: []}
        for tag in tags:  # already in display order: built-ins first, then by name
            parent = tag.parent_id if tag.parent_id in self._tags else _ROOT
            self._children.setdefault(parent or _ROOT, []).append(tag.id)
        self.endResetModel()

    def tags(self) -> list[Tag]:
        return list(self._tags.values())

    def _id(self, index: Index) -> int:
        return int(index.internalId()) if index.isValid() else _ROOT

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        siblings = self._children.get(self._id(parent), [])
        if not (0 <= row < len(siblings) and 0 <= column < len(self.HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        tag = self._tags.get(self._id(index))
        parent_id = tag.parent_id if tag and tag.parent_id in self._tags else None
        if parent_id is None:
            return QModelIndex()
        grand = self._tags[parent_id].parent_id
        siblings = self._children[grand if grand in self._tags else _ROOT]
        return self.createIndex(siblings.index(parent_id), 0, parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._id(parent), []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        tag = self._tags.get(self._id(index)) if index.isValid() else None
        if tag is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tag.name if index.column() == 0 else str(tag.excerpt_count)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return QColor(tag.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = "built-in tag" if tag.builtin else "tag"
            return f"{tag.name} ({kind}), {tag.excerpt_count} excerpt(s)"
        if role == ROW_ROLE:
            return tag
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def index_of(self, tag_id: int) -> QModelIndex:
        tag = self._tags.get(tag_id)
        if tag is None:
            return QModelIndex()
        parent = tag.parent_id if tag.parent_id in self._tags else _ROOT
        return self.createIndex(self._children[parent or _ROOT].index(tag_id), 0, tag_id)
