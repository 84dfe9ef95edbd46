"""Scans and photos in the bundle: images become PDF pages, and text recognised by OCR
becomes an invisible text layer over the page (searchable, selectable, extractable),
placed word by word over the boxes OCR found, as the page map records them."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

from casefile.domain.pagemap import PageMap
from casefile.export.bundle.placement import Placement


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word: its text and box on its (displayed, top-left) source page."""

    page: int
    text: str
    left: float
    top: float
    right: float
    bottom: float


def images_to_pdf(data: bytes, filename: str) -> bytes:
    """One PDF page per frame, sized as the OCR importer measured it (pixels at its dpi)."""
    from casefile.ingest.image import _frames, image_dpi

    out = pikepdf.new()
    for frame in _frames(data, filename):
        buffer = io.BytesIO()
        frame.convert("RGB").save(buffer, "PDF", resolution=image_dpi(frame))
        out.pages.extend(pikepdf.open(io.BytesIO(buffer.getvalue())).pages)
    result = io.BytesIO()
    out.save(result)
    return result.getvalue()


def words(page_map: PageMap, text: str) -> list[Word]:
    """The page map's runs cut into words (spaces end a word)."""
    found: list[Word] = []
    for run in page_map.runs:
        start = 0
        piece = text[run.start : run.end]
        for index in range(len(piece) + 1):
            if index == len(piece) or piece[index].isspace():
                if index > start:
                    found.append(
                        Word(run.page, piece[start:index], run.lefts[start], run.top,
                             run.rights[index - 1], run.bottom)
                    )  # fmt: skip
                start = index + 1
    return found


def place(word: Word, placement: Placement) -> tuple[float, float, float, float]:
    """The word's box on its bundle page, top-left coordinates (what fpdf2 draws in)."""
    x0, y0, x1, y1 = placement.box((word.left, word.top, word.right, word.bottom))
    height = placement.page_height
    return x0, height - y1, x1, height - y0
