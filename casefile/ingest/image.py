"""Photos and scans: PNG, JPEG and TIFF (every page of a multi-page TIFF), by OCR.

Pillow reads the images; a phone photo is turned upright by its EXIF
orientation first. An image whose resolution is unknown is taken to be a page
as wide as A4, so that page sizes in points stay sensible.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from casefile.domain.errors import CasefileError, ImportFailure
from casefile.domain.text import ExtractedText
from casefile.ingest import ocr
from casefile.ingest.ocr_layout import assemble
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register

SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}
A4_WIDTH_INCHES = 8.27
MAX_PIXELS = 200_000_000  # Pillow's bomb check stays on above this


def media_type(data: bytes) -> str | None:
    """The image type from the first bytes, or None if this is not an image we read."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    return None


def sniff(data: bytes, filename: str) -> bool:
    return media_type(data) is not None


def _frames(data: bytes, filename: str) -> list[Any]:
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        frames = [ImageOps.exif_transpose(frame.copy()) for frame in ImageSequence.Iterator(image)]
    except Image.DecompressionBombError:
        raise ImportFailure(filename, "too large to read (over 200 megapixels)") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        kind = (media_type(data) or "image").split("/")[-1].upper()
        raise ImportFailure(filename, f"damaged: not a readable {kind} image") from None
    if not frames:
        raise ImportFailure(filename, "the image has no pages")
    return frames


def image_dpi(frame: object) -> float:
    found = getattr(frame, "info", {}).get("dpi")
    width = getattr(frame, "width", 0)
    try:
        value = float(found[0]) if found else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if value >= 50 else max(width / A4_WIDTH_INCHES, 1.0)


def page_images(frames: list[Any]) -> Iterator[ocr.PageImage]:
    """Grey page images at about 300 dpi, one per frame, made as they are needed."""
    from PIL import Image

    for index, frame in enumerate(frames):
        assert isinstance(frame, Image.Image)
        dpi = image_dpi(frame)
        grey = frame.convert("L")
        scale = ocr.scale_for(dpi)
        if scale > 1.0:
            size = (round(grey.width * scale), round(grey.height * scale))
            grey = grey.resize(size, Image.Resampling.LANCZOS)
        yield ocr.PageImage(
            pixels=ocr.pgm(grey.width, grey.height, grey.tobytes()),
            dpi=dpi * scale,
            width=frame.width * 72.0 / dpi,
            height=frame.height * 72.0 / dpi,
            label=str(index + 1),
        )


def extract(
    data: bytes, filename: str, recognition: ocr.Recognition | None = None
) -> ExtractedText:
    recognition = recognition or ocr.Recognition()
    kind = media_type(data) or "image/png"
    frames = _frames(data, filename)
    pages = len(frames)
    unread = (
        f"This image has no text layer ({pages} page(s)): there is nothing to highlight "
        f"until its text is recognised; {ocr.INSTALL_HINT}."
    )
    try:
        if not recognition.allowed:
            raise ocr.OcrUnavailable("recognition is switched off")
        chosen = ocr.choose_languages(recognition.languages)
    except ocr.OcrUnavailable:
        return ExtractedText(text="", kind="image", media_type=kind, notices=(unread,), pages=pages)
    try:
        recognised = ocr.recognise(
            page_images(frames), pages, chosen, recognition.progress, recognition.cancel
        )
    except ocr.OcrCancelled:
        raise
    except CasefileError as error:
        raise ImportFailure(filename, f"text recognition failed: {error}") from None
    text, blocks, page_map = assemble(recognised)
    return ExtractedText(
        text=text, kind="image", media_type=kind, blocks=tuple(blocks),
        notices=(ocr.notice(chosen, text),), pages=pages, page_map=page_map, ocr=chosen,
    )  # fmt: skip


def _extract(data: bytes, filename: str, options: ImportOptions) -> ExtractedText:
    return extract(data, filename, options.recognition)


register(
    Importer(
        "image", "Scans and photos (OCR)", SUFFIXES, ("image/png", "image/jpeg", "image/tiff"),
        _extract, sniff, priority=15,
    )
)  # fmt: skip
