"""Importers: pure functions from a file's bytes to :class:`ExtractedText`.

No database, no Qt, no network. :func:`extract` finds the format through the
registry (``ingest.registry``: content first, name second) and raises
:class:`ImportFailure` with a message that names the file and the reason.
Importing this package is cheap: the importer modules (which register
themselves) are loaded on the first look-up in the registry.
"""

from __future__ import annotations

from casefile.domain.errors import ImportFailure
from casefile.domain.text import ExtractedText

# importing a module registers its format (the order here does not matter)
from casefile.ingest import docx, email, html, image, office, pdf, plaintext, registry  # noqa: F401
from casefile.ingest.options import MAX_FILE_BYTES, ImportOptions

__all__ = ["MAX_FILE_BYTES", "ImportOptions", "extract", "registry", "supported_formats"]


def supported_formats() -> str:
    return registry.supported_formats()


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
    importer = registry.find(data, filename) or registry.get("text")
    return importer.extract(data, filename, options)
