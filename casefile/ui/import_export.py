"""Importing documents (off the GUI thread, with progress) and exporting the brief."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QProgressDialog

from casefile.domain.errors import PasswordRequired
from casefile.ingest import ImportOptions
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.ui.export_dialog import ExportDialog

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow

    Base = MainWindow
else:
    Base = object

DOCUMENT_FILTER = "Documents (*.txt *.md *.html *.htm *.docx *.pdf *.eml);;All files (*)"


class ImportExport:
    def import_dialog(self: Base) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import Documents", "", DOCUMENT_FILTER)
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self: Base, paths: list[Path]) -> None:
        """Import each file; errors are collected and shown together at the end."""
        if self.controller is None:
            return
        self._import: dict[str, Any] = {
            "queue": list(paths),
            "errors": [],
            "done": 0,
            "total": len(paths),
            "first": None,
        }
        self._progress = None
        if len(paths) > 1:
            self._progress = QProgressDialog("Importing documents…", "Stop", 0, len(paths), self)
            self._progress.setWindowModality(Qt.WindowModality.WindowModal)
            self._progress.setMinimumDuration(300)
        self._import_next()

    def _import_next(self: Base, password: str | None = None) -> None:
        state = self._import
        if self._progress is not None:
            self._progress.setValue(state["done"])
            if self._progress.wasCanceled():
                state["queue"].clear()
        if not state["queue"]:
            self._import_finished()
            return
        path: Path = state["queue"][0]
        if self._progress is not None:
            self._progress.setLabelText(f"Importing {path.name}…")
        options = ImportOptions(password=password)
        if path.suffix.lower() in {".qdpx", ".qde"}:  # a REFI-QDA project from another tool
            from casefile.services.project_import import prepare_project

            self.tasks.run(
                lambda: prepare_project(path), lambda op, error: self._project_done(path, op, error)
            )
            return
        self.tasks.run(
            lambda: prepare_import(path, options=options),
            lambda new, error: self._import_done(path, new, error),
        )

    def _project_done(self: Base, path: Path, operation: Any, error: BaseException | None) -> None:
        state = self._import
        state["queue"].pop(0)
        state["done"] += 1
        if error is None and self.controller is not None:
            _, error = self.controller.try_run(operation)
        if error is not None:
            state["errors"].append(str(error))
        else:
            report = operation.report
            state["errors"].extend(f"{path.name}: {notice}" for notice in report.notices)
            if report.sources and state["first"] is None:
                state["first"] = report.sources[0]
        self._import_next()

    def _import_done(self: Base, path: Path, new: Any, error: BaseException | None) -> None:
        state = self._import
        if isinstance(error, PasswordRequired):
            password, ok = QInputDialog.getText(
                self,
                "Password Needed",
                f"{path.name} is protected.\n{error.reason}\n\nPassword:",
                QLineEdit.EchoMode.Password,
            )
            if ok and password:
                self._import_next(password)  # the same file again; the password is not kept
                return
        state["queue"].pop(0)
        state["done"] += 1
        if error is not None:
            state["errors"].append(str(error))
        elif self.controller is not None:
            source_id, failure = self.controller.try_run(ImportSource(new))
            if failure is not None:
                state["errors"].append(str(failure))
            elif state["first"] is None:
                state["first"] = source_id
        self._import_next()

    def _import_finished(self: Base) -> None:
        state = self._import
        if self._progress is not None:
            self._progress.setValue(state["total"])
            self._progress.deleteLater()
            self._progress = None
        if state["first"] is not None:
            self.show_source(state["first"])
        imported = state["done"] - len(state["errors"])
        self.statusBar().showMessage(f"Imported {imported} of {state['total']} document(s).", 8000)
        if state["errors"]:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Some documents were not imported",
                f"{len(state['errors'])} of {state['total']} document(s) could not be "
                "imported; the others were.",
                parent=self,
            )
            box.setDetailedText("\n".join(state["errors"]))
            box.setInformativeText("\n".join(state["errors"][:5]))
            box.exec()

    def export_dialog(self: Base) -> None:
        if self.controller is None:
            return
        dialog = ExportDialog(self.case, self.settings, self)
        if not dialog.exec():
            return
        out, options = dialog.result_path(), dialog.options()
        from casefile.export.brief import write_brief

        case = self.case
        self.statusBar().showMessage(f"Writing {out.name}…")
        self.tasks.run(
            lambda: write_brief(case, out, options),
            lambda report, error: self._export_done(out, report, error),
        )

    def _export_done(self: Base, out: Path, report: Any, error: BaseException | None) -> None:
        if error is not None:
            QMessageBox.warning(self, "Nothing was written", f"{out}: {error}")
            return
        self.statusBar().showMessage(f"Wrote {report.excerpts} excerpt(s) to {out}", 8000)
        warnings = list(getattr(report, "warnings", ()))
        box = QMessageBox(
            QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information,
            "Export written and checked",
            f"{out.name} was written to {out.parent}, checked against the case: "
            "quotations, citations, exhibit numbers and pseudonymised names.",
            parent=self,
        )
        if warnings:
            box.setInformativeText("\n".join(f"• {w}" for w in warnings[:6]))
            box.setDetailedText("\n".join(warnings))
        open_folder = box.addButton("Open Folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))
