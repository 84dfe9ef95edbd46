"""Importers: pure functions from a file's bytes to :class:`ExtractedText`.

No database, no Qt, no network. :func:`extract` recognises the format by the
file's content first and its name second, and raises :class:`ImportFailure`
with a message that names the file and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casefile.domain.errors import ImportFailure
from casefile.domain.text import ExtractedText
from casefile.ingest import docx, email, html, image, pdf, plaintext
from casefile.ingest.ocr import Recognition
from casefile.ingest.safezip import SafeZip

MAX_FILE_BYTES = 200 * 1024 * 1024  # a larger file is refused before it is read
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)", re.I | re.S
)
_MAIL_HEADER = re.compile(
    rb"^(From|To|Subject|Date|Received|Return-Path|Message-ID|MIME-Version):", re.I | re.M
)
SUPPORTED = "TXT, Markdown, HTML, DOCX, PDF, EML and images (PNG, JPEG, TIFF)"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    password: str | None = None  # for encrypted PDFs; never stored
    max_bytes: int = MAX_FILE_BYTES
    html_full_page: bool = False  # the whole page's text instead of the article
    pdf_time_limit: float = pdf.TIME_LIMIT_SECONDS
    recognition: Recognition = Recognition()  # OCR of scans and photos


def _kind(data: bytes, filename: str) -> str:
    name = filename.lower()
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if image.sniff(data, filename):
        return "image"
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if name.endswith((".eml", ".msg")) or (
        not name.endswith((".txt", ".md", ".html", ".htm"))
        and len(_MAIL_HEADER.findall(data[:4096])) >= 2
    ):
        return "email"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if _HTML.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    return "text"


def extract(data: bytes, filename: str, options: ImportOptions | None = None) -> ExtractedText:
    """Turn a document's bytes into text, blocks and metadata."""
    options = options or ImportOptions()
    if len(data) > options.max_bytes:
        raise ImportFailure(
            filename,
            f"too large ({len(data) / 1e6:.0f} MB; the limit is {options.max_bytes / 1e6:.0f} MB)",
        )
    if not data:
        raise ImportFailure(filename, "the file is empty")
    kind = _kind(data, filename)
    if kind == "pdf":
        return pdf.extract(
            data, filename, options.password, options.pdf_time_limit, options.recognition
        )
    if kind == "image":
        return image.extract(data, filename, options.recognition)
    if kind == "ole":
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ImportFailure(
                filename,
                "password-protected document: remove the password in "
                "Word (File › Info › Protect Document) and import it again",
            )
        raise ImportFailure(
            filename,
            "unsupported: an old Word/Office binary file; save it as .docx and import that",
        )
    if kind == "zip":
        package = SafeZip(data, filename)
        if docx.is_docx(package):
            return docx.extract(data, filename, package)
        raise ImportFailure(
            filename, f"unsupported file type (a ZIP package; Casefile reads {SUPPORTED})"
        )
    if kind == "email":
        return email.extract(data, filename)
    if kind == "html":
        return html.extract(data, filename, full_page=options.html_full_page)
    try:
        return plaintext.extract(data, filename)
    except ImportFailure as failure:
        if "not a text file" in failure.reason:
            raise ImportFailure(
                filename, f"unsupported file type: {failure.reason} (Casefile reads {SUPPORTED})"
            ) from None
        raise
