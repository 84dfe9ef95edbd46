"""Export…: every option of ``casefile export``, remembered per case, and no silent overwrite.

The formats are the exporter registry's; the file name's extension follows the
chosen format. The last choices are stored in QSettings under a key made from
the case file's path, so each case remembers its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
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
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain import model as m
from casefile.export.brief_options import CitationStyle, ExportOptions, Grouping, Paper
from casefile.export.registry import exporters
from casefile.export.selection import Selection
from casefile.services import Case

STYLES = (("OSCOLA", CitationStyle.OSCOLA), ("Bluebook", CitationStyle.BLUEBOOK),
          ("ACCORD / EUAA (country information)", CitationStyle.ACCORD))  # fmt: skip
GROUPINGS = (("By record, then tag", Grouping.RECORD), ("By tag", Grouping.TAG),
             ("By source", Grouping.SOURCE))  # fmt: skip
PAPERS = (("A4", Paper.A4), ("US Letter", Paper.LETTER))


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


def _combo(items: tuple[tuple[str, object], ...], parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    for label, value in items:
        box.addItem(label, value)
    return box


@dataclass(frozen=True, slots=True)
class ExportSubject:
    """What the dialog shows of the case: read on the database worker, never by the dialog."""

    path: Path
    title: str
    author: str
    records: tuple[m.Record, ...]
    tags: tuple[m.Tag, ...]

    @classmethod
    def of(cls, case: Case) -> ExportSubject:
        return cls(
            Path(case.path), case.title, case.info().get("author", ""),
            tuple(case.records()), tuple(case.tags()),
        )  # fmt: skip


def case_key(case: Case | ExportSubject) -> str:
    """The QSettings group of a case: a digest of its resolved path."""
    return "export/" + hashlib.sha1(str(Path(case.path).resolve()).encode()).hexdigest()[:16]


class ExportDialog(QDialog):
    def __init__(
        self, case: ExportSubject, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.resize(620, 640)
        self.settings = settings
        self.key = case_key(case)
        self.author = str(settings.value("author", "") or "") or case.author
        self.format = QComboBox(self)
        for exporter in exporters():
            self.format.addItem(exporter.label, exporter.name)
        self.records = _checklist(
            [(f"{r.title} ({r.type_name})", r.id) for r in case.records], self
        )
        self.tags = _checklist([(t.name, t.id) for t in case.tags], self)
        self.grouping = _combo(GROUPINGS, self)
        self.citation = _combo(STYLES, self)
        self.paper = _combo(PAPERS, self)
        self.notes = QCheckBox("Include notes as commentary", self)
        self.matrix = QCheckBox("Evidence matrix (claims against contradicting testimony)", self)
        self.once = QCheckBox("Print each quotation once; cross-references elsewhere", self)
        self.undated = QCheckBox("Chronology: also excerpts without a fact date", self)
        self.measure = QCheckBox("Schedule: measure its length with LibreOffice", self)
        self.template = QLineEdit(self)
        self.template.setPlaceholderText("none: Casefile's own styles")
        template_button = QPushButton("Choose…", self)
        template_button.clicked.connect(self._choose_template)
        self.pseudonyms = QPlainTextEdit(self)
        self.pseudonyms.setPlaceholderText(
            "One per line: real name | variants = alias\n"
            "Kim Eun-chol | Ким Ын Чхоль | Eunchol = the Appellant"
        )
        self.pseudonyms.setFixedHeight(80)
        self.confidentiality = QLineEdit(ExportOptions().confidentiality, self)
        self.prepared_by = QLineEdit(self.author, self)
        self.signed_on = QLineEdit(self)
        self.signed_on.setPlaceholderText("today")
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(case.title)
        self.path = QLineEdit(str(Path.home() / f"{case.title or 'Brief'}.docx"), self)
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._browse)

        what = QWidget(self)
        what_form = QFormLayout(what)
        what_form.addRow("&Format:", self.format)
        what_form.addRow("Records:", self.records)
        what_form.addRow("Tags:", self.tags)
        what_form.addRow("&Pseudonyms:", self.pseudonyms)
        how = QWidget(self)
        how_form = QFormLayout(how)
        how_form.addRow("&Citation style:", self.citation)
        how_form.addRow("Pa&per:", self.paper)
        how_form.addRow("&Group evidence:", self.grouping)
        for box in (self.notes, self.matrix, self.once, self.undated, self.measure):
            how_form.addRow("", box)
        row = QHBoxLayout()
        row.addWidget(self.template, 1)
        row.addWidget(template_button)
        how_form.addRow("Template:", row)
        how_form.addRow("Title:", self.title_edit)
        how_form.addRow("Prepared &by:", self.prepared_by)
        how_form.addRow("Confidentiality line:", self.confidentiality)
        how_form.addRow("Signed &on:", self.signed_on)
        tabs = QTabWidget(self)
        tabs.addTab(what, "What")
        tabs.addTab(how, "Layout")
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        save = QFormLayout()
        save.addRow("Save as:", where)
        layout.addLayout(save)
        layout.addWidget(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._restore()

    # -- choices remembered per case -----------------------------------------------------
    def _restore(self) -> None:
        s, k = self.settings, self.key

        def value(name: str, default: object) -> object:
            return s.value(f"{k}/{name}", default)

        for box, name in ((self.format, "format"), (self.citation, "style"), (self.paper, "paper"),
                          (self.grouping, "grouping")):  # fmt: skip
            index = box.findData(str(value(name, box.currentData())))
            box.setCurrentIndex(max(0, index))
        for check, name, default in ((self.notes, "notes", True), (self.matrix, "matrix", True),
                                     (self.once, "once", False), (self.undated, "undated", False),
                                     (self.measure, "measure", True)):  # fmt: skip
            check.setChecked(str(value(name, default)).lower() in ("true", "1"))
        self.template.setText(str(value("template", "") or ""))
        self.pseudonyms.setPlainText(str(value("pseudonyms", "") or ""))
        self.title_edit.setText(str(value("title", "") or ""))
        self.confidentiality.setText(str(value("confidentiality", self.confidentiality.text())))
        self.prepared_by.setText(str(value("prepared_by", self.prepared_by.text()) or ""))
        self.path.setText(str(value("path", self.path.text())))
        self._format_changed()

    def _remember(self) -> None:
        s, k = self.settings, self.key
        for name, current in (
            ("format", self.format.currentData()), ("style", self.citation.currentData()),
            ("paper", self.paper.currentData()), ("grouping", self.grouping.currentData()),
            ("notes", self.notes.isChecked()), ("matrix", self.matrix.isChecked()),
            ("once", self.once.isChecked()), ("undated", self.undated.isChecked()),
            ("measure", self.measure.isChecked()), ("template", self.template.text()),
            ("pseudonyms", self.pseudonyms.toPlainText()), ("title", self.title_edit.text()),
            ("confidentiality", self.confidentiality.text()),
            ("prepared_by", self.prepared_by.text()), ("path", self.path.text()),
        ):  # fmt: skip
            s.setValue(f"{k}/{name}", str(current))
        s.sync()

    # -- behaviour -------------------------------------------------------------------------
    def _suffix(self) -> str:
        name = self.format.currentData()
        return next(e.suffixes[0] for e in exporters() if e.name == name)

    def _format_changed(self) -> None:
        path = Path(self.path.text())
        suffixes = next(e.suffixes for e in exporters() if e.name == self.format.currentData())
        if path.suffix.lower() not in suffixes:
            self.path.setText(str(path.with_suffix(suffixes[0])))
        is_word = self.format.currentData() in ("docx", "schedule")
        word_only: list[QWidget] = [
            self.citation,
            self.paper,
            self.grouping,
            self.notes,
            self.matrix,
        ]
        word_only += [self.once, self.undated, self.template, self.title_edit, self.confidentiality]
        for widget in word_only:
            widget.setEnabled(is_word)
        self.measure.setEnabled(self.format.currentData() == "schedule")

    def _choose_template(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Word Template", self.template.text(), "Word documents (*.docx)"
        )
        if name:
            self.template.setText(name)

    def _browse(self) -> None:
        suffix = self._suffix()
        name, _ = QFileDialog.getSaveFileName(
            self, "Export As", self.path.text(), f"{self.format.currentText()} (*{suffix})",
            options=QFileDialog.Option.DontConfirmOverwrite,  # asked on Export, once
        )  # fmt: skip
        if name:
            self.path.setText(name if name.lower().endswith(suffix) else name + suffix)

    def accept(self) -> None:
        out = self.result_path()
        if self.template.text().strip() and not Path(self.template.text()).expanduser().is_file():
            QMessageBox.warning(self, "Export", f"{self.template.text()}: no such template")
            return
        if out.exists():
            answer = QMessageBox.question(
                self, "Replace File?",
                f"{out.name} already exists in {out.parent}.\nReplace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._remember()
        super().accept()

    def result_path(self) -> Path:
        return Path(self.path.text()).expanduser()

    def format_name(self) -> str:
        return str(self.format.currentData())

    def pseudonym_pairs(self) -> tuple[tuple[str, str], ...]:
        pairs = []
        for line in self.pseudonyms.toPlainText().splitlines():
            name, sep, alias = line.partition("=")
            if sep and name.strip() and alias.strip() and not line.lstrip().startswith("#"):
                pairs.append((name.strip(), alias.strip()))
        return tuple(pairs)

    def options(self) -> ExportOptions:
        template = self.template.text().strip()
        return ExportOptions(
            selection=Selection(_checked(self.records), _checked(self.tags)),
            grouping=Grouping(self.grouping.currentData()),
            include_notes=self.notes.isChecked(),
            template=Path(template).expanduser() if template else None,
            confidentiality=self.confidentiality.text().strip(),
            pseudonyms=self.pseudonym_pairs(),
            citation_style=CitationStyle(self.citation.currentData()),
            prepared_by=self.prepared_by.text().strip(),
            title=self.title_edit.text().strip(),
            paper=Paper(self.paper.currentData()),
            matrix=self.matrix.isChecked(),
            quote_once=self.once.isChecked(),
            undated_facts=self.undated.isChecked(),
            measure_pages=self.measure.isChecked(),
            format=self.format_name(),
            signed_on=self.signed_on.text().strip(),
        )
