"""Records › Record Types…: the case's record types and their fields, added and edited.

Each change is one undoable operation on the worker, the same the CLI's
``casefile record-type add/edit/delete`` runs (``SaveRecordType``, ``DeleteRecordType``).
A field is written as the CLI's ``KEY[:LABEL[:KIND]]`` allows: a key without spaces,
a label (default: from the key) and a kind (text, date, longtext).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.domain import model as m
from casefile.domain.errors import CasefileError
from casefile.domain.field_specs import FIELD_KINDS, field_spec
from casefile.ui.parts.base import PartContext
from casefile.ui.worker import is_everything

if TYPE_CHECKING:
    from casefile.services import Case, Changes
    from casefile.services.operation import Operation

ID_ROLE = Qt.ItemDataRole.UserRole


def _named(widget: QWidget, name: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(name)
    return widget


class RecordTypesDialog(QDialog):
    """Lists the record types (with their fields and how many records use them)."""

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.setWindowTitle("Record Types")
        self.setMinimumWidth(760)
        self.types: list[m.RecordType] = []
        self.counts: dict[int, int] = {}
        self._want: int | None = None  # the type to select after the next load

        self.type_list = QListWidget(self)
        _named(self.type_list, "Record types")
        self.type_list.currentRowChanged.connect(lambda _row: self._show_fields())
        self.new_name = QLineEdit(self)
        _named(self.new_name, "New type name")
        self.new_name.setPlaceholderText("e.g. Hearing")
        self.add_type_button = QPushButton("&Add Type", self)
        self.delete_type_button = QPushButton("&Delete Type", self)
        self.name = QLineEdit(self)
        _named(self.name, "Name of the selected type")
        self.rename_button = QPushButton("Re&name", self)
        self.field_list = QListWidget(self)
        _named(self.field_list, "Fields of the selected type")
        self.field_key = QLineEdit(self)
        _named(self.field_key, "New field key")
        self.field_key.setPlaceholderText("key, no spaces (e.g. judge)")
        self.field_label = QLineEdit(self)
        _named(self.field_label, "New field label")
        self.field_label.setPlaceholderText("label (default: from the key)")
        self.field_kind = QComboBox(self)
        _named(self.field_kind, "New field kind")
        self.field_kind.addItems(list(FIELD_KINDS))
        self.add_field_button = QPushButton("Add &Field", self)
        self.remove_field_button = QPushButton("&Remove Field…", self)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # Enter in a line edit acts on that line, never closes
        self._closed = False  # results still arriving for a closed (deleted) dialog are dropped
        for button, name in [
            (self.add_type_button, "Add type"),
            (self.delete_type_button, "Delete type"),
            (self.rename_button, "Rename type"),
            (self.add_field_button, "Add field"),
            (self.remove_field_button, "Remove field"),
        ]:
            _named(button, name)
            button.setAutoDefault(False)  # Enter in a line edit acts on that line only
        self._layout()
        self._connect()
        named = getattr(ctx.window, "actions_by_name", {})
        for name in ("undo", "redo"):  # Ctrl+Z works here too (outside a line being typed)
            if name in named:
                self.addAction(named[name])
        ctx.worker.changed.connect(self._on_changes)

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self._label("&Types:", self.type_list))
        left.addWidget(self.type_list)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_name)
        add_row.addWidget(self.add_type_button)
        left.addLayout(add_row)
        left.addWidget(self.delete_type_button)

        box = QGroupBox("Selected type", self)
        right = QVBoxLayout(box)
        rename_row = QHBoxLayout()
        rename_row.addWidget(self._label("Na&me:", self.name))
        rename_row.addWidget(self.name)
        rename_row.addWidget(self.rename_button)
        right.addLayout(rename_row)
        right.addWidget(self._label("F&ields:", self.field_list))
        right.addWidget(self.field_list)
        right.addWidget(self.remove_field_button)
        form = QFormLayout()
        form.addRow(self._label("K&ey:", self.field_key), self.field_key)
        form.addRow(self._label("&Label:", self.field_label), self.field_label)
        form.addRow(self._label("&Kind:", self.field_kind), self.field_kind)
        right.addLayout(form)
        right.addWidget(self.add_field_button)

        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        order: list[QWidget] = [
            self.type_list, self.new_name, self.add_type_button, self.delete_type_button,
            self.name, self.rename_button, self.field_list, self.remove_field_button,
            self.field_key, self.field_label, self.field_kind, self.add_field_button,
            self.buttons,
        ]  # fmt: skip
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)  # its Alt+letter moves the focus there
        return label

    def _connect(self) -> None:
        self.add_type_button.clicked.connect(self.add_type)
        self.new_name.returnPressed.connect(self.add_type)
        self.rename_button.clicked.connect(self.rename)
        self.name.returnPressed.connect(self.rename)
        self.add_field_button.clicked.connect(self.add_field)
        self.field_key.returnPressed.connect(self.add_field)
        self.field_label.returnPressed.connect(self.add_field)
        self.remove_field_button.clicked.connect(self.remove_field)
        self.delete_type_button.clicked.connect(self.delete_type)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.type_list.setFocus(Qt.FocusReason.OtherFocusReason)  # the first field, not Close

    def done(self, result: int) -> None:
        self._closed = True
        self.ctx.worker.changed.disconnect(self._on_changes)
        super().done(result)

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        def load(case: Case) -> tuple[list[m.RecordType], dict[int, int]]:
            counts: dict[int, int] = {}
            for record in case.records():
                counts[record.type_id] = counts.get(record.type_id, 0) + 1
            return case.record_types(), counts

        self.ctx.worker.query(load, self._fill)

    def _on_changes(self, changes: Changes) -> None:
        if is_everything(changes) or changes.record_types or changes.records:
            self.reload()

    def _fill(self, loaded: tuple[list[m.RecordType], dict[int, int]]) -> None:
        if self._closed:
            return
        chosen = self._want if self._want is not None else self._current_id()
        self._want = None
        self.types, self.counts = loaded
        self.type_list.blockSignals(True)
        self.type_list.clear()
        row = 0
        for index, record_type in enumerate(self.types):
            used = self.counts.get(record_type.id, 0)
            notes = (["built in"] if record_type.builtin else []) + (
                [f"{used} record(s)"] if used else []
            )
            extra = f" ({', '.join(notes)})" if notes else ""
            item = QListWidgetItem(record_type.name + extra)
            item.setData(ID_ROLE, record_type.id)
            self.type_list.addItem(item)
            if record_type.id == chosen:
                row = index
        self.type_list.blockSignals(False)
        self.type_list.setCurrentRow(row if self.types else -1)
        self._show_fields()

    def _current_id(self) -> int | None:
        item = self.type_list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def current(self) -> m.RecordType | None:
        wanted = self._current_id()
        return next((t for t in self.types if t.id == wanted), None)

    def _show_fields(self) -> None:
        record_type = self.current()
        self.field_list.clear()
        self.name.setText(record_type.name if record_type else "")
        for spec in record_type.fields if record_type else ():
            item = QListWidgetItem(f"{spec.label} — {spec.key} ({spec.kind})")
            item.setData(ID_ROLE, spec.key)
            self.field_list.addItem(item)
        if self.field_list.count():
            self.field_list.setCurrentRow(0)
        writable = not self.ctx.read_only
        used = self.counts.get(record_type.id, 0) if record_type else 0
        deletable = record_type is not None and not record_type.builtin and not used
        self.delete_type_button.setEnabled(writable and deletable)
        for widget in (self.rename_button, self.add_field_button, self.remove_field_button):
            widget.setEnabled(writable and record_type is not None)
        self.add_type_button.setEnabled(writable)

    # -- changes: one operation each --------------------------------------------------------
    def _run(self, make: Callable[[], Operation]) -> None:
        """Build the operation (its checks may refuse what was typed) and run it."""
        self.message.setText("")
        try:
            operation = make()
        except CasefileError as error:
            self.message.setText(str(error))
            return

        def ran(result: int | None) -> None:
            if self._closed:
                return
            self._want = result
            self.reload()

        def refused(error: BaseException) -> None:
            if self._closed:
                self.ctx.message(str(error))
                return
            self.message.setText(str(error))

        self.ctx.worker.run(operation, ran, refused)

    def _save(self, record_type: m.RecordType, name: str, fields: list[m.FieldSpec]) -> None:
        """Replace a type's name and fields (its key stays), as ``record-type edit`` does."""
        from casefile.services.record_ops import SaveRecordType

        self._run(lambda: SaveRecordType(name, fields, type_id=record_type.id, key=record_type.key))

    def add_type(self) -> None:
        from casefile.services.record_ops import SaveRecordType

        name = self.new_name.text()
        self._run(lambda: SaveRecordType(name, []))
        self.new_name.clear()

    def rename(self) -> None:

        record_type = self.current()
        if record_type is None or self.name.text().strip() == record_type.name:
            return
        self._save(record_type, self.name.text(), list(record_type.fields))

    def add_field(self) -> None:

        record_type = self.current()
        if record_type is None:
            return
        key, label = self.field_key.text().strip(), self.field_label.text().strip()
        try:
            if ":" in key or ":" in label:
                raise CasefileError("a field's key and label cannot contain “:”")
            spec = field_spec(f"{key}:{label}:{self.field_kind.currentText()}")
            if any(f.key == spec.key for f in record_type.fields):
                raise CasefileError(f"{record_type.name!r} already has a field {spec.key!r}")
        except CasefileError as error:
            self.message.setText(str(error))
            return
        fields = [*record_type.fields, spec]
        self._save(record_type, record_type.name, fields)
        self.field_key.clear()
        self.field_label.clear()
        self.field_key.setFocus()

    def remove_field(self) -> None:
        """Removing a field some records have values in asks first (like the CLI's --yes)."""

        record_type, item = self.current(), self.field_list.currentItem()
        if record_type is None or item is None:
            return
        key = str(item.data(ID_ROLE))

        def using(case: Case) -> int:
            return sum(1 for r in case.records()
                       if r.type_id == record_type.id and r.fields.get(key))  # fmt: skip

        def ask(used: int) -> None:
            if self._closed:
                return
            if used:
                answer = QMessageBox.question(
                    self, "Remove Field",
                    f"{used} record(s) have values in “{key}”. They stay stored but are no "
                    "longer shown or exported. Remove the field?\n"
                    "You can undo this with Edit › Undo.",
                )  # fmt: skip
                if answer != QMessageBox.StandardButton.Yes:
                    return
            fields = [f for f in record_type.fields if f.key != key]
            self._save(record_type, record_type.name, fields)

        self.ctx.worker.query(using, ask)

    def delete_type(self) -> None:
        from casefile.services.record_ops import DeleteRecordType

        record_type = self.current()
        if record_type is None:
            return
        self._run(lambda: DeleteRecordType(record_type.id))  # unused, so nothing is lost


def open_record_types(ctx: PartContext) -> RecordTypesDialog:
    """Show the dialog (window-modal, not blocking) and load the types on the worker."""
    dialog = RecordTypesDialog(ctx)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.reload()
    return dialog
