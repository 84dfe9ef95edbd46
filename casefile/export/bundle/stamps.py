"""The header and footer on every bundle page: the tab and title at the top, "AB 14" at
the foot. Typeset once as a PDF of stamps (fonts embedded) and laid over each page."""

from __future__ import annotations

import pikepdf
from fpdf.enums import TextMode

from casefile.export.bundle.ocr_layer import Word, place
from casefile.export.bundle.plan import Plan
from casefile.export.bundle.typesetter import A4, BAND, Style, Typesetter

NUMBER = Style(size=11.0, bold=True)
HEADER = Style(size=8.5, grey=80)
HEADER_LIMIT = 95  # characters of a title in the header band


def headers(plan: Plan) -> list[str]:
    """The header of each bundle page."""
    found = list(plan.front_headers[: plan.front_pages])
    found += [""] * (plan.front_pages - len(found))
    for entry in plan.entries:
        title = (
            entry.title if len(entry.title) <= HEADER_LIMIT else entry.title[:HEADER_LIMIT] + "…"
        )
        found.append(f"Tab {entry.tab} — {title}")
        found += [f"Tab {entry.tab} (continued)"] * (entry.pages - 1)
    return found


def render_stamps(plan: Plan) -> None:
    """Draw one stamp page per bundle page (same size) into the plan's typeset PDF."""
    assert plan.typesetter is not None
    sizes = [(A4[0], A4[1])] * plan.front_pages
    for entry in plan.entries:
        sizes += [(p.page_width, p.page_height) for p in entry.placements()]
    ts = Typesetter(plan.typesetter.pdf, margins=(36, 0, 36, 0))
    plan.stamps_first = ts.page + 1
    layers = _ocr_layers(plan)
    for number, (header, size) in enumerate(zip(headers(plan), sizes, strict=True), start=1):
        ts.new_page(size)
        if header:
            ts.draw(36, BAND - 12, header, HEADER)
        label = plan.options.page_ref(number)
        ts.draw(size[0] - 36 - ts.text_width(label, NUMBER), size[1] - BAND + 20, label, NUMBER)
        for word, box in layers.get(number - 1, []):  # last: fpdf2 keeps the text mode
            invisible(ts, word, box)


def stamp(out: pikepdf.Pdf, typeset: pikepdf.Pdf, plan: Plan) -> None:
    """Lay each stamp page over its bundle page."""
    for index, page in enumerate(out.pages):
        page.add_overlay(typeset.pages[plan.stamps_first + index], None)


def _ocr_layers(plan: Plan) -> dict[int, list[tuple[Word, tuple[float, float, float, float]]]]:
    """Per bundle page, the recognised words of scans with their boxes on that page."""
    layers: dict[int, list[tuple[Word, tuple[float, float, float, float]]]] = {}
    for entry in plan.entries:
        placements = entry.placements()
        for word in entry.ocr_words:
            if word.page < entry.pages:
                box = place(word, placements[word.page])
                layers.setdefault(entry.first + word.page, []).append((word, box))
    return layers


def invisible(ts: Typesetter, word: Word, box: tuple[float, float, float, float]) -> None:
    """Draw a word in invisible text, stretched to its box (OCR text is searchable and
    selectable where the word is seen)."""
    pdf = ts.pdf
    assert pdf is not None
    x0, y0, x1, y1 = box
    size = max(2.0, (y1 - y0) * 0.8)
    style = Style(size=size)
    natural = ts.text_width(word.text, style)
    if natural <= 0:
        return
    pdf.text_mode = TextMode.INVISIBLE
    pdf.set_stretching(100.0 * (x1 - x0) / natural)
    ts.draw(x0, y1 - (y1 - y0) * 0.2, word.text, style)
    pdf.set_stretching(100.0)
    pdf.text_mode = TextMode.FILL
