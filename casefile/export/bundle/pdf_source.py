"""PDF sources in the bundle: opened (damaged or encrypted ones stop the build),
their pages measured, and their excerpts found on the page.

Excerpt boxes come from the import's page map when the case has one
(``Case.page_map``, CONTRACTS §1); otherwise the excerpt's text is looked up on
its page with PDFium and the boxes of those characters are used.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium

from casefile.domain.errors import CasefileError
from casefile.domain.text import Block, BlockKind
from casefile.export.bundle.charboxes import Box

_SPACE = re.compile(r"\s+")


class SourceUnusable(CasefileError):
    """A source the bundle cannot include: damaged, encrypted."""


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """A source page as displayed (after /Rotate): size and its mapping from user space."""

    width: float
    height: float
    matrix: tuple[float, float, float, float, float, float]  # user space -> displayed, y up
    x0: float  # lower-left of the displayed box in that space
    y0: float


def open_pdf(data: bytes, name: str) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise SourceUnusable(
            f"{name}: the PDF is encrypted with a password; import an unprotected copy"
        ) from None
    except (pikepdf.PdfError, ValueError, OSError) as error:
        raise SourceUnusable(f"{name}: the PDF is damaged ({str(error)[:120]})") from None
    if pdf.is_encrypted:
        pdf.close()
        raise SourceUnusable(
            f"{name}: the PDF is encrypted; save an unprotected copy and import it again"
        )
    if len(pdf.pages) == 0:
        pdf.close()
        raise SourceUnusable(f"{name}: the PDF has no pages")
    return pdf


def _apply(m: Sequence[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def geometry(form: pikepdf.Object) -> PageGeometry:
    """From a page's form XObject (``as_form_xobject(True)``): its displayed box."""
    bbox = [float(v) for v in form.BBox]
    a, b, c, d, e, f = (float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    matrix = (a, b, c, d, e, f)
    corners = [_apply(matrix, x, y) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return PageGeometry(
        max(xs) - min(xs),
        max(ys) - min(ys),
        matrix,
        min(xs),
        min(ys),
    )


def user_to_top_left(geo: PageGeometry, x: float, y: float) -> tuple[float, float]:
    """A point in the page's user space to displayed, top-left-origin coordinates."""
    dx, dy = _apply(geo.matrix, x, y)
    return dx - geo.x0, geo.y0 + geo.height - dy


class TextFinder:
    """Finds stored-text spans of one PDF source on its pages through PDFium."""

    def __init__(self, data: bytes, text: str, blocks: Sequence[Block]) -> None:
        self._doc = pdfium.PdfDocument(data)
        self._text = text
        self._pages = sorted((b for b in blocks if b.kind == BlockKind.PAGE), key=lambda b: b.start)
        self._cache: dict[int, tuple[str, list[int], pdfium.PdfTextPage, pdfium.PdfPage]] = {}

    def page_index(self, offset: int) -> int | None:
        """The page holding a stored offset, from the import's page blocks."""
        for index, block in enumerate(self._pages):
            if block.start <= offset < max(block.end, block.start + 1):
                return index
            if block.start > offset:
                return max(0, index - 1)
        return len(self._pages) - 1 if self._pages else None

    def _page(self, index: int) -> tuple[str, list[int], pdfium.PdfTextPage, pdfium.PdfPage]:
        if index not in self._cache:
            page = self._doc[index]
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            squeezed: list[str] = []
            indices: list[int] = []
            position = 0
            for ch in raw:  # whitespace-free text, with each character's PDFium index
                if not ch.isspace():
                    squeezed.append(ch)
                    indices.append(position)
                position += 2 if ord(ch) > 0xFFFF else 1
            self._cache[index] = ("".join(squeezed), indices, textpage, page)
        return self._cache[index]

    def boxes(
        self, start: int, end: int, geometries: Sequence[PageGeometry]
    ) -> list[tuple[int, Box]]:
        """(page, box) per line piece of ``[start, end)``, top-left coordinates, or []."""
        found: list[tuple[int, Box]] = []
        for index, block in enumerate(self._pages):
            lo, hi = max(start, block.start), min(end, block.end)
            if lo >= hi:
                continue
            wanted = _SPACE.sub("", self._text[lo:hi])
            if not wanted:
                continue
            squeezed, indices, textpage, _ = self._page(index)
            before = len(_SPACE.sub("", self._text[block.start : lo]))
            at = _nearest(squeezed, wanted, before)
            if at < 0:
                return []
            geo = geometries[index]
            chars = [textpage.get_charbox(i) for i in indices[at : at + len(wanted)]]
            found.extend((index, box) for box in _line_boxes(chars, geo))
        return found

    def close(self) -> None:
        for _, _, textpage, page in self._cache.values():
            textpage.close()
            page.close()
        self._doc.close()


def _nearest(haystack: str, needle: str, near: int) -> int:
    best, position = -1, haystack.find(needle)
    while position >= 0:
        if best < 0 or abs(position - near) < abs(best - near):
            best = position
        position = haystack.find(needle, position + 1)
    return best


def _line_boxes(chars: list[tuple[float, float, float, float]], geo: PageGeometry) -> list[Box]:
    """Characters (left, bottom, right, top in user space) merged into one box per line."""
    lines: list[list[float]] = []
    for left, bottom, right, top in chars:
        x0, y1 = user_to_top_left(geo, left, bottom)
        x1, y0 = user_to_top_left(geo, right, top)
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        if lines and abs((y0 + y1) / 2 - (lines[-1][1] + lines[-1][3]) / 2) < (y1 - y0) * 0.6:
            line = lines[-1]
            line[0], line[1] = min(line[0], x0), min(line[1], y0)
            line[2], line[3] = max(line[2], x1), max(line[3], y1)
        else:
            lines.append([x0, y0, x1, y1])
    return [(a, b, c, d) for a, b, c, d in lines]
