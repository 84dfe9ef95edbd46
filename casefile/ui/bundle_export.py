"""File › Export Bundle…: the hearing bundle written on the worker, with progress and Stop.

The build goes through the exporter registry (a temporary file, verified, then
put in place); Stop raises inside the build, and the registry removes the
temporary file, so a cancelled bundle leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from casefile.export.brief_options import ExportOptions
from casefile.export.bundle.options import DEFAULT_PREFIX, DEFAULT_TITLE
from casefile.export.registry import ExportResult, export
from casefile.services import Case
from casefile.ui.parts.base import PartContext
from casefile.ui.worker import Job, describe


def ask_target(ctx: PartContext) -> Path | None:
    folder = str(ctx.settings.value("bundle/folder", "") or Path.home())
    name = f"{ctx.case_title or 'case'} - bundle.pdf".replace("/", "-")
    chosen, _ = QFileDialog.getSaveFileName(
        ctx.window, "Export Bundle", str(Path(folder) / name), "PDF (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def export_bundle(
    ctx: PartContext, target: Path | None = None, prefix: str | None = None
) -> Job | None:
    """Ask where (unless given) and the page prefix, then build the bundle on the worker."""
    if ctx.worker.case is None:
        return None
    out = target or ask_target(ctx)
    if out is None:
        return None
    if prefix is None:
        saved = str(ctx.settings.value("bundle/prefix", DEFAULT_PREFIX) or DEFAULT_PREFIX)
        prefix, ok = QInputDialog.getText(
            ctx.window, "Export Bundle", "Page numbers start with (AB 1, AB 2, …):", text=saved
        )
        if not ok:
            return None
    ctx.settings.setValue("bundle/folder", str(out.parent))
    ctx.settings.setValue("bundle/prefix", prefix)
    options = ExportOptions(
        title=DEFAULT_TITLE, bundle_prefix=prefix.strip(), prepared_by=ctx.author
    )
    progress = QProgressDialog("Laying out the bundle…", "Stop", 0, 0, ctx.window)
    progress.setWindowTitle("Export Bundle")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)

    def work(case: Case | None, job: Job) -> ExportResult:
        assert case is not None

        def report(done: int, total: int) -> None:
            job.check()  # Stop: raises here, inside the build; the registry removes the temp
            job.progress(done, total, "")

        return export(case, "bundle", out, options, report)

    def written(result: ExportResult) -> None:
        progress.close()
        ctx.message(f"Wrote the bundle ({result.pages} pages) to {out}", 8000)
        box = QMessageBox(
            QMessageBox.Icon.Information, "Bundle written",
            f"The bundle ({result.pages} pages, {result.count} highlighted passages) was "
            f"written to\n{out}",
            parent=ctx.window,
        )  # fmt: skip
        if result.warnings:
            box.setDetailedText("\n".join(result.warnings))
        open_folder = box.addButton("Open Folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))

    def failed(error: BaseException) -> None:
        progress.close()
        if "cancelled" in str(error).lower() or (jobs and jobs[0].cancelled):
            ctx.message("The bundle was not written (stopped).", 8000)
            return
        QMessageBox.warning(ctx.window, "Bundle not written", f"{out}: {describe(error)}")

    jobs: list[Job] = []
    job = ctx.worker.task(work, written, failed, label="Export Bundle")
    jobs.append(job)

    def moved(got: Job, done: int, total: int, _text: str) -> None:
        if got is job:
            progress.setMaximum(total)
            progress.setValue(done)

    ctx.worker.progressed.connect(moved)
    progress.canceled.connect(job.cancel)
    return job
