"""Quick, searchable pickers: a tag (or a new one), a record with a relation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.model import Record, Relation, Tag


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class _FilterList(QDialog):
    """A line edit that filters a list; Enter accepts the highlighted row."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(420, 420)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(prompt)
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.filter)
        self.layout_.addWidget(self.list)
        self.filter.textChanged.connect(self._refilter)
        self.filter.returnPressed.connect(self.accept)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())

    def _refilter(self, text: str) -> None:
        wanted = text.strip().casefold()
        first_visible = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(wanted) and wanted not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        self.list.setCurrentItem(first_visible)


class TagPicker(_FilterList):
    """Pick a tag, or type a new name to create one (the result is then a name)."""

    def __init__(self, tags: list[Tag], parent: QWidget | None = None) -> None:
        super().__init__("Highlight with Tag", "Type to find a tag, or a new tag's name", parent)
        for tag in tags:
            item = QListWidgetItem(swatch(tag.color), tag.name)
            item.setData(Qt.ItemDataRole.UserRole, tag.id)
            self.list.addItem(item)
        self.hint = QLabel("", self)
        self.layout_.insertWidget(2, self.hint)
        self.filter.textChanged.connect(self._update_hint)
        self.list.setCurrentRow(0)

    def _update_hint(self, text: str) -> None:
        name = text.strip()
        exists = any(
            self.list.item(r).text().casefold() == name.casefold() for r in range(self.list.count())
        )
        self.hint.setText(f"Enter creates the new tag “{name}”." if name and not exists else "")

    def chosen(self) -> int | str | None:
        """A tag id, or a new tag's name, or None."""
        name = self.filter.text().strip()
        item = self.list.currentItem()
        visible = item is not None and not item.isHidden()
        if visible and (
            not name or name.casefold() == item.text().casefold() or not self.hint.text()
        ):
            return int(item.data(Qt.ItemDataRole.UserRole))
        return name or None


class RecordPicker(_FilterList):
    def __init__(self, records: list[Record], parent: QWidget | None = None) -> None:
        super().__init__("Link to Record", "Type to find a record", parent)
        for record in records:
            label = f"{record.title}  —  {record.type_name}" + (
                f", {record.date}" if record.date else ""
            )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.list.addItem(item)
        self.relation = QComboBox(self)
        for relation in Relation:
            self.relation.addItem(relation.value.capitalize(), relation.value)
        self.layout_.insertWidget(2, QLabel("Relation of the excerpt to the record:", self))
        self.layout_.insertWidget(3, self.relation)
        self.list.setCurrentRow(0)

    def chosen(self) -> tuple[int, Relation] | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return int(item.data(Qt.ItemDataRole.UserRole)), Relation(self.relation.currentData())
