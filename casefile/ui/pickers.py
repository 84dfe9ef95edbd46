"""Quick, searchable pickers: a tag (or a new one), a record with a relation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.model import Record, Relation, Tag


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class _FilterList(QDialog):
    """A line edit that filters a list; Enter chooses the highlighted row.

    Up and Down in the field move the highlight, so the hands stay on the keys.
    """

    def __init__(self, title: str, prompt: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(420, 420)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(prompt)
        self.filter.setAccessibleName(prompt)
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Matches")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept_highlighted)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.filter)
        self.layout_.addWidget(self.list, 1)
        self.layout_.addWidget(self.buttons)  # below the list: never over the field
        self.filter.textChanged.connect(self._refilter)
        self.filter.returnPressed.connect(self._accept_highlighted)
        self.list.itemDoubleClicked.connect(lambda _item: self._accept_highlighted())
        self.filter.installEventFilter(self)
        self.filter.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        arrows = (Qt.Key.Key_Up, Qt.Key.Key_Down)
        if (
            watched is self.filter
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in arrows
        ):
            self._step(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    def _step(self, step: int) -> None:
        visible = [r for r in range(self.list.count()) if not self.list.item(r).isHidden()]
        if not visible:
            return
        current = self.list.currentRow()
        at = visible.index(current) if current in visible else -1
        self.list.setCurrentRow(visible[max(0, min(len(visible) - 1, at + step))])

    def highlighted(self) -> QListWidgetItem | None:
        item = self.list.currentItem()
        return item if item is not None and not item.isHidden() else None

    def _accept_highlighted(self) -> None:
        if self.highlighted() is not None:
            self.accept()

    def _refilter(self, text: str) -> None:
        wanted = text.strip().casefold()
        first_visible = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(wanted) and wanted not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        if first_visible is not None:
            self.list.setCurrentItem(first_visible)
        else:
            self.list.setCurrentRow(-1)


class TagPicker(_FilterList):
    """Pick a tag; a new tag is made only with the explicit Create button."""

    def __init__(
        self, tags: list[Tag], parent: QWidget | None = None, allow_new: bool = True
    ) -> None:
        super().__init__("Highlight with Tag", "Type to find a tag, or a new tag's name", parent)
        for tag in tags:
            item = QListWidgetItem(swatch(tag.color), tag.name)
            item.setData(Qt.ItemDataRole.UserRole, tag.id)
            self.list.addItem(item)
        self._create = False
        self.create_button = QPushButton("", self)
        self.create_button.setAutoDefault(False)
        self.create_button.clicked.connect(self._create_new)
        self.create_button.setVisible(False)
        if allow_new:
            self.layout_.insertWidget(2, self.create_button)
            self.filter.textChanged.connect(self._update_create)
        self.list.setCurrentRow(0)
        self.filter.setFocus()

    def _exists(self, name: str) -> bool:
        wanted = name.casefold()
        return any(self.list.item(r).text().casefold() == wanted for r in range(self.list.count()))

    def _update_create(self, text: str) -> None:
        name = text.strip()
        self.create_button.setText(f"Create tag “{name}”")
        self.create_button.setVisible(bool(name) and not self._exists(name))

    def _create_new(self) -> None:
        if self.filter.text().strip():
            self._create = True
            self.accept()

    def chosen(self) -> int | str | None:
        """A tag id, or (after Create) a new tag's name, or None."""
        if self._create:
            return self.filter.text().strip() or None
        item = self.highlighted()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


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
        relation_label = QLabel("&Relation of the excerpt to the record:", self)
        relation_label.setBuddy(self.relation)
        self.layout_.insertWidget(2, relation_label)
        self.layout_.insertWidget(3, self.relation)
        self.relation.setAccessibleName("Relation")
        self.list.setCurrentRow(0)

    def chosen(self) -> tuple[int, Relation] | None:
        item = self.highlighted()
        if item is None:
            return None
        return int(item.data(Qt.ItemDataRole.UserRole)), Relation(self.relation.currentData())
