"""PDFs that need OCR: no text layer, or a text layer that is garbage.

A scanner's PDF has page images and no text. Some PDFs have a text layer that
is worse than none: fonts without a usable character map give replacement
characters, private-use code points, strings of symbols or letters shifted
into nonsense ("Wkh dsshoodqw"). Those are recognised from the rendered pages
instead. Pages are rendered with PDFium at 300 dpi, one at a time, as the
recogniser is ready for them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from casefile.ingest import ocr

MIN_CHARACTERS_PER_PAGE = 20
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")


def text_layer_problem(pages: list[str]) -> str:
    """Why a PDF's text layer cannot be used ("" when it can)."""
    if not pages:
        return ""
    visible = [sum(1 for c in text if not c.isspace()) for text in pages]
    empty = sum(1 for count in visible if count < MIN_CHARACTERS_PER_PAGE)
    if empty * 2 > len(pages):
        return "it has no text layer"
    text = "".join(pages)
    characters = [c for c in text if not c.isspace()]
    total = len(characters)
    broken = sum(
        1 for c in characters if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cn", "Cc")
    )
    if broken > total * 0.05:
        return "its text layer is damaged (unreadable characters)"
    letters = sum(1 for c in characters if c.isalpha())
    if letters < total * 0.5:
        return "its text layer is damaged (mostly symbols, not words)"
    latin = [c for c in text.lower() if "a" <= c <= "z" or c in _VOWELS]
    if len(latin) >= 200:
        share = sum(1 for c in latin if c in _VOWELS) / len(latin)
        if not 0.2 <= share <= 0.6:
            return "its text layer is damaged (letters that make no words)"
    return ""


def render_pages(data: bytes, password: str | None, labels: list[str]) -> Iterator[ocr.PageImage]:
    """Each page as a grey 300-dpi image, rendered when the recogniser asks for it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data, password=password)
    try:
        scale = ocr.OCR_DPI / 72.0
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=True)
            image = bitmap.to_pil().convert("L")
            yield ocr.PageImage(
                pixels=ocr.pgm(image.width, image.height, image.tobytes()),
                dpi=ocr.OCR_DPI,
                width=width,
                height=height,
                label=labels[index] if index < len(labels) else str(index + 1),
            )
            page.close()
    finally:
        document.close()
