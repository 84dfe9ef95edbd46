"""PDF: readable text per page, with the PDF's own page labels and a page map.

pypdfium2 (PDFium) is fast and keeps the spaces between Korean words. It runs
in a child process (``pdf_reader``) with a time limit; ``pdf_layout`` joins the
lines of each paragraph and records where every character sits on its page.
"""

from __future__ import annotations

from array import array
from typing import Any

from casefile.domain.errors import CasefileError, ImportFailure, PasswordRequired
from casefile.domain.text import ExtractedText, SourceMetadata
from casefile.ingest import ocr, pdf_ocr
from casefile.ingest.ocr import Recognition
from casefile.ingest.ocr_layout import assemble
from casefile.ingest.options import PDF_TIME_LIMIT_SECONDS, ImportOptions
from casefile.ingest.pdf_layout import RawPage, layout, page_from_chars
from casefile.ingest.pdf_reader import run_limited
from casefile.ingest.registry import Importer, register

TIME_LIMIT_SECONDS = PDF_TIME_LIMIT_SECONDS


def _pdf_date(value: str) -> str:
    """``D:20160127120000+01'00'`` -> ``2016-01-27``."""
    digits = value.removeprefix("D:")
    if len(digits) >= 8 and digits[:8].isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"
    return ""


def raw_pages(found: list[dict[str, Any]]) -> list[RawPage]:
    """The reader's pages as lines of characters with their boxes."""
    pages: list[RawPage] = []
    for page in found:
        boxes = array("f")
        boxes.frombytes(page["boxes"])
        pages.append(
            page_from_chars(
                (float(page["width"]), float(page["height"])), str(page["label"]),
                [float(v) for v in page["matrix"]], str(page["text"]), boxes, page["generated"],
            )
        )  # fmt: skip
    return pages


def _outcome(data: bytes, filename: str, password: str | None, limit: float) -> dict[str, Any]:
    outcome = run_limited(data, password, limit)
    if outcome.get("error") == "password":
        if outcome.get("wrong"):
            raise PasswordRequired(filename, "the password is wrong; try again")
        raise PasswordRequired(filename, "password-protected: it needs a password to open")
    if "error" in outcome:
        raise ImportFailure(filename, outcome["error"])
    return outcome


def extract(
    data: bytes,
    filename: str,
    password: str | None = None,
    limit: float = TIME_LIMIT_SECONDS,
    recognition: Recognition | None = None,
) -> ExtractedText:
    outcome = _outcome(data, filename, password, limit)
    text, blocks, page_map = layout(raw_pages(outcome["pages"]))
    pages = len(outcome["pages"])
    found = outcome["metadata"]
    metadata = SourceMetadata(
        title=found.get("Title", ""), author=found.get("Author", ""),
        published=_pdf_date(found.get("CreationDate", "")),
    )  # fmt: skip
    recognition = recognition or Recognition()
    problem = pdf_ocr.text_layer_problem([str(page["text"]) for page in outcome["pages"]])
    if recognition.force and not problem:
        problem = "recognition was asked for"
    if problem and recognition.allowed:
        labels = [str(page["label"]) for page in outcome["pages"]]
        recognised = _recognise(data, filename, password, labels, metadata, problem, recognition)
        if recognised is not None:
            return recognised
    notices: tuple[str, ...] = ()
    if not text.strip():
        if not outcome["objects"]:
            raise ImportFailure(
                filename,
                f"damaged or empty: its {pages} page(s) hold neither text nor images",
            )
        hint = ocr.INSTALL_HINT if not ocr.installed_languages() else "import it with OCR"
        notices = (
            f"This PDF has no text layer ({pages} page(s) of images, probably a scan): there "
            f"is nothing to highlight until its text is recognised; {hint}.",
        )
    elif problem and recognition.allowed:
        notices = (f"This PDF's text is unreliable: {problem}; {ocr.INSTALL_HINT}.",)
    return ExtractedText(
        text=text, kind="pdf", media_type="application/pdf", blocks=tuple(blocks),
        metadata=metadata, notices=notices, pages=pages, page_map=page_map,
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
