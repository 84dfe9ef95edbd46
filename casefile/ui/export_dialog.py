"""Export Brief…: which records and tags, how grouped, notes, and where to write it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.export.brief_options import BriefOptions, Grouping
from casefile.export.selection import Selection
from casefile.services import Case


def _checklist(items: list[tuple[str, int]], parent: QWidget) -> QListWidget:
    widget = QListWidget(parent)
    for text, value in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> tuple[int, ...]:
    items = [widget.item(i) for i in range(widget.count())]
    chosen = tuple(
        int(i.data(Qt.ItemDataRole.UserRole))
        for i in items
        if i.checkState() == Qt.CheckState.Checked
    )
    return () if len(chosen) == len(items) else chosen  # all = no filter


class ExportDialog(QDialog):
    def __init__(self, case: Case, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Brief")
        self.resize(560, 560)
        self.settings = settings
        self.records = _checklist(
            [(f"{r.title} ({r.type_name})", r.id) for r in case.records()], self
        )
        self.tags = _checklist([(t.name, t.id) for t in case.tags()], self)
        self.grouping = QComboBox(self)
        for label, value in (
            ("By record, then tag", Grouping.RECORD),
            ("By tag", Grouping.TAG),
            ("By source", Grouping.SOURCE),
        ):
            self.grouping.addItem(label, value)
        self.notes = QCheckBox("Include notes as commentary", self)
        self.notes.setChecked(True)
        self.confidentiality = QLineEdit(
            str(settings.value("brief/confidentiality", "") or BriefOptions().confidentiality), self
        )
        default = Path.home() / f"{case.title or 'Brief'}.docx"
        self.path = QLineEdit(str(default), self)
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Records:", self.records)
        form.addRow("Tags:", self.tags)
        form.addRow("Group evidence:", self.grouping)
        form.addRow("", self.notes)
        form.addRow("Confidentiality line:", self.confidentiality)
        form.addRow("Save as:", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.author = str(settings.value("author", "") or "")

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save Brief As", self.path.text(), "Word documents (*.docx)"
        )
        if name:
            self.path.setText(name if name.endswith(".docx") else name + ".docx")

    def result_path(self) -> Path:
        return Path(self.path.text()).expanduser()

    def options(self) -> BriefOptions:
        return BriefOptions(
            selection=Selection(_checked(self.records), _checked(self.tags)),
            grouping=Grouping(self.grouping.currentData()),
            include_notes=self.notes.isChecked(),
            confidentiality=self.confidentiality.text().strip(),
            prepared_by=self.author,
        )
