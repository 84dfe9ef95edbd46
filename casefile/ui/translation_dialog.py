"""Source › Add Translation…: attach a typed translation (file, translator, qualifications,
language) to the current source; read on the worker, stored as one undoable step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from casefile.services import Case
from casefile.services.translation_ops import AddTranslation, NewTranslation, prepare_translation
from casefile.ui.parts.base import PartContext
from casefile.ui.worker import Job, describe


class TranslationDialog(QDialog):
    def __init__(self, source_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Translation")
        form = QFormLayout(self)
        self.file = QLineEdit(self)
        self.file.setObjectName("translation_file")
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.file)
        row.addWidget(browse)
        form.addRow(f"Translation of “{source_title[:60]}”:", row)
        self.translator = QLineEdit(self)
        self.translator.setObjectName("translator")
        self.qualifications = QLineEdit(self)
        self.qualifications.setObjectName("qualifications")
        self.qualifications.setPlaceholderText("e.g. DPSI (Korean), MCIL")
        self.language = QLineEdit("en", self)
        self.language.setObjectName("language")
        form.addRow("&Translator:", self.translator)
        form.addRow("&Qualifications:", self.qualifications)
        form.addRow("&Language:", self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.buttons = buttons

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Translation", "", "Documents (*.txt *.md *.docx *.html *.htm *.pdf)"
        )
        if chosen:
            self.file.setText(chosen)

    def _accept(self) -> None:
        if not self.file.text().strip() or not self.translator.text().strip():
            QMessageBox.warning(self, "Add Translation", "Choose the file and name the translator.")
            return
        self.accept()


def add_translation(ctx: PartContext, dialog: TranslationDialog | None = None) -> None:
    """Ask for the translation of the current source, then read and store it."""
    source_id = ctx.current_source
    if source_id is None:
        return
    source = ctx.sources.get(source_id)
    dialog = dialog or TranslationDialog(source.title if source else "", ctx.window)
    if not dialog.exec():
        return
    path = Path(dialog.file.text().strip())
    translator, qualifications = dialog.translator.text(), dialog.qualifications.text()
    language = dialog.language.text() or "en"

    def failed(error: BaseException) -> None:
        QMessageBox.warning(ctx.window, "Translation not added", describe(error))

    def read(_case: Case | None, _job: Job) -> NewTranslation:
        return prepare_translation(path, translator, qualifications, language)

    def store(new: NewTranslation) -> None:
        ctx.worker.run(
            AddTranslation(source_id, new),
            lambda _id: ctx.message(
                f"Added the translation by {new.translator}: the bundle prints it after the "
                "original, with a certificate to sign.",
                8000,
            ),
            failed,
        )

    ctx.worker.task(read, store, failed, label="Add Translation")
