"""Importing documents (prepared and stored on the worker, with progress and Stop)
and exporting the brief (written on the worker)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QProgressDialog

from casefile.domain import model as m
from casefile.domain.errors import PasswordRequired
from casefile.ui.parts.base import PartContext
from casefile.ui.worker import Job, describe

if TYPE_CHECKING:
    from casefile.services import Case


def document_filter() -> str:
    """The file dialog's filters, from the importer registry (scans and photos included)."""
    from casefile.ingest.registry import file_dialog_filters

    filters = [f"{label} ({' '.join(globs)})" for label, globs in file_dialog_filters()]
    return ";;".join([*filters, "QDA projects (*.qdpx *.qde)", "All files (*)"])


class ImportExport(QObject):
    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.queue: list[Path] = []
        self.errors: list[str] = []
        self.done = 0
        self.total = 0
        self.first: int | None = None
        self.progress: QProgressDialog | None = None
        self.full_page = False

    def import_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.ctx.window, "Import Documents", "", document_filter()
        )
        if names:
            self.import_files([Path(n) for n in names])

    def import_full_pages_dialog(self) -> None:
        """Saved web pages with their whole text (navigation, lists, comments included),
        for a page whose article the extractor cannot be trusted to find."""
        names, _ = QFileDialog.getOpenFileNames(
            self.ctx.window,
            "Import Web Pages with the Full Page Text",
            "",
            "Web pages (*.html *.htm *.xhtml);;All files (*)",
        )
        if names:
            self.import_files([Path(n) for n in names], full_page=True)

    def import_files(self, paths: list[Path], *, full_page: bool = False) -> None:
        """Import each file; errors are collected and shown together at the end.

        ``full_page``: web pages keep their whole text, not only the article."""
        if not self.ctx.is_open:
            return
        self.full_page = full_page
        self.queue, self.errors = list(paths), []
        self.done, self.total, self.first = 0, len(paths), None
        self.progress = QProgressDialog(
            "Importing documents…", "Stop", 0, len(paths), self.ctx.window
        )
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self._stop = threading.Event()  # read by OCR on the worker: stops a long recognition
        self.progress.canceled.connect(self._stop.set)
        self._next()

    def _next(self, password: str | None = None) -> None:
        if self.progress is not None:
            self.progress.setValue(self.done)
            if self.progress.wasCanceled():  # stop between files: each one is whole or absent
                self.queue.clear()
        if not self.queue:
            self._finished()
            return
        path = self.queue[0]
        if self.progress is not None:
            self.progress.setLabelText(f"Importing {path.name}…")

        def prepare(case: Case | None, job: Job) -> Any:
            # the importers (and what they import) load on first use: a fast first window
            from casefile.ingest import ImportOptions
            from casefile.ingest.ocr import Recognition
            from casefile.services.duplicates import same_text_as
            from casefile.services.importing import prepare_import
            from casefile.services.source_ops import ImportSource

            if path.suffix.lower() in {".qdpx", ".qde"}:  # a REFI-QDA project
                from casefile.services.project_import import prepare_project

                return prepare_project(path)
            # scans and photos are recognised (OCR) page by page: progress and Stop reach it
            language = case.info().get("language", "") if case is not None else ""
            recognition = Recognition(
                languages=(language,) if language else (),
                progress=lambda done, total: job.progress(done, total, "recognising text"),
                cancel=lambda: job.cancelled or self._stopped(),
            )
            options = ImportOptions(
                password=password, recognition=recognition, html_full_page=self.full_page
            )
            new = prepare_import(path, options=options)
            twin = same_text_as(case, new.extracted.text, new.sha256) if case else None
            return ImportSource(new), twin

        def prepared(got: Any) -> None:
            operation, twin = got if isinstance(got, tuple) else (got, None)
            if twin is not None and not self._import_twin(path, twin):
                self._one_done(f"{path.name}: the same text as source {twin.id}; skipped")
                return
            self._store(path, operation)

        self.ctx.worker.task(prepare, prepared, lambda e: self._prepared_failed(path, e))

    def _import_twin(self, path: Path, twin: m.SourceInfo) -> bool:
        """Ask whether to import a file whose text the case already holds (default: skip)."""
        answer = QMessageBox.question(
            self.ctx.window, "Same Text Already Imported",
            f"{path.name} holds the same text as source {twin.id} ({twin.title}), perhaps in "
            "another file format.\n\nImport it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def _prepared_failed(self, path: Path, error: BaseException) -> None:
        if isinstance(error, PasswordRequired):
            password, ok = QInputDialog.getText(
                self.ctx.window,
                "Password Needed",
                f"{path.name} is protected.\n{error.reason}\n\nPassword:",
                QLineEdit.EchoMode.Password,
            )
            if ok and password:
                self._next(password)  # the same file again; the password is not kept
                return
        self._one_done(describe(error) if not str(error).startswith(str(path)) else str(error))

    def _stopped(self) -> bool:
        stop = getattr(self, "_stop", None)
        return stop is not None and stop.is_set()

    def _store(self, path: Path, operation: Any) -> None:
        def stored(result: int | None) -> None:
            report = getattr(operation, "report", None)
            if report is not None:
                self.errors.extend(f"{path.name}: {n}" for n in report.notices)
                if report.sources and self.first is None:
                    self.first = report.sources[0]
            elif self.first is None:
                self.first = result
            self._one_done(None)

        self.ctx.worker.run(operation, stored, lambda e: self._one_done(describe(e)))

    def _one_done(self, error: str | None) -> None:
        if self.queue:
            self.queue.pop(0)
        self.done += 1
        if error is not None:
            self.errors.append(error)
        self._next()

    def _finished(self) -> None:
        if self.progress is not None:
            self.progress.setValue(self.total)
            self.progress.deleteLater()
            self.progress = None
        if self.first is not None:
            self.ctx.show_source.emit(self.first, None, None)
        failed = sum(1 for e in self.errors if e)
        imported = self.done - failed
        self.ctx.message(f"Imported {imported} of {self.total} document(s).", 8000)
        if self.errors:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Some documents were not imported",
                f"{len(self.errors)} problem(s) with {self.total} document(s); "
                "the others were imported.",
                parent=self.ctx.window,
            )
            box.setDetailedText("\n".join(self.errors))
            box.setInformativeText("\n".join(self.errors[:5]))
            box.exec()

    # -- export --------------------------------------------------------------------------
    def export_dialog(self) -> None:
        """The dialog shows what the worker read of the case; the export runs there too."""
        from casefile.ui.export_dialog import ExportSubject

        if self.ctx.is_open:
            self.ctx.worker.query(ExportSubject.of, self._ask_export)

    def _ask_export(self, subject: Any) -> None:
        from casefile.ui.export_dialog import ExportDialog

        dialog = ExportDialog(subject, self.ctx.settings, self.ctx.window)
        if not dialog.exec():
            return
        out, options = dialog.result_path(), dialog.options()
        from casefile.export.brief import write_brief

        self.ctx.message(f"Writing {out.name}…", 0)
        self.ctx.worker.task(
            lambda c, _job: write_brief(c, out, options) if c is not None else None,
            lambda report: self._exported(out, report),
            lambda error: self._warn("Nothing was written", f"{out}: {describe(error)}"),
        )

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.ctx.window, title, text)

    def _exported(self, out: Path, report: Any) -> None:
        self.ctx.message(f"Wrote {report.excerpts} excerpt(s) to {out}", 8000)
        warnings = list(getattr(report, "warnings", ()))
        box = QMessageBox(
            QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information,
            "Export written and checked",
            f"{out.name} was written to {out.parent}, checked against the case: "
            "quotations, citations, exhibit numbers and pseudonymised names.",
            parent=self.ctx.window,
        )
        if warnings:
            box.setInformativeText("\n".join(f"• {w}" for w in warnings[:6]))
            box.setDetailedText("\n".join(warnings))
        open_folder = box.addButton("Open Folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))
