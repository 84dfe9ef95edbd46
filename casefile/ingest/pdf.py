"""PDF: text per page in reading order, with the PDF's own page labels.

pypdfium2 (PDFium) is fast and keeps the spaces between Korean words. It runs
in a forked child process with a time limit, because a hostile or broken PDF
can make any parser loop; the parent kills the child and reports the file.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
from typing import Any

from casefile.domain.errors import CasefileError, ImportFailure, PasswordRequired
from casefile.domain.text import BlockKind, ExtractedText, SourceMetadata, normalise_newlines
from casefile.ingest import ocr, pdf_ocr
from casefile.ingest.ocr import Recognition
from casefile.ingest.ocr_layout import assemble
from casefile.ingest.options import PDF_TIME_LIMIT_SECONDS, ImportOptions
from casefile.ingest.registry import Importer, register
from casefile.ingest.structured import TextBuilder

TIME_LIMIT_SECONDS = PDF_TIME_LIMIT_SECONDS
_META = {"Title": "title", "Author": "author", "CreationDate": "published"}


def _read(data: bytes, password: str | None) -> dict[str, Any]:
    """Runs in the child: everything PDFium gives, as plain data."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            return {"error": "password", "wrong": password is not None}
        return {"error": f"damaged or not a PDF ({message})"}
    try:
        pages: list[tuple[str, str]] = []
        for index in range(len(pdf)):
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                return {"error": f"damaged: page {index + 1} cannot be loaded"}
            textpage = page.get_textpage()
            text = textpage.get_text_bounded()
            label = pdf.get_page_label(index) or str(index + 1)
            pages.append((label, text))
            textpage.close()
            page.close()
        metadata = {key: str(value) for key, value in pdf.get_metadata_dict().items() if value}
        return {"pages": pages, "metadata": metadata}
    finally:
        pdf.close()


def _child(data: bytes, password: str | None, results: Any) -> None:
    try:
        results.put(_read(data, password))
    except Exception as error:  # report anything to the parent, never hang it
        results.put({"error": f"cannot be read ({type(error).__name__}: {error})"})


def _run_limited(data: bytes, password: str | None, limit: float) -> dict[str, Any]:
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context: Any = multiprocessing.get_context(method)
    results = context.Queue()
    process = context.Process(target=_child, args=(data, password, results), daemon=True)
    process.start()
    try:
        outcome: dict[str, Any] = results.get(timeout=limit)
    except queue.Empty:
        process.kill()
        process.join()
        return {"error": f"reading it took longer than {limit:.0f} seconds; the PDF may be damaged"}
    process.join(timeout=5)
    return outcome


def _pdf_date(value: str) -> str:
    """``D:20160127120000+01'00'`` -> ``2016-01-27``."""
    digits = value.removeprefix("D:")
    if len(digits) >= 8 and digits[:8].isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"
    return ""


def extract(
    data: bytes,
    filename: str,
    password: str | None = None,
    limit: float = TIME_LIMIT_SECONDS,
    recognition: Recognition | None = None,
) -> ExtractedText:
    outcome = _run_limited(data, password, limit)
    if outcome.get("error") == "password":
        if outcome.get("wrong"):
            raise PasswordRequired(filename, "the password is wrong; try again")
        raise PasswordRequired(filename, "password-protected: it needs a password to open")
    if "error" in outcome:
        raise ImportFailure(filename, outcome["error"])
    found = outcome["metadata"]
    metadata = SourceMetadata(
        title=found.get("Title", ""), author=found.get("Author", ""),
        published=_pdf_date(found.get("CreationDate", "")),
    )  # fmt: skip
    pages = len(outcome["pages"])
    recognition = recognition or Recognition()
    problem = pdf_ocr.text_layer_problem([text for _label, text in outcome["pages"]])
    if recognition.force and not problem:
        problem = "recognition was asked for"
    if problem and recognition.allowed:
        labels = [label for label, _text in outcome["pages"]]
        recognised = _recognise(data, filename, password, labels, metadata, problem, recognition)
        if recognised is not None:
            return recognised
    builder = TextBuilder()
    for label, raw in outcome["pages"]:
        start = builder.length + (2 if builder.length else 0)
        for paragraph in normalise_newlines(raw).split("\n\n"):
            builder.add(paragraph.strip("\n"))
        builder.mark(BlockKind.PAGE, start, label)
    notices: tuple[str, ...] = ()
    if not builder.text.strip():
        notices = (
            f"This PDF has no text layer ({pages} page(s) of images, probably a scan): there "
            "is nothing to highlight until its text is recognised; "
            f"{ocr.INSTALL_HINT if not ocr.installed_languages() else 'import it with OCR'}.",
        )
    elif problem and recognition.allowed:
        notices = (f"This PDF's text is unreliable: {problem}; {ocr.INSTALL_HINT}.",)
    return ExtractedText(
        text=builder.text, kind="pdf", media_type="application/pdf", blocks=tuple(builder.blocks),
        metadata=metadata, notices=notices, pages=pages,
    )  # fmt: skip


def _recognise(
    data: bytes,
    filename: str,
    password: str | None,
    labels: list[str],
    metadata: SourceMetadata,
    problem: str,
    recognition: Recognition,
) -> ExtractedText | None:
    """The PDF's pages recognised by OCR, or None when Tesseract is not installed."""
    try:
        languages = ocr.choose_languages(recognition.languages)
    except ocr.OcrUnavailable:
        return None
    pages = pdf_ocr.render_pages(data, password, labels)
    try:
        recognised = ocr.recognise(
            pages, len(labels), languages, recognition.progress, recognition.cancel
        )
    except ocr.OcrCancelled:
        raise
    except CasefileError as error:
        raise ImportFailure(filename, f"text recognition failed: {error}") from None
    text, blocks, page_map = assemble(recognised)
    notices = (f"The PDF's own text was not used: {problem}.", ocr.notice(languages, text))
    return ExtractedText(
        text=text, kind="pdf", media_type="application/pdf", blocks=tuple(blocks),
        metadata=metadata, notices=notices, pages=len(labels), page_map=page_map, ocr=languages,
    )  # fmt: skip


def _extract(data: bytes, filename: str, options: ImportOptions) -> ExtractedText:
    return extract(data, filename, options.password, options.pdf_time_limit, options.recognition)


def _sniff(data: bytes, _filename: str) -> bool:
    return b"%PDF-" in data[:1024]


register(
    Importer("pdf", "PDF documents", (".pdf",), ("application/pdf",), _extract, _sniff, priority=10)
)
