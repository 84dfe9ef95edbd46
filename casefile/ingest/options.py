"""What the user can choose for one import (and the limits every importer keeps)."""

from __future__ import annotations

from dataclasses import dataclass, field

from casefile.ingest.ocr import Recognition

MAX_FILE_BYTES = 200 * 1024 * 1024  # a larger file is refused before it is read
PDF_TIME_LIMIT_SECONDS = 60.0
MAX_NESTING = 8  # e-mails inside e-mails (attachments) deeper than this are refused


@dataclass(frozen=True, slots=True)
class ImportOptions:
    password: str | None = None  # for encrypted PDFs; never stored
    max_bytes: int = MAX_FILE_BYTES
    html_full_page: bool = False  # the whole page's text instead of the article
    pdf_time_limit: float = PDF_TIME_LIMIT_SECONDS
    nesting: int = 0  # how deep inside e-mail attachments this document sits
    recognition: Recognition = field(default_factory=Recognition)  # OCR of scans and photos
