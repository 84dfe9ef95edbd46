"""Importers: pure functions from a file's bytes to :class:`ExtractedText`.

No database, no Qt, no network. :func:`extract` picks the importer by the
file's content and name and raises :class:`ImportFailure` with a message
that names the file and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from casefile.domain.errors import ImportFailure
from casefile.domain.text import ExtractedText
from casefile.ingest import plaintext

MAX_FILE_BYTES = 200 * 1024 * 1024  # a larger file is refused before it is read


@dataclass(frozen=True, slots=True)
class ImportOptions:
    password: str | None = None  # for encrypted PDFs; never stored
    max_bytes: int = MAX_FILE_BYTES


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
    return plaintext.extract(data, filename)
