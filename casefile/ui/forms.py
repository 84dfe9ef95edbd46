"""Forms: a record (built from its type's fields), a source's citation, preferences."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.dates import parse_fuzzy_date
from casefile.domain.model import Record, RecordType, SourceInfo


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.first_field: QWidget | None = None  # where the focus goes when it opens

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        first = self.first_field
        if first is None and self.form.rowCount():  # by default: the form's first field
            item = self.form.itemAt(0, QFormLayout.ItemRole.FieldRole)
            first = item.widget() if item is not None else None
        if first is not None:  # typing at once lands in the first field, not on OK
            first.setFocus(Qt.FocusReason.OtherFocusReason)


class RecordDialog(_FormDialog):
    """Create or edit a record; the fields follow the chosen type."""

    def __init__(
        self, types: list[RecordType], record: Record | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("Edit Record" if record else "New Record", parent)
        self.types = types
        self.type_box = QComboBox(self)
        for record_type in types:
            self.type_box.addItem(record_type.name, record_type.id)
        self.title = QLineEdit(record.title if record else "", self)
        self.date = QLineEdit(record.date if record else "", self)
        self.date.setPlaceholderText("2015-09-03, 2015-09, c. 2014, before 2016-01-27")
        self.date_hint = QLabel("", self)
        self.note = QPlainTextEdit(record.note if record else "", self)
        self.note.setFixedHeight(70)
        self.note.setTabChangesFocus(True)  # Tab moves on; it does not type a tab
        self.first_field = self.title
        self.form.addRow("&Type:", self.type_box)
        self.form.addRow("T&itle:", self.title)
        self.form.addRow("&Date:", self.date)
        self.form.addRow("", self.date_hint)
        self.field_edits: dict[str, QLineEdit] = {}
        self._values = dict(record.fields) if record else {}
        self.form.addRow("&Note:", self.note)
        if record:
            self.type_box.setCurrentIndex(max(0, self.type_box.findData(record.type_id)))
        self.type_box.currentIndexChanged.connect(self._build_fields)
        self.date.textChanged.connect(self._check_date)
        self._build_fields()
        self._check_date(self.date.text())

    def _build_fields(self) -> None:
        for key, edit in self.field_edits.items():
            if edit.text().strip():
                self._values[key] = edit.text()
            self.form.removeRow(edit)
        self.field_edits = {}
        record_type = self.types[self.type_box.currentIndex()]
        row = 4
        for spec in record_type.fields:
            edit = QLineEdit(self._values.get(spec.key, ""), self)
            if spec.kind == "date":
                edit.setPlaceholderText("as written: 2015-12-14, 2015-12, c. 2015")
            self.form.insertRow(row, f"{spec.label}:", edit)
            self.field_edits[spec.key] = edit
            row += 1
        # Tab follows the form from top to bottom, the type's fields included
        chain: list[QWidget] = [self.type_box, self.title, self.date, *self.field_edits.values()]
        chain += [self.note, self.buttons]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _check_date(self, text: str) -> None:
        ok = not text.strip() or parse_fuzzy_date(text) is not None
        self.date_hint.setText(
            ""
            if ok
            else "Casefile cannot place this date in time: it is kept as written, not sorted."
        )

    def values(self) -> dict[str, object]:
        return {
            "type_id": int(self.type_box.currentData()),
            "title": self.title.text().strip(),
            "date": self.date.text().strip(),
            "fields": {
                k: e.text().strip() for k, e in self.field_edits.items() if e.text().strip()
            },
            "note": self.note.toPlainText(),
        }


class SourceDialog(_FormDialog):
    FIELDS = (
        ("title", "&Title"),
        ("author", "&Author"),
        ("publisher", "&Publisher"),
        ("published", "Pu&blished"),
        ("url", "&URL"),
        ("accessed", "A&ccessed"),
        ("language", "&Language"),
    )

    def __init__(self, source: SourceInfo, parent: QWidget | None = None) -> None:
        super().__init__("Source Properties", parent)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in self.FIELDS:
            edit = QLineEdit(str(getattr(source, key)), self)
            self.edits[key] = edit
            self.form.addRow(f"{label}:", edit)
        self.edits["published"].setPlaceholderText("2016-01-29, 2017-06, …")
        self.edits["accessed"].setPlaceholderText("the day you saved or read it: 2026-11-02")
        self.note = QPlainTextEdit(source.note, self)
        self.note.setFixedHeight(60)
        self.form.addRow("&Note:", self.note)
        info = f"{source.kind.upper()} · {source.filename} · {source.size:,} bytes"
        info += f"\nSHA-256 {source.sha256}"
        self.form.addRow("File:", QLabel(info, self))

    def values(self) -> dict[str, str]:
        values = {key: edit.text().strip() for key, edit in self.edits.items()}
        values["note"] = self.note.toPlainText()
        return values


class PreferencesDialog(_FormDialog):
    def __init__(self, author: str, confidentiality: str, parent: QWidget | None = None) -> None:
        super().__init__("Preferences", parent)
        self.author = QLineEdit(author, self)
        self.author.setPlaceholderText("Your name, stamped on notes and briefs")
        self.confidentiality = QLineEdit(confidentiality, self)
        self.form.addRow("&Author name:", self.author)
        self.first_field = self.author
        self.form.addRow("Brief &confidentiality line:", self.confidentiality)
