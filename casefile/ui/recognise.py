"""Source › Recognise Text Again: OCR on the worker with progress and cancel, then one
undoable operation that replaces the text and re-anchors the excerpts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from casefile.ingest.ocr import Recognition
from casefile.services import Case
from casefile.services.recognition_ops import ReplaceSourceText, SourceText, recognise_source
from casefile.ui.parts.base import PartContext
from casefile.ui.worker import Job, describe


def recognise_again(ctx: PartContext, source_id: int) -> None:
    window = ctx.window
    progress = QProgressDialog("Recognising the text of the pages…", "Stop", 0, 0, window)
    progress.setWindowTitle("Recognise Text Again")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)

    def work(case: Case | None, job: Job) -> SourceText:
        assert case is not None
        info = case.source(source_id)
        languages = tuple(x for x in (info.language, case.info().get("language", "")) if x)
        recognition = Recognition(
            languages=languages,
            progress=lambda done, total: job.progress(done, total, f"Page {done} of {total}"),
            cancel=lambda: job.cancelled,
        )
        return recognise_source(case.blob(source_id), info.filename, info.kind, recognition)

    def recognised(new: SourceText) -> None:
        progress.close()
        ctx.worker.run(
            ReplaceSourceText(source_id, new),
            lambda _r: ctx.message(f"The text was recognised again ({new.ocr}).", 8000),
        )

    def failed(error: BaseException) -> None:
        progress.close()
        if "cancelled" not in str(error).lower():
            QMessageBox.warning(window, "Text not recognised", describe(error))

    job = ctx.worker.task(work, recognised, failed, label="Recognise Text Again")

    def moved(got: Job, done: int, total: int, _text: str) -> None:
        if got is job:
            progress.setMaximum(total)
            progress.setValue(done)

    ctx.worker.progressed.connect(moved)
    progress.canceled.connect(job.cancel)
