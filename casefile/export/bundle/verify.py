"""Re-reading the finished bundle with PDFium (not the library that wrote it) before it
replaces the target: pages and numbers, index targets, highlights, text on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from casefile.domain.errors import ExportCheckFailed
from casefile.export.bundle.fonts import covered
from casefile.export.bundle.plan import Plan
from casefile.export.bundle.stamps import headers
from casefile.export.bundle.typesetter import A4

_SPACE = re.compile(r"\s+")
TITLE_CHARS = 40  # of a title, looked for on its first page (the header band prints it)


def BundleCheckFailed(check: str, where: str) -> ExportCheckFailed:
    """The bundle does not say what its layout says (the registry then writes nothing)."""
    return ExportCheckFailed(check, where)


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _shown(text: str) -> str:
    """Without white space and without characters no bundle font can show (an emoji
    prints as an empty box and does not come back out of the PDF)."""
    return "".join(ch for ch in _squeeze(text) if covered(ch))


def _holds(page_text: str, wanted: str) -> bool:
    """Whether squeezed ``page_text`` holds ``wanted`` as printed (fast path: all shown)."""
    shown = _shown(wanted)
    if shown == _squeeze(wanted):
        return shown in page_text
    return shown in _shown(page_text)


def _is_a4(width: float, height: float) -> bool:
    portrait = abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    landscape = abs(width - A4[1]) < 1 and abs(height - A4[0]) < 1
    return portrait or landscape


def verify_bundle(path: Path, plan: Plan) -> list[str]:
    """Raise :class:`BundleCheckFailed` on the first failed check; return warnings."""
    warnings: list[str] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        if len(pdf) != plan.total_pages:
            raise BundleCheckFailed("page count", f"{len(pdf)} pages, {plan.total_pages} expected")
        texts: list[str] = []
        for index in range(len(pdf)):
            ref = plan.options.page_ref(index + 1)
            page = pdf[index]
            width, height = page.get_size()
            if not _is_a4(width, height):
                raise BundleCheckFailed("A4 pages", f"page {ref} ({width:.0f}×{height:.0f} pt)")
            if pdf.get_page_label(index) != ref:
                raise BundleCheckFailed("page labels", f"page {index + 1} is labelled "
                                        f"{pdf.get_page_label(index)!r}, not {ref!r}")  # fmt: skip
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            if _squeeze(ref) not in _squeeze(text):
                raise BundleCheckFailed("page numbers", f"page {ref} does not show its number")
            texts.append(_squeeze(text))
            textpage.close()
            page.close()
        for entry in plan.entries:
            if not _holds(texts[entry.first], entry.title[:TITLE_CHARS]):
                raise BundleCheckFailed(
                    "index entries", f"page {plan.options.page_ref(entry.first + 1)} "
                    f"(tab {entry.tab}) does not show the document's title",
                )  # fmt: skip
        _check_passages(pdf, plan)
        _check_blank_sources(plan, texts, warnings)
    finally:
        pdf.close()
    return warnings


def _check_passages(pdf: pdfium.PdfDocument, plan: Plan) -> None:
    """Each passage's text inside its highlight boxes, page by page (each page opened once)."""
    wanted: dict[int, list[tuple[int, int, tuple[float, float, float, float]]]] = {}
    for number, passage in enumerate(plan.passages):
        entry = passage.entry
        placements = entry.placements()
        for order, (page_number, box) in enumerate(passage.boxes):
            bundle_box = placements[page_number].box(box)
            wanted.setdefault(entry.first + page_number, []).append((number, order, bundle_box))
    found: dict[int, list[tuple[int, str]]] = {}
    for index, boxes in sorted(wanted.items()):
        page = pdf[index]
        textpage = page.get_textpage()
        for number, order, (x0, y0, x1, y1) in boxes:
            inset = min(2.0, (y1 - y0) / 4)
            piece = textpage.get_text_bounded(x0 + 0.3, y0 + inset, x1 - 0.3, y1 - inset)
            found.setdefault(number, []).append((order, piece))
        textpage.close()
        page.close()
    for number, passage in enumerate(plan.passages):
        pieces = "".join(text for _, text in sorted(found.get(number, [])))
        if not _holds(_squeeze(pieces), passage.excerpt.exact):
            raise BundleCheckFailed(
                "highlighted passages",
                f"passage {number + 1} (excerpt {passage.excerpt.id}) is not on "
                f"{plan.ref(passage)}",
            )


def _check_blank_sources(plan: Plan, texts: list[str], warnings: list[str]) -> None:
    """A page whose only text is the bundle's own header and number: a scan without OCR."""
    for page, header in enumerate(headers(plan)):
        rest = texts[page].replace(_squeeze(plan.options.page_ref(page + 1)), "", 1)
        rest = rest.replace(_squeeze(header), "", 1)
        if not rest:
            ref = plan.options.page_ref(page + 1)
            warnings.append(f"page {ref} has no text of its own (a scan?): run OCR on the source")
