"""Forms: a record (built from its type's fields), a source's citation, preferences."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casefile.domain.dates import parse_fuzzy_date
from casefile.domain.model import Record, RecordType, SourceInfo
from casefile.domain.provenance import origin_of


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
    """A source's citation fields. Values read from the file's properties or guessed are
    shown as suggestions: a citation prints them only once they are confirmed (or typed)."""

    FIELDS = (
        ("title", "&Title"),
        ("author", "&Author"),
        ("publisher", "&Publisher"),
        ("published", "Pu&blished"),
        ("url", "&URL"),
        ("accessed", "A&ccessed"),
        ("language", "&Language"),
    )
    WHY: ClassVar[dict[str, str]] = {
        "file": "from the file's properties (often the day it was converted, or the program "
        "that wrote it): not printed in citations until you confirm it",
        "guess": "a guess (e.g. a date read out of the URL): not printed in citations until "
        "you confirm it",
    }

    def __init__(self, source: SourceInfo, parent: QWidget | None = None) -> None:
        super().__init__("Source Properties", parent)
        self.source = source
        self.edits: dict[str, QLineEdit] = {}
        self.confirms: dict[str, QCheckBox] = {}
        for key, label in self.FIELDS:
            edit = QLineEdit(str(getattr(source, key)), self)
            self.edits[key] = edit
            origin = str(origin_of(source, key))
            if getattr(source, key) and origin in self.WHY:
                box = QCheckBox("Confirm this suggested value", self)
                box.setObjectName(f"confirm_{key}")
                box.setToolTip(self.WHY[origin])
                edit.setToolTip(self.WHY[origin])
                edit.setStyleSheet("QLineEdit { font-style: italic; }")
                self.confirms[key] = box
                holder = QWidget(self)
                row = QHBoxLayout(holder)
                row.setContentsMargins(0, 0, 0, 0)
                row.addWidget(edit, 1)
                row.addWidget(box)
                self.form.addRow(f"{label}:", holder)
            else:
                self.form.addRow(f"{label}:", edit)
        self.edits["published"].setPlaceholderText("2016-01-29, 2017-06, …")
        self.edits["accessed"].setPlaceholderText("the day you saved or read it: 2026-11-02")
        self.exhibit = QSpinBox(self)
        self.exhibit.setRange(1, 99999)
        self.exhibit.setValue(max(1, source.exhibit))
        self.form.addRow("E&xhibit number:", self.exhibit)
        if self.confirms:
            hint = QLabel(
                "Suggested values (in italics) came from the file or a guess; "
                "citations leave them out until you confirm or retype them.",
                self,
            )
            hint.setWordWrap(True)
            self.form.addRow("", hint)
        self.note = QPlainTextEdit(source.note, self)
        self.note.setFixedHeight(60)
        self.form.addRow("&Note:", self.note)
        info = f"{source.kind.upper()} · {source.filename} · {source.size:,} bytes"
        info += f"\nSHA-256 {source.sha256}"
        self.form.addRow("File:", QLabel(info, self))

    def values(self) -> dict[str, str]:
        """What changed, and what was confirmed: each becomes the user's value. Unchanged
        suggestions are left out, so they stay suggestions."""
        values: dict[str, str] = {}
        for key, edit in self.edits.items():
            text = edit.text().strip()
            confirmed = key in self.confirms and self.confirms[key].isChecked()
            if text != str(getattr(self.source, key)) or confirmed:
                values[key] = text
        if self.note.toPlainText() != self.source.note:
            values["note"] = self.note.toPlainText()
        if self.exhibit.value() != self.source.exhibit:
            values["exhibit"] = str(self.exhibit.value())
        return values


class FactDialog(_FormDialog):
    """The date of the fact an excerpt reports and its status (the chronology's model)."""

    STATUSES = (("", ""), ("Disputed", "disputed"), ("Undisputed", "undisputed"),
                ("Unclear", "unclear"))  # fmt: skip

    def __init__(self, fact_date: str, fact_status: str, parent: QWidget | None = None) -> None:
        super().__init__("Fact Date and Status", parent)
        self.date = QLineEdit(fact_date, self)
        self.date.setPlaceholderText("when it happened: 2014-11-12, 2014-11, c. 2014")
        self.date_hint = QLabel("", self)
        self.status = QComboBox(self)
        for label, value in self.STATUSES:
            self.status.addItem(label, value)
        self.status.setCurrentIndex(max(0, self.status.findData(fact_status)))
        self.form.addRow("Fact &date:", self.date)
        self.form.addRow("", self.date_hint)
        self.form.addRow("&Status:", self.status)
        self.date.textChanged.connect(self._check)
        self._check(fact_date)

    def _check(self, text: str) -> None:
        ok = not text.strip() or parse_fuzzy_date(text) is not None
        self.date_hint.setText("" if ok else "Casefile cannot place this date in time.")
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(ok)

    def values(self) -> tuple[str, str]:
        return self.date.text().strip(), str(self.status.currentData())


class PreferencesDialog(_FormDialog):
    def __init__(self, author: str, confidentiality: str, parent: QWidget | None = None) -> None:
        super().__init__("Preferences", parent)
        self.author = QLineEdit(author, self)
        self.author.setPlaceholderText("Your name, stamped on notes and briefs")
        self.confidentiality = QLineEdit(confidentiality, self)
        self.form.addRow("&Author name:", self.author)
        self.form.addRow("Brief &confidentiality line:", self.confidentiality)
