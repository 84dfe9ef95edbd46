"""Pinpoint citations: publisher or author, "title", date, pinpoint, URL, accessed."""

from __future__ import annotations

from casefile.domain.model import SourceInfo


def citation(source: SourceInfo, pinpoint: str = "", exhibit: str = "") -> str:
    """A full citation.

    E.g. ``Reuters, “Title”, 3 May 2016, para. 4, https://…, accessed 2026-11-01.``
    """
    parts = [
        source.author or source.publisher,
        f"\u201c{source.title}\u201d" if source.title else "",
        source.publisher if source.author and source.publisher else "",
        source.published,
        f"{pinpoint} (OCR)".strip() if source.ocr else pinpoint,  # recognised text: say so
        source.url,
        f"accessed {source.accessed}" if source.accessed else "",
        f"Exhibit {exhibit}" if exhibit else "",
    ]
    return ", ".join(p for p in parts if p) + "."
